"""Field-by-field checks of a registration or an update. Every error is collected (code, Arabic
and English message, field) so the submitter can fix them all at once. Lenient on input: Arabic
names of centres and sectors, Arabic-Indic digits and Egyptian phone formats are accepted."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from services.registry.domain.contact import normalise_phone, valid_email
from services.registry.domain.model import BUDGET_BANDS
from shared.errors import ErrorDetail
from shared.events.codes import CENTRE_NAMES, SECTORS, Centre, LegalForm, Sector
from shared.text import control_char_fields, normalise_arabic, normalise_digits

_CENTRES = {normalise_arabic(n): c.value for c, names in CENTRE_NAMES.items() for n in names}
_CENTRES.update({c.value: c.value for c in Centre})
_SECTORS = {
    normalise_arabic(name): s.value for s, (ar, en, _) in SECTORS.items() for name in (ar, en)
}
_SECTORS.update({s.value: s.value for s in Sector})
_LEGAL = {f.value for f in LegalForm}
_SEPARATORS = re.compile(r"[;,،|]")


class FieldError(Exception):
    def __init__(self, code: str, ar: str, en: str) -> None:
        self.code, self.ar, self.en = code, ar, en


def _text(limit: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        text = str(value).strip()
        if len(text) > limit:
            raise FieldError("too_long", f"النص أطول من {limit} حرفًا", f"Longer than {limit}")
        return text or None

    return check


def _name_ar(value: Any) -> str:
    text = " ".join(str(value).split())
    if not re.search(r"[\u0621-\u064a]", text) or len(text) < 3:
        raise FieldError("invalid_name_ar", "الاسم بالعربية مطلوب", "An Arabic name is required")
    return _text(200)(text) or ""


def _registration_number(value: Any) -> str:
    digits = normalise_digits(str(value)).strip().replace(" ", "")
    if not re.fullmatch(r"[0-9]{1,12}", digits):
        raise FieldError(
            "invalid_registration_number",
            "رقم الإشهار يجب أن يتكون من أرقام فقط",
            "The registration number must be digits only",
        )
    return digits


def _code(table: dict[str, str], what_ar: str, what_en: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        found = table.get(normalise_arabic(str(value)).replace(" ", "_")) or table.get(
            normalise_arabic(str(value))
        )
        if found is None:
            raise FieldError(f"unknown_{what_en}", f"{what_ar} غير معروف", f"Unknown {what_en}")
        return found

    return check


_centre = _code(_CENTRES, "المركز", "centre")
_sector = _code(_SECTORS, "القطاع", "sector")


def _legal_form(value: Any) -> str:
    if str(value) not in _LEGAL:
        raise FieldError("unknown_legal_form", "الشكل القانوني غير معروف", "Unknown legal form")
    return str(value)


def _codes(check: Callable[[Any], str]) -> Callable[[Any], list[str]]:
    def many(value: Any) -> list[str]:
        items = _SEPARATORS.split(value) if isinstance(value, str) else list(value or [])
        out: list[str] = []
        for item in (i.strip() if isinstance(i, str) else i for i in items):
            if item and (code := check(item)) not in out:
                out.append(code)
        return out

    return many


def _count(low: int = 0, high: int = 10_000_000) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        text = normalise_digits(str(value)).replace(",", "").strip()
        if not re.fullmatch(r"[0-9]+", text) or not low <= int(text) <= high:
            raise FieldError(
                "invalid_number", f"رقم بين {low} و{high}", f"A number from {low} to {high}"
            )
        return int(text)

    return check


def _phone(value: Any) -> str:
    phone = normalise_phone(str(value))
    if phone is None:
        raise FieldError("invalid_phone", "رقم هاتف مصري غير صالح", "Not a valid Egyptian phone")
    return phone


def _email(value: Any) -> str:
    if not valid_email(str(value).strip()):
        raise FieldError("invalid_email", "بريد إلكتروني غير صالح", "Not a valid e-mail address")
    return str(value).strip().lower()


def _band(value: Any) -> str:
    if str(value) not in BUDGET_BANDS:
        raise FieldError("unknown_budget_band", "فئة الميزانية غير معروفة", "Unknown budget band")
    return str(value)


FIELDS: dict[str, Callable[[Any], Any]] = {
    "name_ar": _name_ar, "name_en": _text(200), "registration_number": _registration_number,
    "legal_form": _legal_form, "centre": _centre, "sectors": _codes(_sector),
    "centres_served": _codes(_centre), "city": _text(64), "village": _text(64),
    "address": _text(300), "founded_year": _count(1850, date.today().year),
    "members": _count(), "staff": _count(), "volunteers": _count(),
    "beneficiaries_per_year": _count(), "annual_budget_band": _band, "board_size": _count(0, 100),
    "contact_phone": _phone, "contact_email": _email,
}  # fmt: skip
REQUIRED = ("name_ar", "registration_number", "legal_form", "centre", "sectors")


def clean(
    data: dict[str, Any], *, partial: bool = False
) -> tuple[dict[str, Any], list[ErrorDetail]]:
    """Checked values of the known fields present in ``data``, and every error found."""
    values: dict[str, Any] = {}
    errors = [_control(f) for f in control_char_fields(data)]
    tainted = {e.field.split(".")[0] for e in errors if e.field}
    for name, check in FIELDS.items():
        raw = data.get(name)
        if name in tainted:
            continue
        if raw is None or raw == "" or raw == []:
            if not partial and name in REQUIRED:
                errors.append(_required(name))
            elif name in data and partial and name not in REQUIRED:
                values[name] = [] if name == "centres_served" else None
            continue
        try:
            values[name] = check(raw)
        except FieldError as exc:
            errors.append(
                ErrorDetail(code=exc.code, message_ar=exc.ar, message_en=exc.en, field=name)
            )
    if (
        "sectors" in data
        and not values.get("sectors")
        and "sectors" not in tainted | {e.field for e in errors}
    ):
        errors.append(_required("sectors"))
    return values, errors


def name_of(errors: list[ErrorDetail], field: str) -> ErrorDetail | None:
    return next((e for e in errors if e.field == field), None)


def _control(field: str) -> ErrorDetail:
    """A control character (NUL...) is bad input, answered like any field error, never retried:
    PostgreSQL cannot even store it."""
    return ErrorDetail(
        code="invalid_characters",
        message_ar="النص يحتوي على رموز تحكم غير مسموحة",
        message_en="The text holds control characters (such as NUL), which are not allowed",
        field=field or None,
    )


def _required(field: str) -> ErrorDetail:
    return ErrorDetail(
        code="required",
        message_ar="هذا الحقل مطلوب",
        message_en="This field is required",
        field=field,
    )
