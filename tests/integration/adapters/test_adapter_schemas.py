"""Each adapter's schema: its migrations upgrade, downgrade and upgrade again as its own role on
a fresh database, and its role can reach no service's schema (nor a service's role its own)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from shared.db import asyncpg_dsn
from shared.dbsetup import ADAPTERS, service_url, setup_database
from shared.migrations import downgrade, upgrade
from tests.conftest import ADMIN_URL

ADMIN_DSN = asyncpg_dsn(ADMIN_URL)


@pytest.fixture
async def fresh_database() -> AsyncIterator[str]:
    name = f"aswan_adapters_{uuid.uuid4().hex[:8]}"
    await setup_database(ADMIN_URL, name)
    yield name
    conn = await asyncpg.connect(ADMIN_DSN, database="postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def _tables(database: str, schema: str) -> set[str]:
    conn = await asyncpg.connect(ADMIN_DSN, database=database)
    try:
        rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = $1", schema)
    finally:
        await conn.close()
    return {r[0] for r in rows}


@pytest.mark.parametrize("adapter", ADAPTERS)
async def test_migrations_go_up_down_and_up_as_the_adapters_role(fresh_database, adapter):
    url = service_url(ADMIN_URL, adapter, fresh_database)
    await asyncio.to_thread(upgrade, adapter, url)
    tables = await _tables(fresh_database, adapter)
    assert {"outbox", "inbox", "alembic_version"} <= tables
    await asyncio.to_thread(downgrade, adapter, url, "base")
    assert await _tables(fresh_database, adapter) == {"alembic_version"}
    await asyncio.to_thread(upgrade, adapter, url)
    assert await _tables(fresh_database, adapter) == tables


@pytest.mark.parametrize("adapter", ADAPTERS)
async def test_an_adapters_role_reaches_no_service_schema(database, adapter):
    own = await asyncpg.connect(asyncpg_dsn(service_url(ADMIN_URL, adapter, database)))
    registry = await asyncpg.connect(asyncpg_dsn(service_url(ADMIN_URL, "registry", database)))
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await own.fetch("SELECT * FROM registry.associations LIMIT 1")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await own.execute("CREATE TABLE registry.intruder (x int)")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await registry.fetch(f"SELECT * FROM {adapter}.outbox LIMIT 1")
        assert await own.fetchval("SELECT count(*) FROM outbox") >= 0
    finally:
        await own.close()
        await registry.close()
