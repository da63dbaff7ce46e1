"""Planning figures in: a ministry's KPI file dropped in the folder becomes
ministry.kpi.measurement-reported.v1 per good row; each bad row a report row and a dead letter;
the same file again changes nothing."""

from __future__ import annotations

import json

from adapters.planning_figures.bootstrap import build
from adapters.planning_figures.config import PlanningSettings

REPORTED = "ministry.kpi.measurement-reported.v1"


async def test_a_kpi_file_with_good_and_bad_rows(settings_for, bus, db, tmp_path, uid):
    folder = tmp_path / "planning"
    folder.mkdir()
    name = f"figures-{uid}.csv"
    (folder / name).write_text(
        "رمز المؤشر,الفترة,المركز,القيمة,البسط,المقام\n"
        f"K-{uid},٢٠٢٦-Q3,إدفو,٤٥٫٥,,\n"
        f"K-{uid},2026,,,3,4\n"
        f"K-{uid},2026-13,,1,,\n"
        f"K-{uid},2026,cairo,1,,\n"
        f"K-{uid},2026,,,3,0\n",
        encoding="utf-8",
    )
    reported = await bus.capture(REPORTED)
    settings = settings_for(PlanningSettings, planning_dir=str(folder), planning_poll_seconds=0.1)
    app = build(settings)
    files = app.state.files
    from tests.support.services import running

    async with running(app):
        events = await reported.wait_for(count=2)
        dead = await bus.drain_queue(files.dlq, count=3, timeout=20)
        again = await files.read_file(folder / name)
    data = sorted((e["data"] for e in events), key=lambda d: d["period"])
    assert data[0]["period"] == "2026" and data[0]["numerator"] == 3 and data[0]["denominator"] == 4
    assert data[0]["centre"] is None
    assert data[1]["period"] == "2026-Q3" and data[1]["value"] == 45.5
    assert data[1]["centre"] == "edfu" and data[1]["reported_by"] == "ministry-of-planning"
    assert all(e["source"] == "/aswan/planning_figures" for e in events)
    codes = {json.loads(m.body)["row"]: (m.headers or {})["x-error-kind"] for m in dead}
    assert codes == {3: "invalid_period", 4: "unknown_centre", 5: "zero_denominator"}
    report = await db.fetch(
        "SELECT row_no, reason_ar, reason_en FROM planning_figures.problems WHERE source = $1",
        name,
    )
    assert sorted(r["row_no"] for r in report) == [3, 4, 5]
    assert all(r["reason_ar"] and r["reason_en"] for r in report)
    assert again.already_read and again.accepted == 0
    assert len(reported.events()) == 2
