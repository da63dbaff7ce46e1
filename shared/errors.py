"""Errors with a stable code, Arabic and English messages and the field at fault.

The same shape is the HTTP error body (``{code, message_ar, message_en, field}``) and the reason
recorded for rejected registrations. Domain modules raise subclasses; the HTTP layer maps them to
a status with its own explicit table, falling back to ``status`` here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class ErrorDetail(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    message_ar: str
    message_en: str
    field: str | None = None


class ErrorBody(ErrorDetail):
    """HTTP error body. ``errors`` lists every field error when there are several."""

    errors: list[ErrorDetail] | None = None


class PlatformError(Exception):
    """Base of every expected error. ``status`` is the HTTP status it maps to by default."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    message_ar: ClassVar[str] = "طلب غير صالح"
    message_en: ClassVar[str] = "Bad request"

    def __init__(
        self,
        message_en: str | None = None,
        message_ar: str | None = None,
        *,
        field: str | None = None,
        errors: list[ErrorDetail] | None = None,
        **extra: Any,
    ) -> None:
        self.detail = ErrorDetail(
            code=self.code,
            message_ar=message_ar or self.message_ar,
            message_en=message_en or self.message_en,
            field=field,
        )
        self.errors = errors
        self.extra = extra
        super().__init__(self.detail.message_en)

    def body(self) -> dict[str, Any]:
        out = ErrorBody(**self.detail.model_dump(), errors=self.errors).model_dump(
            exclude_none=True
        )
        out.update(self.extra)
        return out


class ValidationFailedError(PlatformError):
    status = 422
    code = "validation_failed"
    message_ar = "البيانات المرسلة غير صالحة"
    message_en = "The submitted data is not valid"


class NotFoundError(PlatformError):
    status = 404
    code = "not_found"
    message_ar = "العنصر غير موجود"
    message_en = "Not found"


class ConflictError(PlatformError):
    status = 409
    code = "conflict"
    message_ar = "تعارض مع البيانات الحالية"
    message_en = "Conflicts with the current state"


class PreconditionFailedError(PlatformError):
    status = 412
    code = "precondition_failed"
    message_ar = "تم تعديل السجل منذ قراءتك له؛ أعد التحميل وحاول مرة أخرى"
    message_en = "The record changed since you read it; reload and try again"


class PreconditionRequiredError(PlatformError):
    status = 428
    code = "precondition_required"
    message_ar = "يجب إرسال ترويسة If-Match"
    message_en = "An If-Match header is required"


class UnauthenticatedError(PlatformError):
    status = 401
    code = "unauthenticated"
    message_ar = "يلزم تسجيل الدخول برمز صالح"
    message_en = "A valid bearer token is required"


class ForbiddenError(PlatformError):
    status = 403
    code = "forbidden"
    message_ar = "ليس لديك صلاحية لهذا الإجراء"
    message_en = "You are not allowed to do this"


class PayloadTooLargeError(PlatformError):
    status = 413
    code = "payload_too_large"
    message_ar = "حجم الطلب أكبر من المسموح"
    message_en = "The request body is too large"


class TooManyRequestsError(PlatformError):
    """``retry_after``: whole seconds until the caller may try again (the Retry-After header)."""

    status = 429
    code = "too_many_requests"
    message_ar = "طلبات كثيرة في وقت قصير؛ حاول مرة أخرى بعد قليل"
    message_en = "Too many requests; try again shortly"

    def __init__(self, retry_after: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.retry_after = max(1, retry_after)
