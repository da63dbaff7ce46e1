"""Tables of the notify schema (SQLAlchemy 2 Core tables on the service's metadata)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY

from services.notify.config import SCHEMA
from shared.db import make_metadata
from shared.messaging.tables import add_backbone_tables

metadata = make_metadata(SCHEMA)
outbox, inbox = add_backbone_tables(metadata)

# Read model of registry events: how to reach each association (no calls to registry).
contacts = Table(
    "contacts",
    metadata,
    Column("association_id", Text, primary_key=True),
    Column("org_id", Text, nullable=True),
    Column("name_ar", Text, nullable=False),
    Column("name_en", Text, nullable=True),
    Column("centre", Text, nullable=True),
    Column("status", Text, nullable=True),
    Column("email", Text, nullable=True),
    Column("phone", Text, nullable=True),
    Column("bot_chat_id", Text, nullable=True),
    Column("channel", Text, nullable=True, doc="portal | bot: where the association came from"),
    Column("language", Text, nullable=False, server_default="ar"),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("subscription_id", Text, primary_key=True),
    Column("recipient", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("address", Text, nullable=False),
    Column("event_types", ARRAY(Text), nullable=False),
    Column("centres", ARRAY(Text), nullable=False, doc="empty = every centre"),
    Column("language", Text, nullable=False),
    Column("secret", Text, nullable=True, doc="webhook HMAC key"),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_subscriptions_event_types", "event_types", postgresql_using="gin"),
)

# Addresses that used an unsubscribe link of a message sent to an association contact.
opt_outs = Table(
    "opt_outs",
    metadata,
    Column("channel", Text, primary_key=True),
    Column("address", Text, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

notifications = Table(
    "notifications",
    metadata,
    Column("notification_id", Text, primary_key=True),
    Column("cause_source", Text, nullable=False),
    Column("cause_event_id", Text, nullable=False),
    Column("event_type", Text, nullable=False),
    Column("template", Text, nullable=False),
    Column("recipient", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("address", Text, nullable=False),
    Column("language", Text, nullable=False),
    Column("subscription_id", Text, nullable=True),
    Column("centre", Text, nullable=True),
    Column("subject", Text, nullable=True),
    Column("body_text", Text, nullable=False),
    Column("body_html", Text, nullable=True),
    Column("payload", LargeBinary, nullable=True, doc="webhook body: the cause CloudEvent"),
    Column("message_id", Text, nullable=True, doc="deterministic email Message-ID"),
    Column("status", Text, nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("cause_event_id", "recipient", "channel", name="uq_notifications_once"),
    Index(
        "ix_notifications_due",
        "channel",
        "next_attempt_at",
        postgresql_where=text("status = 'pending'"),
    ),
    Index("ix_notifications_created", "created_at"),
)
