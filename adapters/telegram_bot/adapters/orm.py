"""The bot's tables, in its own schema: what it must remember between updates and restarts."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from adapters.telegram_bot.config import SCHEMA

metadata = sa.MetaData(schema=SCHEMA)

# aiogram's FSM (state + data per chat and user): the conversation survives a restart.
fsm = sa.Table(
    "fsm",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("state", sa.Text),
    sa.Column("data", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)

# Every registration sent from a chat, and what became of it (for the answer and /status).
submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("submission_id", sa.Text, primary_key=True),
    sa.Column("chat_id", sa.BigInteger, nullable=False),
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),  # pending | registered | rejected
    sa.Column("association_id", sa.Text),
    sa.Column("org_id", sa.Text),
    sa.Column("status", sa.Text),
    sa.Column("errors", JSONB),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    sa.Index("ix_submissions_chat", "chat_id", "created_at"),
    sa.Index("ix_submissions_association", "association_id"),
)

# Messages to send, written in the transaction that decided them (the bot's own outbox).
replies = sa.Table(
    "replies",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("key", sa.Text, nullable=False, unique=True),
    sa.Column("chat_id", sa.BigInteger, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("markup", JSONB),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("error", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    sa.Column("sent_at", sa.DateTime(timezone=True)),
    sa.Index("ix_replies_unsent", "id", postgresql_where=sa.text("sent_at IS NULL")),
)

# notify's messages already sent (Idempotency-Key): a re-sent request is answered, not re-sent.
gateway_sends = sa.Table(
    "gateway_sends",
    metadata,
    sa.Column("reference", sa.Text, primary_key=True),
    sa.Column("chat_id", sa.BigInteger, nullable=False),
    sa.Column("message_id", sa.BigInteger),
    sa.Column("sent_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)

# Webhook updates already handled: Telegram re-sends an update it thinks was not received.
updates = sa.Table(
    "updates",
    metadata,
    sa.Column("update_id", sa.BigInteger, primary_key=True),
    sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)
