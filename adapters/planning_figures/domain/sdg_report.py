"""The yearly report of the framework's KPIs by SDG target and by Egypt Vision 2030 dimension,
from monitoring's framework document and its results export. For each KPI: the governorate's
value of the year (the year's own period, else its latest quarter or month), with baseline,
target, progress and status as monitoring computed them. A KPI serving several targets is listed
under each; one without a target or dimension under ``unmapped``."""

from __future__ import annotations

from typing import Any

UNMAPPED = "unmapped"


def _kpis(framework: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {**kpi, "pillar": pillar["code"], "objective": objective["code"]}
        for pillar in framework.get("pillars", [])
        for objective in pillar.get("objectives", [])
        for kpi in objective.get("kpis", [])
    ]


def _of_year(rows: list[dict[str, Any]], code: str, year: int) -> dict[str, Any] | None:
    """The governorate's row of the year: the period ``YYYY`` itself, else the latest in it."""
    mine = [
        r for r in rows
        if r["kpi_code"] == code and r.get("scope") == "governorate"
        and str(r.get("period", "")).startswith(str(year))
    ]  # fmt: skip
    whole = [r for r in mine if r["period"] == str(year)]
    return (whole or sorted(mine, key=lambda r: r["period"]))[-1] if mine else None


def build(framework: dict[str, Any], rows: list[dict[str, Any]], year: int) -> dict[str, Any]:
    by_sdg: dict[str, list[dict[str, Any]]] = {}
    by_vision: dict[str, list[dict[str, Any]]] = {}
    for kpi in _kpis(framework):
        row = _of_year(rows, kpi["code"], year) or {}
        line = {
            "kpi_code": kpi["code"], "name_ar": kpi.get("name_ar"), "name_en": kpi.get("name_en"),
            "pillar": kpi["pillar"], "unit": kpi.get("unit"), "period": row.get("period"),
            "value": row.get("value"), "baseline": row.get("baseline"),
            "target": row.get("target"), "progress": row.get("progress"),
            "status": row.get("status", "no_data"),
        }  # fmt: skip
        for target in kpi.get("sdg_targets") or [UNMAPPED]:
            by_sdg.setdefault(target, []).append(line)
        by_vision.setdefault(kpi.get("vision2030") or UNMAPPED, []).append(line)
    return {
        "year": year,
        "title": framework.get("title"),
        "by_sdg_target": dict(sorted(by_sdg.items(), key=lambda kv: _target_key(kv[0]))),
        "by_vision2030": dict(sorted(by_vision.items())),
    }


def _target_key(target: str) -> tuple[int, str]:
    goal = target.split(".", 1)[0]
    return (int(goal) if goal.isdigit() else 999, target)
