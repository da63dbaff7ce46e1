"""Each service's migrations, run as its own role: the "stairway" (every revision upgrades,
downgrades and upgrades again, on a fresh database), the version table inside the service's own
schema, and the isolation of the roles: a service's role can neither read nor create anything in
another service's schema."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import AsyncIterator
from importlib import resources

import asyncpg
import pytest
from alembic.script import ScriptDirectory

from shared.db import asyncpg_dsn
from shared.dbsetup import SERVICES, role_name, service_url, setup_database
from shared.migrations import alembic_config, downgrade, upgrade
from tests.conftest import ADMIN_URL, available_services


def _with_migrations() -> list[str]:
    present = []
    for service in available_services():
        if (resources.files(f"services.{service}") / "migrations" / "env.py").is_file():
            present.append(service)
    return present


MIGRATED = _with_migrations()
ADMIN_DSN = asyncpg_dsn(ADMIN_URL)


@pytest.fixture
async def fresh_database() -> AsyncIterator[str]:
    """A database of its own: roles and schemas of every service, nothing migrated."""
    name = f"aswan_stairs_{uuid.uuid4().hex[:8]}"
    await setup_database(ADMIN_URL, name)
    yield name
    conn = await asyncpg.connect(ADMIN_DSN, database="postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def _revisions(service: str, url: str) -> list[str]:
    """Revision ids from the first to head (a single line of history is required)."""
    script = ScriptDirectory.from_config(alembic_config(service, url))
    heads = script.get_heads()
    assert len(heads) == 1, f"{service}: several heads {heads}: merge them"
    return [rev.revision for rev in reversed(list(script.walk_revisions("base", "heads")))]


async def _tables(database: str, schema: str) -> set[str]:
    conn = await asyncpg.connect(ADMIN_DSN, database=database)
    try:
        rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = $1", schema)
        return {r["tablename"] for r in rows}
    finally:
        await conn.close()


async def _version(database: str, schema: str) -> str | None:
    conn = await asyncpg.connect(ADMIN_DSN, database=database)
    try:
        return await conn.fetchval(f'SELECT version_num FROM "{schema}".alembic_version')
    finally:
        await conn.close()


def test_some_service_has_migrations() -> None:
    assert MIGRATED, "no service with migrations/env.py in this checkout"


@pytest.mark.parametrize("service", MIGRATED)
async def test_stairway_upgrade_downgrade_upgrade(service: str, fresh_database: str) -> None:
    url = service_url(ADMIN_URL, service, fresh_database)
    revisions = _revisions(service, url)
    assert revisions[0] == f"{service}_0001", f"{service}: first revision id {revisions[0]}"
    previous = "base"
    for revision in revisions:
        await asyncio.to_thread(upgrade, service, url, revision)
        assert await _version(fresh_database, service) == revision
        after_up = await _tables(fresh_database, service)
        await asyncio.to_thread(downgrade, service, url, previous)
        if previous == "base":
            assert await _tables(fresh_database, service) == {"alembic_version"}, (
                f"{service}: downgrade to base left tables behind"
            )
        await asyncio.to_thread(upgrade, service, url, revision)
        assert await _tables(fresh_database, service) == after_up
        previous = revision
    # The whole way down and up again.
    await asyncio.to_thread(downgrade, service, url, "base")
    assert await _tables(fresh_database, service) == {"alembic_version"}
    await asyncio.to_thread(upgrade, service, url, "head")
    assert await _version(fresh_database, service) == revisions[-1]
    assert {"outbox", "inbox"} <= await _tables(fresh_database, service)


@pytest.mark.parametrize("service", MIGRATED)
async def test_version_table_lives_in_the_service_schema(service: str, database: str) -> None:
    conn = await asyncpg.connect(ADMIN_DSN, database=database)
    try:
        schemas = await conn.fetch(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'alembic_version'"
        )
        owner = await conn.fetchval(
            "SELECT tableowner FROM pg_tables WHERE schemaname = $1 AND tablename = 'outbox'",
            service,
        )
    finally:
        await conn.close()
    assert service in {r["table_schema"] for r in schemas}
    assert "public" not in {r["table_schema"] for r in schemas}
    assert owner == role_name(service), "migrations must run as the service's own role"


PAIRS = [(x, y) for x, y in itertools.permutations(SERVICES, 2) if x in MIGRATED]


@pytest.mark.parametrize("own,other", PAIRS)
async def test_a_role_is_denied_on_another_service_schema(
    own: str, other: str, database: str
) -> None:
    """Roles and schemas exist for every service (the set-up makes them all); the other
    service's tables exist too when it is present in this checkout."""
    conn = await asyncpg.connect(asyncpg_dsn(service_url(ADMIN_URL, own, database)))
    try:
        assert await conn.fetchval("SELECT current_user") == role_name(own)
        # Positive control: its own schema is fully usable.
        await conn.fetchval(f'SELECT count(*) FROM "{own}".outbox')
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetchval(f'SELECT count(*) FROM "{other}".outbox')
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(f'CREATE TABLE "{other}".intruder_{own} (id int)')
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(f"INSERT INTO \"{other}\".inbox VALUES ('x', 'y', 'z')")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(f"CREATE TABLE public.intruder_{own} (id int)")
    finally:
        await conn.close()
