"""What an XLSForm must satisfy beyond pyxform's own checks: the settings we need, question
names unique in the whole form (answers are keyed by name), expressions we can evaluate and whose
``${references}`` exist, and the questions each kind needs (CONTRACTS.md, "Assessment")."""

from __future__ import annotations

import re
from typing import Any

from services.assessment.domain.constraints import compiled
from services.assessment.domain.expressions import ExpressionError, Node
from services.assessment.domain.form_errors import SheetError
from services.assessment.domain.forms import FormDefinition, FormKind, Question, walk
from shared.events.codes import Centre, Sector

FORM_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]{0,63}$")
VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
OCA_DOMAINS = (
    "governance", "finance", "administration", "hr", "programme", "performance", "organisation",
)  # fmt: skip
OCA_QUESTION = re.compile(r"^oca_([a-z]+)_(\d+)$")
OCA_SCORES = {"1", "2", "3", "4"}
NEEDS_QUESTIONS = {
    "centre": ("select_one",),
    "sector": ("select_one",),
    "severity": ("integer",),
    "people_in_need": ("integer",),
    "people_affected": ("integer",),
}
CODE_LISTS = {"centre": {c.value for c in Centre}, "sector": {s.value for s in Sector}}
# code: (Arabic, English), formatted with the error's details
MESSAGES = {
    "setting_invalid": (
        "قيمة {setting} مفقودة أو غير صالحة في ورقة الإعدادات",
        "settings: {setting} is missing or not valid",
    ),
    "aswan_kind_invalid": (
        "aswan_kind يجب أن يكون needs أو capacity أو challenges أو survey",
        "settings: aswan_kind must be needs, capacity, challenges or survey",
    ),
    "name_duplicate": (
        "الاسم {name} مستخدم لأكثر من سؤال في الاستمارة",
        "The name {name!r} is used by more than one question in the form",
    ),
    "name_reserved": (
        "الاسم {name} محجوز لأعمدة التصدير (form_version وما يبدأ بـ _)",
        "The name {name!r} is reserved for export columns (form_version, names starting with _)",
    ),
    "expression_unsupported": (
        "لا يمكن تقييم التعبير «{text}»: {reason}",
        "The expression {text!r} cannot be evaluated: {reason}",
    ),
    "reference_unknown": (
        "التعبير يشير إلى سؤال غير موجود: {name}",
        "The expression refers to an unknown question: ${{{name}}}",
    ),
    "regex_invalid": (
        "التعبير النمطي غير صالح: {text}",
        "The regular expression {text!r} is not valid: {reason}",
    ),
    "kind_question_missing": (
        "استمارة من نوع {kind} يجب أن تسأل {name} ({types})",
        "A {kind} form must ask {name!r} as {types}",
    ),
    "choice_not_a_code": (
        "خيارات {name} يجب أن تكون من قائمة الرموز المنشورة؛ غير معروف: {text}",
        "The choices of {name!r} must be published codes; unknown: {text}",
    ),
    "oca_question_invalid": (
        "{name}: يجب أن يكون select_one بالخيارات 1-4 ومجاله من: {text}",
        "{name}: must be a select_one with choices 1-4 and a domain among: {text}",
    ),
}


def sheet_error(
    code: str, sheet: str | None, row: int | None, column: str | None, **details: Any
) -> SheetError:
    ar, en = MESSAGES[code]
    return SheetError(code, ar.format(**details), en.format(**details), sheet, row, column)


def check_settings(settings: dict[str, Any]) -> list[SheetError]:
    errors = [
        sheet_error("setting_invalid", "settings", 2, column, setting=column)
        for column, pattern in (("form_id", FORM_ID), ("version", VERSION))
        if not pattern.match(str(settings.get(column) or ""))
    ]
    if str(settings.get("aswan_kind") or "").strip().lower() not in {k.value for k in FormKind}:
        errors.append(sheet_error("aswan_kind_invalid", "settings", 2, "aswan_kind"))
    return errors


def check_definition(definition: FormDefinition, rows: dict[str, int]) -> list[SheetError]:
    errors: list[SheetError] = []
    seen: set[str] = set()
    names = {q.name for q in walk(definition.questions)}
    for q in walk(definition.questions):
        at = rows.get(q.name)
        if q.name in seen:
            errors.append(sheet_error("name_duplicate", "survey", at, "name", name=q.name))
        seen.add(q.name)
        if q.name == "form_version" or q.name.startswith("_"):
            errors.append(sheet_error("name_reserved", "survey", at, "name", name=q.name))
        for column in ("relevant", "constraint"):
            if text := getattr(q, column):
                errors += _expression(text, names, ("survey", at, column))
    return errors + _kind(definition, rows)


def _expression(text: str, names: set[str], at: tuple[str, int | None, str]) -> list[SheetError]:
    try:
        expression = compiled(text)
    except ExpressionError as exc:
        return [sheet_error("expression_unsupported", *at, text=text, reason=exc)]
    errors = [
        sheet_error("reference_unknown", *at, name=name)
        for name in sorted(expression.references() - names)
    ]
    for pattern in _regex_literals(expression.tree):
        try:
            re.compile(pattern)
        except re.error as exc:
            errors.append(sheet_error("regex_invalid", *at, text=pattern, reason=exc))
    return errors


def _regex_literals(node: Node) -> list[str]:
    own = []
    if node.kind == "call" and node.value == "regex" and node.args[1].kind == "str":
        own.append(str(node.args[1].value))
    return own + [p for arg in node.args for p in _regex_literals(arg)]


def _kind(definition: FormDefinition, rows: dict[str, int]) -> list[SheetError]:
    questions = {q.name: q for q in definition.columns()}
    if definition.kind is FormKind.NEEDS:
        return _needs(questions, rows)
    if definition.kind is FormKind.CAPACITY:
        return _capacity(questions, rows)
    return []


def _needs(questions: dict[str, Question], rows: dict[str, int]) -> list[SheetError]:
    errors = []
    for name, types in NEEDS_QUESTIONS.items():
        q = questions.get(name)
        if q is None or q.type not in types:
            errors.append(
                sheet_error("kind_question_missing", "survey", rows.get(name), "type",
                            kind="needs", name=name, types=" | ".join(types))
            )  # fmt: skip
        elif name in CODE_LISTS and not q.choice_names() <= CODE_LISTS[name]:
            unknown = ", ".join(sorted(q.choice_names() - CODE_LISTS[name]))
            errors.append(sheet_error("choice_not_a_code", "choices", None, "name",
                                      name=name, text=unknown))  # fmt: skip
    return errors


def _capacity(questions: dict[str, Question], rows: dict[str, int]) -> list[SheetError]:
    errors = []
    scored = [q for name, q in questions.items() if OCA_QUESTION.match(name)]
    wanted = (("association_id", "association_id" in questions, "text"),
              ("oca_<domain>_<n>", scored, "select_one 1-4"))  # fmt: skip
    for name, found, types in wanted:
        if not found:
            errors.append(sheet_error("kind_question_missing", "survey", None, "name",
                                      kind="capacity", name=name, types=types))  # fmt: skip
    for q in scored:
        domain = OCA_QUESTION.match(q.name).group(1)  # type: ignore[union-attr]
        if domain not in OCA_DOMAINS or q.type != "select_one" or q.choice_names() != OCA_SCORES:
            errors.append(sheet_error("oca_question_invalid", "survey", rows.get(q.name), "type",
                                      name=q.name, text=", ".join(OCA_DOMAINS)))  # fmt: skip
    return errors
