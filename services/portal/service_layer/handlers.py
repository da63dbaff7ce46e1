"""Use cases of the portal. It writes nothing of anyone else's: every change is an intake event
in its outbox, for the service that owns the data; its own tables hold codes and sessions."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from services.portal.domain import signin
from services.portal.domain.commands import (
    EndSession,
    ReportMeasurement,
    RequestCode,
    SubmitAssessment,
    SubmitRegistration,
    VerifyCode,
)
from shared.events.intake import (
    AssessmentSubmitted,
    AssociationRegistrationSubmitted,
    IntakeKPIMeasurementReported,
)
from shared.events.portal import Recipient, SignInCodeRequested

if TYPE_CHECKING:
    from services.portal.service_layer.unit_of_work import PortalUnitOfWork


async def submit_registration(cmd: SubmitRegistration, uow: PortalUnitOfWork) -> None:
    """Publish the registration; the registry answers it under the same id."""
    event = AssociationRegistrationSubmitted(**cmd.data)
    uow.publish(event, subject=cmd.submission_id, correlation_id=cmd.submission_id,
                event_id=cmd.submission_id)  # fmt: skip
    await uow.commit()


async def request_code(cmd: RequestCode, uow: PortalUnitOfWork) -> bool:
    """Send a code if the identifier is known and under its hourly limit. The caller answers the
    same either way; False only says nothing was sent (for the logs, never for the page)."""
    policy = uow.policy
    key = policy.keys.contact(cmd.identifier)
    recent = await uow.portal.codes_since(key, cmd.now - timedelta(hours=1))
    if cmd.subject is None or cmd.address is None or cmd.channel is None:
        return False
    if recent >= policy.codes_per_contact_per_hour:
        return False
    issued, code = signin.issue(policy.keys, cmd.identifier, cmd.subject, cmd.now,
                                policy.code_minutes)  # fmt: skip
    await uow.portal.add_code(issued)
    event = SignInCodeRequested(
        recipient=Recipient(channel=cmd.channel, address=cmd.address), code=code,
        expires_at=issued.expires_at, language=cmd.language,
    )  # fmt: skip
    uow.publish(event, subject=issued.code_id)
    await uow.commit()
    return True


async def verify_code(
    cmd: VerifyCode, uow: PortalUnitOfWork
) -> tuple[str, signin.SessionRecord] | None:
    """A new session for a right code; a wrong one uses up a try (5 and the code is dead)."""
    policy = uow.policy
    row = await uow.portal.live_code(policy.keys.contact(cmd.identifier), cmd.now)
    if row is None or row["tries"] >= policy.code_tries:
        return None
    right = signin.matches(policy.keys, row["code_id"], row["code_hash"], cmd.code)
    await uow.portal.count_try(row["code_id"], used=right, now=cmd.now)
    result = None
    if right:
        subject = signin.Subject(row["subject"], tuple(row["roles"]), row["association_id"],
                                 row["name"])  # fmt: skip
        result = signin.new_session(policy.keys, subject, cmd.now, policy.session_hours)
        await uow.portal.add_session(result[1])
    await uow.commit()
    return result


async def end_session(cmd: EndSession, uow: PortalUnitOfWork) -> None:
    await uow.portal.end_session(cmd.session_hash, cmd.now)
    await uow.commit()


async def report_measurement(cmd: ReportMeasurement, uow: PortalUnitOfWork) -> None:
    event = IntakeKPIMeasurementReported(
        kpi_code=cmd.kpi_code, period=cmd.period, centre=cmd.centre, value=cmd.value,
        reported_by=cmd.reported_by, comment=cmd.comment,
    )  # fmt: skip
    uow.publish(event, subject=cmd.kpi_code, event_id=cmd.measurement_id)
    await uow.commit()


async def submit_assessment(cmd: SubmitAssessment, uow: PortalUnitOfWork) -> None:
    event = AssessmentSubmitted(
        form_id=cmd.form_id, form_version=cmd.form_version, campaign_id=cmd.campaign_id,
        association_id=cmd.association_id, centre=cmd.centre, answers=cmd.answers,
        submitted_by=cmd.submitted_by,
    )  # fmt: skip
    uow.publish(event, subject=cmd.form_id, event_id=cmd.submission_id,
                correlation_id=cmd.submission_id)  # fmt: skip
    await uow.commit()
