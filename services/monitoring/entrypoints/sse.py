"""The SSE endpoint as plain ASGI: ``GET /v1/stream?pillar=&centre=``.

Fanning every KPI change out to many browsers is the hot path of this service (50 clients x 400
events/s in bench/monitoring_bench.py), so the stream is written straight to the ASGI ``send``:
frames are encoded once per bus message (:mod:`stream`), each wake-up writes everything buffered
for the client in one chunk, and :class:`SseFastPath` serves the path ahead of the HTTP
middleware, whose per-chunk streaming cost (Starlette's BaseHTTPMiddleware) dominated the
profile. The FastAPI route of the same path (for the OpenAPI document) calls the same function.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from services.monitoring.entrypoints.stream import KpiStream

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PATH = "/v1/stream"
HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-store"),
    (b"x-accel-buffering", b"no"),
]
PING_SECONDS = 15.0


def _filters(scope: Scope) -> tuple[str | None, str | None]:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    pillar = (query.get("pillar") or [None])[0]
    centre = (query.get("centre") or [None])[0]
    return (pillar[:64] if pillar else None), (centre[:32] if centre else None)


async def stream_sse(stream: KpiStream, scope: Scope, receive: Receive, send: Send) -> None:
    pillar, centre = _filters(scope)
    client = stream.subscribe(pillar, centre)

    async def watch_disconnect() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        client.close()

    async def ping() -> None:
        while True:
            await asyncio.sleep(PING_SECONDS)
            client.offer(b": ping\r\n\r\n")

    watchers = [asyncio.create_task(watch_disconnect()), asyncio.create_task(ping())]
    try:
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        await send(
            {"type": "http.response.body", "body": b": connected\r\n\r\n", "more_body": True}
        )
        while (chunk := await client.take()) is not None:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        with contextlib.suppress(OSError):
            await send({"type": "http.response.body", "body": b"", "more_body": False})
    except OSError:
        pass  # the client went away mid-write
    finally:
        stream.unsubscribe(client)
        for task in watchers:
            task.cancel()


class SseFastPath:
    """ASGI middleware: ``GET /v1/stream`` goes straight to :func:`stream_sse`."""

    def __init__(self, app: ASGIApp, stream: KpiStream) -> None:
        self.app = app
        self.stream = stream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "GET":
            await stream_sse(self.stream, scope, receive, send)
        else:
            await self.app(scope, receive, send)
