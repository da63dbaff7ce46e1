"""A stand-in for Telegram's Bot API: a real HTTP server on 127.0.0.1 (aiohttp) that answers the
methods the bot calls, records every call, and can answer 429 with a retry_after. Also builds
updates as Telegram posts them to a webhook."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 123456
TOKEN = f"{BOT_ID}:TEST-token-for-the-stand-in"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int


@dataclass
class TelegramStandIn:
    calls: list[Call] = field(default_factory=list)
    too_many: int = 0  # answer the next N sendMessage calls with 429
    retry_after: int = 1
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _runner: web.AppRunner | None = None
    base_url: str = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        if method.lower() == "sendmessage" and self.too_many > 0:
            self.too_many -= 1
            await self._record(Call(method, params, 429))
            body = {
                "ok": False, "error_code": 429,
                "description": f"Too Many Requests: retry after {self.retry_after}",
                "parameters": {"retry_after": self.retry_after},
            }  # fmt: skip
            return web.json_response(body, status=429)
        await self._record(Call(method, params, 200))
        return web.json_response({"ok": True, "result": self._result(method, params)})

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method.lower() == "getme":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Aswan", "username": "aswan_bot"}
        if method.lower() in ("sendmessage", "editmessagetext"):
            chat = int(params["chat_id"])
            return {
                "message_id": next(self._ids), "date": int(time.time()),
                "chat": {"id": chat, "type": "private"}, "text": params.get("text", ""),
            }  # fmt: skip
        return True

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def messages(self, chat: int) -> list[dict[str, Any]]:
        """sendMessage calls Telegram accepted for ``chat``: text and buttons' callback data."""
        out = []
        for c in self.calls:
            if (
                c.method.lower() == "sendmessage"
                and c.status == 200
                and int(c.params["chat_id"]) == chat
            ):
                markup = json.loads(c.params.get("reply_markup") or "{}")
                buttons = [
                    b.get("callback_data") for row in markup.get("inline_keyboard", []) for b in row
                ]
                out.append({"text": c.params["text"], "buttons": buttons})
        return out

    async def wait_for(self, chat: int, needle: str, timeout: float = 20.0) -> dict[str, Any]:
        """The first message to ``chat`` containing ``needle`` (waits for it)."""

        async def found() -> dict[str, Any]:
            async with self._changed:
                while True:
                    for m in self.messages(chat):
                        if needle in m["text"]:
                            return m
                    await self._changed.wait()

        return await asyncio.wait_for(found(), timeout)


_update_ids = itertools.count(int(time.time()))


def message_update(chat: int, text: str) -> dict[str, Any]:
    uid = next(_update_ids)
    message: dict[str, Any] = {
        "message_id": uid, "date": int(time.time()), "text": text,
        "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": False, "first_name": "Test", "language_code": "ar"},
    }  # fmt: skip
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": uid, "message": message}


def button_update(chat: int, data: str) -> dict[str, Any]:
    uid = next(_update_ids)
    sender = {"id": chat, "is_bot": False, "first_name": "Test"}
    return {
        "update_id": uid,
        "callback_query": {
            "id": str(uid), "from": sender, "chat_instance": str(chat), "data": data,
            "message": {
                "message_id": uid, "date": int(time.time()), "text": "…",
                "chat": {"id": chat, "type": "private"}, "from": {**sender, "is_bot": True},
            },
        },
    }  # fmt: skip
