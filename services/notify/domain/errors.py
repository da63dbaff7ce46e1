from __future__ import annotations

from shared.errors import NotFoundError, PlatformError, ValidationFailedError


class TemplateRenderError(PlatformError):
    """Event data that a template cannot render safely: the event is dead-lettered with this
    reason (a retry cannot fix the data); other notifications keep flowing."""

    status = 422
    code = "template_error"
    message_ar = "تعذر إنشاء نص الإشعار من بيانات الحدث"
    message_en = "The notification could not be rendered from the event data"


class SubscriptionNotFoundError(NotFoundError):
    code = "subscription_not_found"
    message_ar = "الاشتراك غير موجود"
    message_en = "Subscription not found"


class InvalidAddressError(ValidationFailedError):
    code = "invalid_address"
    message_ar = "العنوان غير صالح لهذه القناة"
    message_en = "The address is not valid for this channel"


class UnknownEventTypeError(ValidationFailedError):
    code = "unknown_event_type"
    message_ar = "نوع حدث غير معروف في الكتالوج"
    message_en = "Unknown event type (not in the catalogue)"


class InvalidUnsubscribeLinkError(NotFoundError):
    code = "invalid_unsubscribe_link"
    message_ar = "رابط إلغاء الاشتراك غير صالح"
    message_en = "This unsubscribe link is not valid"
