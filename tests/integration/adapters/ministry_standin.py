"""A stand-in for the Ministry of Social Solidarity's NGO register: a real HTTP server on
127.0.0.1 (aiohttp) that checks the signature, keeps what it accepted in order, answers a
notification it already has (same Idempotency-Key) with the same reference, and can answer 500,
hang past the client's timeout, or refuse every signature."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from adapters.moss_register.domain.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify

SECRET = "ministry-signing-secret-of-the-tests-0123456789"


@dataclass
class MinistryStandIn:
    secret: str = SECRET
    fail_next: int = 0  # answer 500 to the next N requests
    hang_next: int = 0  # answer the next N only after ``hang_seconds``
    hang_seconds: float = 2.0
    accepted: list[dict[str, Any]] = field(default_factory=list)
    requests: int = 0
    refused: int = 0
    duplicates: int = 0
    _references: dict[str, str] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _runner: web.AppRunner | None = None
    base_url: str = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/notifications", self._notification)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _notification(self, request: web.Request) -> web.Response:
        self.requests += 1
        body = await request.read()
        ts, sig = request.headers.get(TIMESTAMP_HEADER), request.headers.get(SIGNATURE_HEADER)
        if not verify(self.secret, ts, sig, body, time.time()):
            self.refused += 1
            return web.json_response({"error": "signature refused"}, status=401)
        if self.hang_next > 0:
            self.hang_next -= 1
            await asyncio.sleep(self.hang_seconds)
        if self.fail_next > 0:
            self.fail_next -= 1
            return web.json_response({"error": "register unavailable"}, status=500)
        key = request.headers["Idempotency-Key"]
        notification = json.loads(body)
        if key in self._references:
            self.duplicates += 1
            return web.json_response({"reference": self._references[key]})
        reference = f"MOSS-ASW-{notification['platform_id'][:8]}"
        self._references[key] = reference
        async with self._changed:
            self.accepted.append(notification)
            self._changed.notify_all()
        return web.json_response({"reference": reference}, status=201)

    async def wait_for(self, count: int, timeout: float = 30.0) -> list[dict[str, Any]]:
        async def enough() -> list[dict[str, Any]]:
            async with self._changed:
                while len(self.accepted) < count:
                    await self._changed.wait()
                return list(self.accepted)

        return await asyncio.wait_for(enough(), timeout)
