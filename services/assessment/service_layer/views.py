"""Reads of forms and submissions (the analysis side's are in views_analysis.py): plain queries
on the unit of work's connection, no domain objects where rows will do."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from services.assessment.domain.form_errors import FormNotFoundError, SubmissionNotFoundError
from services.assessment.domain.forms import FormDefinition
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork

EXPORT_BATCH = 2000


async def list_forms(uow: AssessmentUnitOfWork, kind: str | None = None) -> list[dict[str, Any]]:
    rows = await uow.driver.fetch(
        "SELECT form_id, kind, title, demo, version, ordinal, uploaded_at FROM form_versions "
        "WHERE $1::text IS NULL OR kind = $1 ORDER BY form_id, ordinal",
        kind,
    )
    forms: dict[str, dict[str, Any]] = {}
    for r in rows:
        form = forms.setdefault(r["form_id"], {"form_id": r["form_id"], "versions": []})
        form.update(kind=r["kind"], title=r["title"], demo=r["demo"], latest_version=r["version"])
        form["versions"].append({"version": r["version"], "uploaded_at": r["uploaded_at"]})
    return list(forms.values())


async def get_form(uow: AssessmentUnitOfWork, form_id: str) -> dict[str, Any]:
    for form in await list_forms(uow):
        if form["form_id"] == form_id:
            return form
    raise FormNotFoundError(field="form_id")


async def get_version(uow: AssessmentUnitOfWork, form_id: str, version: str) -> dict[str, Any]:
    row = await uow.driver.fetchrow(
        "SELECT definition::text AS definition, content_hash, uploaded_at, uploaded_by "
        "FROM form_versions WHERE form_id = $1 AND version = $2",
        form_id,
        version,
    )
    if row is None:
        raise FormNotFoundError(field="version")
    return {**json.loads(row["definition"]), "content_hash": row["content_hash"],
            "uploaded_at": row["uploaded_at"], "uploaded_by": row["uploaded_by"]}  # fmt: skip


async def form_versions(uow: AssessmentUnitOfWork, form_id: str) -> list[FormDefinition]:
    """Every version of a form, oldest first; FormNotFoundError when it has none."""
    rows = await uow.driver.fetch(
        "SELECT definition::text FROM form_versions WHERE form_id = $1 ORDER BY ordinal", form_id
    )
    if not rows:
        raise FormNotFoundError(field="form_id")
    return [FormDefinition.model_validate_json(r[0]) for r in rows]


_SUBMISSION = (
    "SELECT submission_id, seq, form_id, form_version, kind, campaign_id, association_id, centre, "
    "answers::text AS answers, submitted_by, channel, submitted_at FROM submissions"
)


def _submission(row: Any) -> dict[str, Any]:
    out = dict(row)
    out["answers"] = json.loads(out["answers"])
    return out


async def list_submissions(
    uow: AssessmentUnitOfWork, *, form_id: str | None, version: str | None,
    campaign_id: str | None, association_id: str | None, after: int, limit: int,
) -> list[dict[str, Any]]:  # fmt: skip
    rows = await uow.driver.fetch(
        _SUBMISSION + " WHERE ($1::text IS NULL OR form_id = $1) "
        "AND ($2::text IS NULL OR form_version = $2) AND ($3::text IS NULL OR campaign_id = $3) "
        "AND ($4::text IS NULL OR association_id = $4) AND seq > $5 ORDER BY seq LIMIT $6",
        form_id, version, campaign_id, association_id, after, limit,
    )  # fmt: skip
    return [_submission(r) for r in rows]


async def get_submission(uow: AssessmentUnitOfWork, submission_id: str) -> dict[str, Any]:
    row = await uow.driver.fetchrow(_SUBMISSION + " WHERE submission_id = $1", submission_id)
    if row is None:
        raise SubmissionNotFoundError(field="submission_id")
    return _submission(row)


async def export_rows(
    uow: AssessmentUnitOfWork, form_id: str, versions: list[str] | None
) -> AsyncIterator[list[dict[str, Any]]]:
    """A form's submissions in batches, oldest first, read through a server-side cursor (memory
    stays flat however many there are), as the export's row dicts."""
    cursor = uow.driver.cursor(
        "SELECT submission_id, form_version, submitted_at, submitted_by, campaign_id, "
        "association_id, centre, answers::text FROM submissions "
        "WHERE form_id = $1 AND ($2::text[] IS NULL OR form_version = ANY($2)) ORDER BY seq",
        form_id,
        versions,
        prefetch=EXPORT_BATCH,
    )
    batch: list[dict[str, Any]] = []
    async for r in cursor:
        batch.append({
            "_id": r[0], "form_version": r[1], "_submitted_at": r[2].isoformat(),
            "_submitted_by": r[3], "_campaign_id": r[4], "_association_id": r[5],
            "_centre": r[6], "answers": json.loads(r[7]),
        })  # fmt: skip
        if len(batch) == EXPORT_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
