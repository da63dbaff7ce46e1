"""Contact details: Egyptian phone numbers to E.164, e-mail addresses checked."""

from __future__ import annotations

import re

from shared.text import only_digits

_MOBILE = re.compile(r"^01[0125][0-9]{8}$")
# Cairo (02) and Alexandria (03): 8 digits; other areas (e.g. Aswan 097): 2-digit code + 7.
_LANDLINE = re.compile(r"^0(?:[23][0-9]{8}|[4-9][0-9][0-9]{7})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_phone(raw: str) -> str | None:
    """``01xxxxxxxxx``, ``+20 1x…``, ``0020…``, ``20…``, spaces, dashes, Arabic-Indic digits
    -> ``+201xxxxxxxxx`` (landlines ``+2097…``); None when it is not an Egyptian number."""
    stripped = raw.strip()
    if not stripped or re.search(r"[^0-9٠-٩۰-۹+\-\s().]", stripped):
        return None
    digits = only_digits(stripped)
    if digits.startswith("0020"):
        digits = digits[4:]
    elif digits.startswith("20") and len(digits) in (11, 12):
        digits = digits[2:]
    if not digits.startswith("0"):
        digits = "0" + digits
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return "+20" + digits[1:]
    return None


def valid_email(raw: str) -> bool:
    return bool(_EMAIL.match(raw)) and len(raw) <= 254
