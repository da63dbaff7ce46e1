"""Tables of the registry schema (SQLAlchemy 2 Core tables on the service's metadata)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Integer,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from services.registry.config import SCHEMA
from shared.db import make_metadata
from shared.messaging.tables import add_backbone_tables

metadata = make_metadata(SCHEMA)
outbox, inbox = add_backbone_tables(metadata)


associations = Table(
    "associations",
    metadata,
    Column("association_id", Text, primary_key=True),
    Column("registration_number", Text, nullable=False, unique=True),
    Column("name_ar", Text, nullable=False),
    Column("name_en", Text),
    Column("name_norm", Text, nullable=False, doc="normalise_name(name_ar): duplicates"),
    Column("name_block", Text, nullable=False, doc="block_key(name_norm): screening block"),
    Column("search_text", Text, nullable=False, doc="normalised names + org id: search q"),
    Column("legal_form", Text, nullable=False),
    Column("centre", Text, nullable=False),
    Column("centres_served", ARRAY(Text), nullable=False),
    Column("sectors", ARRAY(Text), nullable=False),
    Column("city", Text),
    Column("village", Text),
    Column("address", Text),
    Column("founded_year", Integer),
    Column("members", Integer),
    Column("staff", Integer),
    Column("volunteers", Integer),
    Column("beneficiaries_per_year", Integer),
    Column("annual_budget_band", Text),
    Column("board_size", Integer),
    Column("contact_phone", Text),
    Column("contact_email", Text),
    Column("status", Text, nullable=False),
    Column("status_reason", Text),
    Column("duplicate_of", Text),
    Column("version", Integer, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

submissions = Table(
    "submissions",
    metadata,
    Column("submission_id", Text, primary_key=True),
    Column("source", Text, nullable=False),
    Column("outcome", Text, nullable=False, doc="registered | rejected"),
    Column("association_id", Text),
    Column("existing_association_id", Text),
    Column("errors", JSONB),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

history = Table(
    "association_history",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("association_id", Text, nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("action", Text, nullable=False, doc="update | verify | suspend | ... | ministry"),
    Column("actor", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("before", JSONB, nullable=False),
    Column("after", JSONB, nullable=False),
    Column("reason", Text),
)

places = Table(
    "places",
    metadata,
    Column("code", Text, primary_key=True),
    Column("kind", Text, nullable=False, doc="governorate | centre | city | local_unit | village"),
    Column("parent_code", Text),
    Column("centre", Text, doc="the centre it lies in (null for the governorate)"),
    Column("name_ar", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

organisations = Table(
    "organisations",
    metadata,
    Column("organisation_id", Text, primary_key=True),
    Column("name_en", Text, nullable=False),
    Column("name_ar", Text),
    Column("kind", Text, nullable=False, doc="foreign_ngo | development_partner | un_agency"),
    Column("country", Text),
    Column("website", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

partnerships = Table(
    "partnerships",
    metadata,
    Column("partnership_id", Text, primary_key=True),
    Column("association_id", Text, nullable=False, index=True),
    Column("organisation_id", Text, nullable=False, index=True),
    Column("kind", Text, nullable=False),
    Column("sectors", ARRAY(Text), nullable=False),
    Column("centres", ARRAY(Text), nullable=False),
    Column("starts_on", Date),
    Column("ends_on", Date),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
