"""Which failures mean "the database is away" (the message is held, its attempt not counted),
and the gate that tells a real outage from a failure of the handler's own."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError

from shared.messaging.outage import DatabaseGate, database_unreachable


def _wrapped(orig: BaseException, invalidated: bool = False) -> DBAPIError:
    return DBAPIError("SELECT 1", None, orig, connection_invalidated=invalidated)


@pytest.mark.parametrize(
    "exc",
    [
        ConnectionRefusedError(111, "Connect call failed"),
        asyncpg.CannotConnectNowError("the database system is starting up"),
        asyncpg.InterfaceError("connection is closed"),
        asyncpg.exceptions.AdminShutdownError("terminating connection"),
        _wrapped(Exception("gone"), invalidated=True),
        _wrapped(asyncpg.exceptions.ConnectionDoesNotExistError("closed")),
    ],
)
def test_a_lost_database_is_recognised(exc: BaseException) -> None:
    assert database_unreachable(exc)


def test_a_lost_database_behind_another_error_is_recognised() -> None:
    try:
        try:
            raise ConnectionResetError("reset by peer")
        except ConnectionResetError as inner:
            raise RuntimeError("batch failed") from inner
    except RuntimeError as outer:
        assert database_unreachable(outer)


@pytest.mark.parametrize(
    "exc",
    [
        None,
        ValueError("bad value"),
        IntegrityError("INSERT", None, asyncpg.UniqueViolationError("duplicate key")),
        asyncpg.DataError("invalid byte sequence"),
    ],
)
def test_other_failures_are_not_an_outage(exc: BaseException | None) -> None:
    assert not database_unreachable(exc)


async def test_the_gate_says_down_only_when_the_first_ping_failed() -> None:
    calls = {"n": 0}

    async def flaky() -> None:
        calls["n"] += 1
        if calls["n"] < 3:
            raise ConnectionRefusedError(111, "refused")

    gate = DatabaseGate(flaky, max_delay=0.01)
    waiting = [gate.was_down() for _ in range(5)]  # five messages wait on one ping loop
    assert await asyncio.gather(*waiting) == [True] * 5
    assert calls["n"] == 3

    async def fine() -> None:
        return None

    assert await DatabaseGate(fine).was_down() is False
