"""read models of the assessment service's events (capacity scores, needs, gap analyses), the
starter-framework record, and the population's source label

Revision ID: monitoring_0004
Revises: monitoring_0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "monitoring_0004"
down_revision = "monitoring_0003"
branch_labels = None
depends_on = None

SCHEMA = "monitoring"

OLD_SOURCE = "estimate, order of magnitude of CAPMAS census 2017; replace with official"
# The figures stay those of 0001 (rounded estimates); no sourced per-centre figure was found
# that maps one to one onto the six centres, so every row says so.
NEW_SOURCE = (
    "estimate: approximate, to be confirmed by the governorate "
    "(order of magnitude of the CAPMAS 2017 census)"
)


def _at(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "capacity_scores",
        sa.Column("association_id", sa.Text(), nullable=False),
        sa.Column("assessment_id", sa.Text(), nullable=True),
        sa.Column("overall", sa.Float(), nullable=False),
        _at("scored_at"),
        sa.PrimaryKeyConstraint("association_id", name="pk_capacity_scores"),
        schema=SCHEMA,
    )
    op.create_table(
        "needs",
        sa.Column("campaign_id", sa.Text(), nullable=False),
        sa.Column("centre", sa.Text(), nullable=False),
        sa.Column("sector", sa.Text(), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("people_in_need", sa.Integer(), nullable=False),
        sa.Column("people_affected", sa.Integer(), nullable=False),
        _at("updated_at"),
        sa.PrimaryKeyConstraint("campaign_id", "centre", "sector", name="pk_needs"),
        schema=SCHEMA,
    )
    op.create_table(
        "gap_analyses",
        sa.Column("campaign_id", sa.Text(), nullable=False),
        _at("published_at"),
        sa.PrimaryKeyConstraint("campaign_id", name="pk_gap_analyses"),
        schema=SCHEMA,
    )
    op.create_table(
        "gap_rows",
        sa.Column("campaign_id", sa.Text(), nullable=False),
        sa.Column("centre", sa.Text(), nullable=False),
        sa.Column("sector", sa.Text(), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("people_in_need", sa.Integer(), nullable=False),
        sa.Column("people_reached", sa.Integer(), nullable=False),
        _at("published_at"),
        sa.PrimaryKeyConstraint("campaign_id", "centre", "sector", name="pk_gap_rows"),
        schema=SCHEMA,
    )
    op.create_table(
        "starter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Text(), nullable=False),
        sa.Column("loaded", sa.Boolean(), nullable=False),
        _at("decided_at"),
        sa.PrimaryKeyConstraint("id", name="pk_starter"),
        schema=SCHEMA,
    )
    op.execute(
        sa.text(f"UPDATE {SCHEMA}.population SET source = :new WHERE source = :old").bindparams(
            new=NEW_SOURCE, old=OLD_SOURCE
        )
    )


def downgrade() -> None:
    op.execute(
        sa.text(f"UPDATE {SCHEMA}.population SET source = :old WHERE source = :new").bindparams(
            new=NEW_SOURCE, old=OLD_SOURCE
        )
    )
    for table in ("starter", "gap_rows", "gap_analyses", "needs", "capacity_scores"):
        op.drop_table(table, schema=SCHEMA)
