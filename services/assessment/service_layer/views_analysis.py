"""Read side of the analysis: campaigns, the needs matrix, challenges, capacity history, gaps.

Plain SQL in the unit of work's transaction; answers are JSON-ready dicts for the HTTP layer.
"""

from __future__ import annotations

import json
from typing import Any

from services.assessment.adapters.campaigns_repository import campaign_of
from services.assessment.domain.campaigns import Campaign
from services.assessment.domain.capacity import deltas
from services.assessment.domain.needs import NeedCell, centre_total
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.events.assessment import GapRow


async def campaigns(
    uow: AssessmentUnitOfWork,
    status: str | None = None,
    centres: list[str] | None = None,
    audience: str | None = None,
) -> list[Campaign]:
    rows = await uow.driver.fetch(
        "SELECT * FROM campaigns WHERE ($1::text IS NULL OR status = $1)"
        " AND ($2::text[] IS NULL OR centres && $2) AND ($3::text IS NULL OR audience = $3)"
        " ORDER BY opens_on DESC, campaign_id",
        status, centres, audience,
    )  # fmt: skip
    return [campaign_of(r) for r in rows]


async def campaigns_for_association(
    uow: AssessmentUnitOfWork, association_id: str
) -> list[Campaign]:
    """The open campaigns put to associations in a centre where this one works."""
    centres = await uow.associations.centres_of(association_id)
    return await campaigns(uow, "open", centres, "associations") if centres else []


async def needs_matrix(uow: AssessmentUnitOfWork, campaign_id: str) -> dict[str, Any]:
    rows = await uow.driver.fetch(
        "SELECT campaign_id, centre, sector, severity, people_in_need, people_affected,"
        " submissions FROM needs WHERE campaign_id = $1 ORDER BY centre, sector",
        campaign_id,
    )
    cells = [NeedCell(**dict(r)) for r in rows]
    return {
        "campaign_id": campaign_id,
        "cells": [c.__dict__ for c in cells],
        "people_in_need_by_centre": centre_total(cells),
    }


async def challenges(uow: AssessmentUnitOfWork, campaign_id: str) -> list[dict[str, Any]]:
    rows = await uow.driver.fetch(
        "SELECT centre, sector, challenge, count(DISTINCT submission_id) AS submissions"
        " FROM challenges WHERE campaign_id = $1 GROUP BY centre, sector, challenge"
        " ORDER BY centre, sector, submissions DESC, challenge",
        campaign_id,
    )
    return [dict(r) for r in rows]


async def capacity_history(uow: AssessmentUnitOfWork, association_id: str) -> dict[str, Any]:
    """Every assessment of an association, oldest first, each with its delta per domain
    against the first and the previous one, its sub-area scores and its action plan."""
    rows = await uow.driver.fetch(
        """
        SELECT a.assessment_id, a.campaign_id, a.form_id, a.form_version, a.assessed_at,
            a.overall, a.domains::text AS domains,
            (SELECT coalesce(json_agg(json_build_object('sub_area', s.sub_area,
                'domain', s.domain, 'score', s.score, 'evidence', s.evidence)
                ORDER BY s.sub_area), '[]') FROM capacity_scores s
             WHERE s.assessment_id = a.assessment_id)::text AS scores,
            (SELECT coalesce(json_agg(json_build_object('action_id', x.action_id,
                'domain', x.domain, 'action', x.action, 'owner', x.owner, 'due_on', x.due_on,
                'status', x.status) ORDER BY x.due_on NULLS LAST, x.action_id), '[]')
             FROM capacity_actions x WHERE x.assessment_id = a.assessment_id)::text AS actions
        FROM capacity_assessments a WHERE a.association_id = $1
        ORDER BY a.assessed_at, a.assessment_id
        """,
        association_id,
    )
    out: list[dict[str, Any]] = []
    for r in rows:
        domains = json.loads(r["domains"])
        first = out[0]["domains"] if out else None
        previous = out[-1]["domains"] if out else None
        out.append({
            **{k: r[k] for k in ("assessment_id", "campaign_id", "form_id", "form_version",
                                 "assessed_at", "overall")},
            "previous_overall": out[-1]["overall"] if out else None,
            "domains": domains, "delta": deltas(domains, first, previous),
            "scores": json.loads(r["scores"]), "actions": json.loads(r["actions"]),
        })  # fmt: skip
    return {"association_id": association_id, "assessments": out}


async def gaps(uow: AssessmentUnitOfWork, campaign_id: str) -> list[GapRow]:
    return await uow.gaps.rows(campaign_id)
