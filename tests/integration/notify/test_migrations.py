"""The notify migration on its own database: upgrade, downgrade, upgrade (the stairway)."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

from shared.dbsetup import service_url, setup_database
from shared.migrations import downgrade, upgrade
from tests.conftest import ADMIN_URL

TABLES = {"contacts", "subscriptions", "opt_outs", "notifications", "outbox", "inbox"}


async def _tables(url: str) -> set[str]:
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        rows = await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'notify'"
        )
        return {r["table_name"] for r in rows} - {"alembic_version"}
    finally:
        await conn.close()


async def test_stairway_upgrade_downgrade_upgrade():
    name = f"aswan_stairs_{uuid.uuid4().hex[:8]}"
    await setup_database(ADMIN_URL, name, services=("notify",))
    url = service_url(ADMIN_URL, "notify", name)
    try:
        await asyncio.to_thread(upgrade, "notify", url)
        assert await _tables(url) == TABLES
        await asyncio.to_thread(downgrade, "notify", url, "base")
        assert await _tables(url) == set()
        await asyncio.to_thread(upgrade, "notify", url)
        assert await _tables(url) == TABLES
    finally:
        admin = await asyncpg.connect(ADMIN_URL.replace("+asyncpg", ""), database="postgres")
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
