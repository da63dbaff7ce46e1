"""Tables of the assessment schema (SQLAlchemy 2 Core tables on the service's metadata)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Integer,
    LargeBinary,
    SmallInteger,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from services.assessment.config import SCHEMA
from shared.db import make_metadata
from shared.messaging.tables import add_backbone_tables

metadata = make_metadata(SCHEMA)
outbox, inbox = add_backbone_tables(metadata)

# --- forms and submissions (migration 0003)

form_versions = Table(
    "form_versions",
    metadata,
    Column("form_id", Text, primary_key=True),
    Column("version", Text, primary_key=True),
    Column("ordinal", Integer, nullable=False, doc="upload order within the form; latest = max"),
    Column("kind", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("demo", Boolean, nullable=False, server_default="false"),
    Column("definition", JSONB, nullable=False, doc="domain.forms.FormDefinition as JSON"),
    Column("content_hash", Text, nullable=False),
    Column("workbook", LargeBinary, nullable=False, doc="the uploaded .xlsx"),
    Column("uploaded_by", Text, nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

submissions = Table(
    "submissions",
    metadata,
    Column("submission_id", Text, primary_key=True),
    Column("seq", BigInteger, Identity(always=True), nullable=False),
    Column("form_id", Text, nullable=False),
    Column("form_version", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("campaign_id", Text),
    Column("association_id", Text),
    Column("centre", Text),
    Column("answers", JSONB, nullable=False, doc="normalised, non-relevant answers left out"),
    Column("raw_answers", JSONB, nullable=False, doc="as submitted"),
    Column("submitted_by", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ForeignKeyConstraint(
        ["form_id", "form_version"], ["form_versions.form_id", "form_versions.version"]
    ),
)

# --- campaigns and analysis (migration 0004)

campaigns = Table(
    "campaigns",
    metadata,
    Column("campaign_id", Text, primary_key=True),
    Column("form_id", Text, nullable=False),
    Column("form_version", Text, nullable=False),
    Column("title_ar", Text, nullable=False),
    Column("title_en", Text),
    Column("centres", ARRAY(Text), nullable=False),
    Column("audience", Text, nullable=False),
    Column("opens_on", Date, nullable=False),
    Column("closes_on", Date, nullable=False),
    Column("status", Text, nullable=False, server_default="draft"),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("opened_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
)

# A campaign's needs matrix: one row per cell, the aggregate of the cell's statements.
needs = Table(
    "needs",
    metadata,
    Column("campaign_id", Text, primary_key=True),
    Column("centre", Text, primary_key=True),
    Column("sector", Text, primary_key=True),
    Column("severity", Integer, nullable=False),
    Column("people_affected", Integer, nullable=False),
    Column("people_in_need", Integer, nullable=False),
    Column("submissions", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

need_statements = Table(
    "need_statements",
    metadata,
    Column("statement_id", Text, primary_key=True),
    Column("campaign_id", Text, nullable=False),
    Column("centre", Text, nullable=False),
    Column("sector", Text, nullable=False),
    Column("severity", SmallInteger, nullable=False),
    Column("people_in_need", Integer, nullable=False),
    Column("people_affected", Integer, nullable=False),
    Column("main_problems", ARRAY(Text), nullable=False),
    Column("submission_id", Text),
    Column("association_id", Text),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

challenges = Table(
    "challenges",
    metadata,
    Column("submission_id", Text, primary_key=True),
    Column("sector", Text, primary_key=True),
    Column("challenge", Text, primary_key=True),
    Column("campaign_id", Text),
    Column("association_id", Text),
    Column("centre", Text, nullable=False),
)

capacity_assessments = Table(
    "capacity_assessments",
    metadata,
    Column("assessment_id", Text, primary_key=True),
    Column("association_id", Text, nullable=False),
    Column("campaign_id", Text),
    Column("form_id", Text, nullable=False),
    Column("form_version", Text, nullable=False),
    Column("assessed_at", DateTime(timezone=True), nullable=False),
    Column("overall", Float, nullable=False),
    Column("domains", JSONB, nullable=False),
    Column("submitted_by", Text, nullable=False),
)

capacity_scores = Table(
    "capacity_scores",
    metadata,
    Column("assessment_id", ForeignKey("capacity_assessments.assessment_id"), primary_key=True),
    Column("sub_area", Text, primary_key=True),
    Column("domain", Text, nullable=False),
    Column("score", SmallInteger, nullable=False),
    Column("evidence", Text),
)

capacity_actions = Table(
    "capacity_actions",
    metadata,
    Column("action_id", Text, primary_key=True),
    Column("assessment_id", ForeignKey("capacity_assessments.assessment_id"), nullable=False),
    Column("domain", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("owner", Text, nullable=False),
    Column("due_on", Date),
    Column("status", Text, nullable=False, server_default="open"),
    Column("updated_by", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Read model of registry events: which associations work where, for whom, for coverage.
associations = Table(
    "associations",
    metadata,
    Column("association_id", Text, primary_key=True),
    Column("centre", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("centres_served", ARRAY(Text), nullable=False),
    Column("sectors", ARRAY(Text), nullable=False),
    Column("beneficiaries_per_year", Integer, nullable=False, server_default="0"),
    Column("cells", ARRAY(Text), nullable=False, doc='distinct "centre/sector" it works in'),
)

partnerships = Table(
    "partnerships",
    metadata,
    Column("partnership_id", Text, primary_key=True),
    Column("association_id", Text, nullable=False),
    Column("centres", ARRAY(Text), nullable=False),
    Column("sectors", ARRAY(Text), nullable=False),
    Column("starts_on", Date),
    Column("ends_on", Date),
)

gaps = Table(
    "gaps",
    metadata,
    Column("campaign_id", Text, primary_key=True),
    Column("centre", Text, primary_key=True),
    Column("sector", Text, primary_key=True),
    Column("rank", Integer, nullable=False),
    Column("severity", SmallInteger, nullable=False),
    Column("people_in_need", Integer, nullable=False),
    Column("people_reached", BigInteger, nullable=False),
    Column("coverage", Float, nullable=False),
    Column("gap", Integer, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
