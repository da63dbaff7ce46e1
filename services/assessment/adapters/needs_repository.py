"""Need statements, the needs matrix they make, and counted challenges."""

from __future__ import annotations

import asyncpg

from services.assessment.domain.challenges import Challenge
from services.assessment.domain.needs import NeedCell, NeedStatement
from shared.events.codes import Centre, Sector


class NeedsRepository:
    def __init__(self, driver: asyncpg.Connection) -> None:
        self.driver = driver

    async def lock_cell(self, campaign_id: str, centre: str, sector: str) -> None:
        """Until the commit: two transactions stating the same cell aggregate one after the
        other (each reads the statements the other committed), never both from a stale set."""
        await self.driver.execute(
            "SELECT pg_advisory_xact_lock(hashtext('needs/' || $1 || '/' || $2 || '/' || $3))",
            campaign_id, centre, sector,
        )  # fmt: skip

    async def put_statement(self, s: NeedStatement) -> None:
        """Add a statement, or replace it (the same staff member's PUT of the same cell)."""
        await self.driver.execute(
            """
            INSERT INTO need_statements (statement_id, campaign_id, centre, sector, severity,
                people_in_need, people_affected, main_problems, submission_id, association_id,
                recorded_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (statement_id) DO UPDATE SET severity = excluded.severity,
                people_in_need = excluded.people_in_need,
                people_affected = excluded.people_affected,
                main_problems = excluded.main_problems, recorded_at = now()
            """,
            s.statement_id, s.campaign_id, s.centre.value, s.sector.value, s.severity,
            s.people_in_need, s.people_affected, list(s.main_problems), s.submission_id,
            s.association_id, s.recorded_by,
        )  # fmt: skip

    async def statements(self, campaign_id: str, centre: str, sector: str) -> list[NeedStatement]:
        rows = await self.driver.fetch(
            "SELECT * FROM need_statements WHERE campaign_id = $1 AND centre = $2 AND sector = $3"
            " ORDER BY statement_id",
            campaign_id, centre, sector,
        )  # fmt: skip
        return [_statement(r) for r in rows]

    async def put_cell(self, c: NeedCell) -> bool:
        """Store a cell's aggregate; False when it was already so (nothing changed)."""
        row = await self.driver.fetchrow(
            """
            INSERT INTO needs (campaign_id, centre, sector, severity, people_affected,
                people_in_need, submissions)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (campaign_id, centre, sector) DO UPDATE SET severity = excluded.severity,
                people_affected = excluded.people_affected,
                people_in_need = excluded.people_in_need, submissions = excluded.submissions,
                updated_at = now()
            WHERE (needs.severity, needs.people_affected, needs.people_in_need, needs.submissions)
                IS DISTINCT FROM (excluded.severity, excluded.people_affected,
                excluded.people_in_need, excluded.submissions)
            RETURNING 1
            """,
            c.campaign_id, c.centre, c.sector, c.severity, c.people_affected, c.people_in_need,
            c.submissions,
        )  # fmt: skip
        return row is not None

    async def add_challenges(self, challenges: list[Challenge]) -> None:
        await self.driver.executemany(
            "INSERT INTO challenges (submission_id, sector, challenge, campaign_id,"
            " association_id, centre) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            [
                (c.submission_id, c.sector, c.challenge, c.campaign_id, c.association_id, c.centre)
                for c in challenges
            ],
        )


def _statement(r: asyncpg.Record) -> NeedStatement:
    return NeedStatement(
        statement_id=r["statement_id"], campaign_id=r["campaign_id"],
        centre=Centre(r["centre"]), sector=Sector(r["sector"]), severity=r["severity"],
        people_in_need=r["people_in_need"], people_affected=r["people_affected"],
        recorded_by=r["recorded_by"], main_problems=tuple(r["main_problems"]),
        submission_id=r["submission_id"], association_id=r["association_id"],
    )  # fmt: skip
