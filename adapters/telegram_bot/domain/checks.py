"""The registry's checks of the fields the bot collects, so that a chat catches a bad answer at
once instead of after a round trip to the registry. Reimplemented here (an adapter never imports
a service) from ``services/registry/domain/validation.py`` and ``contact.py``: same codes, same
messages; the registry still checks everything again and its answer is the one that counts."""

from __future__ import annotations

import re
from collections.abc import Callable

from shared.events.codes import CENTRE_NAMES, SECTORS, Centre, LegalForm, Sector
from shared.text import normalise_arabic, normalise_digits, only_digits

_CENTRES = {normalise_arabic(n): c.value for c, names in CENTRE_NAMES.items() for n in names}
_CENTRES.update({c.value: c.value for c in Centre})
_SECTORS = {
    normalise_arabic(name): s.value for s, (ar, en, _) in SECTORS.items() for name in (ar, en)
}
_SECTORS.update({s.value: s.value for s in Sector})
_SEPARATORS = re.compile(r"[;,،|]")
_MOBILE = re.compile(r"^01[0125][0-9]{8}$")
_LANDLINE = re.compile(r"^0(?:[23][0-9]{8}|[4-9][0-9][0-9]{7})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class FieldError(Exception):
    def __init__(self, code: str, ar: str, en: str) -> None:
        super().__init__(code)
        self.code, self.ar, self.en = code, ar, en


def text(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = " ".join(value.split())
        if len(value) > limit:
            raise FieldError("too_long", f"النص أطول من {limit} حرفًا", f"Longer than {limit}")
        return value

    return check


def name_ar(value: str) -> str:
    value = " ".join(value.split())
    if not re.search(r"[\u0621-\u064a]", value) or len(value) < 3:
        raise FieldError("invalid_name_ar", "الاسم بالعربية مطلوب", "An Arabic name is required")
    return text(200)(value)


def registration_number(value: str) -> str:
    digits = normalise_digits(value).strip().replace(" ", "")
    if not re.fullmatch(r"[0-9]{1,12}", digits):
        raise FieldError(
            "invalid_registration_number",
            "رقم الإشهار يجب أن يتكون من أرقام فقط",
            "The registration number must be digits only",
        )
    return digits


def _code(table: dict[str, str], what_ar: str, what_en: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        key = normalise_arabic(value)
        found = table.get(key.replace(" ", "_")) or table.get(key)
        if found is None:
            raise FieldError(f"unknown_{what_en}", f"{what_ar} غير معروف", f"Unknown {what_en}")
        return found

    return check


centre = _code(_CENTRES, "المركز", "centre")
sector = _code(_SECTORS, "القطاع", "sector")


def legal_form(value: str) -> str:
    if value not in {f.value for f in LegalForm}:
        raise FieldError("unknown_legal_form", "الشكل القانوني غير معروف", "Unknown legal form")
    return value


def codes(check: Callable[[str], str]) -> Callable[[str], list[str]]:
    """A typed list (``صحة، تعليم``) of codes, each checked."""

    def many(value: str) -> list[str]:
        out: list[str] = []
        for item in (i.strip() for i in _SEPARATORS.split(value)):
            if item and (code := check(item)) not in out:
                out.append(code)
        return out

    return many


def phone(value: str) -> str:
    """Egyptian numbers in any usual form (Arabic-Indic digits too) -> E.164."""
    stripped = value.strip()
    digits = only_digits(stripped)
    if re.search(r"[^0-9٠-٩۰-۹+\-\s().]", stripped) or not digits:
        raise FieldError("invalid_phone", "رقم هاتف مصري غير صالح", "Not a valid Egyptian phone")
    if digits.startswith("0020"):
        digits = digits[4:]
    elif digits.startswith("20") and len(digits) in (11, 12):
        digits = digits[2:]
    if not digits.startswith("0"):
        digits = "0" + digits
    if not (_MOBILE.match(digits) or _LANDLINE.match(digits)):
        raise FieldError("invalid_phone", "رقم هاتف مصري غير صالح", "Not a valid Egyptian phone")
    return "+20" + digits[1:]


def email(value: str) -> str:
    value = value.strip()
    if not _EMAIL.match(value) or len(value) > 254:
        raise FieldError("invalid_email", "بريد إلكتروني غير صالح", "Not a valid e-mail address")
    return value.lower()
