"""Arabic-first text handling: digits typed in Arabic-Indic or Persian forms, and Arabic names
normalised so that spelling variants of one organisation compare equal.

Normalisation (for search and duplicate detection, never for display):
diacritics and tatweel removed; alef forms (أ إ آ ٱ) -> ا; taa marbuta ة -> ه; alef maqsura ى -> ي;
hamza carriers ؤ -> و, ئ -> ي; Arabic-Indic digits -> ASCII; punctuation -> space; common
organisation words (جمعية، مؤسسة، الخيرية، ...) dropped; spacing collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import BeforeValidator

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,  # tatweel
    }
)
_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
# Words that say what kind of body it is, not which one; compared after letter normalisation.
STOP_WORDS = frozenset(
    {
        # letter-normalised forms: جمعية، مؤسسة، الخيرية، الأهلية، اتحاد
        "جمعيه",
        "الجمعيه",
        "مؤسسه",
        "موسسه",
        "المؤسسه",
        "الموسسه",
        "الخيريه",
        "خيريه",
        "الاهليه",
        "اهليه",
        "اتحاد",
        "association",
        "foundation",
        "charity",
        "charitable",
        "the",
        "for",
        "of",
    }
)


def normalise_digits(text: str) -> str:
    """Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII."""
    return text.translate(_DIGITS)


def only_digits(text: str) -> str:
    """Digits of ``text`` after normalisation, e.g. '١٢٣/٢٠١٩' -> '1232019'."""
    return "".join(ch for ch in normalise_digits(text) if ch.isascii() and ch.isdigit())


def normalise_arabic(text: str) -> str:
    """Letter-level normalisation, keeping every word."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text)
    text = normalise_digits(text).translate(_LETTERS).lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


def normalise_name(text: str) -> str:
    """Organisation name key for search and duplicate detection."""
    words = [w for w in normalise_arabic(text).split() if w not in STOP_WORDS]
    return " ".join(words)


def _digits_in(value: object) -> object:
    return (
        normalise_digits(value).replace("٫", ".").replace(",", "")
        if isinstance(value, str)
        else value
    )


# Pydantic field types that accept Arabic-Indic digits on input ("١٢٣" -> 123).
LocalInt = Annotated[int, BeforeValidator(_digits_in)]
LocalFloat = Annotated[float, BeforeValidator(_digits_in)]


# Characters no text field takes: the C0 controls but tab, line feed and carriage return, DEL,
# the C1 controls, and lone surrogates (neither PostgreSQL nor UTF-8 can hold them; a NUL made
# asyncpg fail the whole statement). Bad input: a field error, never a retry.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control_chars(text: str) -> bool:
    return _CONTROL.search(text) is not None


def strip_control_chars(text: str) -> str:
    return _CONTROL.sub("", text)


def control_char_fields(value: object, path: str = "") -> list[str]:
    """The dotted paths of every string (key or value) in ``value`` holding a control character,
    e.g. ``["name_ar", "sectors.1"]`` (``""`` for ``value`` itself)."""
    if isinstance(value, str):
        return [path] if has_control_chars(value) else []
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and has_control_chars(key):
                found.append(path or strip_control_chars(key))
            else:
                found += control_char_fields(item, where)
    elif isinstance(value, list | tuple):
        for n, item in enumerate(value):
            found += control_char_fields(item, f"{path}.{n}" if path else str(n))
    return found
