"""What every service's HTTP edge refuses before a route runs, and the headers every answer has.

``RequestGuard`` (pure ASGI, so it sees the raw request once):

- a body over ``max_body_bytes`` -> 413 (from ``Content-Length`` at once, else while reading);
- a control character (NUL, other C0/C1 controls, lone surrogates: :mod:`shared.text`) in the
  path, the query string or a text body (JSON: every string and key, reported by its field) ->
  422 with the standard body. PostgreSQL cannot store a NUL; a route that met one answered 500.

``security_headers`` are set on every response: a CSP without inline script and with
``frame-ancestors 'none'``, ``nosniff``, a referrer policy. FastAPI's ``/docs`` pages are the one
exception to the script rule (Swagger UI starts with an inline script from its CDN).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, unquote

from shared.errors import ErrorBody, ErrorDetail
from shared.text import control_char_fields, has_control_chars

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 1024 * 1024
# JSON carries a control character only escaped: look for the escapes before parsing anything
_ESCAPED_CONTROL = re.compile(rb"\\u(00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|[dD][89a-fA-F])")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: "
    "https://fastapi.tiangolo.com; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")


def security_headers(path: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": DOCS_CSP if path in DOCS_PATHS else CSP,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
    }


def too_large(limit: int) -> tuple[int, dict[str, Any]]:
    body = ErrorBody(
        code="payload_too_large",
        message_ar=f"حجم الطلب أكبر من المسموح ({limit} بايت)",
        message_en=f"The request body is larger than {limit} bytes",
        field="body",
    )
    return 413, body.model_dump(exclude_none=True)


def bad_characters(fields: list[str]) -> tuple[int, dict[str, Any]]:
    errors = [
        ErrorDetail(
            code="invalid_characters",
            message_ar="النص يحتوي على رموز تحكم غير مسموحة",
            message_en="The text holds control characters (such as NUL), which are not allowed",
            field=f or None,
        )
        for f in fields
    ]
    body = ErrorBody(
        code="validation_failed",
        message_ar="البيانات المرسلة غير صالحة",
        message_en="The submitted data is not valid",
        field=errors[0].field,
        errors=errors,
    )
    return 422, body.model_dump(exclude_none=True)


def url_problems(scope: Scope) -> list[str]:
    """Fields of the path or the query string holding a control character."""
    found = ["path"] if has_control_chars(scope.get("path", "")) else []
    query = scope.get("query_string", b"").decode("latin-1")
    if has_control_chars(unquote(query, errors="surrogateescape")):
        pairs = parse_qsl(query, keep_blank_values=True, errors="surrogateescape")
        found += [k for k, v in pairs if has_control_chars(k) or has_control_chars(v)] or ["query"]
    return found


def body_problems(body: bytes, content_type: str) -> list[str]:
    """Fields of a text body holding a control character (``body`` when not JSON)."""
    if "json" in content_type:
        if not _ESCAPED_CONTROL.search(body):
            return []
        try:
            return control_char_fields(json.loads(body))
        except ValueError:
            return []  # not JSON: the route's own validation answers
    if content_type.startswith("text/") or "yaml" in content_type or "csv" in content_type:
        return ["body"] if has_control_chars(body.decode("utf-8", "replace")) else []
    return []


class RequestGuard:
    def __init__(self, app: ASGIApp, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if fields := url_problems(scope):
            await _answer(send, *bad_characters(fields))
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await _answer(send, *too_large(self.limit))
            return
        if scope.get("method") in ("GET", "HEAD", "DELETE", "OPTIONS") and not declared:
            await self.app(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.limit:
                await _answer(send, *too_large(self.limit))
                return
        body = b"".join(chunks)
        if fields := body_problems(body, headers.get("content-type", "")):
            await _answer(send, *bad_characters(fields))
            return
        await self.app(scope, _replay(body, receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _answer(send: Send, status: int, body: dict[str, Any]) -> None:
    raw = json.dumps(body, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": raw})
