"""Signature of a request to (and from) the ministry: ``sha256=<hex HMAC-SHA256 of
"<timestamp>." + body>`` under the shared secret; the timestamp (Unix seconds) travels in its
own header and a receiver refuses one older than five minutes (replays)."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Aswan-Signature"
TIMESTAMP_HEADER = "X-Aswan-Timestamp"
MAX_SKEW_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(
    secret: str, timestamp: str | None, signature: str | None, body: bytes, now: float
) -> bool:
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs(now - int(timestamp)) > MAX_SKEW_SECONDS:
        return False
    return hmac.compare_digest(sign(secret, int(timestamp), body), signature)
