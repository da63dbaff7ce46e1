"""Example events for every template (unique ids per call)."""

from __future__ import annotations

import uuid
from typing import Any

from shared.errors import ErrorDetail
from shared.events.assessment import CampaignOpened
from shared.events.monitoring import KPIOffTrack
from shared.events.registry import (
    AssociationRegistered,
    AssociationRegistrationRejected,
    AssociationStatusChanged,
    PartnershipRecorded,
)


def registered(**overrides: Any) -> AssociationRegistered:
    number = str(uuid.uuid4().int)[:8]
    values: dict[str, Any] = {
        "association_id": str(uuid.uuid4()),
        "org_id": f"EG-MOSS-{number}",
        "registration_number": number,
        "name_ar": "جمعية الأمل لتنمية المجتمع",
        "name_en": "Al-Amal Community Development Association",
        "legal_form": "association",
        "centre": "edfu",
        "sectors": ["health", "women"],
        "centres_served": ["edfu", "aswan"],
        "status": "active",
        "contact_email": f"amal-{number}@example.org",
        "language": "ar",
        "channel": "portal",
    }
    values.update(overrides)
    return AssociationRegistered(**values)


def rejected(**overrides: Any) -> AssociationRegistrationRejected:
    values: dict[str, Any] = {
        "submission_id": str(uuid.uuid4()),
        "errors": [
            ErrorDetail(
                code="duplicate_registration_number",
                message_ar="رقم القيد مسجل لجمعية أخرى",
                message_en="The registration number belongs to another association",
                field="registration_number",
            ),
            ErrorDetail(
                code="invalid_centre",
                message_ar="المركز غير معروف",
                message_en="Unknown centre",
                field="centre",
            ),
        ],
        "name_ar": "جمعية النور",
        "channel": "portal",
        "contact_email": f"nour-{uuid.uuid4().hex[:6]}@example.org",
    }
    values.update(overrides)
    return AssociationRegistrationRejected(**values)


def status_changed(association_id: str, **overrides: Any) -> AssociationStatusChanged:
    values: dict[str, Any] = {
        "association_id": association_id,
        "from": "active",
        "to": "suspended",
        "reason": "لم تقدم التقرير السنوي",
        "centre": "edfu",
    }
    values.update(overrides)
    return AssociationStatusChanged(**values)


def kpi_off_track(**overrides: Any) -> KPIOffTrack:
    values: dict[str, Any] = {
        "kpi_code": f"K-{uuid.uuid4().hex[:5]}",
        "name_ar": "نسبة الأطفال الملتحقين بالتعليم الأساسي",
        "name_en": "Primary school enrolment rate",
        "pillar_code": "P2",
        "period": "2027-Q1",
        "centre": "edfu",
        "value": 71.5,
        "unit": "%",
        "baseline": 70.0,
        "target": 90.0,
        "progress": 0.075,
        "status": "off_track",
        "previous_status": "at_risk",
    }
    values.update(overrides)
    return KPIOffTrack(**values)


def partnership(**overrides: Any) -> PartnershipRecorded:
    values: dict[str, Any] = {
        "partnership_id": str(uuid.uuid4()),
        "association_id": str(uuid.uuid4()),
        "organisation_id": "UNICEF-EG",
        "kind": "funding",
        "sectors": ["children_youth"],
        "centres": ["kom_ombo"],
    }
    values.update(overrides)
    return PartnershipRecorded(**values)


def campaign_opened(**overrides: Any) -> CampaignOpened:
    values: dict[str, Any] = {
        "campaign_id": str(uuid.uuid4()),
        "form_id": "demo_needs",
        "form_version": "1",
        "title_ar": "حصر احتياجات المجتمع ٢٠٢٧",
        "title_en": "Community needs census 2027",
        "centres": ["edfu", "daraw"],
        "audience": "associations",
        "opens_on": "2027-01-10",
        "closes_on": "2027-02-10",
    }
    values.update(overrides)
    return CampaignOpened(**values)
