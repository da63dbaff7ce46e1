"""The ministry's register over HTTPS (httpx, keep-alive; mTLS when a client certificate is
configured). ``POST <MINISTRY_URL>/v1/notifications`` with the mapped JSON, signed, with
``Idempotency-Key: <event id>`` so the register can drop a push it already has.

2xx = accepted (``{"reference": ...}`` when it has one); 408, 425, 429, 5xx, timeouts and refused
connections are transient; any other answer is the register refusing it (permanent)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import httpx

from adapters.moss_register.config import MossSettings
from adapters.moss_register.domain.mapping import MAPPING_VERSION
from adapters.moss_register.domain.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

_TRANSIENT = {408, 425, 429}


@dataclass(frozen=True)
class Answer:
    ok: bool
    transient: bool = False
    error: str = ""
    reference: str | None = None


class MinistryClient:
    def __init__(self, settings: MossSettings) -> None:
        self.secret = settings.ministry_signing_secret.get_secret_value()
        cert = (
            (settings.ministry_client_cert, settings.ministry_client_key)
            if settings.ministry_client_cert
            else None
        )
        self.client = httpx.AsyncClient(
            base_url=settings.ministry_url.rstrip("/"),
            timeout=settings.ministry_timeout_seconds,
            cert=cert,  # type: ignore[arg-type]
            verify=settings.ministry_ca_file or True,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=64),
        )

    async def push(self, body: dict[str, Any], event_id: str) -> Answer:
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        ts = int(time.time())
        headers = {
            "content-type": "application/json",
            "idempotency-key": event_id,
            "x-aswan-mapping": MAPPING_VERSION,
            TIMESTAMP_HEADER: str(ts),
            SIGNATURE_HEADER: sign(self.secret, ts, raw),
        }
        try:
            response = await self.client.post("/v1/notifications", content=raw, headers=headers)
        except (httpx.TransportError, OSError) as exc:
            return Answer(False, True, f"{type(exc).__name__}: {exc}")
        status = response.status_code
        if 200 <= status < 300:
            return Answer(True, reference=_reference(response))
        error = f"HTTP {status}: {response.text[:500]}"
        return Answer(False, status in _TRANSIENT or status >= 500, error)

    async def close(self) -> None:
        await self.client.aclose()


def _reference(response: httpx.Response) -> str | None:
    try:
        value = response.json().get("reference")
    except (ValueError, AttributeError):
        return None
    return str(value) if value else None
