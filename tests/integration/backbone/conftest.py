"""Backbone tests: a test-only service ("harness") built from the shared plumbing, with its own
schema per test, plus the assessment service run as real processes.

They use the session database of ``tests/conftest.py`` (``TEST_SERVICES=assessment`` narrows it
to the only service they need).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import pytest

from tests.integration.backbone.harness import Harness, create_harness_schema


@pytest.fixture
async def pg(admin_db_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A superuser connection to the test database, for assertions."""
    conn = await asyncpg.connect(admin_db_url.replace("+asyncpg", ""))
    yield conn
    await conn.close()


@pytest.fixture
async def make_harness(
    admin_db_url: str, settings_for: Callable[..., Any], uid: str
) -> AsyncIterator[Callable[..., Harness]]:
    """``make_harness(**settings overrides)``: a harness service in schema ``bb_<uid>``."""
    schema = f"bb_{uid}"
    await create_harness_schema(admin_db_url, schema)
    made: list[Harness] = []

    def make(**overrides: Any) -> Harness:
        harness = Harness(settings_for, admin_db_url, schema, **overrides)
        made.append(harness)
        return harness

    yield make
    for harness in made:
        await harness.runtime.engine.dispose()
    conn = await asyncpg.connect(admin_db_url.replace("+asyncpg", ""))
    try:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        await conn.close()
