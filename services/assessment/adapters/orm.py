"""Tables of the assessment schema (SQLAlchemy 2 Core tables on the service's metadata)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, Table, Text, func

from services.assessment.config import SCHEMA
from shared.db import make_metadata
from shared.messaging.tables import add_backbone_tables

metadata = make_metadata(SCHEMA)
outbox, inbox = add_backbone_tables(metadata)

needs = Table(
    "needs",
    metadata,
    Column("campaign_id", Text, primary_key=True),
    Column("centre", Text, primary_key=True),
    Column("sector", Text, primary_key=True),
    Column("severity", Integer, nullable=False),
    Column("people_affected", Integer, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Read model of registry events: which associations work where, for coverage.
associations = Table(
    "associations",
    metadata,
    Column("association_id", Text, primary_key=True),
    Column("centre", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("centres_served", Text, nullable=False, doc="comma list of centre codes"),
    Column("sectors", Text, nullable=False, doc="comma list of sector codes"),
)
