"""forms, form versions and submissions

Revision ID: assessment_0003
Revises: assessment_0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "assessment_0003"
down_revision = "assessment_0002"
branch_labels = None
depends_on = None

SCHEMA = "assessment"


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
