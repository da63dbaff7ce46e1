"""Signed unsubscribe tokens and webhook signatures (HMAC-SHA256). No I/O.

Webhook receivers verify: ``webhook-signature: v1=<hex>`` where ``hex`` is
``HMAC_SHA256(secret, f"{webhook-timestamp}.{raw body}")``; reject when the timestamp is further
than the replay window from their clock, compare in constant time, and drop a ``webhook-id`` seen
within the window.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

REPLAY_WINDOW_SECONDS = 300
SIGNATURE_HEADER = "webhook-signature"
TIMESTAMP_HEADER = "webhook-timestamp"
ID_HEADER = "webhook-id"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_unsubscribe(key: bytes, notification_id: str) -> str:
    """Token for the unsubscribe link of one notification: ``<id>.<mac>`` (no personal data)."""
    mac = hmac.new(key, b"unsubscribe:" + notification_id.encode(), hashlib.sha256).digest()
    return f"{notification_id}.{_b64(mac[:20])}"


def verify_unsubscribe(key: bytes, token: str) -> str | None:
    """The notification id the token was made for, or ``None`` when it is not genuine."""
    notification_id, _, mac = token.rpartition(".")
    if not notification_id or not mac:
        return None
    try:
        given = _unb64(mac)
    except (ValueError, TypeError):
        return None
    expected = hmac.new(key, b"unsubscribe:" + notification_id.encode(), hashlib.sha256).digest()
    return notification_id if hmac.compare_digest(given, expected[:20]) else None


def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def verify_webhook(
    secret: str,
    body: bytes,
    signature: str,
    timestamp: str,
    *,
    now: float | None = None,
    window: int = REPLAY_WINDOW_SECONDS,
) -> bool:
    """The receiver's check (documented recipe; tests use it as the receiver would)."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - ts) > window:
        return False
    return hmac.compare_digest(webhook_signature(secret, ts, body), signature)
