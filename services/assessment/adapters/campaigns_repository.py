"""Campaigns (driver-level statements, in the unit of work's transaction)."""

from __future__ import annotations

from typing import Any

import asyncpg

from services.assessment.domain.campaigns import Audience, Campaign, CampaignStatus
from shared.events.codes import Centre

_COLUMNS = (
    "campaign_id, form_id, form_version, title_ar, title_en, centres, audience, opens_on, "
    "closes_on, status, created_by, opened_at, closed_at"
)


class CampaignsRepository:
    def __init__(self, driver: asyncpg.Connection) -> None:
        self.driver = driver

    async def get(self, campaign_id: str, *, for_update: bool = False) -> Campaign | None:
        row = await self.driver.fetchrow(
            f"SELECT {_COLUMNS} FROM campaigns WHERE campaign_id = $1"
            + (" FOR UPDATE" if for_update else ""),
            campaign_id,
        )
        return None if row is None else campaign_of(row)

    async def add(self, c: Campaign) -> None:
        await self.driver.execute(
            f"INSERT INTO campaigns ({_COLUMNS}) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            *_values(c),
        )

    async def save(self, c: Campaign) -> None:
        await self.driver.execute(
            "UPDATE campaigns SET status = $2, opened_at = $3, closed_at = $4 "
            "WHERE campaign_id = $1",
            c.campaign_id,
            c.status.value,
            c.opened_at,
            c.closed_at,
        )


def campaign_of(row: Any) -> Campaign:
    return Campaign(
        campaign_id=row["campaign_id"], form_id=row["form_id"], form_version=row["form_version"],
        title_ar=row["title_ar"], title_en=row["title_en"],
        centres=tuple(Centre(c) for c in row["centres"]), audience=Audience(row["audience"]),
        opens_on=row["opens_on"], closes_on=row["closes_on"],
        status=CampaignStatus(row["status"]), created_by=row["created_by"],
        opened_at=row["opened_at"], closed_at=row["closed_at"],
    )  # fmt: skip


def _values(c: Campaign) -> tuple[Any, ...]:
    return (
        c.campaign_id, c.form_id, c.form_version, c.title_ar, c.title_en,
        [x.value for x in c.centres], c.audience.value, c.opens_on, c.closes_on, c.status.value,
        c.created_by, c.opened_at, c.closed_at,
    )  # fmt: skip
