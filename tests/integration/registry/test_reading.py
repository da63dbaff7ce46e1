"""Reading: filters, Arabic-normalised search, pagination, who-does-what-where, exports."""

from __future__ import annotations

import csv
import io
import uuid

from tests.support.services import running


async def _register_all(client, auth, submission, rows):
    ids = []
    for row in rows:
        response = await client.post(
            "/v1/registrations", json=submission(**row), headers=auth("service")
        )
        ids.append(response.json()["association_id"])
    return ids


async def test_search_filters_and_pages(app, auth, submission):
    tag = uuid.uuid4().hex[:8]
    staff = auth("staff")
    async with running(app) as client:
        ids = await _register_all(client, auth, submission, [
            {"name_ar": f"جمعية الأمل لرعاية الأيتام {tag}", "centre": "aswan",
             "sectors": ["orphans"]},
            {"name_ar": f"جمعية الامل للتنمية {tag}", "centre": "daraw", "sectors": ["health"],
             "legal_form": "foundation"},
            {"name_ar": f"جمعية النور {tag}", "centre": "aswan", "sectors": ["orphans"]},
        ])  # fmt: skip
        found = await client.get("/v1/associations", params={"q": f"الأمل {tag}"}, headers=staff)
        by_centre = await client.get(
            "/v1/associations",
            params={"q": tag, "centre": "aswan", "sector": "orphans"},
            headers=staff,
        )
        by_form = await client.get(
            "/v1/associations", params={"q": tag, "legal_form": "foundation"}, headers=staff
        )
        page = await client.get("/v1/associations", params={"q": tag, "limit": 2, "offset": 2},
                                headers=staff)  # fmt: skip
        pending = await client.get("/v1/associations", params={"q": tag, "status": "active"},
                                   headers=staff)  # fmt: skip
        partner = await client.get("/v1/associations", params={"q": tag}, headers=auth("partner"))
    # both spellings (الأمل / الامل) match; النور does not
    assert {i["association_id"] for i in found.json()["items"]} == {ids[0], ids[1]}
    assert {i["association_id"] for i in by_centre.json()["items"]} == {ids[0], ids[2]}
    assert [i["association_id"] for i in by_form.json()["items"]] == [ids[1]]
    assert page.json()["total"] == 3 and len(page.json()["items"]) == 1
    assert pending.json()["total"] == 0
    assert all("contact_phone" not in i for i in partner.json()["items"])


async def test_search_matches_spelling_variants(app, auth, submission):
    tag = uuid.uuid4().hex[:8]
    async with running(app) as client:
        [aid] = await _register_all(
            client, auth, submission, [{"name_ar": f"مؤسسة الهُدى الخيرية {tag}"}]
        )
        response = await client.get(
            "/v1/associations", params={"q": f"الهدي {tag}"}, headers=auth("staff")
        )
    assert [i["association_id"] for i in response.json()["items"]] == [aid]


async def test_who_does_what_where_counts_active_associations(app, auth, submission):
    staff = auth("staff")
    async with running(app) as client:
        before = await client.get("/v1/who-does-what-where", headers=auth("partner"))
        ids = await _register_all(client, auth, submission, [
            {"centre": "abu_simbel", "sectors": ["relief", "housing"], "centres_served": ["edfu"]},
            {"centre": "abu_simbel", "sectors": ["relief"]},
        ])  # fmt: skip
        await client.post(f"/v1/associations/{ids[0]}/verify", json={}, headers=staff)
        after = await client.get("/v1/who-does-what-where", headers=staff)

    def count(body, centre, sector):
        return next(
            (
                r["active_associations"]
                for r in body
                if (r["centre"], r["sector"]) == (centre, sector)
            ),
            0,
        )

    b, a = before.json(), after.json()
    assert count(a, "abu_simbel", "relief") - count(b, "abu_simbel", "relief") == 1  # one active
    assert count(a, "edfu", "housing") - count(b, "edfu", "housing") == 1
    assert count(a, "abu_simbel", "housing") - count(b, "abu_simbel", "housing") == 1


async def test_exports_csv_json_and_hxl(app, auth, submission):
    staff = auth("staff")
    async with running(app) as client:
        [aid] = await _register_all(client, auth, submission, [{"centre": "nasr_al_nuba"}])
        await client.post(f"/v1/associations/{aid}/verify", json={}, headers=staff)
        params = {"centre": "nasr_al_nuba", "status": "active"}
        as_csv = await client.get("/v1/exports/associations", params=params, headers=staff)
        as_json = await client.get("/v1/exports/associations", params={**params, "format": "json"},
                                   headers=auth("partner"))  # fmt: skip
        as_hxl = await client.get("/v1/exports/associations", params={**params, "format": "hxl"},
                                  headers=staff)  # fmt: skip
    rows = list(csv.reader(io.StringIO(as_csv.text.lstrip("\ufeff"))))
    assert rows[0][:2] == ["org_id", "name_ar"]
    assert as_csv.headers["content-type"].startswith("text/csv")
    records = as_json.json()
    assert any(r["centre_name"] == "نصر النوبة" for r in records)
    assert all("contact_phone" not in r for r in records)
    hxl = list(csv.reader(io.StringIO(as_hxl.text.lstrip("\ufeff"))))
    tags = hxl[1]
    for tag in ("#org+code", "#adm2+name", "#sector"):
        assert tag in tags
    assert any(t.startswith("#org+name") for t in tags)
    assert len(hxl) == len(rows) + 1
