"""Scoped roles: an association reports measurements only for the KPIs of initiatives it leads or
partners in, for the centres it serves; a partner reads only its own partnerships. Each refusal
is a 403 with the standard body. JWT keys rotate with key ids, two keys valid meanwhile."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import pytest

from shared.auth import TokenCodec
from shared.errors import UnauthenticatedError
from shared.events.registry import AssociationRegistered
from tests.integration.monitoring.conftest import load_framework
from tests.support.services import running, wait_until


def _registered(association_id: str, centre: str, served: list[str]) -> AssociationRegistered:
    return AssociationRegistered(
        association_id=association_id,
        org_id=f"EG-MOSS-{secrets.randbelow(10**8)}",
        registration_number=str(secrets.randbelow(10**8)),
        name_ar="جمعية الخير",
        legal_form="association",
        centre=centre,
        sectors=["health"],
        centres_served=served,
        status="active",
    )


async def test_an_association_reports_only_its_initiatives_kpis_for_its_centres(
    monitoring_app, bus, auth, uid, db_url
):
    lead, partner, outsider = (str(uuid.uuid4()) for _ in range(3))
    initiative = {"code": f"t{uid}.I", "name_ar": "مبادرة", "lead": lead, "partners": [partner]}
    initiative["kpi_codes"] = [f"t{uid}.cases"]
    async with running(monitoring_app) as client:
        await load_framework(client, auth, uid)
        for aid, centre, served in (
            (lead, "edfu", ["aswan"]),
            (partner, "daraw", []),
            (outsider, "edfu", ["edfu"]),
        ):
            await bus.publish_event(_registered(aid, centre, served), source="/aswan/registry")

        async def saved() -> Any:
            answer = await client.put(
                f"/v1/initiatives/t{uid}.I", json=initiative, headers=auth("staff")
            )
            return answer.status_code == 200

        await wait_until(saved)
        await wait_until(lambda: _known(db_url, outsider))

        async def report(who: str | None, kpi: str, centre: str | None) -> Any:
            body = {"kpi_code": f"t{uid}.{kpi}", "period": "2026", "value": 90, "centre": centre}
            headers = auth("association", association_id=who) if who else auth("staff")
            return await client.post("/v1/measurements", json=body, headers=headers)

        answers = {
            "lead, own centre": await report(lead, "cases", "edfu"),
            "lead, centre served": await report(lead, "cases", "aswan"),
            "partner, own centre": await report(partner, "cases", "daraw"),
            "staff, anywhere": await report(None, "enrol", "kom_ombo"),
            "lead, centre not served": await report(lead, "cases", "kom_ombo"),
            "lead, governorate": await report(lead, "cases", None),
            "lead, KPI of no initiative of its": await report(lead, "enrol", "edfu"),
            "outsider": await report(outsider, "cases", "edfu"),
        }
    statuses = {k: v.status_code for k, v in answers.items()}
    assert list(statuses.values()) == [201] * 4 + [403] * 4, statuses
    fields = [answers[k].json()["field"] for k in list(answers)[4:]]
    assert fields == ["centre", "centre", "kpi_code", "kpi_code"]
    for refused in list(answers.values())[4:]:
        body = refused.json()
        assert body["code"] == "measurement_out_of_scope" and body["message_ar"]


async def _known(db_url, association_id: str) -> bool:
    import asyncpg

    conn = await asyncpg.connect(db_url("monitoring").replace("+asyncpg", ""))
    try:
        found = await conn.fetchval(
            "SELECT centres_served FROM associations WHERE association_id = $1", association_id
        )
        return found is not None
    finally:
        await conn.close()


async def test_a_partner_reads_only_its_own_partnerships(registry_app, bus, auth, tokens):
    staff = auth("staff")
    async with running(registry_app) as client:
        registration = {
            "name_ar": f"جمعية الشراكة رقم {secrets.randbelow(10**9)}",
            "registration_number": str(secrets.randbelow(10**10) + 10**9),
            "legal_form": "association", "centre": "edfu", "sectors": ["health"],
        }  # fmt: skip
        answer = await client.post("/v1/registrations", json=registration, headers=staff)
        association_id = answer.json()["association_id"]
        orgs = []
        for name in ("Partner A", "Partner B"):
            org = {"name_en": name, "kind": "donor"}
            orgs.append((await client.post("/v1/organisations", json=org, headers=staff)).json())
        for org in orgs:
            partnership = {
                "association_id": association_id, "organisation_id": org["organisation_id"],
                "kind": "funding", "sectors": ["health"], "centres": ["edfu"],
            }  # fmt: skip
            made = await client.post("/v1/partnerships", json=partnership, headers=staff)
            assert made.status_code == 201, made.text
        mine, theirs = (o["organisation_id"] for o in orgs)
        path = f"/v1/associations/{association_id}/partnerships"
        token = tokens.mint("p", ["partner"], organisation_id=mine)
        as_partner = await client.get(path, headers={"Authorization": f"Bearer {token}"})
        nameless = await client.get(path, headers=auth("partner"))
        as_staff = await client.get(path, headers=staff)
    assert as_partner.status_code == 200, as_partner.text
    assert [p["organisation_id"] for p in as_partner.json()] == [mine]
    assert {p["organisation_id"] for p in as_staff.json()} == {mine, theirs}
    assert nameless.status_code == 403 and nameless.json()["code"] == "forbidden"
    assert nameless.json()["message_ar"] and nameless.json()["message_en"]


def test_jwt_keys_rotate_with_key_ids_two_valid_meanwhile() -> None:
    old, new = secrets.token_hex(32), secrets.token_hex(32)
    before = TokenCodec(old, "aswan2040", "aswan2040-api")
    during = TokenCodec(f"{new},{old}", "aswan2040", "aswan2040-api")
    after = TokenCodec(new, "aswan2040", "aswan2040-api")
    old_token, new_token = before.mint("a", ["staff"]), during.mint("b", ["staff"])
    assert during.decode(old_token).subject == "a", "tokens of the old key still pass"
    assert after.decode(new_token).subject == "b", "new tokens are signed with the new key"
    with pytest.raises(UnauthenticatedError):
        after.decode(old_token)  # the old key is gone: its tokens no longer pass
    with pytest.raises(UnauthenticatedError):
        before.decode(new_token)
    with pytest.raises(ValueError, match="32"):
        TokenCodec(f"{new},short", "aswan2040", "aswan2040-api")
