"""initial: outbox, inbox, fsm, submissions, replies, gateway_sends, updates

Revision ID: telegram_bot_0001
Revises:
Create Date: 2026-12-03
"""

from alembic import op

from adapters.telegram_bot.adapters.orm import metadata
from shared.migrations import (
    create_backbone_tables,
    create_inbox_received_index,
    drop_backbone_tables,
)

revision = "telegram_bot_0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "telegram_bot"
TABLES = ("fsm", "submissions", "replies", "gateway_sends", "updates")


def upgrade() -> None:
    create_backbone_tables(SCHEMA)
    create_inbox_received_index(SCHEMA)
    bind = op.get_bind()
    for name in TABLES:
        metadata.tables[f"{SCHEMA}.{name}"].create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for name in reversed(TABLES):
        metadata.tables[f"{SCHEMA}.{name}"].drop(bind)
    drop_backbone_tables(SCHEMA)
