"""What the HTTP fuzzing (test_fuzz_http.py) found, one regression test each."""

from __future__ import annotations

import pytest

from tests.support.services import running


@pytest.mark.parametrize("offset", ["9223372036854775808", "10000001"])
async def test_an_offset_past_the_documented_range_is_422_not_500(registry_app, bus, auth, offset):
    """asyncpg refused an OFFSET past bigint: GET /v1/associations answered 500."""
    async with running(registry_app) as client:
        answer = await client.get(f"/v1/associations?offset={offset}", headers=auth("staff"))
        last = await client.get("/v1/associations?offset=10000000", headers=auth("staff"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == "offset"
    assert last.status_code == 200
