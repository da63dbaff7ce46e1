"""Path parameters are validated like bodies, and a stored row that no longer validates never
takes a whole read down (found from outside: ``PUT /v1/initiatives/PROBE%20BAD%21`` stored the
unchecked code, and every framework, dashboard and export read answered 500 from then on)."""

from __future__ import annotations

import json

import asyncpg
import pytest

from tests.integration.monitoring.conftest import load_framework
from tests.support.services import running

READS = ("/v1/framework", "/v1/dashboard/data", "/dashboard", "/v1/exports/results.csv")
READS += ("/v1/exports/results.json", "/v1/exports/iati.xml")


def _initiative(uid: str) -> dict[str, object]:
    return {"code": f"t{uid}.I", "name_ar": "مبادرة", "lead": "مديرية التعليم"}


async def test_a_bad_path_code_is_a_field_error_and_stores_nothing(
    monitoring_app, bus, auth, uid, db_url
):
    async with running(monitoring_app) as client:
        await load_framework(client, auth, uid)
        bad = await client.put(
            "/v1/initiatives/PROBE%20BAD%21", json=_initiative(uid), headers=auth("staff")
        )
        reads = [await client.get(p) for p in ("/v1/framework", "/v1/dashboard/data")]
    assert bad.status_code == 422, bad.text
    assert bad.json()["field"] == "code" and bad.json()["errors"][0]["field"] == "code"
    assert {"code", "message_ar", "message_en"} <= set(bad.json())
    assert [r.status_code for r in reads] == [200, 200]
    conn = await asyncpg.connect(db_url("monitoring").replace("+asyncpg", ""))
    try:
        assert (
            await conn.fetchval("SELECT count(*) FROM initiatives WHERE code = 'PROBE BAD!'") == 0
        )
    finally:
        await conn.close()


@pytest.mark.parametrize(
    "path",
    ["/v1/measurements/a%20b", "/v1/framework/kpis/bad%21code/retire"],
)
async def test_other_path_ids_and_codes_are_checked(monitoring_app, bus, auth, path):
    async with running(monitoring_app) as client:
        method = client.post if path.endswith("retire") else client.get
        answer = await method(path, headers=auth("staff"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "validation_failed" and answer.json()["field"]


async def test_a_stored_row_that_fails_validation_is_left_out_not_a_500(
    monitoring_app, bus, auth, uid, db_url
):
    bad_code = f"BAD {uid}!"
    conn = await asyncpg.connect(db_url("monitoring").replace("+asyncpg", ""))
    try:
        async with running(monitoring_app) as client:
            await load_framework(client, auth, uid)
            good = await client.put(
                f"/v1/initiatives/t{uid}.I", json=_initiative(uid), headers=auth("staff")
            )
            assert good.status_code == 200, good.text
            # a row as the old route stored it: the path's code inside the definition
            definition = {**_initiative(uid), "code": bad_code}
            await conn.execute(
                "INSERT INTO initiatives (code, definition) VALUES ($1, $2::jsonb)",
                bad_code,
                json.dumps(definition),
            )
            await conn.execute(
                'UPDATE kpis SET definition = definition || \'{"measure": "no-such"}\' '
                "WHERE code = $1",
                f"t{uid}.cases",
            )
            reads = {p: await client.get(p) for p in READS}
    finally:
        await conn.execute("DELETE FROM initiatives WHERE code = $1", bad_code)
        await conn.close()
    assert {p: r.status_code for p, r in reads.items()} == dict.fromkeys(reads, 200)
    framework = reads["/v1/framework"].json()
    codes = [i["code"] for i in framework["initiatives"]]
    assert f"t{uid}.I" in codes and bad_code not in codes
    kpis = [k["code"] for p in framework["pillars"] for o in p["objectives"] for k in o["kpis"]]
    assert f"t{uid}.enrol" in kpis and f"t{uid}.cases" not in kpis
