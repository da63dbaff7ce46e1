"""Tables of the monitoring schema (SQLAlchemy 2 Core tables on the service's metadata).

Framework items keep their full definition as JSONB (validated by the domain's pydantic models on
the way in and out) beside the columns that are queried.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from services.monitoring.config import SCHEMA
from shared.db import make_metadata
from shared.messaging.tables import add_backbone_tables

metadata = make_metadata(SCHEMA)
outbox, inbox = add_backbone_tables(metadata)


def _now(name: str) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=False, server_default=func.now())


framework_meta = Table(
    "framework_meta",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("demo", Boolean, nullable=False),
)
pillars = Table(
    "pillars",
    metadata,
    Column("code", Text, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("definition", JSONB, nullable=False),
    Column("retired", Boolean, nullable=False, server_default="false"),
)
objectives = Table(
    "objectives",
    metadata,
    Column("code", Text, primary_key=True),
    Column("pillar_code", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("definition", JSONB, nullable=False),
    Column("retired", Boolean, nullable=False, server_default="false"),
)
kpis = Table(
    "kpis",
    metadata,
    Column("code", Text, primary_key=True),
    Column("objective_code", Text, nullable=False),
    Column("pillar_code", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("derived", Text),
    Column("definition", JSONB, nullable=False),
    Column("retired", Boolean, nullable=False, server_default="false"),
)
initiatives = Table(
    "initiatives",
    metadata,
    Column("code", Text, primary_key=True),
    Column("definition", JSONB, nullable=False),
    _now("updated_at"),
)
measurements = Table(
    "measurements",
    metadata,
    Column("id", Text, primary_key=True),
    Column("kpi_code", Text, nullable=False),
    Column("period", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("status", Text, nullable=False),
    Column("outlier", Boolean, nullable=False),
    Column("source", Text, nullable=False),
    Column("reported_by", Text, nullable=False),
    Column("comment", Text),
    _now("submitted_at"),
    Column("decided_by", Text),
    Column("decided_at", DateTime(timezone=True)),
    Column("decision_comment", Text),
)
measurement_audit = Table(
    "measurement_audit",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("measurement_id", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("comment", Text),
    _now("at"),
)
kpi_values = Table(
    "kpi_values",
    metadata,
    Column("kpi_code", Text, primary_key=True),
    Column("period", Text, primary_key=True),
    Column("scope", Text, primary_key=True),
    Column("value", Float),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("target", Float),
    Column("progress", Float),
    Column("status", Text, nullable=False),
    Column("origin", Text, nullable=False, doc="measured | aggregated | derived"),
    Column("measurement_id", Text),
    _now("updated_at"),
)
population = Table(
    "population",
    metadata,
    Column("centre", Text, primary_key=True),
    Column("inhabitants", Integer, nullable=False),
    Column("year", Integer, nullable=False),
    Column("source", Text, nullable=False),
)
associations = Table(
    "associations",
    metadata,
    Column("association_id", Text, primary_key=True),
    Column("name_ar", Text),
    Column("centre", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("sectors", ARRAY(Text), nullable=False),
    Column("centres_served", ARRAY(Text), nullable=False, server_default=text("'{}'")),
)
workshops = Table(
    "workshops",
    metadata,
    Column("id", Text, primary_key=True),
    Column("held_on", Date, nullable=False),
    Column("centre", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("participants", JSONB, nullable=False),
    Column("created_by", Text, nullable=False),
)
proposals = Table(
    "proposals",
    metadata,
    Column("id", Text, primary_key=True),
    Column("workshop_id", Text, nullable=False),
    Column("kind", Text, nullable=False, doc="pillar | objective | kpi | initiative"),
    Column("parent_code", Text, doc="pillar of an objective, objective of a KPI"),
    Column("payload", JSONB, nullable=False),
    Column("proposed_by", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("decided_by", Text),
    Column("decision_note", Text),
    _now("updated_at"),
)
# Read models of the assessment service's events (derived KPIs) and the starter's record.
capacity_scores = Table(
    "capacity_scores",
    metadata,
    Column("association_id", Text, primary_key=True),
    Column("assessment_id", Text),
    Column("overall", Float, nullable=False),
    Column("scored_at", DateTime(timezone=True), nullable=False),
)
needs = Table(
    "needs",
    metadata,
    Column("campaign_id", Text, primary_key=True),
    Column("centre", Text, primary_key=True),
    Column("sector", Text, primary_key=True),
    Column("severity", Integer, nullable=False),
    Column("people_in_need", Integer, nullable=False),
    Column("people_affected", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
gap_analyses = Table(
    "gap_analyses",
    metadata,
    Column("campaign_id", Text, primary_key=True),
    Column("published_at", DateTime(timezone=True), nullable=False),
)
gap_rows = Table(
    "gap_rows",
    metadata,
    Column("campaign_id", Text, primary_key=True),
    Column("centre", Text, primary_key=True),
    Column("sector", Text, primary_key=True),
    Column("severity", Integer, nullable=False),
    Column("people_in_need", Integer, nullable=False),
    Column("people_reached", Integer, nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
)
starter = Table(
    "starter",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Text, nullable=False),
    Column("loaded", Boolean, nullable=False, doc="false: a framework was there, left alone"),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)
