"""Forms against the real PostgreSQL: XLSForm upload, immutable versions, located errors, reads."""

from __future__ import annotations

import pytest

from services.assessment.bootstrap import build
from services.assessment.config import AssessmentSettings
from tests.support.services import running
from tests.unit.assessment.workbooks import SURVEY_HEADER, survey_v1, survey_v2, xlsform

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def app(settings_for):
    return build(settings_for(AssessmentSettings))


async def upload(client, data: bytes, headers, *, multipart: bool = True):
    if multipart:
        return await client.post(
            "/v1/forms", files={"file": ("f.xlsx", data, XLSX)}, headers=headers
        )
    return await client.post("/v1/forms", content=data, headers={**headers, "Content-Type": XLSX})


async def test_upload_keeps_labels_types_and_versions_are_immutable(app, auth, uid):
    form_id = f"f_{uid}"
    async with running(app) as client:
        first = await upload(client, survey_v1(form_id), auth("staff"))
        assert first.status_code == 201, first.text
        again = await upload(client, survey_v1(form_id), auth("staff"), multipart=False)
        changed = await upload(
            client,
            xlsform([["integer", "people", "عدد", "People"]], form_id=form_id, version="1"),
            auth("staff"),
        )
        second = await upload(client, survey_v2(form_id), auth("staff"))
        listed = await client.get("/v1/forms", headers=auth("association", association_id="a1"))
        definition = await client.get(f"/v1/forms/{form_id}/versions/1", headers=auth("partner"))
    assert again.status_code == 200
    assert again.json()["content_hash"] == first.json()["content_hash"]
    assert changed.status_code == 409
    assert changed.json()["code"] == "form_version_conflict"
    assert second.status_code == 201
    [form] = [f for f in listed.json() if f["form_id"] == form_id]
    assert form["latest_version"] == "2"
    assert [v["version"] for v in form["versions"]] == ["1", "2"]
    people = definition.json()["questions"][0]
    assert people["name"] == "people" and people["type"] == "integer"
    assert people["label"] == {"ar": "عدد الأشخاص", "en": "People"}
    assert people["required"] is True
    assert people["constraint"] == ". >= 0 and . <= 100000"
    assert people["constraint_message"] == {"ar": "من ٠ إلى ١٠٠٠٠٠", "en": "0 to 100000"}
    assert people["hxl"] == "#affected"
    sector = definition.json()["questions"][1]
    assert [c["name"] for c in sector["choices"]] == ["health", "education"]
    assert definition.json()["questions"][3]["relevant"] == "${people} > 10"


async def test_a_broken_workbook_gives_a_located_error(app, auth, uid):
    broken = xlsform(
        [
            ["integer", "people", "عدد", "People", "maybe"],
            ["text", "name", "الاسم", "Name", None, None, "matches(., 'x')"],
            ["integr", "typo", "خطأ", "Typo"],
        ],
        form_id=f"f_{uid}",
        version="1",
    )
    async with running(app) as client:
        response = await upload(client, broken, auth("staff"))
        garbage = await upload(client, b"not a workbook", auth("staff"))
        unmatched = await upload(
            client,
            xlsform([["begin_group", "g", "مجموعة"]], form_id=f"g_{uid}", version="1"),
            auth("staff"),
        )
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "form_invalid"
    located = {(e["sheet"], e["row"], e["column"], e["code"]) for e in body["errors"]}
    assert ("survey", 2, "required", "required_invalid") in located
    assert ("survey", 3, "constraint", "expression_unsupported") in located
    assert ("survey", 4, "type", "unsupported_type") in located
    assert all(e["message_ar"] and e["message_en"] for e in body["errors"])
    assert garbage.status_code == 422 and garbage.json()["errors"][0]["code"] == "not_xlsx"
    assert unmatched.status_code == 422
    assert unmatched.json()["errors"][0]["row"] == 2


async def test_upload_needs_staff_and_reading_needs_a_token(app, auth, uid):
    async with running(app) as client:
        association = await upload(
            client, survey_v1(f"f_{uid}"), auth("association", association_id="a1")
        )
        anonymous = await client.get("/v1/forms")
        missing = await client.get("/v1/forms/nope/versions/1", headers=auth("staff"))
    assert association.status_code == 403
    assert anonymous.status_code == 401
    assert missing.status_code == 404 and missing.json()["code"] == "form_not_found"
    assert len(SURVEY_HEADER) == 10


@pytest.mark.parametrize("name", ["needs", "challenges", "capacity"])
async def test_the_demo_forms_upload(app, auth, name):
    from services.assessment.demo.build import HERE

    async with running(app) as client:
        response = await upload(client, (HERE / f"{name}.xlsx").read_bytes(), auth("staff"))
    assert response.status_code in (200, 201), response.text
    assert response.json()["kind"] == name and response.json()["demo"] is True
