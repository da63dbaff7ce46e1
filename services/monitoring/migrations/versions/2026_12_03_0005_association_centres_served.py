"""the centres each association serves, in monitoring's read model of associations: an
association reports measurements only for the centres it serves

Revision ID: monitoring_0005
Revises: monitoring_0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "monitoring_0005"
down_revision = "monitoring_0004"
branch_labels = None
depends_on = None

SCHEMA = "monitoring"


def upgrade() -> None:
    op.add_column(
        "associations",
        sa.Column(
            "centres_served",
            postgresql.ARRAY(sa.Text()),
            nullable=False,
            server_default=sa.text("'{}'"),
        ),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_column("associations", "centres_served", schema=SCHEMA)
