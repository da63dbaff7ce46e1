"""Our record as the ministry's register reads it: mapping ``aswan-moss/1`` (documented in
docs/adapters/moss_register.md). One JSON notification per registry event; a breaking change
is a new mapping version sent beside this one until the register moves."""

from __future__ import annotations

from typing import Any

MAPPING_VERSION = "aswan-moss/1"

LEGAL_FORMS = {
    "association": "NGO_ASSOCIATION",
    "foundation": "NGO_FOUNDATION",
    "union": "NGO_UNION",
    "foreign_ngo": "FOREIGN_NGO",
}
STATUSES = {
    "pending_verification": "UNDER_REVIEW",
    "active": "ACTIVE",
    "suspended": "SUSPENDED",
    "dissolved": "DISSOLVED",
}
FIELDS = {  # our field -> theirs
    "name_ar": "name_ar", "name_en": "name_en", "legal_form": "legal_form",
    "centre": "markaz", "sectors": "activity_fields", "centres_served": "service_areas",
    "contact_phone": "phone", "contact_email": "email", "address": "address",
    "founded_year": "founding_year", "registration_number": "registration_number",
}  # fmt: skip
GOVERNORATE = "ASWAN"


def _value(field: str, value: Any) -> Any:
    if field == "legal_form" and isinstance(value, str):
        return LEGAL_FORMS.get(value, value)
    return value


def registered(data: dict[str, Any], event_id: str, time: str) -> dict[str, Any]:
    record = {FIELDS[k]: _value(k, v) for k, v in data.items() if k in FIELDS and v is not None}
    return {
        **_head("registration", event_id, time, data["association_id"]),
        "org_id": data["org_id"],
        "registration_number": data["registration_number"],
        "record": {**record, "governorate": GOVERNORATE},
        "status": STATUSES.get(data["status"], data["status"]),
    }


def updated(data: dict[str, Any], event_id: str, time: str, number: str | None) -> dict[str, Any]:
    changes = {FIELDS[k]: _value(k, v) for k, v in data["changed"].items() if k in FIELDS}
    return {
        **_head("update", event_id, time, data["association_id"]),
        "registration_number": number,
        "version": data["version"],
        "changes": changes,
    }


def status_changed(
    data: dict[str, Any], event_id: str, time: str, number: str | None
) -> dict[str, Any]:
    return {
        **_head("status_change", event_id, time, data["association_id"]),
        "registration_number": number,
        "status": STATUSES.get(data["to"], data["to"]),
        "previous_status": STATUSES.get(data["from"]) if data.get("from") else None,
        "reason": data.get("reason"),
    }


def _head(kind: str, event_id: str, time: str, association_id: str) -> dict[str, Any]:
    return {
        "mapping": MAPPING_VERSION,
        "notification_id": event_id,
        "kind": kind,
        "occurred_at": time,
        "platform_id": association_id,
    }
