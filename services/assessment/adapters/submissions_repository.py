"""Submissions (driver-level statements: the intake hot path).

An HTTP submission is written at once, ``ON CONFLICT DO NOTHING``: a client's retry under the same
id is recognised. Submissions consumed from the bus are deduplicated by the inbox already; they
are staged and written at the commit in one pipelined statement for the whole batch (a round
trip per batch instead of one per submission: the difference between ~300 and ~700 a second on
this machine). A staged id that is stored already (the same id from another source) fails that
write as a PermanentError: the consumer re-runs the batch one by one and dead-letters that one.
"""

from __future__ import annotations

import json
import math
from typing import Any

import asyncpg

from services.assessment.domain.submissions import AcceptedSubmission
from shared.messaging.failures import PermanentError

_COLUMNS = (
    "INSERT INTO submissions (submission_id, form_id, form_version, kind, campaign_id, "
    "association_id, centre, answers, raw_answers, submitted_by, channel, submitted_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12)"
)
_INSERT = _COLUMNS + " ON CONFLICT (submission_id) DO NOTHING"


class SubmissionIdTakenError(PermanentError):
    kind = "submission_id_taken"


class SubmissionsRepository:
    def __init__(self, driver: asyncpg.Connection) -> None:
        self.driver = driver
        self.staged: list[tuple[Any, ...]] = []

    async def add(self, s: AcceptedSubmission, raw_answers: dict[str, Any], channel: str) -> bool:
        """Store an accepted submission now; False if one with its id is stored already."""
        status = await self.driver.execute(_INSERT, *_row(s, raw_answers, channel))
        return bool(status.endswith(" 1"))

    def stage(self, s: AcceptedSubmission, raw_answers: dict[str, Any], channel: str) -> None:
        """Store an accepted submission with the others of this transaction, at :meth:`flush`."""
        self.staged.append(_row(s, raw_answers, channel))

    async def flush(self) -> None:
        rows, self.staged = self.staged, []
        if not rows:
            return
        try:
            await self.driver.executemany(_COLUMNS, rows)
        except asyncpg.UniqueViolationError as exc:
            raise SubmissionIdTakenError(f"a submission id is stored already: {exc}") from None


def _json(value: Any) -> str:
    """JSON that PostgreSQL takes: a NaN or infinity someone sent is kept as its text."""
    return json.dumps(_finite(value), ensure_ascii=False, default=str)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _row(s: AcceptedSubmission, raw_answers: dict[str, Any], channel: str) -> tuple[Any, ...]:
    return (
        s.submission_id, s.form_id, s.form_version, s.kind, s.campaign_id, s.association_id,
        s.centre, _json(s.answers), _json(raw_answers), s.submitted_by, channel,
        s.submitted_at,
    )  # fmt: skip
