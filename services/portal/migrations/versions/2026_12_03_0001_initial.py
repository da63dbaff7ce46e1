"""initial: outbox, inbox, sign-in codes, sessions

Revision ID: portal_0001
Revises:
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

from shared.migrations import (
    create_backbone_tables,
    create_inbox_received_index,
    drop_backbone_tables,
)

revision = "portal_0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "portal"


def _when(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    create_backbone_tables(SCHEMA)
    create_inbox_received_index(SCHEMA)
    op.create_table(
        "signin_codes",
        sa.Column("code_id", sa.Text(), primary_key=True),
        sa.Column("contact_key", sa.Text(), nullable=False),
        sa.Column("code_hash", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("roles", ARRAY(sa.Text()), nullable=False),
        sa.Column("association_id", sa.Text()),
        sa.Column("name", sa.Text()),
        sa.Column("tries", sa.Integer(), nullable=False, server_default="0"),
        _when("expires_at", nullable=False),
        _when("used_at"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        schema=SCHEMA,
    )  # fmt: skip
    op.create_index("ix_signin_codes_contact_key", "signin_codes", ["contact_key"], schema=SCHEMA)
    op.create_table(
        "sessions",
        sa.Column("session_hash", sa.Text(), primary_key=True),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("roles", ARRAY(sa.Text()), nullable=False),
        sa.Column("association_id", sa.Text()),
        sa.Column("name", sa.Text()),
        sa.Column("csrf", sa.Text(), nullable=False),
        _when("expires_at", nullable=False),
        _when("ended_at"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        schema=SCHEMA,
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("sessions", schema=SCHEMA)
    op.drop_table("signin_codes", schema=SCHEMA)
    op.drop_index("ix_inbox_received_at", "inbox", schema=SCHEMA)
    drop_backbone_tables(SCHEMA)
