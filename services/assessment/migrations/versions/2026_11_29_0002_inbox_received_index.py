"""inbox index on received_at, for pruning by age

Revision ID: assessment_0002
Revises: assessment_0001
Create Date: 2026-11-29
"""

from shared.migrations import create_inbox_received_index, drop_inbox_received_index

revision = "assessment_0002"
down_revision = "assessment_0001"
branch_labels = None
depends_on = None

SCHEMA = "assessment"


def upgrade() -> None:
    create_inbox_received_index(SCHEMA)


def downgrade() -> None:
    drop_inbox_received_index(SCHEMA)
