"""YAML source -> XLSForm workbook (survey, choices, settings sheets).

Choice lists ``"@centres"`` and ``"@sectors"`` are the published code lists (shared.events.codes),
so the demo forms always offer exactly the codes the services accept. A capacity source lists
its OCA domains and sub-areas; each sub-area becomes ``oca_<domain>_<n>`` (select_one 1-4) and
``oca_<domain>_<n>_evidence`` (text), grouped by domain.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from shared.events.codes import CENTRE_NAMES, SECTORS

HERE = Path(__file__).parent
SOURCES = ("needs", "challenges", "capacity")
SURVEY = [
    ("type", "type"), ("name", "name"), ("label::Arabic (ar)", "ar"), ("label::English (en)", "en"),
    ("hint::Arabic (ar)", "hint_ar"), ("hint::English (en)", "hint_en"), ("required", "required"),
    ("relevant", "relevant"), ("constraint", "constraint"),
    ("constraint_message::Arabic (ar)", "constraint_ar"),
    ("constraint_message::English (en)", "constraint_en"), ("hxl", "hxl"),
]  # fmt: skip
CODE_LISTS = {
    "@centres": [{"name": c.value, "ar": ar, "en": en} for c, (ar, en) in CENTRE_NAMES.items()],
    "@sectors": [{"name": s.value, "ar": ar, "en": en} for s, (ar, en, _) in SECTORS.items()],
}


def survey_rows(source: dict[str, Any]) -> list[dict[str, Any]]:
    if "domains" not in source:
        return list(source["survey"])
    rows = list(source.get("lead", []))
    for domain, spec in source["domains"].items():
        rows.append({"type": "begin_group", "name": f"domain_{domain}", "ar": spec["ar"],
                     "en": spec["en"]})  # fmt: skip
        for n, area in enumerate(spec["sub_areas"], start=1):
            name = f"oca_{domain}_{n}"
            rows.append({"type": "select_one scores", "name": name, "ar": area["ar"],
                         "en": area["en"], "required": "yes"})  # fmt: skip
            rows.append({"type": "text", "name": f"{name}_evidence", "ar": "الدليل: " + area["ar"],
                         "en": "Evidence: " + area["en"]})  # fmt: skip
        rows.append({"type": "end_group"})
    return rows


def workbook(source: dict[str, Any]) -> bytes:
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    survey.append([header for header, _ in SURVEY])
    for row in survey_rows(source):
        survey.append([_cell(row.get(key)) for _, key in SURVEY])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Arabic (ar)", "label::English (en)"])
    for list_name, items in source["choices"].items():
        for item in CODE_LISTS[items] if isinstance(items, str) else items:
            choices.append([list_name, str(item["name"]), item["ar"], item["en"]])
    settings = book.create_sheet("settings")
    settings.append(list(source["settings"]))
    settings.append([str(v) for v in source["settings"].values()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is True:
        return "yes"
    return value


def source(name: str) -> dict[str, Any]:
    return yaml.safe_load((HERE / f"{name}.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def build(out_dir: Path = HERE) -> list[Path]:
    written = []
    for name in SOURCES:
        path = out_dir / f"{name}.xlsx"
        path.write_bytes(workbook(source(name)))
        written.append(path)
    return written
