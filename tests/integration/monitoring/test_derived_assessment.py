"""KPIs derived from the assessment service's events (CapacityScored, NeedsUpdated,
GapAnalysisPublished), published onto the test's exchange as the assessment service would:
numerators and denominators kept (the governorate is a ratio of sums), the latest score or
analysis winning, replays and late older events with no effect."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.events.assessment import CapacityScored, GapAnalysisPublished, GapRow, NeedsUpdated
from shared.events.envelope import envelope_json, make_envelope
from shared.events.registry import AssociationRegistered
from tests.support.bus import TestBus
from tests.support.services import running, wait_until

SOURCE = "/aswan/assessment"


def _kpi(code: str, derived: str, measure: str, aggregation: str, **more: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name_ar": f"مؤشر {code}",
        "unit": "%" if measure == "percent" else "-",
        "measure": measure,
        "aggregation": aggregation,
        "derived": derived,
        **more,
    }


def framework(uid: str) -> dict[str, Any]:
    p = f"t{uid}"
    kpis = [
        _kpi(f"{p}.cap3", "capacity_share", "percent", "ratio_of_sums"),
        _kpi(f"{p}.capavg", "capacity_average", "ratio", "ratio_of_sums"),
        _kpi(f"{p}.pin", "people_in_need", "count", "sum", direction="decrease"),
        _kpi(f"{p}.pinwater", "people_in_need", "count", "sum", derived_sector="water_sanitation"),
        _kpi(f"{p}.cov", "needs_coverage", "percent", "ratio_of_sums", derived_sector="women"),
    ]
    objective = {"code": f"{p}.O", "name_ar": "هدف", "kpis": kpis}
    return {
        "title": f"test {uid}",
        "pillars": [{"code": f"{p}.P", "name_ar": "محور", "objectives": [objective]}],
    }


async def _values(client: Any, code: str) -> dict[str, dict[str, Any]]:
    data = (await client.get("/v1/dashboard/data")).json()
    kpis = {k["code"]: k for p in data["pillars"] for k in p["kpis"]}
    return {scope: max(periods.items())[1] for scope, periods in kpis[code]["values"].items()}


async def _publish_at(bus: TestBus, event: Any, at: datetime) -> str:
    envelope = make_envelope(event, source=SOURCE, subject=None, time=at)
    await bus.publish_raw(
        envelope_json(envelope),
        type(event).ROUTING_KEY,
        message_id=envelope.id,
        type_=envelope.type,
    )
    return envelope.id


def _registered(association_id: str, centre: str) -> AssociationRegistered:
    number = str(uuid.uuid4().int % 10**9)
    return AssociationRegistered(
        association_id=association_id,
        org_id=f"EG-MOSS-{number}",
        registration_number=number,
        name_ar="جمعية",
        legal_form="association",
        centre=centre,
        sectors=["education"],
        centres_served=[centre],
        status="active",
    )


def _scored(association_id: str, overall: float) -> CapacityScored:
    return CapacityScored(
        association_id=association_id,
        assessment_id=str(uuid.uuid4()),
        overall=overall,
        domains={"governance": overall},
    )


async def test_capacity_share_and_average_from_latest_scores(app, bus, auth, uid):
    cap3, capavg = f"t{uid}.cap3", f"t{uid}.capavg"
    a, b, late = (str(uuid.uuid4()) for _ in range(3))
    async with running(app) as client:
        loaded = await client.put("/v1/framework", json=framework(uid), headers=auth("staff"))
        assert loaded.status_code == 200, loaded.text
        for association in (a, b):
            await bus.publish_event(
                _registered(association, "nasr_al_nuba"), source="/aswan/registry"
            )
        now = datetime.now(UTC)
        await _publish_at(bus, _scored(a, 2.0), now - timedelta(minutes=10))
        await _publish_at(bus, _scored(a, 3.5), now - timedelta(minutes=5))  # re-assessment
        await _publish_at(bus, _scored(a, 1.5), now - timedelta(minutes=20))  # late, older
        replayed = await _publish_at(bus, _scored(b, 2.5), now - timedelta(minutes=5))
        envelope = make_envelope(
            _scored(b, 4.0), source=SOURCE, subject=None, event_id=replayed, time=now
        )  # the same event id again: absorbed, even with other content
        await bus.publish_raw(
            envelope_json(envelope), CapacityScored.ROUTING_KEY, message_id=replayed
        )

        async def settled() -> dict[str, Any] | None:
            values = await _values(client, cap3)
            gov = values.get("governorate")
            return values if gov and gov["value"] == 50 else None

        share = await wait_until(settled)
        # scored before the registry's event arrived: counted once the association is known
        await bus.publish_event(_scored(late, 4.0), source=SOURCE)
        await bus.publish_event(_registered(late, "nasr_al_nuba"), source="/aswan/registry")

        async def three() -> dict[str, Any] | None:
            values = await _values(client, capavg)
            centre = values.get("nasr_al_nuba")
            return values if centre and centre["denominator"] == 3 else None

        average = await wait_until(three)
        final_share = await _values(client, cap3)
    centre = share["nasr_al_nuba"]
    assert (centre["value"], centre["numerator"], centre["denominator"]) == (50, 1, 2)
    assert centre["status"] == "no_data"  # no baseline, no target: nothing to judge against
    assert average["nasr_al_nuba"]["value"] == round((3.5 + 2.5 + 4.0) / 3, 6)
    assert average["nasr_al_nuba"]["numerator"] == 10.0
    assert final_share["governorate"]["numerator"] == 2
    assert final_share["governorate"]["denominator"] == 3


async def test_people_in_need_never_summed_across_sectors(app, bus, auth, uid):
    pin, water = f"t{uid}.pin", f"t{uid}.pinwater"
    campaign = f"c-{uid}"

    def need(centre: str, sector: str, people: int) -> NeedsUpdated:
        return NeedsUpdated(
            centre=centre,
            sector=sector,
            severity=3,
            people_affected=people * 2,
            people_in_need=people,
            campaign_id=campaign,
        )

    async with running(app) as client:
        await client.put("/v1/framework", json=framework(uid), headers=auth("staff"))
        await bus.publish_event(need("daraw", "water_sanitation", 4000), source=SOURCE)
        await bus.publish_event(need("daraw", "health", 9000), source=SOURCE)
        await bus.publish_event(need("daraw", "water_sanitation", 5000), source=SOURCE)
        await bus.publish_event(need("kom_ombo", "water_sanitation", 1200), source=SOURCE)

        async def settled() -> dict[str, Any] | None:
            values = await _values(client, water)
            gov = values.get("governorate")
            return values if gov and gov["value"] == 6200 else None

        by_water = await wait_until(settled)
        totals = await _values(client, pin)
    assert by_water["daraw"]["value"] == 5000  # the cell's latest figure
    assert totals["daraw"]["value"] == 9000  # the largest sector, not 9000 + 5000
    assert totals["kom_ombo"]["value"] == 1200
    assert totals["governorate"]["value"] == 10200  # summed over centres only


async def test_coverage_from_the_latest_gap_analysis(app, bus, auth, uid):
    cov = f"t{uid}.cov"
    campaign = f"c-{uid}"

    def gaps(*rows: tuple[str, int, int]) -> GapAnalysisPublished:
        return GapAnalysisPublished(
            campaign_id=campaign,
            rows=[
                GapRow(
                    centre=centre,
                    sector="women",
                    severity=4,
                    people_in_need=in_need,
                    people_reached=reached,
                    coverage=min(1.0, reached / in_need),
                    gap=max(0, in_need - reached),
                )
                for centre, in_need, reached in rows
            ],
        )

    async with running(app) as client:
        await client.put("/v1/framework", json=framework(uid), headers=auth("staff"))
        now = datetime.now(UTC)
        await _publish_at(bus, gaps(("edfu", 1000, 100), ("aswan", 500, 50)), now)
        # an older analysis of the same campaign, arriving late: ignored
        await _publish_at(bus, gaps(("edfu", 1000, 900)), now - timedelta(minutes=1))

        async def first() -> dict[str, Any] | None:
            values = await _values(client, cov)
            return values if values.get("governorate", {}).get("denominator") == 1500 else None

        before = await wait_until(first)
        # a newer analysis: Edfu reached more than its need (capped), Aswan's row is gone
        await _publish_at(
            bus, gaps(("edfu", 1000, 1500), ("abu_simbel", 200, 50)), now + timedelta(seconds=1)
        )

        async def second() -> dict[str, Any] | None:
            values = await _values(client, cov)
            return values if values.get("governorate", {}).get("denominator") == 1200 else None

        after = await wait_until(second)
    assert before["edfu"]["value"] == 10 and before["aswan"]["value"] == 10
    assert before["governorate"]["value"] == 10  # (100 + 50) / (1000 + 500)
    assert after["edfu"]["value"] == 100  # coverage is at most 1
    assert after["aswan"]["value"] is None  # no longer in the latest analysis
    assert after["abu_simbel"]["value"] == 25
    # ratio of sums of the capped figures: (1000 + 50) / (1000 + 200), never a sum of ratios
    assert after["governorate"]["value"] == round(1050 / 1200 * 100, 6)
