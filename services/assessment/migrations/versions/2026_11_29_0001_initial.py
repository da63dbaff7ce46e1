"""initial: outbox, inbox, needs, associations read model

Revision ID: assessment_0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from shared.migrations import create_backbone_tables, drop_backbone_tables

revision = "assessment_0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "assessment"


def upgrade() -> None:
    create_backbone_tables(SCHEMA)
    op.create_table(
        "needs",
        sa.Column("campaign_id", sa.Text(), nullable=False),
        sa.Column("centre", sa.Text(), nullable=False),
        sa.Column("sector", sa.Text(), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("people_affected", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("campaign_id", "centre", "sector", name="pk_needs"),
        schema=SCHEMA,
    )
    op.create_table(
        "associations",
        sa.Column("association_id", sa.Text(), nullable=False),
        sa.Column("centre", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("centres_served", sa.Text(), nullable=False),
        sa.Column("sectors", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("association_id", name="pk_associations"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("associations", schema=SCHEMA)
    op.drop_table("needs", schema=SCHEMA)
    drop_backbone_tables(SCHEMA)
