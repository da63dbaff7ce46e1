"""Tables of the portal schema: one-time sign-in codes and sessions (plus outbox and inbox).

The portal keeps nothing else: registrations, records, measurements and answers live in the
services that own them and are read over their HTTP APIs."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, Table, Text, func
from sqlalchemy.dialects.postgresql import ARRAY

from services.portal.config import SCHEMA
from shared.db import make_metadata
from shared.messaging.tables import add_backbone_tables

metadata = make_metadata(SCHEMA)
outbox, inbox = add_backbone_tables(metadata)

# A code is stored as an HMAC, never in clear; the contact too (the lookup key is its HMAC).
signin_codes = Table(
    "signin_codes",
    metadata,
    Column("code_id", Text, primary_key=True),
    Column("contact_key", Text, nullable=False, index=True),
    Column("code_hash", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("roles", ARRAY(Text), nullable=False),
    Column("association_id", Text),
    Column("name", Text),
    Column("tries", Integer, nullable=False, server_default="0"),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# The cookie carries the session id and its HMAC; the table keeps only the id's hash.
sessions = Table(
    "sessions",
    metadata,
    Column("session_hash", Text, primary_key=True),
    Column("subject", Text, nullable=False),
    Column("roles", ARRAY(Text), nullable=False),
    Column("association_id", Text),
    Column("name", Text),
    Column("csrf", Text, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
