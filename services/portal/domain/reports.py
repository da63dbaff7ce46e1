"""KPIs an association may report on: those of the initiatives it leads or partners in."""

from __future__ import annotations

import re
from typing import Any

PERIOD = r"[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?"


def kpis_for(framework: dict[str, Any], association_id: str) -> list[dict[str, Any]]:
    """Each KPI (code, names, unit) of the initiatives led by or partnered with the
    association, with the initiatives that carry it."""
    kpis = {
        k["code"]: k
        for p in framework.get("pillars", [])
        for o in p.get("objectives", [])
        for k in o.get("kpis", [])
    }
    out: dict[str, dict[str, Any]] = {}
    for initiative in framework.get("initiatives", []):
        if association_id != initiative.get("lead") and association_id not in (
            initiative.get("partners") or []
        ):
            continue
        for code in initiative.get("kpi_codes", []):
            if code in kpis:
                entry = out.setdefault(code, {**kpis[code], "initiatives": []})
                entry["initiatives"].append(initiative)
    return list(out.values())


def valid_period(text: str) -> bool:
    return re.fullmatch(PERIOD, text) is not None
