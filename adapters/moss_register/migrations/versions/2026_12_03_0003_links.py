"""links: the ministry's reference per association, in a table only the pusher writes (so that
a push round and a consumer batch never lock the same rows in opposite orders)

Revision ID: moss_register_0003
Revises: moss_register_0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "moss_register_0003"
down_revision = "moss_register_0002"
branch_labels = None
depends_on = None

SCHEMA = "moss_register"


def upgrade() -> None:
    op.create_table(
        "links",
        sa.Column("association_id", sa.Text, primary_key=True),
        sa.Column("ministry_reference", sa.Text, nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), server_default=sa.text("now()")),
        schema=SCHEMA,
    )
    op.drop_column("associations", "ministry_reference", schema=SCHEMA)
    op.drop_column("associations", "linked_at", schema=SCHEMA)


def downgrade() -> None:
    op.add_column("associations", sa.Column("linked_at", sa.DateTime(timezone=True)), schema=SCHEMA)
    op.add_column("associations", sa.Column("ministry_reference", sa.Text), schema=SCHEMA)
    op.drop_table("links", schema=SCHEMA)
