"""initial: outbox, inbox, framework, measurements, KPI values, workshops, read models,
population reference data

Revision ID: monitoring_0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from shared.migrations import create_backbone_tables, drop_backbone_tables

revision = "monitoring_0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "monitoring"

# Inhabitants per centre (markaz) of Aswan governorate. ESTIMATES rounded to the nearest 10,000,
# in the order of magnitude of the CAPMAS 2017 census; to be replaced by the official CAPMAS
# figures before any published use. The source column says so on every row.
POPULATION_SOURCE = "estimate, order of magnitude of CAPMAS census 2017; replace with official"
POPULATION = [
    ("aswan", 570_000),
    ("daraw", 150_000),
    ("kom_ombo", 390_000),
    ("edfu", 480_000),
    ("nasr_al_nuba", 80_000),
    ("abu_simbel", 30_000),
]


def _now() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def _definition_table(name: str, *columns: sa.Column) -> None:  # type: ignore[type-arg]
    op.create_table(
        name,
        sa.Column("code", sa.Text(), nullable=False),
        *columns,
        sa.Column("definition", JSONB(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=f"pk_{name}"),
        schema=SCHEMA,
    )


def upgrade() -> None:
    create_backbone_tables(SCHEMA)
    op.create_table(
        "framework_meta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_framework_meta"),
        schema=SCHEMA,
    )
    retired = sa.Column("retired", sa.Boolean(), server_default="false", nullable=False)
    _definition_table("pillars", sa.Column("position", sa.Integer(), nullable=False), retired)
    _definition_table(
        "objectives",
        sa.Column("pillar_code", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Boolean(), server_default="false", nullable=False),
    )
    _definition_table(
        "kpis",
        sa.Column("objective_code", sa.Text(), nullable=False),
        sa.Column("pillar_code", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("derived", sa.Text(), nullable=True),
        sa.Column("retired", sa.Boolean(), server_default="false", nullable=False),
    )
    _definition_table("initiatives", _now())
    op.create_table(
        "measurements",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("kpi_code", sa.Text(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("outlier", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("reported_by", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column(
            "submitted_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_comment", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_measurements"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_measurements_kpi_scope",
        "measurements",
        ["kpi_code", "scope", "status"],
        schema=SCHEMA,
    )
    op.create_table(
        "measurement_audit",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("measurement_id", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_measurement_audit"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_measurement_audit_measurement_id",
        "measurement_audit",
        ["measurement_id"],
        schema=SCHEMA,
    )
    op.create_table(
        "kpi_values",
        sa.Column("kpi_code", sa.Text(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("progress", sa.Float(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("measurement_id", sa.Text(), nullable=True),
        _now(),
        sa.PrimaryKeyConstraint("kpi_code", "period", "scope", name="pk_kpi_values"),
        schema=SCHEMA,
    )
    population = op.create_table(
        "population",
        sa.Column("centre", sa.Text(), nullable=False),
        sa.Column("inhabitants", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("centre", name="pk_population"),
        schema=SCHEMA,
    )
    op.bulk_insert(
        population,
        [
            {"centre": c, "inhabitants": n, "year": 2017, "source": POPULATION_SOURCE}
            for c, n in POPULATION
        ],
    )
    op.create_table(
        "associations",
        sa.Column("association_id", sa.Text(), nullable=False),
        sa.Column("name_ar", sa.Text(), nullable=True),
        sa.Column("centre", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("sectors", ARRAY(sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("association_id", name="pk_associations"),
        schema=SCHEMA,
    )
    op.create_table(
        "workshops",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("centre", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("participants", JSONB(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workshops"),
        schema=SCHEMA,
    )
    op.create_table(
        "proposals",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("workshop_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("parent_code", sa.Text(), nullable=True),
        sa.Column("payload", JSONB(), nullable=False),
        sa.Column("proposed_by", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        _now(),
        sa.PrimaryKeyConstraint("id", name="pk_proposals"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    for table in (
        "proposals",
        "workshops",
        "associations",
        "population",
        "kpi_values",
        "measurement_audit",
        "measurements",
        "initiatives",
        "kpis",
        "objectives",
        "pillars",
        "framework_meta",
    ):
        op.drop_table(table, schema=SCHEMA)
    drop_backbone_tables(SCHEMA)
