"""The registration form: its fields, named after ``intake.registration.submitted.v1``, with the
checks a browser can make before submitting (required, format, range).

The rules are the registry's (services/registry/domain/validation.py), written again here as
HTML constraints because a service never imports another: the registry stays the judge and
answers anything else (a taken registration number, say) with a rejection the portal shows at
the field. Arabic-Indic digits are accepted by every pattern and turned into ASCII on posting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shared.text import normalise_digits

_DIGITS = "0-9٠-٩۰-۹"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"  # text | email | tel | number | select | checkboxes
    required: bool = False
    pattern: str | None = None
    maxlength: int | None = None
    minlength: int | None = None
    low: int | None = None
    high: int | None = None
    inputmode: str | None = None
    autocomplete: str | None = None
    dir: str | None = None
    choices: str | None = None  # code list name: legal_forms, centres, sectors, budget_bands
    group: str = "identity"
    attrs: dict[str, Any] = field(default_factory=dict)


def _count(name: str, high: int = 10_000_000, low: int = 0, group: str = "size") -> Field:
    return Field(
        name, pattern=f"[{_DIGITS}]{{1,8}}", inputmode="numeric", low=low, high=high, group=group
    )


FIELDS: tuple[Field, ...] = (
    Field("name_ar", required=True, minlength=3, maxlength=200,
          pattern=r".*[\u0621-\u064a].*", dir="rtl"),
    Field("name_en", maxlength=200, dir="ltr"),
    Field("registration_number", required=True, pattern=f"[{_DIGITS}]{{1,12}}",
          inputmode="numeric", maxlength=12, dir="ltr"),
    Field("legal_form", kind="select", required=True, choices="legal_forms"),
    Field("founded_year", pattern=f"[{_DIGITS}]{{4}}", inputmode="numeric", maxlength=4,
          low=1850, high=date.today().year, dir="ltr"),
    Field("centre", kind="select", required=True, choices="centres", group="place"),
    Field("city", maxlength=64, group="place"),
    Field("village", maxlength=64, group="place"),
    Field("address", maxlength=300, group="place"),
    Field("centres_served", kind="checkboxes", choices="centres", group="place"),
    Field("sectors", kind="checkboxes", required=True, choices="sectors", group="work"),
    _count("beneficiaries_per_year", group="work"),
    _count("members"), _count("staff"), _count("volunteers"), _count("board_size", high=100),
    Field("annual_budget_band", kind="select", choices="budget_bands", group="size"),
    Field("contact_phone", kind="tel", pattern=r"[0-9٠-٩۰-۹+\-\s\(\)\.]{8,20}", maxlength=20,
          inputmode="tel", autocomplete="tel", dir="ltr", group="contact"),
    Field("contact_email", kind="email", maxlength=254, autocomplete="email", dir="ltr",
          group="contact"),
)  # fmt: skip
GROUPS = ("identity", "place", "work", "size", "contact")
MULTI = frozenset(f.name for f in FIELDS if f.kind == "checkboxes")
NUMBERS = frozenset(f.name for f in FIELDS if f.low is not None)
BUDGET_BANDS = ("lt_100k", "100k_500k", "500k_1m", "1m_5m", "gt_5m")


def submission_data(form: dict[str, list[str]], language: str) -> dict[str, Any]:
    """The event's data from a posted form: known fields only, digits made ASCII, blanks
    left out (the registry judges what is missing)."""
    data: dict[str, Any] = {}
    for f in FIELDS:
        values = [v.strip() for v in form.get(f.name, []) if v.strip()]
        if f.name in MULTI:
            data[f.name] = values
        elif values:
            text = values[0]
            if f.name in NUMBERS or f.name in ("registration_number", "contact_phone"):
                text = normalise_digits(text)
            data[f.name] = text
    data["channel"] = "portal"
    data["language"] = language
    return data


def prefill(data: dict[str, Any]) -> dict[str, Any]:
    """Form values from an earlier submission's data (multi-valued fields as lists)."""
    out: dict[str, Any] = {}
    for f in FIELDS:
        value = data.get(f.name)
        if f.name in MULTI:
            out[f.name] = [str(v) for v in value or []]
        elif value is not None:
            out[f.name] = str(value)
    return out
