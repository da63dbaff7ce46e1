"""initial: outbox, inbox, contacts read model, subscriptions, opt-outs, notifications

Revision ID: notify_0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from shared.migrations import create_backbone_tables, drop_backbone_tables

revision = "notify_0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "notify"


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(
        name,
        sa.DateTime(timezone=True),
        server_default=None if nullable else sa.func.now(),
        nullable=nullable,
    )


def upgrade() -> None:
    create_backbone_tables(SCHEMA)
    op.create_table(
        "contacts",
        sa.Column("association_id", sa.Text(), nullable=False),
        sa.Column("org_id", sa.Text(), nullable=True),
        sa.Column("name_ar", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("centre", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("bot_chat_id", sa.Text(), nullable=True),
        sa.Column("channel", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), server_default="ar", nullable=False),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("association_id", name="pk_contacts"),
        schema=SCHEMA,
    )
    op.create_table(
        "subscriptions",
        sa.Column("subscription_id", sa.Text(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("event_types", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("centres", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("language", sa.Text(), nullable=False),
        sa.Column("secret", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("subscription_id", name="pk_subscriptions"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_subscriptions_event_types",
        "subscriptions",
        ["event_types"],
        schema=SCHEMA,
        postgresql_using="gin",
    )
    op.create_table(
        "opt_outs",
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("channel", "address", name="pk_opt_outs"),
        schema=SCHEMA,
    )
    op.create_table(
        "notifications",
        sa.Column("notification_id", sa.Text(), nullable=False),
        sa.Column("cause_source", sa.Text(), nullable=False),
        sa.Column("cause_event_id", sa.Text(), nullable=False),
        sa.Column("event_type", sa.Text(), nullable=False),
        sa.Column("template", sa.Text(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("language", sa.Text(), nullable=False),
        sa.Column("subscription_id", sa.Text(), nullable=True),
        sa.Column("centre", sa.Text(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.Column("message_id", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        _ts("next_attempt_at"),
        sa.Column("last_error", sa.Text(), nullable=True),
        _ts("created_at"),
        _ts("sent_at", nullable=True),
        sa.PrimaryKeyConstraint("notification_id", name="pk_notifications"),
        sa.UniqueConstraint("cause_event_id", "recipient", "channel", name="uq_notifications_once"),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed')", name="ck_notifications_status"
        ),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_notifications_due",
        "notifications",
        ["channel", "next_attempt_at"],
        schema=SCHEMA,
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index("ix_notifications_created", "notifications", ["created_at"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("notifications", schema=SCHEMA)
    op.drop_table("opt_outs", schema=SCHEMA)
    op.drop_index("ix_subscriptions_event_types", "subscriptions", schema=SCHEMA)
    op.drop_table("subscriptions", schema=SCHEMA)
    op.drop_table("contacts", schema=SCHEMA)
    drop_backbone_tables(SCHEMA)
