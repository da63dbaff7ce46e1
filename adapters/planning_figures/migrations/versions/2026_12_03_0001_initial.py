"""initial: outbox, inbox, files, problems

Revision ID: planning_figures_0001
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

revision = "planning_figures_0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "planning_figures"
NOW = sa.text("now()")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    create_backbone_tables(SCHEMA)
    create_inbox_received_index(SCHEMA)
    op.create_table(
        "files",
        sa.Column("content_hash", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("created_at", TS, server_default=NOW),
        schema=SCHEMA,
    )
    op.create_table(
        "problems",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("row_no", sa.Integer, nullable=False),
        sa.Column("raw", JSONB, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("reason_ar", sa.Text, nullable=False),
        sa.Column("reason_en", sa.Text, nullable=False),
        sa.Column("created_at", TS, server_default=NOW),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("problems", schema=SCHEMA)
    op.drop_table("files", schema=SCHEMA)
    drop_backbone_tables(SCHEMA)
