"""The strategy framework: pillars (محاور) -> objectives -> KPIs, and initiatives.

Pydantic models so that the same definitions validate a YAML/JSON import and an HTTP body.
Invariants: percentages are never summed (a percent KPI aggregates by ratio of sums when it has
numerator and denominator, else by average), targets name a valid period of the KPI's type (or
a year, for a quarterly KPI), codes are unique.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.monitoring.domain.periods import PeriodType, parse_period
from shared.events.codes import Centre

CODE = r"^[A-Za-z0-9_.\-]{1,64}$"
GOVERNORATE = "governorate"


class Measure(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    RATIO = "ratio"
    CURRENCY = "currency"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class Aggregation(StrEnum):
    SUM = "sum"
    AVERAGE = "average"
    LAST = "last"
    RATIO_OF_SUMS = "ratio_of_sums"


class Derivation(StrEnum):
    """KPIs computed from other services' events instead of reported."""

    REGISTERED_ASSOCIATIONS = "registered_associations"
    VERIFIED_SHARE = "verified_share"
    ACTIVE_PER_10K = "active_per_10k"
    # from the assessment service's events
    CAPACITY_SHARE = "capacity_share"  # share of assessed associations scoring 3 or more
    CAPACITY_AVERAGE = "capacity_average"  # mean of their latest overall scores (1-4)
    PEOPLE_IN_NEED = "people_in_need"  # a sector's, or a centre's largest over its sectors
    NEEDS_COVERAGE = "needs_coverage"  # people reached / people in need of one sector


class _Item(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Target(_Item):
    period: str
    value: float
    centre: Centre | None = Field(default=None, description="null = the governorate")

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        period = parse_period(value)
        if period is None:
            raise ValueError("period must be a year (2030) or a quarter (2030-Q2)")
        return str(period)

    @property
    def scope(self) -> str:
        return self.centre.value if self.centre else GOVERNORATE


class Kpi(_Item):
    code: str = Field(pattern=CODE)
    name_ar: str = Field(min_length=1)
    name_en: str | None = None
    unit: str = Field(min_length=1, max_length=32)
    measure: Measure
    direction: Direction = Direction.INCREASE
    aggregation: Aggregation
    period_type: PeriodType = PeriodType.YEAR
    vision2030: str | None = Field(default=None, description="Egypt Vision 2030 dimension")
    sdg_targets: list[str] = Field(default_factory=list, description="e.g. 4.1, 5.5")
    baseline_period: str | None = None
    baseline_value: float | None = None
    targets: list[Target] = Field(default_factory=list)
    min_value: float | None = None
    max_value: float | None = None
    owner: str | None = None
    derived: Derivation | None = None
    derived_sector: str | None = None

    @model_validator(mode="after")
    def _invariants(self) -> Kpi:
        if self.measure is Measure.PERCENT and self.aggregation is Aggregation.SUM:
            raise ValueError(f"{self.code}: percentages are never summed (use ratio_of_sums)")
        if self.derived is Derivation.NEEDS_COVERAGE and not self.derived_sector:
            raise ValueError(f"{self.code}: needs_coverage is per sector (set derived_sector)")
        if (self.baseline_period is None) != (self.baseline_value is None):
            raise ValueError(f"{self.code}: a baseline needs both its period and its value")
        if self.baseline_period is not None and parse_period(self.baseline_period) is None:
            raise ValueError(f"{self.code}: baseline_period is not a year or a quarter")
        for target in self.targets:
            period = parse_period(target.period)
            if self.period_type is PeriodType.YEAR and period and period.quarter:
                raise ValueError(f"{self.code}: a yearly KPI takes yearly targets")
        return self

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        low = self.min_value if self.min_value is not None else 0.0
        high = self.max_value
        if high is None and self.measure is Measure.PERCENT:
            high = 100.0
        return low, high


class Objective(_Item):
    code: str = Field(pattern=CODE)
    name_ar: str = Field(min_length=1)
    name_en: str | None = None
    kpis: list[Kpi] = Field(default_factory=list)


class Pillar(_Item):
    code: str = Field(pattern=CODE)
    name_ar: str = Field(min_length=1)
    name_en: str | None = None
    objectives: list[Objective] = Field(default_factory=list)


class Initiative(_Item):
    code: str = Field(pattern=CODE)
    name_ar: str = Field(min_length=1)
    name_en: str | None = None
    lead: str = Field(min_length=1, description="lead organisation (association id or agency)")
    partners: list[str] = Field(default_factory=list, description="association ids")
    agencies: list[str] = Field(default_factory=list, description="government agencies")
    budget: float | None = Field(default=None, ge=0)
    currency: str = "EGP"
    starts: str | None = None
    ends: str | None = None
    kpi_codes: list[str] = Field(default_factory=list)


class Framework(_Item):
    """The whole framework document (import/export)."""

    title: str = "Aswan 2040"
    demo: bool = Field(default=False, description="true: demonstration data, not the strategy")
    pillars: list[Pillar] = Field(default_factory=list)
    initiatives: list[Initiative] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_codes(self) -> Framework:
        codes = [p.code for p in self.pillars]
        codes += [o.code for p in self.pillars for o in p.objectives]
        codes += [k.code for p in self.pillars for o in p.objectives for k in o.kpis]
        dupes = {c for c in codes if codes.count(c) > 1}
        if dupes:
            raise ValueError(f"codes used twice: {', '.join(sorted(dupes))}")
        return self
