"""The adapter's tables: files already read, and the rows refused (with why)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from adapters.planning_figures.config import SCHEMA

metadata = sa.MetaData(schema=SCHEMA)

files = sa.Table(
    "files",
    metadata,
    sa.Column("content_hash", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)

problems = sa.Table(
    "problems",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("row_no", sa.Integer, nullable=False),
    sa.Column("raw", JSONB, nullable=False),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("reason_ar", sa.Text, nullable=False),
    sa.Column("reason_en", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)
