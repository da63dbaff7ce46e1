"""HTTP API of the association record: registrations, reading, updates, staff status actions."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response, status

from services.registry.adapters.queries import AssociationQueries, Filters
from services.registry.domain.commands import ChangeStatus, SubmitRegistration, UpdateAssociation
from services.registry.domain.errors import AssociationNotFoundError, SubmissionNotFoundError
from services.registry.entrypoints.access import (
    Editor,
    ListReader,
    Reader,
    Submitter,
    check_own,
    etag,
    parse_if_match,
    view,
)
from services.registry.entrypoints.schemas import (
    AssociationPatch,
    Page,
    RegistrationCreate,
    StatusChange,
    SubmissionPublic,
)
from services.registry.service_layer import handlers
from services.registry.service_layer.unit_of_work import RegistryUnitOfWork
from shared.auth import Principal, StaffPrincipal
from shared.errors import ErrorDetail, PreconditionRequiredError
from shared.events.codes import AssociationStatus, Centre, LegalForm, Sector
from shared.http import IdPath, Offset
from shared.privacy import mask_email, mask_phone
from shared.ratelimit import client_address, enforce

UowFactory = Callable[[], RegistryUnitOfWork]
log = logging.getLogger(__name__)


async def _registration_rate(request: Request, principal: Submitter) -> Principal:
    """The public registration route is rate limited per caller: 429 with Retry-After."""
    settings = request.app.state.runtime.settings
    key = f"{principal.subject}@{client_address(request)}"
    rate, burst = settings.registration_rate_per_second, settings.registration_burst
    enforce(request, "registrations", key, rate, burst)
    return principal


LimitedSubmitter = Annotated[Principal, Depends(_registration_rate)]


def make_router(uow_factory: UowFactory, queries: AssociationQueries, source: str) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["associations"])

    @router.post("/registrations", status_code=status.HTTP_202_ACCEPTED)
    async def submit(
        body: RegistrationCreate, principal: LimitedSubmitter, response: Response,
        idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
    ) -> SubmissionPublic:  # fmt: skip
        """Submit a registration (portal, bot, staff). The same submission id again gives the
        same outcome and never a second record."""
        submission_id = body.submission_id or idempotency_key or _new_id()
        data = body.model_dump(exclude_none=True, exclude={"submission_id"})
        data.setdefault("channel", "api")
        cmd = SubmitRegistration(submission_id, data, source, principal.subject)
        outcome = await handlers.register_over_http(cmd, uow_factory)
        log.info(
            "registration %s by %s: %s (contact %s, %s)", submission_id, principal.subject,
            outcome.outcome, mask_phone(str(data.get("contact_phone") or "")) or "-",
            mask_email(str(data.get("contact_email") or "")) or "-",
        )  # fmt: skip
        response.headers["Location"] = f"/v1/registrations/{submission_id}"
        return _submission(submission_id, outcome.outcome, outcome.association_id, outcome.errors)

    @router.get("/registrations/{submission_id}")
    async def submission(
        submission_id: Annotated[str, Path(max_length=100)], _: Submitter
    ) -> SubmissionPublic:
        """The outcome of a submission: registered (with the association) or rejected."""
        async with uow_factory() as uow:
            row = await uow.associations.submission(submission_id)
        if row is None:
            raise SubmissionNotFoundError(field="submission_id")
        errors = [ErrorDetail(**e) for e in json.loads(row["errors"] or "[]")]
        return SubmissionPublic(
            submission_id=submission_id, outcome=row["outcome"],
            association_id=row["association_id"],
            existing_association_id=row["existing_association_id"], errors=errors,
        )  # fmt: skip

    @router.get("/associations")
    async def list_associations(
        principal: ListReader,
        centre: Centre | None = None, sector: Sector | None = None,
        legal_form: LegalForm | None = None, status: AssociationStatus | None = None,
        q: Annotated[str | None, Query(max_length=100)] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Offset = 0,
    ) -> Page:  # fmt: skip
        """Filter by centre, sector, legal form, status; ``q`` searches Arabic-normalised names."""
        filters = Filters(centre, sector, legal_form, status, q)
        total, rows = await queries.page(filters, limit, offset)
        return Page(
            total=total, limit=limit, offset=offset, items=[view(principal, r) for r in rows]
        )

    @router.get("/associations/{association_id}")
    async def get_association(
        association_id: IdPath, principal: Reader, response: Response
    ) -> dict[str, Any]:
        row = await queries.one(association_id)
        if row is None:
            raise AssociationNotFoundError(field="association_id")
        response.headers["ETag"] = etag(row["version"])
        return view(principal, row)

    @router.patch("/associations/{association_id}")
    async def patch_association(
        association_id: IdPath, body: AssociationPatch, principal: Editor, response: Response,
        if_match: Annotated[str | None, Header()] = None,
    ) -> dict[str, Any]:  # fmt: skip
        """Change fields; needs ``If-Match`` with the ETag read (412 if it changed since)."""
        check_own(principal, association_id)
        expected = parse_if_match(if_match)
        if expected is None:
            raise PreconditionRequiredError(field="If-Match")
        cmd = UpdateAssociation(
            association_id, expected, body.model_dump(exclude_unset=True), principal.subject
        )
        async with uow_factory() as uow:
            updated = await handlers.update_association(cmd, uow)
        response.headers["ETag"] = etag(updated.version)
        return view(principal, (await queries.one(association_id)) or {})

    @router.post("/associations/{association_id}/{action}")
    async def change_status(
        association_id: IdPath, action: Literal["verify", "suspend", "dissolve", "reactivate"],
        body: StatusChange, principal: StaffPrincipal, response: Response,
    ) -> dict[str, Any]:  # fmt: skip
        """Staff status actions; each change is kept with its reason."""
        cmd = ChangeStatus(association_id, action, body.reason, principal.subject)
        async with uow_factory() as uow:
            changed = await handlers.change_status(cmd, uow)
        response.headers["ETag"] = etag(changed.version)
        return {"association_id": association_id, "status": changed.status.value,
                "version": changed.version}  # fmt: skip

    @router.get("/associations/{association_id}/history")
    async def association_history(
        association_id: IdPath, _: StaffPrincipal
    ) -> list[dict[str, Any]]:
        """Every change: who, when, before, after (staff)."""
        if await queries.one(association_id) is None:
            raise AssociationNotFoundError(field="association_id")
        return await queries.history(association_id)

    return router


def _new_id() -> str:
    return str(uuid.uuid4())


def _submission(
    sid: str, outcome: str, association_id: str | None, errors: list[ErrorDetail]
) -> SubmissionPublic:
    if outcome == "registered":
        return SubmissionPublic(
            submission_id=sid, outcome="registered", association_id=association_id
        )
    return SubmissionPublic(
        submission_id=sid, outcome="rejected", existing_association_id=association_id, errors=errors
    )
