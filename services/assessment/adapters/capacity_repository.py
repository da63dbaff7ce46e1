"""Capacity assessments, their sub-area scores and their action plans."""

from __future__ import annotations

import json

import asyncpg

from services.assessment.domain.capacity import Action, ActionStatus, CapacityAssessment


class CapacityRepository:
    def __init__(self, driver: asyncpg.Connection) -> None:
        self.driver = driver

    async def add(self, a: CapacityAssessment) -> bool:
        """Store an assessment; False if it was stored before (the same submission)."""
        added = await self.driver.fetchval(
            """
            INSERT INTO capacity_assessments (assessment_id, association_id, campaign_id, form_id,
                form_version, assessed_at, overall, domains, submitted_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
            ON CONFLICT DO NOTHING RETURNING 1
            """,
            a.assessment_id, a.association_id, a.campaign_id, a.form_id, a.form_version,
            a.assessed_at, a.overall, json.dumps(a.domains), a.submitted_by,
        )  # fmt: skip
        if added:
            await self.driver.executemany(
                "INSERT INTO capacity_scores (assessment_id, sub_area, domain, score, evidence)"
                " VALUES ($1, $2, $3, $4, $5)",
                [(a.assessment_id, s.sub_area, s.domain, s.score, s.evidence) for s in a.scores],
            )
        return bool(added)

    async def previous_overall(self, a: CapacityAssessment) -> float | None:
        """The overall score of the association's assessment just before this one."""
        value: float | None = await self.driver.fetchval(
            """
            SELECT overall FROM capacity_assessments
            WHERE association_id = $1 AND (assessed_at, assessment_id) < ($2, $3)
            ORDER BY assessed_at DESC, assessment_id DESC LIMIT 1
            """,
            a.association_id,
            a.assessed_at,
            a.assessment_id,
        )
        return value

    async def association_of(self, assessment_id: str) -> str | None:
        value: str | None = await self.driver.fetchval(
            "SELECT association_id FROM capacity_assessments WHERE assessment_id = $1",
            assessment_id,
        )
        return value

    async def add_action(self, a: Action, actor: str) -> None:
        await self.driver.execute(
            "INSERT INTO capacity_actions (action_id, assessment_id, domain, action, owner,"
            " due_on, status, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            a.action_id, a.assessment_id, a.domain, a.action, a.owner, a.due_on, a.status.value,
            actor,
        )  # fmt: skip

    async def get_action(self, action_id: str) -> Action | None:
        r = await self.driver.fetchrow(
            "SELECT * FROM capacity_actions WHERE action_id = $1 FOR UPDATE", action_id
        )
        if r is None:
            return None
        return Action(
            r["action_id"], r["assessment_id"], r["domain"], r["action"], r["owner"],
            r["due_on"], ActionStatus(r["status"]),
        )  # fmt: skip

    async def save_action(self, a: Action, actor: str) -> None:
        await self.driver.execute(
            "UPDATE capacity_actions SET action = $2, owner = $3, due_on = $4, status = $5,"
            " updated_by = $6, updated_at = now() WHERE action_id = $1",
            a.action_id, a.action, a.owner, a.due_on, a.status.value, actor,
        )  # fmt: skip
