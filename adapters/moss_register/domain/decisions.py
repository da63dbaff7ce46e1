"""The ministry's decisions on an association (from its webhook or its periodic extract), one
row at a time: checked, normalised, or refused with a reason in Arabic and English. Never
dropped: a refused row goes to the reconciliation report."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from shared.text import normalise_arabic, normalise_digits

STATUSES = {  # the register's words (and ours) -> the platform's status
    "verified": "active", "active": "active", "موثقه": "active", "نشطه": "active",
    "suspended": "suspended", "موقوفه": "suspended",
    "dissolved": "dissolved", "منحله": "dissolved",
}  # fmt: skip
HEADERS = {  # extract column headers -> our names (English or Arabic)
    "registration_number": "registration_number", "رقم الاشهار": "registration_number",
    "status": "status", "decision": "status", "الحاله": "status", "القرار": "status",
    "reference": "reference", "decision_reference": "reference", "رقم القرار": "reference",
    "decided_at": "decided_at", "decision_date": "decided_at", "تاريخ القرار": "decided_at",
    "reason": "reason", "السبب": "reason",
}  # fmt: skip


@dataclass(frozen=True)
class Decision:
    registration_number: str
    status: str
    reference: str
    decided_at: datetime
    reason: str | None = None

    @property
    def key(self) -> str:
        """The same decision in two extracts (or the webhook and an extract) is one decision."""
        raw = f"{self.registration_number}|{self.status}|{self.reference}|{self.decided_at.date()}"
        return hashlib.sha256(raw.encode()).hexdigest()


class RowProblem(Exception):
    def __init__(self, code: str, ar: str, en: str) -> None:
        super().__init__(code)
        self.code, self.ar, self.en = code, ar, en


_HEADERS = {normalise_arabic(k): v for k, v in HEADERS.items()}  # keys as the lookup sees them


def header(name: Any) -> str | None:
    key = normalise_arabic(str(name or ""))
    return _HEADERS.get(key.replace(" ", "_")) or _HEADERS.get(key)


def parse(row: dict[str, Any]) -> Decision:
    number = normalise_digits(str(row.get("registration_number") or "")).strip()
    if not re.fullmatch(r"[0-9]{1,12}", number):
        raise RowProblem(
            "invalid_registration_number", "رقم الإشهار غير صالح", "Bad registration number"
        )
    status = STATUSES.get(normalise_arabic(str(row.get("status") or "")))
    if status is None:
        raise RowProblem("unknown_status", "القرار غير معروف", "Unknown decision")
    reference = str(row.get("reference") or "").strip()
    if not reference or len(reference) > 200:
        raise RowProblem(
            "missing_reference", "رقم القرار مطلوب", "The decision reference is missing"
        )
    decided = _date(row.get("decided_at"))
    reason = str(row["reason"]).strip() if row.get("reason") else None
    return Decision(number, status, reference, decided, reason)


def _date(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = normalise_digits(str(value or "")).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise RowProblem("invalid_date", "تاريخ القرار غير صالح", "Bad decision date")
