"""Submissions (driver-level statements: the intake hot path)."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

from services.assessment.domain.submissions import AcceptedSubmission

_INSERT = (
    "INSERT INTO submissions (submission_id, form_id, form_version, kind, campaign_id, "
    "association_id, centre, answers, raw_answers, submitted_by, channel, submitted_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12) "
    "ON CONFLICT (submission_id) DO NOTHING"
)


class SubmissionsRepository:
    def __init__(self, driver: asyncpg.Connection) -> None:
        self.driver = driver

    async def add(self, s: AcceptedSubmission, raw_answers: dict[str, Any], channel: str) -> bool:
        """Store an accepted submission; False if one with its id is stored already."""
        status = await self.driver.execute(
            _INSERT,
            s.submission_id,
            s.form_id,
            s.form_version,
            s.kind,
            s.campaign_id,
            s.association_id,
            s.centre,
            json.dumps(s.answers, ensure_ascii=False),
            json.dumps(raw_answers, ensure_ascii=False, default=str),
            s.submitted_by,
            channel,
            s.submitted_at,
        )
        return bool(status.endswith(" 1"))

    async def exists(self, submission_id: str) -> bool:
        return bool(
            await self.driver.fetchval(
                "SELECT 1 FROM submissions WHERE submission_id = $1", submission_id
            )
        )
