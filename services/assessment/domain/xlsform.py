"""Reading an XLSForm workbook into a :class:`FormDefinition`, with pyxform's own reader and its
``workbook_to_json`` (the JSON form it builds XForms from). We keep what we need of that JSON and
check what pyxform leaves to the XForm builder or to ODK (types we support, expressions we can
evaluate, Arabic labels, the settings and questions a kind needs): every problem is reported with
its sheet, row and column, in Arabic and English (:mod:`.xlsform_rules`).
"""

from __future__ import annotations

import re
from typing import Any

from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import DefinitionData, get_xlsform

from services.assessment.domain.form_errors import SheetError, WorkbookInvalidError
from services.assessment.domain.forms import Choice, FormDefinition, FormKind, Labels, Question
from services.assessment.domain.xlsform_rules import check_definition, check_settings

TYPES = {"select one": "select_one", "select all that apply": "select_multiple"}
SUPPORTED = {"integer", "decimal", "text", "date", "geopoint", "note", "group", "repeat"}
REQUIRED_VALUES = {"yes": True, "true": True, "true()": True, "1": True}
NOT_REQUIRED = {"no": False, "false": False, "false()": False, "0": False, "": False}
_ROW = re.compile(r"\[row : (\d+)\]")
_SHEET = re.compile(r"[Oo]n the '(\w+)' sheet|sheet: '(\w+)'")
_COLUMN = re.compile(r"the '([\w:]+)' value")
_LANG = re.compile(r"\((\w+)\)\s*$")
_LANG_NAMES = {"arabic": "ar", "english": "en"}


def read_xlsform(data: bytes) -> FormDefinition:
    """The definition of an uploaded workbook; :class:`WorkbookInvalidError` lists what is
    wrong with it, each problem located."""
    book = _read(data)
    settings = (book.settings or [{}])[0]
    errors = check_settings(settings)
    try:
        doc = workbook_to_json(book, warnings=[])
    except PyXFormError as exc:
        raise WorkbookInvalidError([_located(exc)]) from None
    except Exception as exc:  # noqa: BLE001 - a workbook pyxform trips over is still a 422
        raise WorkbookInvalidError(
            [_located(PyXFormError(f"{type(exc).__name__}: {exc}"))]
        ) from None
    builder = _Builder(_rows(book), language(str(settings.get("default_language") or "ar")))
    questions = builder.questions(doc.get("children", []))
    kind = str(settings.get("aswan_kind") or "").strip().lower()
    definition = FormDefinition(
        form_id=str(settings.get("form_id") or ""),
        version=str(settings.get("version") or ""),
        kind=kind if kind in {k.value for k in FormKind} else FormKind.SURVEY,  # type: ignore[arg-type]
        title=str(settings.get("form_title") or settings.get("form_id") or ""),
        default_language=builder.default,
        demo=str(settings.get("aswan_demo", "")).strip().lower() in REQUIRED_VALUES,
        questions=questions,
    )
    errors += builder.errors + check_definition(definition, builder.rows)
    if errors:
        raise WorkbookInvalidError(errors)
    return definition


def language(key: str) -> str:
    """``"Arabic (ar)"`` -> ``"ar"``; ``"English"`` -> ``"en"``."""
    match = _LANG.search(key)
    return match.group(1).lower() if match else _LANG_NAMES.get(key.strip().lower(), key)


def _read(data: bytes) -> DefinitionData:
    try:
        return get_xlsform(data, file_type=".xlsx")
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a damaged archive
        detail = "" if isinstance(exc, PyXFormError) else f": {exc}"[:200]
        raise WorkbookInvalidError([SheetError(
            "not_xlsx", "تعذرت قراءة الملف كمصنف Excel (.xlsx)",
            f"The file could not be read as an Excel workbook (.xlsx){detail}",
        )]) from None  # fmt: skip


def _rows(book: DefinitionData) -> dict[str, int]:
    """Question name -> its row on the survey sheet (row 1 is the header)."""
    rows: dict[str, int] = {}
    for index, row in enumerate(book.survey or []):
        name = row.get("name")
        if name and name not in rows:
            rows[str(name)] = index + 2
    return rows


def _located(exc: PyXFormError) -> SheetError:
    text = str(exc)
    row, sheet, column = _ROW.search(text), _SHEET.search(text), _COLUMN.search(text)
    return SheetError(
        code="xlsform_invalid",
        message_ar="خطأ في بنية الاستمارة: " + text,
        message_en=text,
        sheet=(sheet.group(1) or sheet.group(2)) if sheet else ("survey" if row else None),
        row=int(row.group(1)) if row else None,
        column=column.group(1) if column else None,
    )


class _Builder:
    """pyxform's JSON children -> our questions, collecting every located problem."""

    def __init__(self, rows: dict[str, int], default: str) -> None:
        self.rows = rows
        self.default = default
        self.errors: list[SheetError] = []

    def error(self, name: str, column: str, code: str, ar: str, en: str) -> None:
        self.errors.append(SheetError(code, ar, en, "survey", self.rows.get(name), column))

    def questions(self, children: list[dict[str, Any]]) -> list[Question]:
        out = []
        for child in children:
            if child.get("name") == "meta" and child.get("control", {}).get("bodyless"):
                continue  # pyxform's generated instanceID
            question = self.question(child)
            if question is not None:
                out.append(question)
        return out

    def question(self, raw: dict[str, Any]) -> Question | None:
        name, bind = str(raw.get("name", "")), raw.get("bind", {})
        kind = TYPES.get(raw["type"], raw["type"])
        if kind not in SUPPORTED | set(TYPES.values()):
            self.error(
                name,
                "type",
                "unsupported_type",
                f"نوع السؤال غير مدعوم: {kind}",
                f"Question type {kind!r} is not supported",
            )
            return None
        label = self.labels(raw.get("label"))
        if (raw.get("label") or kind != "group") and not label.get("ar"):
            self.error(
                name,
                "label",
                "label_missing_ar",
                "السؤال بلا عنوان باللغة العربية",
                "The question has no Arabic label (label::Arabic (ar))",
            )
        required = str(bind.get("required", "")).strip().lower()
        if required not in REQUIRED_VALUES | NOT_REQUIRED:
            self.error(
                name,
                "required",
                "required_invalid",
                "قيمة «مطلوب» يجب أن تكون yes أو no",
                "required must be yes or no",
            )
        choices = [
            Choice(name=str(c["name"]), label=self.labels(c.get("label")))
            for c in raw.get("choices", [])
        ]
        children: list[dict[str, Any]] = raw.get("children") or []
        return Question(
            name=name,
            type=kind,
            label=label,
            hint=self.labels(raw.get("hint")) or None,
            required=REQUIRED_VALUES.get(required, False),
            required_message=self.labels(bind.get("jr:requiredMsg")) or None,
            relevant=bind.get("relevant") or None,
            constraint=bind.get("constraint") or None,
            constraint_message=self.labels(bind.get("jr:constraintMsg")) or None,
            appearance=raw.get("control", {}).get("appearance"),
            hxl=raw.get("hxl") or None,
            list_name=raw.get("list_name"),
            choices=choices if kind in TYPES.values() else None,
            children=self.questions(children) if kind in ("group", "repeat") else None,
        )

    def labels(self, raw: object) -> Labels:
        if raw is None:
            return {}
        if isinstance(raw, dict):
            return {
                (self.default if k == "default" else language(k)): str(v) for k, v in raw.items()
            }
        return {self.default: str(raw)}
