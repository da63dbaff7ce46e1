"""locked_values(): lock (KPI, period) keys, then read their current values, in one round trip;
an index for the outlier history (the latest approved values of a KPI in a scope)

The hot path of arriving measurements takes an advisory lock per (KPI, period) and must read the
current values after it (a change committed by the lock's previous holder must be seen). In READ
COMMITTED a statement reads the snapshot of its start, taken before any lock it waits for; a
query inside a VOLATILE function takes a fresh snapshot when it runs. So a function can take the
locks and then read, in one statement, what needed two round trips.

The outlier check reads the 40 latest approved values of each (KPI, scope): with this index, 40
index entries each, however long the history (it read and sorted all of it: a key with 300
measurements took ~2 ms a statement in bench/monitoring_bench.py).

Revision ID: monitoring_0002
Revises: monitoring_0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "monitoring_0002"
down_revision = "monitoring_0001"
branch_labels = None
depends_on = None

SCHEMA = "monitoring"


def upgrade() -> None:
    op.execute(
        f"""
        CREATE FUNCTION {SCHEMA}.locked_values(locks text[], kpis text[], periods text[])
        RETURNS text LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            -- in key order, so that two transactions never wait on each other in a cycle
            PERFORM count(pg_advisory_xact_lock(hashtext(k)))
            FROM (SELECT k FROM unnest(locks) AS k ORDER BY k) AS keys;
            RETURN (
                SELECT coalesce(json_agg(json_build_array(
                    kpi_code, period, scope, value, numerator, denominator, target, progress,
                    status, origin, measurement_id) ORDER BY updated_at), '[]')::text
                FROM {SCHEMA}.kpi_values
                WHERE (kpi_code, period) IN (SELECT * FROM unnest(kpis, periods))
            );
        END
        $$
        """
    )

    op.create_index(
        "ix_measurements_history",
        "measurements",
        ["kpi_code", "scope", sa.text("submitted_at DESC")],
        schema=SCHEMA,
        postgresql_where=sa.text("status IN ('approved', 'superseded')"),
    )


def downgrade() -> None:
    op.drop_index("ix_measurements_history", "measurements", schema=SCHEMA)
    op.execute(f"DROP FUNCTION {SCHEMA}.locked_values(text[], text[], text[])")
