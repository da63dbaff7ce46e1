"""Events that the ministry adapters publish (service ``ministry``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from shared.events.envelope import Event
from shared.events.intake import KPIMeasurementReported


class AssociationStatusDecided(Event):
    ROUTING_KEY = "ministry.association.status-changed.v1"
    TYPE = "ministry.AssociationStatusDecided.v1"

    registration_number: str = Field(min_length=1, max_length=32)
    status: str = Field(description="active | suspended | dissolved")
    decided_at: datetime
    reference: str = Field(min_length=1, max_length=200)
    reason: str | None = None


class MinistryKPIMeasurementReported(KPIMeasurementReported):
    ROUTING_KEY = "ministry.kpi.measurement-reported.v1"
    TYPE = "ministry.KPIMeasurementReported.v1"


class AssociationLinked(Event):
    """The ministry's register knows this association under ``ministry_reference``."""

    ROUTING_KEY = "ministry.association.linked.v1"
    TYPE = "ministry.AssociationLinked.v1"

    association_id: str = Field(min_length=1, max_length=64)
    registration_number: str = Field(min_length=1, max_length=32)
    ministry_reference: str = Field(min_length=1, max_length=200)
