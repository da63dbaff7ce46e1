"""Gap analysis against the real PostgreSQL and RabbitMQ, on a small example checked by hand.

Campaign needs (severity, people in need): edfu/health (4, 1000), edfu/education (2, 2000),
daraw/health (5, 300). Coverage, from registry events:
- A1, active, edfu x {health, education}, 600 a year (by an update): 300 in each cell; its
  partnership in daraw/health has already ended, so it does not extend its cells;
- A2, active, {daraw, edfu} x health, 400 a year (as registered), plus a partnership in
  edfu/education: three cells, 133.3 in each;
- A3, pending verification, edfu/health, 10,000 a year: not active, not coverage.
Reached: edfu/health 433, edfu/education 433, daraw/health 133; gap x severity: education
1567 x 2 = 3134, edfu/health 567 x 4 = 2268, daraw/health 167 x 5 = 835 (that order).
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date

import pytest

from services.assessment.bootstrap import build
from services.assessment.config import AssessmentSettings
from shared.events.registry import (
    AssociationRegistered,
    AssociationStatusChanged,
    AssociationUpdated,
    PartnershipRecorded,
)
from tests.integration.assessment.analysis_forms import needs_form, open_campaign, upload
from tests.support.services import running

EXPECTED = [
    ("edfu", "education", 2, 2000, 433, 0.2165, 1567),
    ("edfu", "health", 4, 1000, 433, 0.433, 567),
    ("daraw", "health", 5, 300, 133, 0.4433, 167),
]


@pytest.fixture
def app(settings_for):
    return build(settings_for(AssessmentSettings))


def registered(
    aid: str,
    n: str,
    centre: str,
    served: list[str],
    sectors: list[str],
    status: str,
    beneficiaries: int | None = None,
):
    return AssociationRegistered(
        association_id=aid, org_id=f"EG-MOSS-{n}", registration_number=n, name_ar="جمعية",
        legal_form="association", centre=centre, sectors=sectors, centres_served=served,
        status=status, beneficiaries_per_year=beneficiaries,
    )  # fmt: skip


def partnership(aid: str, centre: str, sector: str, ends_on: date | None = None):
    return PartnershipRecorded(
        partnership_id=str(uuid.uuid4()), association_id=aid, organisation_id="unicef",
        kind="funding", sectors=[sector], centres=[centre], ends_on=ends_on,
    )  # fmt: skip


def table(event: dict) -> list[tuple]:
    return [
        (r["centre"], r["sector"], r["severity"], r["people_in_need"], r["people_reached"],
         r["coverage"], r["gap"])
        for r in event["data"]["rows"]
    ]  # fmt: skip


async def test_needs_and_coverage_give_the_hand_checked_ranking(app, bus, auth):
    capture = await bus.capture("assessment.gaps.published.v1")
    a1, a2, a3 = (str(uuid.uuid4()) for _ in range(3))
    form_id, staff = f"needs_{uuid.uuid4().hex[:8]}", auth("staff")
    async with running(app) as client:
        await upload(client, staff, needs_form(form_id))
        cid = await open_campaign(client, staff, form_id)
        for centre, sector, severity, pin in [("edfu", "health", 4, 1000),
                                              ("edfu", "education", 2, 2000),
                                              ("daraw", "health", 5, 300)]:  # fmt: skip
            r = await client.put("/v1/needs", headers=auth("staff"), json={
                "campaign_id": cid, "centre": centre, "sector": sector, "severity": severity,
                "people_affected": pin, "people_in_need": pin})  # fmt: skip
            assert r.status_code == 200, r.text
        for event in [
            registered(a1, "901", "edfu", ["edfu"], ["health", "education"], "active"),
            AssociationUpdated(association_id=a1, version=2,
                               changed={"beneficiaries_per_year": 600}),
            partnership(a1, "daraw", "health", ends_on=date(2026, 6, 30)),
            registered(a2, "902", "daraw", ["daraw", "edfu"], ["health"], "active", 400),
            partnership(a2, "edfu", "education"),
            registered(a3, "903", "edfu", ["edfu"], ["health"], "pending_verification"),
            AssociationUpdated(association_id=a3, version=2,
                               changed={"beneficiaries_per_year": 10_000}),
        ]:  # fmt: skip
            await bus.publish_event(event, source="/aswan/registry")
        await capture.wait_for(lambda e: e["subject"] == cid and table(e) == EXPECTED)
        read = await client.get(f"/v1/campaigns/{cid}/gaps", headers=auth("partner"))
        hxl = await client.get(f"/v1/campaigns/{cid}/gaps.csv", headers=auth("partner"))
        anonymous = await client.get(f"/v1/campaigns/{cid}/gaps")

        suspended = AssociationStatusChanged.model_validate(
            {"association_id": a2, "from": "active", "to": "suspended"}
        )
        await bus.publish_event(suspended, source="/aswan/registry")
        after = [("edfu", "education", 2, 2000, 300, 0.15, 1700),
                 ("edfu", "health", 4, 1000, 300, 0.3, 700),
                 ("daraw", "health", 5, 300, 0, 0.0, 300)]  # fmt: skip
        await capture.wait_for(lambda e: e["subject"] == cid and table(e) == after)
    assert table({"data": read.json()}) == EXPECTED
    rows = list(csv.reader(io.StringIO(hxl.text.lstrip("\ufeff"))))
    assert rows[1][:5] == ["#adm2+code", "#sector", "#inneed", "#reached", "#severity"]
    assert rows[2][:5] == ["edfu", "education", "2000", "433", "2"]
    assert anonymous.status_code == 401
