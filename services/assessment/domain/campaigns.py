"""Assessment campaigns: one form version put to an audience in some centres for a period."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from shared.errors import ConflictError, NotFoundError, ValidationFailedError
from shared.events.assessment import CampaignClosed, CampaignOpened
from shared.events.codes import Centre


class Audience(StrEnum):
    ASSOCIATIONS = "associations"
    COMMUNITIES = "communities"
    STAFF = "staff"


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class CampaignNotFoundError(NotFoundError):
    code = "campaign_not_found"
    message_ar = "الحملة غير موجودة"
    message_en = "No such campaign"


class CampaignStateError(ConflictError):
    code = "campaign_state"
    message_ar = "لا يمكن تنفيذ هذا الإجراء في حالة الحملة الحالية"
    message_en = "The campaign's status does not allow this"


class CampaignInvalidError(ValidationFailedError):
    code = "campaign_invalid"


@dataclass(frozen=True)
class Campaign:
    campaign_id: str
    form_id: str
    form_version: str
    title_ar: str
    title_en: str | None
    centres: tuple[Centre, ...]
    audience: Audience
    opens_on: date
    closes_on: date
    status: CampaignStatus = CampaignStatus.DRAFT
    created_by: str = ""
    opened_at: datetime | None = None
    closed_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.closes_on < self.opens_on:
            raise CampaignInvalidError(
                "closes_on is before opens_on",
                "تاريخ الإغلاق قبل تاريخ الفتح",
                field="closes_on",
            )
        if not self.centres:
            raise CampaignInvalidError(
                "A campaign needs at least one centre", "حدد مركزا واحدا على الأقل", field="centres"
            )

    def opened(self, at: datetime) -> Campaign:
        if self.status is not CampaignStatus.DRAFT:
            raise CampaignStateError(
                f"Only a draft campaign can be opened (it is {self.status})",
                "لا تُفتح إلا حملة في مرحلة المسودة",
                field="status",
            )
        return replace(self, status=CampaignStatus.OPEN, opened_at=at)

    def closed(self, at: datetime) -> Campaign:
        if self.status is not CampaignStatus.OPEN:
            raise CampaignStateError(
                f"Only an open campaign can be closed (it is {self.status})",
                "لا تُغلق إلا حملة مفتوحة",
                field="status",
            )
        return replace(self, status=CampaignStatus.CLOSED, closed_at=at)

    def _fields(self) -> dict[str, object]:
        return {
            "campaign_id": self.campaign_id,
            "form_id": self.form_id,
            "form_version": self.form_version,
            "title_ar": self.title_ar,
            "title_en": self.title_en,
            "centres": list(self.centres),
            "audience": self.audience.value,
            "opens_on": self.opens_on,
            "closes_on": self.closes_on,
        }

    def opened_event(self) -> CampaignOpened:
        return CampaignOpened.model_validate(self._fields())

    def closed_event(self) -> CampaignClosed:
        return CampaignClosed.model_validate(self._fields())
