"""The adapter's tables, in its own schema."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from adapters.moss_register.config import SCHEMA

metadata = sa.MetaData(schema=SCHEMA)

# One row per registry event to push, in arrival order (seq); per association the oldest pending
# goes first and the next waits for it.
pushes = sa.Table(
    "pushes",
    metadata,
    sa.Column("seq", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("event_id", sa.Text, nullable=False, unique=True),
    sa.Column("association_id", sa.Text, nullable=False),
    sa.Column("envelope", JSONB, nullable=False),  # the CloudEvent, for the dead letter
    sa.Column("routing_key", sa.Text, nullable=False),
    sa.Column("body", JSONB, nullable=False),  # the mapped notification
    sa.Column("state", sa.Text, nullable=False, server_default="pending"),  # pending|sent|dead
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    sa.Column("last_error", sa.Text),
    sa.Column("ministry_reference", sa.Text),
    sa.Column("done_at", sa.DateTime(timezone=True)),
    sa.Index(
        "ix_pushes_pending", "association_id", "seq", postgresql_where=sa.text("state = 'pending'")
    ),
)

# What the adapter knows of each association: its number (events after the registration do not
# carry it) and its status here.
associations = sa.Table(
    "associations",
    metadata,
    sa.Column("association_id", sa.Text, primary_key=True),
    sa.Column("registration_number", sa.Text, nullable=False),
    sa.Column("status", sa.Text),
    sa.Index("ix_associations_number", "registration_number"),
)

# The ministry's reference of each association, written only by the pusher.
links = sa.Table(
    "links",
    metadata,
    sa.Column("association_id", sa.Text, primary_key=True),
    sa.Column("ministry_reference", sa.Text, nullable=False),
    sa.Column("linked_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)

# The ministry's decisions taken in (webhook or extract), once each (key: number, status,
# reference, date).
decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("registration_number", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("reference", sa.Text, nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)

# Extracts already read (by content hash): the same file twice changes nothing.
extracts = sa.Table(
    "extracts",
    metadata,
    sa.Column("content_hash", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)

# The reconciliation report: rows that could not be parsed or matched, with why.
problems = sa.Table(
    "problems",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("row_no", sa.Integer, nullable=False),
    sa.Column("raw", JSONB, nullable=False),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("reason_ar", sa.Text, nullable=False),
    sa.Column("reason_en", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)
