"""Errors of the registry domain: each a stable code with Arabic and English messages."""

from __future__ import annotations

from shared.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    PreconditionFailedError,
    ValidationFailedError,
)


class AssociationNotFoundError(NotFoundError):
    code = "association_not_found"
    message_ar = "الجمعية غير موجودة"
    message_en = "Association not found"


class SubmissionNotFoundError(NotFoundError):
    code = "submission_not_found"
    message_ar = "طلب التسجيل غير موجود"
    message_en = "Registration submission not found"


class UnknownRegistrationNumberError(NotFoundError):
    """A ministry decision names a registration number the registry does not hold."""

    code = "unknown_registration_number"
    message_ar = "رقم الإشهار غير مسجل لدينا"
    message_en = "No association holds this registration number"


class InvalidTransitionError(ConflictError):
    code = "invalid_status_transition"
    message_ar = "لا يمكن تغيير حالة الجمعية بهذا الإجراء من حالتها الحالية"
    message_en = "This action is not allowed from the association's current status"


class ReasonRequiredError(ValidationFailedError):
    code = "reason_required"
    message_ar = "يجب ذكر سبب تغيير الحالة"
    message_en = "A reason is required for this status change"


class VersionMismatchError(PreconditionFailedError):
    code = "version_mismatch"


class NotYourAssociationError(ForbiddenError):
    code = "not_your_association"
    message_ar = "يمكنك الاطلاع على سجل جمعيتك وتعديله فقط"
    message_en = "You may only read and update your own association's record"


class PlaceNotFoundError(NotFoundError):
    code = "place_not_found"
    message_ar = "المكان غير موجود في البيانات المرجعية"
    message_en = "Place not found in the geography reference data"


class PlaceExistsError(ConflictError):
    code = "place_exists"
    message_ar = "يوجد مكان بهذا الرمز"
    message_en = "A place with this code already exists"


class OrganisationNotFoundError(NotFoundError):
    code = "organisation_not_found"
    message_ar = "المنظمة غير موجودة"
    message_en = "Organisation not found"


class SubmissionRaced(Exception):
    """Another transaction recorded the same submission, or registered the same number (one of
    an import chunk's), between this one's screening and its write. Not a PlatformError: the use
    case runs again (HTTP and imports at once, a consumer through its retry), and then its
    screening sees what the other committed."""
