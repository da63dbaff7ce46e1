"""decisions, extracts, problems: the ministry's decisions taken in

Revision ID: moss_register_0002
Revises: moss_register_0001
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "moss_register_0002"
down_revision = "moss_register_0001"
branch_labels = None
depends_on = None

SCHEMA = "moss_register"
NOW = sa.text("now()")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("registration_number", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("decided_at", TS, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_at", TS, server_default=NOW),
        schema=SCHEMA,
    )
    op.create_table(
        "extracts",
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
    for name in ("problems", "extracts", "decisions"):
        op.drop_table(name, schema=SCHEMA)
