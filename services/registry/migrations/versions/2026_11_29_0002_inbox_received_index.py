"""inbox index on received_at, for pruning by age

Revision ID: registry_0002
Revises: registry_0001
Create Date: 2026-11-29
"""

from shared.migrations import create_inbox_received_index, drop_inbox_received_index

revision = "registry_0002"
down_revision = "registry_0001"
branch_labels = None
depends_on = None

SCHEMA = "registry"


def upgrade() -> None:
    create_inbox_received_index(SCHEMA)


def downgrade() -> None:
    drop_inbox_received_index(SCHEMA)
