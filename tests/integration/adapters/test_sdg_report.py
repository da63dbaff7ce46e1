"""The SDG / Vision 2030 report built from the real monitoring service's public framework and
results export (in-process), written as JSON and XLSX."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from adapters.planning_figures.domain.sdg_report import build
from adapters.planning_figures.entrypoints.sdg_report import write
from services.monitoring.bootstrap import build as build_monitoring
from services.monitoring.config import MonitoringSettings
from tests.integration.monitoring.conftest import framework_doc
from tests.support.services import running


async def test_report_groups_the_frameworks_kpis_by_sdg_target_and_vision(
    settings_for, auth, tmp_path, uid
):
    doc = framework_doc(uid)
    async with running(build_monitoring(settings_for(MonitoringSettings))) as client:
        put = await client.put("/v1/framework", json=doc, headers=auth("staff"))
        assert put.status_code == 200, put.text
        framework = (await client.get("/v1/framework")).json()
        rows = (await client.get("/v1/exports/results.json")).json()
    report = build(framework, rows, 2026)
    enrol, cases = f"t{uid}.enrol", f"t{uid}.cases"
    ours = [  # the session's framework holds other tests' KPIs too
        line for line in report["by_sdg_target"]["4.1"] if line["kpi_code"].startswith(f"t{uid}.")
    ]
    assert [line["kpi_code"] for line in ours] == [enrol]
    assert enrol in [line["kpi_code"] for line in report["by_vision2030"]["knowledge"]]
    assert cases in [line["kpi_code"] for line in report["by_sdg_target"]["unmapped"]]
    line = ours[0]
    assert line["name_ar"] == "نسبة القيد" and line["status"]
    json_path, xlsx_path = write(report, tmp_path)
    written = json.loads(json_path.read_text("utf-8"))["by_sdg_target"]["4.1"]
    assert enrol in [line["kpi_code"] for line in written]
    book = load_workbook(xlsx_path)
    assert book.sheetnames == ["SDG targets", "Vision 2030"]
    sheet = book["SDG targets"]
    assert sheet.sheet_view.rightToLeft
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][1] == "رمز المؤشر" and values[1][1] == "KPI"
    assert ["4.1", enrol] in [v[:2] for v in values[2:]]
