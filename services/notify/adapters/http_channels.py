"""SMS and bot gateways, and webhooks, over HTTP (httpx, keep-alive).

2xx = delivered. 408, 425, 429, 5xx, refused connections and timeouts are transient (429 and 503
honour ``Retry-After`` in seconds); any other answer is permanent. Every request carries
``Idempotency-Key: <notification id>`` so a gateway can drop the re-send that follows a crash
between its answer and our commit.
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from services.notify.adapters.secret_box import SecretBox, SecretNotOpened
from services.notify.domain.model import SendResult
from services.notify.domain.signing import (
    ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    webhook_signature,
)

_TRANSIENT_STATUS = {408, 425, 429}


def classify(response: httpx.Response) -> SendResult:
    status = response.status_code
    if 200 <= status < 300:
        return SendResult.sent()
    error = f"HTTP {status}: {response.text[:200]}"
    if status in _TRANSIENT_STATUS or status >= 500:
        return SendResult.retry(error, _retry_after(response))
    return SendResult.permanent(error)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class _HttpSender:
    def __init__(self, timeout: float) -> None:
        self.client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> SendResult:
        try:
            return classify(await self.client.post(url, content=body, headers=headers))
        except (httpx.TransportError, OSError) as exc:
            return SendResult.retry(f"{type(exc).__name__}: {exc}")

    async def close(self) -> None:
        await self.client.aclose()


class GatewaySender(_HttpSender):
    """SMS or bot gateway: ``POST <url>`` with ``{"to", "text", "reference"}`` and a bearer."""

    def __init__(self, url: str | None, token: str | None, timeout: float, kind: str) -> None:
        super().__init__(timeout)
        self.url, self.token, self.kind = url, token, kind

    async def send(self, row: dict[str, Any]) -> SendResult:
        if not self.url:
            return SendResult.permanent(f"no {self.kind} gateway configured")
        body = json.dumps(
            {
                "to": row["address"],
                "text": row["body_text"],
                "language": row["language"],
                "reference": row["notification_id"],
            },
            ensure_ascii=False,
        ).encode()
        headers = {"content-type": "application/json", "idempotency-key": row["notification_id"]}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        return await self.post(self.url, body, headers)


class WebhookSender(_HttpSender):
    """The cause CloudEvent as body, signed (:mod:`services.notify.domain.signing`) with the
    subscription's secret, opened from its sealed form (:mod:`.secret_box`)."""

    def __init__(self, timeout: float, secret_box: SecretBox) -> None:
        super().__init__(timeout)
        self.secret_box = secret_box

    async def send(self, row: dict[str, Any]) -> SendResult:
        if not row.get("secret") or row["payload"] is None:
            return SendResult.permanent("webhook subscription has no secret or payload")
        try:
            secret = self.secret_box.open(row["secret"])
        except SecretNotOpened as exc:
            return SendResult.permanent(str(exc))
        body, ts = bytes(row["payload"]), int(time.time())
        headers = {
            "content-type": "application/cloudevents+json",
            ID_HEADER: row["notification_id"],
            TIMESTAMP_HEADER: str(ts),
            SIGNATURE_HEADER: webhook_signature(secret, ts, body),
            "idempotency-key": row["notification_id"],
        }
        return await self.post(row["address"], body, headers)
