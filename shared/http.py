"""HTTP conventions every service shares: ops endpoints, error bodies, correlation ids, metrics.

Errors are always ``{code, message_ar, message_en, field}`` (plus ``errors`` listing each field
error when there are several), with a status the code maps to.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.auth import TokenCodec
from shared.edges import MAX_BODY_BYTES, RequestGuard, security_headers
from shared.errors import (
    ErrorBody,
    ErrorDetail,
    PlatformError,
    TooManyRequestsError,
    UnauthenticatedError,
)
from shared.logging import correlation_id
from shared.runtime import ServiceRuntime

log = logging.getLogger(__name__)
HTTP_REQUESTS = Counter(
    "aswan_http_requests_total", "HTTP requests", ["service", "method", "route", "status"]
)
HTTP_SECONDS = Histogram(
    "aswan_http_request_seconds", "HTTP request duration", ["service", "method", "route"]
)

# Path parameters are validated like bodies (a stored unchecked path code once broke every read):
# an id the services make (uuid) or a client's idempotency key, and codes of their own pattern.
ID_PATTERN = r"^[A-Za-z0-9_.:\-]{1,100}$"
IdPath = Annotated[str, Path(pattern=ID_PATTERN, description="an id: letters, digits, _.:-")]
# Every number has a documented range checked before the database (an offset past PostgreSQL's
# bigint answered 500): listings page at most this far.
MAX_OFFSET = 10_000_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip (at most 10^7)")]

_STATUS_TEXT = {
    400: ("bad_request", "طلب غير صالح", "Bad request"),
    401: ("unauthenticated", "يلزم تسجيل الدخول", "Authentication required"),
    403: ("forbidden", "غير مسموح", "Forbidden"),
    404: ("not_found", "غير موجود", "Not found"),
    405: ("method_not_allowed", "الطريقة غير مسموحة", "Method not allowed"),
    409: ("conflict", "تعارض", "Conflict"),
    415: ("unsupported_media_type", "نوع المحتوى غير مدعوم", "Unsupported media type"),
}


def error_response(
    body: dict[str, Any], status: int, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_errors(exc: RequestValidationError) -> list[ErrorDetail]:
    details = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
        details.append(
            ErrorDetail(
                code=f"invalid_{err.get('type', 'value')}".replace(".", "_"),
                message_ar="قيمة غير صالحة: " + ".".join(loc),
                message_en=str(err.get("msg", "invalid value")),
                field=".".join(loc) or None,
            )
        )
    return details


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PlatformError)
    async def _platform(_: Request, exc: PlatformError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, UnauthenticatedError) else None
        if isinstance(exc, TooManyRequestsError):
            headers = {"Retry-After": str(exc.retry_after)}
        return error_response(exc.body(), exc.status, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        first = errors[0] if errors else None
        body = ErrorBody(
            code="validation_failed",
            message_ar="البيانات المرسلة غير صالحة",
            message_en="The submitted data is not valid",
            field=first.field if first else None,
            errors=errors,
        )
        return error_response(body.model_dump(exclude_none=True), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, ar, en = _STATUS_TEXT.get(exc.status_code, ("http_error", "خطأ", "HTTP error"))
        body = ErrorBody(code=code, message_ar=ar, message_en=str(exc.detail or en))
        return error_response(body.model_dump(exclude_none=True), exc.status_code)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        body = ErrorBody(
            code="internal_error",
            message_ar="حدث خطأ غير متوقع؛ تم تسجيله",
            message_en="An unexpected error occurred; it has been logged",
        )
        return error_response(body.model_dump(exclude_none=True), 500)


def make_service_app(
    runtime: ServiceRuntime,
    *,
    title: str,
    description: str,
    routers: Iterable[APIRouter] = (),
    version: str = "1.0.0",
    max_body_bytes: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The FastAPI app of a service: its routers (if the process serves the API) + ops endpoints.
    Every request passes :class:`shared.edges.RequestGuard` (body size, control characters);
    every response carries the security headers."""
    settings = runtime.settings
    service = settings.service
    app = FastAPI(title=title, description=description, version=version, lifespan=runtime.lifespan)
    app.state.runtime = runtime
    app.state.tokens = TokenCodec(
        settings.jwt_secret.get_secret_value(), settings.jwt_issuer, settings.jwt_audience
    )
    install_error_handlers(app)
    app.add_middleware(RequestGuard, max_body_bytes=max_body_bytes)  # inside _context below

    @app.middleware("http")
    async def _context(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        cid = request.headers.get("x-correlation-id") or str(uuid.uuid4())
        token = correlation_id.set(cid)
        started = time.perf_counter()
        try:
            response = await call_next(request)
        finally:
            correlation_id.reset(token)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        HTTP_REQUESTS.labels(service, request.method, path, response.status_code).inc()
        HTTP_SECONDS.labels(service, request.method, path).observe(time.perf_counter() - started)
        response.headers["x-correlation-id"] = cid
        response.headers.update(security_headers(request.url.path))
        return response

    ops = APIRouter(tags=["ops"])

    @ops.get("/healthz", summary="Process is up")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": service}

    @ops.get("/readyz", summary="Database, broker and every consumer attached")
    async def readyz() -> JSONResponse:
        checks = await runtime.readiness()
        return JSONResponse(checks, status_code=200 if checks["ready"] else 503)

    @ops.get("/metrics", summary="Prometheus metrics", include_in_schema=True)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    app.include_router(ops)
    if "api" in runtime.roles:
        for router in routers:
            app.include_router(router)
    return app
