"""HTTP API of forms (staff upload, any signed-in reader) and submissions (staff, or an
association for itself; reads for staff)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from email.parser import BytesParser
from email.policy import HTTP
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from services.assessment.domain.form_commands import SubmitAssessment, UploadForm
from services.assessment.domain.form_errors import SubmissionInvalidError
from services.assessment.entrypoints.schemas_forms import (
    FormSummary,
    FormVersionPublic,
    SubmissionCreate,
    SubmissionPublic,
    SubmissionReceipt,
)
from services.assessment.service_layer import views
from services.assessment.service_layer.handlers import forms, submissions
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.auth import CurrentPrincipal, Principal, Role, StaffPrincipal, require_roles
from shared.errors import ErrorDetail, ValidationFailedError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {"type": "object", "required": ["file"],
                       "properties": {"file": {"type": "string", "format": "binary"}}}
        },
        XLSX: {"schema": {"type": "string", "format": "binary"}},
    },
}  # fmt: skip
Submitter = Annotated[Principal, Depends(require_roles(Role.STAFF, Role.ASSOCIATION))]


async def workbook_of(request: Request) -> bytes:
    """The uploaded .xlsx: multipart field ``file`` (parsed by the standard library's MIME
    parser: python-multipart is not among our dependencies) or the raw body."""
    body = await request.body()  # at most MAX_BODY_BYTES (1 MB): the platform's guard (413)
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/"):
        return body
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    for part in message.iter_parts() if message.is_multipart() else ():
        if part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else b""
    raise ValidationFailedError("Send the workbook in the multipart field 'file'",
                                "أرسل ملف الاستمارة في الحقل file", field="file")  # fmt: skip


def make_forms_router(uow_factory: Callable[[], AssessmentUnitOfWork]) -> APIRouter:
    router = APIRouter(prefix="/v1")

    @router.post("/forms", tags=["forms"], status_code=201, response_model=FormVersionPublic,
                 responses={200: {"description": "this version with this content exists"}},
                 openapi_extra={"requestBody": UPLOAD_BODY})  # fmt: skip
    async def upload_form(
        request: Request, response: Response, principal: StaffPrincipal
    ) -> FormVersionPublic:
        """Upload an XLSForm (.xlsx) as a new immutable form version (staff)."""
        cmd = UploadForm(await workbook_of(request), principal.subject)
        async with uow_factory() as uow:
            uploaded = await forms.upload_form(cmd, uow)
        if not uploaded.created:
            response.status_code = status.HTTP_200_OK
        d = uploaded.definition
        return FormVersionPublic(**d.model_dump(), content_hash=d.digest())

    @router.get("/forms", tags=["forms"], response_model=list[FormSummary])
    async def list_forms(_: CurrentPrincipal, kind: str | None = None) -> list[FormSummary]:
        """Every form with its versions (any signed-in caller)."""
        async with uow_factory() as uow:
            return [FormSummary(**f) for f in await views.list_forms(uow, kind)]

    @router.get("/forms/{form_id}", tags=["forms"], response_model=FormSummary)
    async def get_form(form_id: str, _: CurrentPrincipal) -> FormSummary:
        async with uow_factory() as uow:
            return FormSummary(**await views.get_form(uow, form_id))

    @router.get(
        "/forms/{form_id}/versions/{version}", tags=["forms"], response_model=FormVersionPublic
    )
    async def get_version(form_id: str, version: str, _: CurrentPrincipal) -> FormVersionPublic:
        """A version's full definition: what the portal renders."""
        async with uow_factory() as uow:
            return FormVersionPublic(**await views.get_version(uow, form_id, version))

    @router.post("/submissions", tags=["submissions"], status_code=202,
                 response_model=SubmissionReceipt)  # fmt: skip
    async def submit(body: SubmissionCreate, principal: Submitter) -> SubmissionReceipt:
        """Answers to one form version (staff, or an association for itself). Invalid answers:
        422 with every error (and SubmissionRejected on the bus)."""
        cmd = SubmitAssessment(
            submission_id=body.submission_id or str(uuid.uuid4()), form_id=body.form_id,
            form_version=body.form_version, answers=body.answers, submitted_by=principal.subject,
            submitted_at=datetime.now(UTC), channel="http", campaign_id=body.campaign_id,
            association_id=body.association_id, centre=body.centre,
            acting_for=None if principal.is_staff else principal.association_id,
        )  # fmt: skip
        async with uow_factory() as uow:
            outcome = await submissions.submit_assessment(cmd, uow)
        if not outcome.accepted:
            details = [ErrorDetail(**e.model_dump()) for e in outcome.errors]
            raise SubmissionInvalidError(field=details[0].field, errors=details,
                                         submission_id=outcome.submission_id)  # fmt: skip
        return SubmissionReceipt(submission_id=outcome.submission_id)

    @router.get("/submissions", tags=["submissions"], response_model=list[SubmissionPublic])
    async def list_submissions(
        _: StaffPrincipal, form_id: str | None = None, version: str | None = None,
        campaign_id: str | None = None, association_id: str | None = None,
        after: Annotated[int, Query(ge=0, description="seq of the last one read")] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[SubmissionPublic]:  # fmt: skip
        """Submissions in arrival order, a page at a time (``after`` = the last ``seq``)."""
        async with uow_factory() as uow:
            rows = await views.list_submissions(
                uow, form_id=form_id, version=version, campaign_id=campaign_id,
                association_id=association_id, after=after, limit=limit,
            )  # fmt: skip
        return [SubmissionPublic(**r) for r in rows]

    @router.get("/submissions/{submission_id}", tags=["submissions"],
                response_model=SubmissionPublic)  # fmt: skip
    async def get_submission(submission_id: str, _: StaffPrincipal) -> SubmissionPublic:
        async with uow_factory() as uow:
            return SubmissionPublic(**await views.get_submission(uow, submission_id))

    return router
