"""Exports: IATI-style results XML (result -> indicator -> baseline -> period with target and
actual), and the same results as flat rows in CSV, JSON and HXL-tagged CSV (a row of
Humanitarian Exchange Language hashtags under the header, for partners' tools). Public, like the
dashboard."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from lxml import etree

from services.monitoring.domain.framework import Direction, Framework, Measure
from services.monitoring.domain.periods import parse_period
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from services.monitoring.service_layer.views import results

# IATI indicator measure codes: 1 unit, 2 percentage, 5 qualitative (we use 1 and 2).
IATI_MEASURE = {Measure.PERCENT: "2"}
# column, HXL hashtag (scope: a centre's code, or "governorate" for the governorate's value)
COLUMNS = (
    ("pillar", "#indicator+pillar+code"),
    ("objective", "#indicator+objective+code"),
    ("kpi_code", "#indicator+code"),
    ("name_ar", "#indicator+name+i_ar"),
    ("name_en", "#indicator+name+i_en"),
    ("unit", "#indicator+unit"),
    ("period", "#date+period"),
    ("scope", "#adm2+code"),
    ("value", "#indicator+value+num"),
    ("baseline", "#indicator+baseline+num"),
    ("target", "#indicator+target+num"),
    ("progress", "#indicator+progress+num"),
    ("status", "#status"),
)
CSV_COLUMNS = tuple(column for column, _ in COLUMNS)


def _period_dates(text: str) -> tuple[str, str]:
    period = parse_period(text)
    assert period is not None
    if period.quarter is None:
        return f"{period.year}-01-01", f"{period.year}-12-31"
    start_month = 3 * (period.quarter - 1) + 1
    end = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}[period.quarter]
    return f"{period.year}-{start_month:02d}-01", f"{period.year}-{end}"


def _narrative(parent: Any, tag: str, ar: str, en: str | None) -> None:
    element = etree.SubElement(parent, tag)
    etree.SubElement(
        element, "narrative", {"{http://www.w3.org/XML/1998/namespace}lang": "ar"}
    ).text = ar
    if en:
        etree.SubElement(
            element, "narrative", {"{http://www.w3.org/XML/1998/namespace}lang": "en"}
        ).text = en


def iati_xml(framework: Framework, rows: dict[str, list[dict[str, Any]]]) -> bytes:
    root = etree.Element("iati-results", {"version": "2.03", "demo": str(framework.demo).lower()})
    for pillar in framework.pillars:
        for objective in pillar.objectives:
            result = etree.SubElement(root, "result", {"type": "2", "ref": objective.code})
            _narrative(result, "title", objective.name_ar, objective.name_en)
            for kpi in objective.kpis:
                indicator = etree.SubElement(
                    result,
                    "indicator",
                    {
                        "measure": IATI_MEASURE.get(kpi.measure, "1"),
                        "ref": kpi.code,
                        "ascending": "1" if kpi.direction is Direction.INCREASE else "0",
                    },
                )
                _narrative(indicator, "title", kpi.name_ar, kpi.name_en)
                if kpi.baseline_period and kpi.baseline_value is not None:
                    year = str(parse_period(kpi.baseline_period).year)  # type: ignore[union-attr]
                    etree.SubElement(
                        indicator, "baseline", {"year": year, "value": str(kpi.baseline_value)}
                    )
                for row in rows.get(kpi.code, []):
                    start, end = _period_dates(row["period"])
                    period = etree.SubElement(indicator, "period")
                    etree.SubElement(period, "period-start", {"iso-date": start})
                    etree.SubElement(period, "period-end", {"iso-date": end})
                    for tag, value in (("target", row["target"]), ("actual", row["value"])):
                        if value is not None:
                            element = etree.SubElement(period, tag, {"value": str(value)})
                            etree.SubElement(element, "location", {"ref": row["scope"]})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def result_rows(
    framework: Framework, rows: dict[str, list[dict[str, Any]]]
) -> Iterator[dict[str, Any]]:
    """One flat row per (KPI, period, scope), in the framework's order."""
    for pillar in framework.pillars:
        for objective in pillar.objectives:
            for kpi in objective.kpis:
                for row in rows.get(kpi.code, []):
                    yield {
                        "pillar": pillar.code,
                        "objective": objective.code,
                        "kpi_code": kpi.code,
                        "name_ar": kpi.name_ar,
                        "name_en": kpi.name_en,
                        "unit": kpi.unit,
                        "period": row["period"],
                        "scope": row["scope"],
                        "value": row["value"],
                        "baseline": kpi.baseline_value,
                        "target": row["target"],
                        "progress": row["progress"],
                        "status": row["status"],
                    }


def results_csv(
    framework: Framework, rows: dict[str, list[dict[str, Any]]], *, hxl: bool = False
) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    if hxl:
        writer.writerow(tag for _, tag in COLUMNS)
    for row in result_rows(framework, rows):
        writer.writerow("" if row[c] is None else row[c] for c in CSV_COLUMNS)
    return out.getvalue()


def _csv_response(text: str) -> Response:
    # BOM so that spreadsheet programs read the Arabic as UTF-8
    return Response("\ufeff" + text, media_type="text/csv; charset=utf-8")


def make_export_router(uow_factory: Callable[[], MonitoringUnitOfWork]) -> APIRouter:
    router = APIRouter(prefix="/v1/exports", tags=["exports"])

    async def read() -> tuple[Framework, dict[str, list[dict[str, Any]]]]:
        async with uow_factory() as uow:
            return await results(uow)

    @router.get("/iati.xml")
    async def iati() -> Response:
        return Response(iati_xml(*await read()), media_type="application/xml")

    @router.get("/results.csv")
    async def csv_export() -> Response:
        return _csv_response(results_csv(*await read()))

    @router.get("/results.hxl.csv")
    async def hxl_export() -> Response:
        """The CSV with a row of HXL hashtags under the header."""
        return _csv_response(results_csv(*await read(), hxl=True))

    @router.get("/results.json")
    async def json_export() -> JSONResponse:
        """The CSV's rows as JSON objects (numbers as numbers, missing values as null)."""
        return JSONResponse(list(result_rows(*await read())))

    return router
