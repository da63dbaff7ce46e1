from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from services.monitoring.config import MonitoringSettings
from shared.dbsetup import service_url, setup_database
from shared.migrations import upgrade
from tests.conftest import ADMIN_URL
from tests.integration.monitoring.conftest import app  # noqa: F401 - the same app fixture


@pytest.fixture
async def fresh_settings(settings_for: Any) -> AsyncIterator[MonitoringSettings]:
    """Monitoring settings on a database of its own (a fresh platform's)."""
    name = f"aswan_e2e_{uuid.uuid4().hex[:8]}"
    await setup_database(ADMIN_URL, name, ("monitoring",))
    url = service_url(ADMIN_URL, "monitoring", name)
    await asyncio.to_thread(upgrade, "monitoring", url)
    try:
        yield settings_for(MonitoringSettings, database_url=url)
    finally:
        server = await asyncpg.connect(ADMIN_URL.replace("+asyncpg", ""), database="postgres")
        await server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await server.close()
