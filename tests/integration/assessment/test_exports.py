"""Version-safe exports against the real PostgreSQL: a version 1 submission exported beside
version 2 keeps every answer in its own column."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from services.assessment.bootstrap import build
from services.assessment.config import AssessmentSettings
from tests.integration.assessment.test_forms import upload
from tests.support.services import running
from tests.unit.assessment.workbooks import survey_v1, survey_v2


@pytest.fixture
def app(settings_for):
    return build(settings_for(AssessmentSettings))


async def _two_versions(client, auth, form_id: str) -> None:
    staff = auth("staff")
    await upload(client, survey_v1(form_id), staff)
    one = {"people": 30, "sector": "health", "household_head": "سعاد", "remarks": "بئر معطلة"}
    r = await client.post(
        "/v1/submissions",
        headers=staff,
        json={"form_id": form_id, "form_version": "1", "answers": one},
    )
    assert r.status_code == 202, r.text
    await upload(client, survey_v2(form_id), staff)
    two = {
        "visited_on": "٢٠٢٦-١٢-٠١",
        "head_name": "Ali",
        "people": 5,
        "sector": ["health", "education"],
    }
    r = await client.post(
        "/v1/submissions",
        headers=staff,
        json={"form_id": form_id, "form_version": "2", "answers": two},
    )
    assert r.status_code == 202, r.text


async def test_version_1_beside_version_2_keeps_every_answer_in_its_column(app, auth, uid):
    form_id = f"f_{uid}"
    async with running(app) as client:
        await _two_versions(client, auth, form_id)
        response = await client.get(
            f"/v1/exports/submissions.csv?form_id={form_id}", headers=auth("staff")
        )
        latest = await client.get(
            f"/v1/exports/submissions.csv?form_id={form_id}&latest_only=true", headers=auth("staff")
        )
        arabic = await client.get(
            f"/v1/exports/submissions.json?form_id={form_id}&lang=ar&version=2",
            headers=auth("staff"),
        )
        xlsx = await client.get(
            f"/v1/exports/submissions.xlsx?form_id={form_id}", headers=auth("staff")
        )
    assert response.status_code == 200, response.text
    header, hxl, *rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    questions = header[7:]
    # the latest version's order, then the dropped / renamed-away ones
    assert questions == ["visited_on", "head_name", "people", "sector", "household_head", "remarks"]
    assert hxl[header.index("people")] == "#affected"
    by_version = {r[header.index("form_version")]: dict(zip(header, r, strict=True)) for r in rows}
    v1, v2 = by_version["1"], by_version["2"]
    assert (v1["people"], v1["sector"], v1["household_head"], v1["remarks"]) == (
        "30",
        "health",
        "سعاد",
        "بئر معطلة",
    )
    assert v1["head_name"] == "" and v1["visited_on"] == ""
    assert (v2["people"], v2["sector"], v2["head_name"], v2["visited_on"]) == (
        "5",
        "health education",
        "Ali",
        "2026-12-01",
    )
    assert v2["household_head"] == "" and v2["remarks"] == ""
    assert len(list(csv.reader(io.StringIO(latest.text.lstrip("\ufeff"))))) == 3  # header, hxl, 1
    [only_v2] = arabic.json()
    assert only_v2["form_version"] == "2"
    assert only_v2["sector"] == ["الصحة", "التعليم"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.values)
    assert list(values[0][7:]) == questions
    assert len(values) == 4


async def test_exports_are_for_staff(app, auth):
    async with running(app) as client:
        response = await client.get(
            "/v1/exports/submissions.csv?form_id=x", headers=auth("association", association_id="a")
        )
        missing = await client.get(
            "/v1/exports/submissions.csv?form_id=nope", headers=auth("staff")
        )
    assert response.status_code == 403
    assert missing.status_code == 404
