"""What a submission must satisfy besides its answers: a known form version, a published
centre code, the campaign it names (open, of that form version), a needs submission belonging to
a campaign, and an association answering for itself only."""

from __future__ import annotations

from typing import Any, Protocol

from services.assessment.domain.form_commands import SubmitAssessment
from services.assessment.domain.forms import FormDefinition, FormKind
from services.assessment.domain.submissions import AcceptedSubmission
from shared.events.assessment import FieldError
from shared.events.codes import Centre

CENTRES = {c.value for c in Centre}


class CampaignLike(Protocol):
    @property
    def form_id(self) -> str: ...

    @property
    def form_version(self) -> str: ...

    @property
    def status(self) -> Any: ...


def _error(field: str, code: str, ar: str, en: str) -> FieldError:
    return FieldError(field=field, code=code, message_ar=ar, message_en=en)


def unknown_version() -> FieldError:
    return _error("form_version", "form_version_unknown", "إصدار الاستمارة غير موجود",
                  "No such form version")  # fmt: skip


def centre_of(cmd: SubmitAssessment, answers: dict[str, Any]) -> str | None:
    return cmd.centre or (answers.get("centre") if isinstance(answers.get("centre"), str) else None)


def envelope_errors(
    cmd: SubmitAssessment, definition: FormDefinition, answers: dict[str, Any]
) -> list[FieldError]:
    errors = []
    centre = centre_of(cmd, answers)
    if centre is not None and centre not in CENTRES:
        errors.append(_error("centre", "centre_unknown", "المركز ليس من قائمة المراكز",
                             "The centre is not one of the published centre codes"))  # fmt: skip
    if definition.kind is FormKind.NEEDS and not cmd.campaign_id:
        errors.append(_error("campaign_id", "campaign_required", "استبيان الاحتياجات يتبع حملة",
                             "A needs submission belongs to a campaign"))  # fmt: skip
    stated = answers.get("association_id")
    if cmd.acting_for is not None and stated not in (None, cmd.acting_for):
        errors.append(_error("association_id", "not_your_association",
                             "يمكن للجمعية أن تجيب عن نفسها فقط",
                             "An association answers for itself only"))  # fmt: skip
    return errors


def campaign_errors(cmd: SubmitAssessment, campaign: CampaignLike | None) -> list[FieldError]:
    if campaign is None:
        return [_error("campaign_id", "campaign_unknown", "الحملة غير موجودة", "No such campaign")]
    if (campaign.form_id, campaign.form_version) != (cmd.form_id, cmd.form_version):
        return [_error("campaign_id", "campaign_form_mismatch",
                       "الحملة تخص إصداراً آخر من الاستمارة",
                       "The campaign is for another form version")]  # fmt: skip
    if str(getattr(campaign.status, "value", campaign.status)) != "open":
        return [_error("campaign_id", "campaign_not_open", "الحملة غير مفتوحة",
                       "The campaign is not open")]  # fmt: skip
    return []


def accepted_submission(
    cmd: SubmitAssessment, definition: FormDefinition, answers: dict[str, Any]
) -> AcceptedSubmission:
    stated = answers.get("association_id")
    return AcceptedSubmission(
        submission_id=cmd.submission_id,
        form_id=cmd.form_id,
        form_version=cmd.form_version,
        kind=definition.kind.value,
        campaign_id=cmd.campaign_id,
        association_id=cmd.association_id or cmd.acting_for or (stated if stated else None),
        centre=centre_of(cmd, answers),
        answers=answers,
        submitted_by=cmd.submitted_by,
        submitted_at=cmd.submitted_at,
    )
