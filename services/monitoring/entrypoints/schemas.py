"""HTTP models of the monitoring API."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from shared.events.codes import Centre
from shared.text import LocalFloat


class MeasurementCreate(BaseModel):
    kpi_code: str = Field(min_length=1, max_length=64)
    period: str = Field(min_length=4, max_length=16, description="2026 or 2026-Q3")
    centre: Centre | None = Field(default=None, description="null = the governorate")
    value: LocalFloat | None = None
    numerator: LocalFloat | None = None
    denominator: LocalFloat | None = None
    unit: str | None = Field(default=None, description="if given, must be the KPI's unit")
    comment: str | None = Field(default=None, max_length=2000)


class MeasurementPublic(BaseModel):
    id: str
    kpi_code: str
    period: str
    scope: str
    value: float
    numerator: float | None
    denominator: float | None
    status: str
    outlier: bool
    source: str
    reported_by: str
    comment: str | None = None
    decided_by: str | None = None
    decision_comment: str | None = None
    audit: list[dict[str, Any]] | None = None


class Decision(BaseModel):
    comment: str | None = Field(default=None, max_length=2000)


class FrameworkChangesPublic(BaseModel):
    changes: list[dict[str, str]]


class Participant(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    organisation: str | None = Field(default=None, max_length=200)
    role: str | None = Field(default=None, max_length=100)


class WorkshopCreate(BaseModel):
    held_on: date
    centre: Centre
    title: str = Field(min_length=1, max_length=300)
    participants: list[Participant] = Field(default_factory=list)


class ProposalCreate(BaseModel):
    kind: Literal["pillar", "objective", "kpi", "initiative"]
    parent_code: str | None = Field(default=None, description="pillar of an objective, etc.")
    payload: dict[str, Any]
    proposed_by: str = Field(min_length=1, max_length=200)


class ProposalMove(BaseModel):
    to: Literal["discussed", "adopted", "rejected"]
    note: str | None = Field(default=None, max_length=2000)


class CreatedPublic(BaseModel):
    id: str
