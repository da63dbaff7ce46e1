"""campaigns, needs, challenges, capacity and gaps

Revision ID: assessment_0004
Revises: assessment_0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "assessment_0004"
down_revision = "assessment_0003"
branch_labels = None
depends_on = None

SCHEMA = "assessment"


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
