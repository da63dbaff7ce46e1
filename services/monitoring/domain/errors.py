"""Errors of the monitoring domain: stable codes, Arabic and English messages."""

from __future__ import annotations

from shared.errors import ConflictError, NotFoundError, ValidationFailedError


class KpiNotFoundError(NotFoundError):
    code = "kpi_not_found"
    message_ar = "المؤشر غير موجود في الإطار الاستراتيجي"
    message_en = "No such KPI in the strategy framework"


class FrameworkItemNotFoundError(NotFoundError):
    code = "framework_item_not_found"
    message_ar = "البند غير موجود في الإطار الاستراتيجي"
    message_en = "No such item in the strategy framework"


class MeasurementNotFoundError(NotFoundError):
    code = "measurement_not_found"
    message_ar = "القياس غير موجود"
    message_en = "No such measurement"


class MeasurementInvalidError(ValidationFailedError):
    code = "measurement_invalid"
    message_ar = "القياس غير صالح"
    message_en = "The measurement is not valid"


class UnitMismatchError(MeasurementInvalidError):
    code = "unit_mismatch"
    message_ar = "وحدة القياس لا تطابق وحدة المؤشر"
    message_en = "The unit does not match the KPI's unit"


class OutOfRangeError(MeasurementInvalidError):
    code = "value_out_of_range"
    message_ar = "القيمة خارج النطاق المسموح للمؤشر"
    message_en = "The value is outside the KPI's allowed range"


class PeriodMismatchError(MeasurementInvalidError):
    code = "period_mismatch"
    message_ar = "الفترة لا تطابق نوع فترة المؤشر (سنة أو ربع سنة)"
    message_en = "The period does not match the KPI's period type (year or quarter)"


class NumeratorExceedsDenominatorError(MeasurementInvalidError):
    code = "numerator_exceeds_denominator"
    message_ar = "البسط أكبر من المقام"
    message_en = "The numerator is larger than the denominator"


class ValueMissingError(MeasurementInvalidError):
    code = "value_missing"
    message_ar = "يجب إرسال القيمة، أو البسط والمقام"
    message_en = "Send a value, or a numerator and a denominator"


class UnknownCentreError(MeasurementInvalidError):
    code = "unknown_centre"
    message_ar = "المركز غير معروف"
    message_en = "Unknown centre"


class MeasurementLockedError(ConflictError):
    code = "measurement_locked"
    message_ar = "القياس معتمد أو مُعاد ولا يمكن تغييره؛ أرسل قياسًا جديدًا للتصحيح"
    message_en = "The measurement is already decided; send a new submission to correct it"


class FrameworkInvalidError(ValidationFailedError):
    code = "framework_invalid"
    message_ar = "الإطار الاستراتيجي غير صالح"
    message_en = "The strategy framework is not valid"


class UnknownAssociationError(ValidationFailedError):
    code = "unknown_association"
    message_ar = "الجمعية غير مسجلة"
    message_en = "No registered association with this id"


class ProposalNotFoundError(NotFoundError):
    code = "proposal_not_found"
    message_ar = "المقترح غير موجود"
    message_en = "No such proposal"


class WorkshopNotFoundError(NotFoundError):
    code = "workshop_not_found"
    message_ar = "ورشة العمل غير موجودة"
    message_en = "No such workshop"


class ProposalStateError(ConflictError):
    code = "proposal_state"
    message_ar = "لا يمكن نقل المقترح إلى هذه الحالة"
    message_en = "The proposal cannot move to this status"
