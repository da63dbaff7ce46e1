"""The registration form as the bot asks it: the fields of ``intake.registration.submitted.v1``
one at a time, in this order; each answer checked as the registry will check it. Choices come
as buttons (one code, or several toggled then confirmed); typed names are accepted too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from adapters.telegram_bot.domain import checks
from adapters.telegram_bot.domain.texts import LEGAL_FORMS, option_label
from shared.events.codes import Centre, Sector
from shared.text import normalise_arabic


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | choice | multi
    required: bool
    check: Callable[[str], Any]
    options: tuple[str, ...] = ()


def _legal_form(value: str) -> str:
    key = normalise_arabic(value)
    for code, (ar, en) in LEGAL_FORMS.items():
        if key in (code, normalise_arabic(ar), normalise_arabic(en)):
            return code
    return checks.legal_form(value)


FORM: tuple[Field, ...] = (
    Field("name_ar", "text", True, checks.name_ar),
    Field("name_en", "text", False, checks.text(200)),
    Field("registration_number", "text", True, checks.registration_number),
    Field("legal_form", "choice", True, _legal_form, tuple(LEGAL_FORMS)),
    Field("centre", "choice", True, checks.centre, tuple(c.value for c in Centre)),
    Field("sectors", "multi", True, checks.codes(checks.sector), tuple(s.value for s in Sector)),
    Field(
        "centres_served",
        "multi",
        False,
        checks.codes(checks.centre),
        tuple(c.value for c in Centre),
    ),
    Field("contact_phone", "text", False, checks.phone),
    Field("contact_email", "text", False, checks.email),
)
FIELDS = {f.name: f for f in FORM}


def first() -> str:
    return FORM[0].name


def after(name: str) -> str | None:
    """The field asked after ``name``; None when the form is complete."""
    names = [f.name for f in FORM]
    index = names.index(name) + 1
    return names[index] if index < len(names) else None


def accept(name: str, raw: str) -> Any:
    """The checked value of a typed answer; :class:`checks.FieldError` when it is not valid."""
    field = FIELDS[name]
    value = field.check(raw)
    if field.required and value in ("", []):
        raise checks.FieldError("required", "هذا الحقل مطلوب", "This field is required")
    return value


def pick(name: str, code: str) -> str:
    """A button's code, checked against the field's options (buttons can be forged)."""
    if code not in FIELDS[name].options:
        raise checks.FieldError("unknown_option", "اختيار غير معروف", "Unknown option")
    return code


def toggle(selected: list[str], code: str) -> list[str]:
    return [c for c in selected if c != code] if code in selected else [*selected, code]


def finish_multi(name: str, selected: list[str]) -> list[str]:
    if FIELDS[name].required and not selected:
        raise checks.FieldError("required", "اختر واحدًا على الأقل", "Choose at least one")
    return [c for c in FIELDS[name].options if c in selected]


def display(name: str, value: Any, lang: str) -> str:
    """How an answer reads back in the summary."""
    if value in (None, "", []):
        return "—"
    if FIELDS[name].kind == "choice":
        return option_label(name, value, lang)
    if FIELDS[name].kind == "multi":
        return "، ".join(option_label(name, v, lang) for v in value)
    return str(value)


def submission(draft: dict[str, Any]) -> dict[str, Any]:
    """The data of ``intake.registration.submitted.v1`` for a completed draft."""
    return {f.name: draft[f.name] for f in FORM if draft.get(f.name) not in (None, "", [])}
