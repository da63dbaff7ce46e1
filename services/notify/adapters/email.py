"""Email over SMTP (aiosmtplib): a few connections kept open and reused, STARTTLS and auth as
configured. SMTP 4xx and connection trouble are transient; 5xx is permanent."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import aiosmtplib

from services.notify.adapters.mime import HeaderInjectionError, build_message, envelope_sender
from services.notify.domain.model import SendResult

_TRANSIENT = (
    aiosmtplib.SMTPConnectError,
    aiosmtplib.SMTPServerDisconnected,
    aiosmtplib.SMTPTimeoutError,
    OSError,
    TimeoutError,
)


class SmtpSender:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        mail_from: str,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        use_tls: bool = False,
        timeout: float = 10.0,
        cert_bundle: str | None = None,
        connections: int = 4,
        unsubscribe_url: Callable[[str], str],
    ) -> None:
        self.options: dict[str, Any] = {
            "hostname": host,
            "port": port,
            "timeout": timeout,
            "use_tls": use_tls,
            "start_tls": starttls,
            "username": username,
            "password": password,
            "cert_bundle": cert_bundle,
        }
        self.mail_from = mail_from
        self.sender = envelope_sender(mail_from)
        self.unsubscribe_url = unsubscribe_url
        self._idle: asyncio.Queue[aiosmtplib.SMTP | None] = asyncio.Queue()
        for _ in range(connections):
            self._idle.put_nowait(None)  # a slot; connected on first use

    def message(self, row: dict[str, Any]) -> bytes:
        return build_message(row, self.mail_from, self.unsubscribe_url(row["notification_id"]))

    async def send(self, row: dict[str, Any]) -> SendResult:
        try:
            message = self.message(row)
        except HeaderInjectionError as exc:
            return SendResult.permanent(f"refused: {exc}")
        client = await self._idle.get()
        try:
            if client is None or not client.is_connected:
                client = aiosmtplib.SMTP(**self.options)
                await client.connect()
            await client.sendmail(self.sender, [row["address"]], message)
            return SendResult.sent()
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [e.code for e in exc.recipients]
            client = await _discard(client) if any(c == 421 for c in codes) else client
            return _by_code(min(codes, default=550), str(exc))
        except aiosmtplib.SMTPResponseException as exc:
            client = await _discard(client)
            return _by_code(exc.code, f"{exc.code} {exc.message}")
        except _TRANSIENT as exc:
            client = await _discard(client)
            return SendResult.retry(f"{type(exc).__name__}: {exc}")
        finally:
            self._idle.put_nowait(client)

    async def close(self) -> None:
        while not self._idle.empty():
            await _discard(self._idle.get_nowait())


def _by_code(code: int, error: str) -> SendResult:
    return SendResult.retry(error) if code < 500 else SendResult.permanent(error)


async def _discard(client: aiosmtplib.SMTP | None) -> aiosmtplib.SMTP | None:
    """Close a connection; the slot goes back empty (``None``) and reconnects on next use."""
    if client is not None and client.is_connected:
        with contextlib.suppress(Exception):
            await client.quit()
    if client is not None:
        client.close()
    return None
