"""Exports: IATI-style results XML, and CSV, HXL-tagged CSV and JSON, public, from approved
values."""

from __future__ import annotations

import csv
import io

from lxml import etree

from tests.integration.monitoring.conftest import load_framework
from tests.support.services import running


async def test_iati_xml_and_csv_carry_baseline_target_and_actual(app, auth, uid):
    kpi = f"t{uid}.enrol"
    async with running(app) as client:
        await load_framework(client, auth, uid)
        m = (
            await client.post(
                "/v1/measurements",
                headers=auth("staff"),
                json={"kpi_code": kpi, "period": "2026", "centre": "edfu", "value": 66},
            )
        ).json()
        await client.post(f"/v1/measurements/{m['id']}/approve", json={}, headers=auth("staff"))
        xml = await client.get("/v1/exports/iati.xml")
        table = await client.get("/v1/exports/results.csv")
        hxl = await client.get("/v1/exports/results.hxl.csv")
        as_json = await client.get("/v1/exports/results.json")
    assert xml.status_code == 200 and xml.headers["content-type"].startswith("application/xml")
    root = etree.fromstring(xml.content)
    [indicator] = root.xpath(f"//result[@ref='t{uid}.O']/indicator[@ref='{kpi}']")
    assert indicator.get("measure") == "2" and indicator.get("ascending") == "1"
    assert indicator.find("baseline").get("value") == "50.0"
    assert indicator.find("baseline").get("year") == "2025"
    periods = {p.find("actual/location").get("ref"): p for p in indicator.findall("period")}
    edfu = periods["edfu"]
    assert edfu.find("period-start").get("iso-date") == "2026-01-01"
    assert edfu.find("target").get("value") == "70.0" and edfu.find("actual").get("value") == "66.0"
    assert periods["governorate"].find("target").get("value") == "60.0"
    assert indicator.find("title/narrative").text == "نسبة القيد"
    rows = list(csv.DictReader(io.StringIO(table.text.lstrip("\ufeff"))))
    mine = {r["scope"]: r for r in rows if r["kpi_code"] == kpi}
    assert mine["edfu"]["value"] == "66.0" and mine["edfu"]["status"] == "at_risk"
    assert mine["governorate"]["status"] == "achieved"
    # HXL: the same header, then a row of hashtags, then the same rows
    header, tags, *hxl_rows = list(csv.reader(io.StringIO(hxl.text.lstrip("\ufeff"))))
    assert hxl.headers["content-type"].startswith("text/csv")
    assert header == list(rows[0].keys())
    tag = dict(zip(header, tags, strict=True))
    assert tag["kpi_code"] == "#indicator+code" and tag["scope"] == "#adm2+code"
    assert tag["value"] == "#indicator+value+num" and tag["name_ar"] == "#indicator+name+i_ar"
    assert all(t.startswith("#") for t in tags)
    tagged = [dict(zip(header, r, strict=True)) for r in hxl_rows]
    assert [r for r in tagged if r["kpi_code"] == kpi] == [r for r in rows if r["kpi_code"] == kpi]
    # JSON: the same rows, numbers as numbers
    assert as_json.status_code == 200
    by_scope = {r["scope"]: r for r in as_json.json() if r["kpi_code"] == kpi}
    assert by_scope["edfu"]["value"] == 66 and by_scope["edfu"]["target"] == 70
    assert by_scope["edfu"]["status"] == "at_risk" and by_scope["edfu"]["baseline"] == 50
    assert by_scope["governorate"]["status"] == "achieved"
    assert set(by_scope) == set(mine)


async def test_the_dashboard_links_every_open_data_export(app):
    async with running(app) as client:
        page = await client.get("/dashboard")
        links = etree.HTML(page.text).xpath("//footer[@id='open-data']//a/@href")
        answers = {link: (await client.get(link)).status_code for link in links}
    assert page.status_code == 200
    assert set(links) == {
        "/v1/exports/results.csv",
        "/v1/exports/results.hxl.csv",
        "/v1/exports/results.json",
        "/v1/exports/iati.xml",
    }
    assert set(answers.values()) == {200}
