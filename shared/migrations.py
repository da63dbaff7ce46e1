"""Alembic, one migration history per service, its version table inside the service's schema.

A service's ``migrations/env.py`` is two lines: ``run_env(metadata, SCHEMA)``. Migrations run as
the service's own role, so a migration cannot touch another service's schema either.
"""

from __future__ import annotations

import asyncio
from importlib import resources

import sqlalchemy as sa
from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.ext.asyncio import create_async_engine

from shared.dbsetup import package_of
from shared.messaging.tables import inbox_table, outbox_table


def alembic_config(service: str, database_url: str) -> Config:
    cfg = Config()
    location = resources.files(package_of(service)) / "migrations"
    cfg.set_main_option("script_location", str(location))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    cfg.attributes["service"] = service
    return cfg


def upgrade(service: str, database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(service, database_url), revision)


def downgrade(service: str, database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(service, database_url), revision)


def run_env(metadata: MetaData, schema: str) -> None:
    """Body of every service's ``env.py`` (online mode, async engine)."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url

    def _run(connection: sa.Connection) -> None:
        connection.execute(sa.text(f'SET search_path TO "{schema}", public'))
        context.configure(
            connection=connection,
            target_metadata=metadata,
            version_table_schema=schema,
            include_schemas=False,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def _main() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as conn:
            await conn.run_sync(_run)
            await conn.commit()
        await engine.dispose()

    asyncio.run(_main())


def create_backbone_tables(schema: str) -> None:
    """For a service's first migration: its outbox and inbox."""
    meta = MetaData(schema=schema)
    for table in (outbox_table(meta), inbox_table(meta)):
        table.create(op.get_bind())


def drop_backbone_tables(schema: str) -> None:
    op.drop_table("inbox", schema=schema)
    op.drop_table("outbox", schema=schema)


def create_inbox_received_index(schema: str) -> None:
    """The relay prunes inbox rows by age (``INBOX_KEEP_DAYS``): an index, not a table scan."""
    op.create_index("ix_inbox_received_at", "inbox", ["received_at"], schema=schema)


def drop_inbox_received_index(schema: str) -> None:
    op.drop_index("ix_inbox_received_at", "inbox", schema=schema)
