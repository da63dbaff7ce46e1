"""inbox index on received_at, for pruning by age

Revision ID: monitoring_0003
Revises: monitoring_0002
Create Date: 2026-11-29
"""

from shared.migrations import create_inbox_received_index, drop_inbox_received_index

revision = "monitoring_0003"
down_revision = "monitoring_0002"
branch_labels = None
depends_on = None

SCHEMA = "monitoring"


def upgrade() -> None:
    create_inbox_received_index(SCHEMA)


def downgrade() -> None:
    drop_inbox_received_index(SCHEMA)
