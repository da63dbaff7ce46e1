"""Fixtures shared by every tier. Integration tests use the real PostgreSQL and RabbitMQ of
this machine (or of CI): a fresh database per test session, made by the real set-up command and
the real migrations; a fresh exchange and queue names per test, deleted afterwards."""

from __future__ import annotations

import asyncio
import os
import secrets
import uuid
from collections.abc import AsyncIterator, Callable
from importlib import util
from typing import Any

import aio_pika
import asyncpg
import pytest

from shared.auth import TokenCodec
from shared.dbsetup import ADAPTERS, SERVICES, service_url, setup_database
from shared.messaging.topology import unrouted_name
from shared.migrations import upgrade
from tests.support.bus import TestBus
from tests.support.services import TEST_QUEUES

ADMIN_URL = os.environ.get(
    "TEST_ADMIN_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
JWT_SECRET = secrets.token_hex(32)
ISSUER, AUDIENCE = "aswan2040", "aswan2040-api"


def available_services() -> list[str]:
    """Services present in this checkout (each has its own migrations). ``TEST_SERVICES``
    (comma list) narrows it, e.g. while another service's migrations are being written."""
    only = {s for s in os.environ.get("TEST_SERVICES", "").split(",") if s}
    return [
        s
        for s in SERVICES
        if util.find_spec(f"services.{s}") is not None and (not only or s in only)
    ]


@pytest.fixture(scope="session")
def amqp_url() -> str:
    return AMQP_URL


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[str]:
    """A fresh database with every service's role, schema and migrations."""
    name = f"aswan_test_{uuid.uuid4().hex[:8]}"
    await setup_database(ADMIN_URL, name)
    adapters = [a for a in ADAPTERS if util.find_spec(f"adapters.{a}") is not None]
    for service in [*available_services(), *adapters]:
        await asyncio.to_thread(upgrade, service, service_url(ADMIN_URL, service, name))
    yield name
    conn = await asyncpg.connect(ADMIN_URL.replace("+asyncpg", ""), database="postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def db_url(database: str) -> Callable[[str], str]:
    """``db_url("registry")``: the URL a service connects with (its own role)."""
    return lambda service: service_url(ADMIN_URL, service, database)


@pytest.fixture(scope="session")
def admin_db_url(database: str) -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"


@pytest.fixture
def uid() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture
async def bus_names(uid: str, amqp_url: str) -> AsyncIterator[dict[str, str]]:
    """Per-test exchange and queue prefix; everything with them is deleted afterwards."""
    names = {"exchange": f"test.{uid}.events", "queue_prefix": f"test.{uid}."}
    yield names
    conn = await aio_pika.connect(amqp_url)
    try:
        channel = await conn.channel()
        await channel.exchange_delete(names["exchange"])
        await channel.exchange_delete(unrouted_name(names["exchange"]))
        await channel.queue_delete(unrouted_name(names["exchange"]))
    except Exception:
        pass
    finally:
        await conn.close()
    await _delete_queues_with_prefix(names["queue_prefix"])


async def _delete_queues_with_prefix(prefix: str) -> None:
    """Delete a test's queues (registered by ``tests.support.services.running``)."""
    conn = await aio_pika.connect(AMQP_URL)
    try:
        for name in TEST_QUEUES.pop(prefix, set()):
            channel = await conn.channel()
            try:
                await channel.queue_delete(name)
            except Exception:
                pass
            finally:
                if not channel.is_closed:
                    await channel.close()
    finally:
        await conn.close()


@pytest.fixture
def settings_for(
    db_url: Callable[[str], str], bus_names: dict[str, str], amqp_url: str
) -> Callable[..., Any]:
    """``settings_for(RegistrySettings, batch_max=1)``: settings of a service for this test."""

    def make(settings_cls: Any, **overrides: Any) -> Any:
        service = settings_cls.model_fields["service"].default
        values: dict[str, Any] = {
            "database_url": db_url(service),
            "amqp_url": amqp_url,
            "exchange": bus_names["exchange"],
            "queue_prefix": bus_names["queue_prefix"],
            "jwt_secret": JWT_SECRET,
            "retry_delays_ms": (50, 100, 200),
            "relay_poll_seconds": 0.2,
            "drain_seconds": 5.0,
            "log_json": False,
        }
        values.update(overrides)
        return settings_cls(**values)

    return make


@pytest.fixture
async def bus(bus_names: dict[str, str], amqp_url: str) -> AsyncIterator[TestBus]:
    """Publish and capture on this test's exchange (declared like production's)."""
    from shared.messaging.topology import declare_exchange

    test_bus = TestBus(amqp_url, bus_names["exchange"])
    await test_bus.connect()
    await declare_exchange(test_bus.channel, bus_names["exchange"])
    yield test_bus
    await test_bus.close()


@pytest.fixture(scope="session")
def tokens() -> TokenCodec:
    return TokenCodec(JWT_SECRET, ISSUER, AUDIENCE)


@pytest.fixture(scope="session")
def auth(tokens: TokenCodec) -> Callable[..., dict[str, str]]:
    """``auth("staff")`` or ``auth("association", association_id=...)``: request headers."""

    def headers(
        *roles: str, sub: str = "tester", association_id: str | None = None
    ) -> dict[str, str]:
        token = tokens.mint(sub, list(roles), association_id=association_id)
        return {"Authorization": f"Bearer {token}"}

    return headers
