"""Real local servers the notify tests start: an aiosmtpd SMTP server and HTTP receivers
(uvicorn + Starlette) on 127.0.0.1, scripted to refuse, time out, or answer 429 / 5xx."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import json
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import uvicorn
from aiosmtpd.smtp import SMTP
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Mailbox:
    """aiosmtpd handler: keeps every accepted message."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._changed = asyncio.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(msg)  # type: ignore[arg-type]
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        async with self._changed:
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    async def wait_for(
        self, address: str, count: int = 1, timeout: float = 15.0
    ) -> list[EmailMessage]:
        """Wait until ``count`` messages to ``address`` were accepted; return them."""

        async def arrived() -> list[EmailMessage]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.to(address)) >= count)
                return self.to(address)

        return await asyncio.wait_for(arrived(), timeout)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    """An SMTP server in this event loop; ``stop()`` then ``start()`` keeps the port."""

    def __init__(self, mailbox: Mailbox, port: int | None = None) -> None:
        self.requests_refused = 0
        self.mailbox = mailbox
        self.port = port or free_port()
        self._server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: SMTP(self.mailbox, hostname="localhost"), "127.0.0.1", self.port
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)
            self._server = None


@contextlib.asynccontextmanager
async def smtp_server() -> AsyncIterator[SmtpServer]:
    server = SmtpServer(Mailbox())
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float = field(default_factory=time.monotonic)

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each request with the next scripted step: a status code, ``("status", headers)``,
    or ``"hang"`` (answers after ``hang_seconds``, longer than the client's timeout)."""

    script: list[Any] = field(default_factory=list)
    hang_seconds: float = 3.0
    requests: list[Received] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def endpoint(self, request: Request) -> Response:
        body = await request.body()
        self.requests.append(Received(request.url.path, dict(request.headers), body))
        step = self.script.pop(0) if self.script else 200
        if step == "hang":
            await asyncio.sleep(self.hang_seconds)  # the server being slow, not the test waiting
            step = 200
        status, headers = step if isinstance(step, tuple) else (step, {})
        return Response(b'{"ok": true}', status_code=status, headers=headers)


@contextlib.asynccontextmanager
async def http_receiver(*script: Any, hang_seconds: float = 3.0) -> AsyncIterator[Receiver]:
    receiver = Receiver(list(script), hang_seconds)
    app = Starlette(routes=[Route("/hook", receiver.endpoint, methods=["POST"])])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    receiver.port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
    )
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield receiver
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)
        sock.close()
