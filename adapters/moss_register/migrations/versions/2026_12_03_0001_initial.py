"""initial: outbox, inbox, pushes, associations

Revision ID: moss_register_0001
Revises:
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from shared.migrations import (
    create_backbone_tables,
    create_inbox_received_index,
    drop_backbone_tables,
)

revision = "moss_register_0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "moss_register"
NOW = sa.text("now()")


def upgrade() -> None:
    create_backbone_tables(SCHEMA)
    create_inbox_received_index(SCHEMA)
    op.create_table(
        "pushes",
        sa.Column("seq", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("event_id", sa.Text, nullable=False, unique=True),
        sa.Column("association_id", sa.Text, nullable=False),
        sa.Column("envelope", JSONB, nullable=False),
        sa.Column("routing_key", sa.Text, nullable=False),
        sa.Column("body", JSONB, nullable=False),
        sa.Column("state", sa.Text, nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), server_default=NOW),
        sa.Column("last_error", sa.Text),
        sa.Column("ministry_reference", sa.Text),
        sa.Column("done_at", sa.DateTime(timezone=True)),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_pushes_pending", "pushes", ["association_id", "seq"], schema=SCHEMA,
        postgresql_where=sa.text("state = 'pending'"),
    )  # fmt: skip
    op.create_table(
        "associations",
        sa.Column("association_id", sa.Text, primary_key=True),
        sa.Column("registration_number", sa.Text, nullable=False),
        sa.Column("ministry_reference", sa.Text),
        sa.Column("status", sa.Text),
        sa.Column("linked_at", sa.DateTime(timezone=True)),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_associations_number", "associations", ["registration_number"], schema=SCHEMA
    )


def downgrade() -> None:
    op.drop_table("associations", schema=SCHEMA)
    op.drop_table("pushes", schema=SCHEMA)
    drop_backbone_tables(SCHEMA)
