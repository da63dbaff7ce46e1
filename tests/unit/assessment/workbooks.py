"""XLSForm workbooks for tests, built with openpyxl: a survey of a few questions per version."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

SURVEY_HEADER = [
    "type", "name", "label::Arabic (ar)", "label::English (en)", "required", "relevant",
    "constraint", "constraint_message::Arabic (ar)", "constraint_message::English (en)", "hxl",
]  # fmt: skip
CHOICES_HEADER = ["list_name", "name", "label::Arabic (ar)", "label::English (en)"]
SECTORS = [
    ["sectors", "health", "الصحة", "Health"],
    ["sectors", "education", "التعليم", "Education"],
]


def xlsform(
    survey: list[list[Any]],
    *,
    form_id: str,
    version: str,
    kind: str = "survey",
    choices: list[list[Any]] | None = None,
    title: str = "استمارة اختبار",
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    sheet.append(SURVEY_HEADER)
    for row in survey:
        sheet.append(row + [None] * (len(SURVEY_HEADER) - len(row)))
    sheet = book.create_sheet("choices")
    sheet.append(CHOICES_HEADER)
    for row in choices if choices is not None else SECTORS:
        sheet.append(row)
    sheet = book.create_sheet("settings")
    sheet.append(["form_id", "version", "form_title", "aswan_kind"])
    sheet.append([form_id, version, title, kind])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def survey_v1(form_id: str) -> bytes:
    """people (integer, 0-100000), sector (select_one), household_head (text), note_text."""
    return xlsform(
        [
            ["integer", "people", "عدد الأشخاص", "People", "yes", None, ". >= 0 and . <= 100000",
             "من ٠ إلى ١٠٠٠٠٠", "0 to 100000", "#affected"],
            ["select_one sectors", "sector", "القطاع", "Sector", "yes", None, None, None, None,
             "#sector"],
            ["text", "household_head", "رب الأسرة", "Head of household"],
            ["text", "remarks", "ملاحظات", "Remarks", "no", "${people} > 10"],
        ],
        form_id=form_id, version="1",
    )  # fmt: skip


def survey_v2(form_id: str) -> bytes:
    """v1 with household_head renamed to head_name, remarks dropped, sector retyped multiple,
    a new question first."""
    return xlsform(
        [
            ["date", "visited_on", "تاريخ الزيارة", "Visit date"],
            ["text", "head_name", "اسم رب الأسرة", "Head of household"],
            ["integer", "people", "عدد الأشخاص", "People", "yes", None, ". >= 0", None, None,
             "#affected"],
            ["select_multiple sectors", "sector", "القطاعات", "Sectors", "no", None, None, None,
             None, "#sector"],
        ],
        form_id=form_id, version="2",
    )  # fmt: skip
