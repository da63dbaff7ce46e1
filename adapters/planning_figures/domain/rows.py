"""One row of a ministry's KPI file: KPI code, period, centre (empty: the governorate), and a
value or a numerator and denominator. Checked here (monitoring checks the KPI itself); a bad row
is refused with a reason in Arabic and English, never dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from shared.events.codes import CENTRE_NAMES, Centre
from shared.text import normalise_arabic, normalise_digits

HEADERS = {
    "kpi_code": "kpi_code", "kpi": "kpi_code", "رمز المؤشر": "kpi_code",
    "period": "period", "الفتره": "period",
    "centre": "centre", "center": "centre", "المركز": "centre",
    "value": "value", "القيمه": "value",
    "numerator": "numerator", "البسط": "numerator",
    "denominator": "denominator", "المقام": "denominator",
}  # fmt: skip
_CENTRES = {normalise_arabic(n): c.value for c, names in CENTRE_NAMES.items() for n in names}
_CENTRES.update({c.value: c.value for c in Centre})
_PERIOD = re.compile(r"^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$")


class RowProblem(Exception):
    def __init__(self, code: str, ar: str, en: str) -> None:
        super().__init__(code)
        self.code, self.ar, self.en = code, ar, en


@dataclass(frozen=True)
class Figure:
    kpi_code: str
    period: str
    centre: str | None
    value: float | None
    numerator: float | None
    denominator: float | None


_HEADERS = {normalise_arabic(k): v for k, v in HEADERS.items()}  # keys as the lookup sees them


def header(name: Any) -> str | None:
    key = normalise_arabic(str(name or ""))
    return _HEADERS.get(key.replace(" ", "_")) or _HEADERS.get(key)


def _number(raw: Any, field: str) -> float | None:
    if raw in (None, ""):
        return None
    text = normalise_digits(str(raw)).replace("٫", ".").replace("٬", "").replace(",", "").strip()
    try:
        return float(text)
    except ValueError:
        raise RowProblem(
            f"invalid_{field}", f"قيمة غير رقمية: {field}", f"Not a number: {field}"
        ) from None


def parse(row: dict[str, Any]) -> Figure:
    code = str(row.get("kpi_code") or "").strip()
    if not code or len(code) > 64:
        raise RowProblem("missing_kpi_code", "رمز المؤشر مطلوب", "The KPI code is missing")
    period = (
        normalise_digits(str(row.get("period") or ""))
        .strip()
        .upper()
        .replace("Q", "-Q")
        .replace("--", "-")
    )
    if not _PERIOD.match(period):
        raise RowProblem(
            "invalid_period",
            "الفترة غير صالحة (2026 أو 2026-Q3 أو 2026-07)",
            "Bad period (2026, 2026-Q3 or 2026-07)",
        )
    centre = None
    if row.get("centre") not in (None, ""):
        centre = _CENTRES.get(
            normalise_arabic(str(row["centre"])).replace(" ", "_")
        ) or _CENTRES.get(normalise_arabic(str(row["centre"])))
        if centre is None:
            raise RowProblem("unknown_centre", "المركز غير معروف", "Unknown centre")
    value = _number(row.get("value"), "value")
    numerator = _number(row.get("numerator"), "numerator")
    denominator = _number(row.get("denominator"), "denominator")
    if value is None and (numerator is None or denominator is None):
        raise RowProblem(
            "missing_value",
            "القيمة أو البسط والمقام مطلوبة",
            "A value, or a numerator and a denominator, is required",
        )
    if denominator == 0:
        raise RowProblem(
            "zero_denominator", "المقام لا يكون صفرًا", "The denominator cannot be zero"
        )
    return Figure(code, period, centre, value, numerator, denominator)
