"""Events that the monitoring service publishes (the KPI stream dashboards subscribe to)."""

from __future__ import annotations

from pydantic import Field

from shared.events.codes import Centre, KpiStatus
from shared.events.envelope import Event


class KPIUpdated(Event):
    ROUTING_KEY = "monitoring.kpi.updated.v1"
    TYPE = "monitoring.KPIUpdated.v1"

    kpi_code: str
    name_ar: str
    name_en: str | None = None
    pillar_code: str
    period: str
    centre: Centre | None = Field(description="null = the whole governorate")
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    unit: str
    baseline: float | None = None
    target: float | None = None
    progress: float | None = Field(default=None, description="share of the way baseline->target")
    status: KpiStatus


class KPIOffTrack(KPIUpdated):
    ROUTING_KEY = "monitoring.kpi.off-track.v1"
    TYPE = "monitoring.KPIOffTrack.v1"

    previous_status: KpiStatus | None = None


class FrameworkChanged(Event):
    ROUTING_KEY = "monitoring.framework.changed.v1"
    TYPE = "monitoring.FrameworkChanged.v1"

    item_kind: str = Field(description="pillar | objective | kpi | initiative")
    item_code: str
    change: str = Field(description="created | updated | retired")
    decided_in: str | None = Field(default=None, description="workshop id")
