"""The association record (Law 149/2019) and its status lifecycle. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from services.registry.domain.errors import InvalidTransitionError, ReasonRequiredError
from shared.events.codes import AssociationStatus as S
from shared.text import normalise_arabic, normalise_name

# Names whose normalised forms are at least this similar (pg_trgm similarity) in the same centre
# are flagged as suspected duplicates. Measured on real names: "الشبان المسلمين" vs
# "الشبان المسلمين باسوان" is 0.70 (flag), "رعاية الأيتام بإدفو" vs "رعاية المسنين بإدفو" 0.54
# and "تنمية المجتمع بكلابشة" vs "تنمية المجتمع بالرديسية" 0.50 (different bodies, no flag).
NAME_SIMILARITY = 0.7

BUDGET_BANDS = ("lt_100k", "100k_500k", "500k_1m", "1m_5m", "gt_5m")

# Fields an association (or staff) may change with PATCH; identity and status are not among them.
EDITABLE = (
    "name_ar", "name_en", "legal_form", "centre", "centres_served", "sectors", "city",
    "village", "address", "founded_year", "members", "staff", "volunteers",
    "beneficiaries_per_year", "annual_budget_band", "board_size", "contact_phone",
    "contact_email",
)  # fmt: skip
PUBLIC_FIELDS = (
    "association_id", "org_id", "registration_number", "name_ar", "name_en", "legal_form",
    "centre", "centres_served", "sectors", "city", "village", "founded_year", "status",
)  # fmt: skip


# Words that many names share ("تنمية المجتمع المحلي", "لرعاية"...), letter-normalised: left out
# of the block key, so that a block holds names alike in what distinguishes them.
GENERIC_WORDS = frozenset(
    {
        "تنميه", "لتنميه", "التنميه", "للتنميه", "المجتمع", "المجتمعيه", "المحلي", "المحليه",
        "رعايه", "لرعايه", "الرعايه", "خدمه", "لخدمه", "الخدمات", "تطوير", "لتطوير", "الشامله",
        "الاجتماعيه", "الاجتماعي", "بقريه", "قريه", "بمدينه", "مدينه", "نجع", "بنجع", "عزبه",
        "بعزبه", "الاسلاميه", "الاسلامي", "الدينيه",
    }
)  # fmt: skip


def name_key(name_ar: str) -> str:
    """The stored normalised name compared for duplicates (all words if only stop words)."""
    return normalise_name(name_ar) or normalise_arabic(name_ar)


def block_key(key: str) -> str:
    """Duplicate screening compares a name only with names of its block: the same first two
    distinctive words of the key (the first two words if it has none)."""
    words = key.split()
    distinctive = [w for w in words if w not in GENERIC_WORDS] or words
    return " ".join(distinctive[:2])


def org_id(registration_number: str) -> str:
    return f"EG-MOSS-{registration_number}"


@dataclass(frozen=True)
class StatusAction:
    name: str
    allowed_from: frozenset[S]
    to: S
    needs_reason: bool = True


_OPEN = frozenset({S.PENDING_VERIFICATION, S.ACTIVE, S.SUSPENDED})
ACTIONS = {
    a.name: a
    for a in (
        StatusAction("verify", frozenset({S.PENDING_VERIFICATION}), S.ACTIVE, needs_reason=False),
        StatusAction("suspend", frozenset({S.ACTIVE, S.PENDING_VERIFICATION}), S.SUSPENDED),
        StatusAction("dissolve", _OPEN, S.DISSOLVED),
        StatusAction("reactivate", frozenset({S.SUSPENDED}), S.ACTIVE),
    )
}


@dataclass(frozen=True)
class Association:
    association_id: str
    registration_number: str
    name_ar: str
    legal_form: str
    centre: str
    sectors: list[str]
    centres_served: list[str]
    status: S = S.PENDING_VERIFICATION
    version: int = 1
    name_en: str | None = None
    city: str | None = None
    village: str | None = None
    address: str | None = None
    founded_year: int | None = None
    members: int | None = None
    staff: int | None = None
    volunteers: int | None = None
    beneficiaries_per_year: int | None = None
    annual_budget_band: str | None = None
    board_size: int | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    duplicate_of: str | None = None
    status_reason: str | None = None

    @property
    def org_id(self) -> str:
        return org_id(self.registration_number)

    def transition(self, action: str, reason: str | None) -> Association:
        """Apply a staff action; raises when the lifecycle does not allow it."""
        act = ACTIONS[action]
        if self.status not in act.allowed_from:
            raise InvalidTransitionError(
                f"Cannot {action} an association that is {self.status.value}",
                f"لا يمكن تنفيذ الإجراء ({action}) على جمعية حالتها {self.status.value}",
                field="status",
            )
        if act.needs_reason and not (reason and reason.strip()):
            raise ReasonRequiredError(field="reason")
        return self.decided(act.to, reason)

    def decided(self, status: S, reason: str | None) -> Association:
        """A status set by an authority (the ministry), whatever the current one."""
        return replace(self, status=status, status_reason=reason, version=self.version + 1)

    def patched(self, changes: dict[str, Any]) -> tuple[Association, dict[str, Any]]:
        """Apply editable field values; return the new record and only what really changed."""
        changed = {k: v for k, v in changes.items() if k in EDITABLE and getattr(self, k) != v}
        if not changed:
            return self, {}
        return replace(self, **changed, version=self.version + 1), changed
