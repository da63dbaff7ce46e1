"""``python -m adapters.planning_figures sdg-report --year 2026 --out DIR
[--monitoring-url URL]``: the yearly SDG / Vision 2030 report as ``sdg-report-<year>.json`` and
``.xlsx`` (sheets by SDG target and by Vision 2030 dimension, Arabic and English headers), from
monitoring's public ``GET /v1/framework`` and ``GET /v1/exports/results.json``."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

import httpx
from openpyxl import Workbook

from adapters.planning_figures.domain.sdg_report import build

HEADERS = [
    ("group", "المجموعة", "Group"), ("kpi_code", "رمز المؤشر", "KPI"),
    ("name_ar", "المؤشر", "Indicator (Arabic)"), ("name_en", "المؤشر بالإنجليزية", "Indicator"),
    ("pillar", "المحور", "Pillar"), ("unit", "الوحدة", "Unit"), ("period", "الفترة", "Period"),
    ("value", "القيمة", "Value"), ("baseline", "خط الأساس", "Baseline"),
    ("target", "المستهدف", "Target"), ("progress", "نسبة التقدم", "Progress"),
    ("status", "الحالة", "Status"),
]  # fmt: skip


def fetch(base_url: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    with httpx.Client(base_url=base_url.rstrip("/"), timeout=30) as client:
        framework = client.get("/v1/framework").raise_for_status().json()
        rows = client.get("/v1/exports/results.json").raise_for_status().json()
    return framework, rows


def write(report: dict[str, Any], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"sdg-report-{report['year']}"
    json_path, xlsx_path = stem.with_suffix(".json"), stem.with_suffix(".xlsx")
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    book = Workbook()
    for index, (key, title) in enumerate(
        [("by_sdg_target", "SDG targets"), ("by_vision2030", "Vision 2030")]
    ):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        sheet.sheet_view.rightToLeft = True
        sheet.append([ar for _, ar, _ in HEADERS])
        sheet.append([en for _, _, en in HEADERS])
        for group, lines in report[key].items():
            for line in lines:
                sheet.append([group, *(line.get(name) for name, _, _ in HEADERS[1:])])
    book.save(xlsx_path)
    return json_path, xlsx_path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m adapters.planning_figures sdg-report")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--out", type=Path, default=Path("."))
    parser.add_argument(
        "--monitoring-url", default=os.environ.get("MONITORING_URL", "http://127.0.0.1:8003")
    )
    args = parser.parse_args(argv)
    framework, rows = fetch(args.monitoring_url)
    for path in write(build(framework, rows, args.year), args.out):
        print(path)
    return 0
