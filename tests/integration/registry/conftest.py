"""Fixtures of the registry's integration tests: the app on this test's bus, a direct database
connection (as the registry's own role) to look at what was stored, and submission builders."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import pytest

from services.registry.bootstrap import build
from services.registry.config import RegistrySettings


@pytest.fixture
def app(settings_for):
    return build(settings_for(RegistrySettings))


@pytest.fixture
async def db(db_url) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(db_url("registry").replace("+asyncpg", ""))
    yield conn
    await conn.close()


@pytest.fixture
def number() -> Callable[[], str]:
    """A registration number no other test uses."""
    return lambda: str(random.randint(10**9, 10**11))


@pytest.fixture
def submission(number) -> Callable[..., dict[str, Any]]:
    def make(**overrides: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name_ar": f"جمعية تنمية المجتمع رقم {random.randint(1, 10**9)}",
            "name_en": "Community development association",
            "registration_number": number(),
            "legal_form": "association",
            "centre": "edfu",
            "sectors": ["health", "education"],
            "centres_served": ["edfu"],
        }
        data.update(overrides)
        return data

    return make
