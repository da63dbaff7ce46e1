"""The unit of work's transaction: begun on entry on the driver, shared by SQLAlchemy and
driver-level statements, rolled back on leaving without commit, and never reported committed when
PostgreSQL rolled it back."""

from __future__ import annotations

import contextlib
import uuid

import asyncpg
import pytest
from sqlalchemy import text

from services.assessment.config import SCHEMA, AssessmentSettings
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.db import make_engine
from shared.messaging.uow import AlreadyConsumed, UnitOfWorkAborted
from tests.integration.backbone.harness import need

INSERT = "INSERT INTO inbox (source, event_id, event_type) VALUES ($1, $2, 't')"


class Boom(Exception):
    pass


@pytest.fixture
async def engine(settings_for):
    settings = settings_for(AssessmentSettings)
    engine = make_engine(settings.database_url, SCHEMA, pool_size=1)
    yield engine
    await engine.dispose()


async def _exists(pg: asyncpg.Connection, event_id: str) -> bool:
    found = await pg.fetchval(f"SELECT count(*) FROM {SCHEMA}.inbox WHERE event_id = $1", event_id)
    return bool(found)


async def test_driver_and_sqlalchemy_statements_roll_back_together(engine, pg):
    first, second = uuid.uuid4().hex, uuid.uuid4().hex
    with pytest.raises(Boom):
        async with AssessmentUnitOfWork(engine, "/test", SCHEMA) as uow:
            # the driver-level statement comes first: it must not autocommit on its own
            await uow.driver.execute(INSERT, "/test", first)
            await uow.connection.execute(
                text("INSERT INTO inbox (source, event_id, event_type) VALUES ('/test', :i, 't')"),
                {"i": second},
            )
            raise Boom
    assert not await _exists(pg, first)
    assert not await _exists(pg, second)


async def test_driver_and_sqlalchemy_statements_commit_together(engine, pg):
    first, second = uuid.uuid4().hex, uuid.uuid4().hex
    async with AssessmentUnitOfWork(engine, "/test", SCHEMA) as uow:
        await uow.driver.execute(INSERT, "/test", first)
        await uow.connection.execute(
            text("INSERT INTO inbox (source, event_id, event_type) VALUES ('/test', :i, 't')"),
            {"i": second},
        )
        assert not await _exists(pg, first), "not visible before the commit"
        await uow.commit()
    assert await _exists(pg, first)
    assert await _exists(pg, second)


async def test_commit_of_a_failed_transaction_raises(engine, pg):
    event_id = uuid.uuid4().hex
    with pytest.raises(UnitOfWorkAborted):
        async with AssessmentUnitOfWork(engine, "/test", SCHEMA) as uow:
            await uow.driver.execute(INSERT, "/test", event_id)
            with contextlib.suppress(asyncpg.DivisionByZeroError):
                await uow.driver.execute("SELECT 1 / 0")  # an error swallowed by a handler
            await uow.commit()
    assert not await _exists(pg, event_id)


async def test_the_next_unit_of_work_starts_clean(engine, pg):
    """One pooled connection: after a failed unit of work the next one gets it back outside any
    transaction, and begins its own."""
    event_id = uuid.uuid4().hex
    with pytest.raises(Boom):
        async with AssessmentUnitOfWork(engine, "/test", SCHEMA) as uow:
            await uow.driver.execute(INSERT, "/test", event_id)
            raise Boom
    async with AssessmentUnitOfWork(engine, "/test", SCHEMA) as uow:
        assert uow.driver.is_in_transaction()
        own = await uow.driver.fetchval("SELECT txid_current_if_assigned()")
        assert own is None, "a fresh transaction has written nothing yet"
        assert not await uow.driver.fetchval(
            "SELECT count(*) FROM inbox WHERE event_id = $1", event_id
        )
    assert not await _exists(pg, event_id)


async def test_a_statement_with_the_commit_rows_writes_them_once(engine, pg):
    """execute_with_commit_rows: the service's statement, the inbox rows and the outbox rows of
    the events published so far in one statement; events published later at the commit."""
    mine, consumed = uuid.uuid4().hex, uuid.uuid4().hex
    async with AssessmentUnitOfWork(engine, "/test", SCHEMA) as uow:
        uow.record_inbox_at_commit([("/upstream", consumed, "t")])
        before = uow.publish(need(f"before-{mine}"), subject=None)
        await uow.execute_with_commit_rows(
            "WITH mine AS (INSERT INTO inbox (source, event_id, event_type) "
            "VALUES ($1, $2, 't') RETURNING 1), ",
            "/test",
            mine,
        )
        after = uow.publish(need(f"after-{mine}"), subject=None)
        await uow.commit()
    assert await _exists(pg, mine) and await _exists(pg, consumed)
    sent = await pg.fetch(
        f"SELECT event_id FROM {SCHEMA}.outbox WHERE event_id = ANY($1::text[])",
        [before.id, after.id],
    )
    assert sorted(r["event_id"] for r in sent) == sorted([before.id, after.id])


async def test_a_statement_with_the_commit_rows_refuses_a_consumed_event(engine, pg):
    consumed = uuid.uuid4().hex
    async with AssessmentUnitOfWork(engine, "/test", SCHEMA) as uow:
        await uow.driver.execute(INSERT, "/upstream", consumed)
        await uow.commit()
    event = uuid.uuid4().hex
    with pytest.raises(AlreadyConsumed):
        async with AssessmentUnitOfWork(engine, "/test", SCHEMA) as uow:
            uow.record_inbox_at_commit([("/upstream", consumed, "t")])
            uow.publish(need(f"never-{event}"), subject=None)
            await uow.execute_with_commit_rows(
                "WITH mine AS (INSERT INTO inbox (source, event_id, event_type) "
                "VALUES ($1, $2, 't') RETURNING 1), ",
                "/test",
                event,
            )
            await uow.commit()
    assert not await _exists(pg, event), "rolled back with the rest"
