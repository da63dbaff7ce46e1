"""How the registry's facts are told on the bus: building the v1 events from the domain."""

from __future__ import annotations

from typing import Any

from services.registry.domain.model import Association
from shared.errors import ErrorDetail
from shared.events.codes import AssociationStatus, Centre, LegalForm
from shared.events.registry import (
    AssociationRegistered,
    AssociationRegistrationRejected,
    AssociationStatusChanged,
    AssociationUpdated,
)
from shared.text import strip_control_chars

_REPLY = ("channel", "contact_email", "contact_phone", "bot_chat_id", "language")


def duplicate_number_error() -> ErrorDetail:
    return ErrorDetail(
        code="duplicate_registration_number",
        message_ar="رقم الإشهار مسجل بالفعل لجمعية أخرى",
        message_en="This registration number is already on record",
        field="registration_number",
    )


def new_association(
    association_id: str,
    values: dict[str, Any],
    duplicate_of: str | None,
    status: AssociationStatus = AssociationStatus.PENDING_VERIFICATION,
) -> Association:
    served = list(values.get("centres_served") or [])
    if values["centre"] not in served:
        served.insert(0, values["centre"])
    return Association(
        association_id=association_id,
        **{**values, "centres_served": served},
        status=AssociationStatus.PENDING_VERIFICATION if duplicate_of else status,
        duplicate_of=duplicate_of,
    )


def registered(
    a: Association, submission_id: str | None, raw: dict[str, Any]
) -> AssociationRegistered:
    return AssociationRegistered(
        association_id=a.association_id, org_id=a.org_id,
        registration_number=a.registration_number, name_ar=a.name_ar, name_en=a.name_en,
        legal_form=LegalForm(a.legal_form), centre=Centre(a.centre), sectors=a.sectors,
        centres_served=[Centre(c) for c in a.centres_served], status=a.status,
        contact_email=a.contact_email, contact_phone=a.contact_phone,
        duplicate_of=a.duplicate_of, submission_id=submission_id,
        beneficiaries_per_year=a.beneficiaries_per_year,
        channel=_str(raw.get("channel")), bot_chat_id=_str(raw.get("bot_chat_id")),
        language=_str(raw.get("language")),
    )  # fmt: skip


def rejected(
    submission_id: str, raw: dict[str, Any], errors: list[ErrorDetail], existing: str | None
) -> AssociationRegistrationRejected:
    """Carries the submitter's own contact and channel (as sent) so notify can answer."""
    return AssociationRegistrationRejected(
        submission_id=submission_id, errors=errors, existing_association_id=existing,
        name_ar=_str(raw.get("name_ar")), **{k: _str(raw.get(k)) for k in _REPLY},
    )  # fmt: skip


def updated(a: Association, changed: dict[str, Any]) -> AssociationUpdated:
    return AssociationUpdated(association_id=a.association_id, version=a.version, changed=changed)


def status_changed(before: Association, after: Association, actor: str) -> AssociationStatusChanged:
    return AssociationStatusChanged(
        association_id=after.association_id, from_=before.status, to=after.status,
        reason=after.status_reason, centre=Centre(after.centre), sectors=after.sectors,
        decided_by=actor,
    )  # fmt: skip


def _str(value: Any) -> str | None:
    return None if value is None else strip_control_chars(str(value))
