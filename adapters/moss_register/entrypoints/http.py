"""The adapter's HTTP port: the ministry's signed decisions webhook."""

from __future__ import annotations

import json
import time
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, Field

from adapters.moss_register.adapters.intake import DecisionIntake
from adapters.moss_register.config import MossSettings
from adapters.moss_register.domain.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from adapters.moss_register.service_layer.decisions import TakeDecisions
from shared.errors import UnauthenticatedError, ValidationFailedError


class DecisionsReport(BaseModel):
    accepted: int = Field(description="new decisions published")
    repeated: int = Field(description="decisions already taken (no effect)")
    problems: list[dict[str, Any]] = Field(description="rows refused: row, code, message_ar/en")


def make_router(settings: MossSettings, intake: DecisionIntake) -> APIRouter:
    router = APIRouter(tags=["ministry"])
    secret = settings.ministry_signing_secret.get_secret_value()

    @router.post(
        "/v1/decisions", response_model=DecisionsReport,
        summary="The register's decisions (verified, suspended, dissolved), signed",
        description='Body `{"decisions": [{"registration_number", "status", "reference", '
        '"decided_at", "reason?"}]}`, signed like our pushes (X-Aswan-Timestamp, '
        "X-Aswan-Signature over the raw body).",
    )  # fmt: skip
    async def decisions(
        request: Request,
        timestamp: Annotated[str | None, Header(alias=TIMESTAMP_HEADER)] = None,
        signature: Annotated[str | None, Header(alias=SIGNATURE_HEADER)] = None,
    ) -> DecisionsReport:
        body = await request.body()
        if not verify(secret, timestamp, signature, body, time.time()):
            raise UnauthenticatedError("Bad or missing signature", "التوقيع غير صحيح أو مفقود")
        try:
            rows = json.loads(body)["decisions"]
            assert isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
        except (ValueError, KeyError, TypeError, AssertionError) as exc:
            raise ValidationFailedError(
                "Expected {decisions: [...]}", "المتوقع قائمة القرارات", field="decisions"
            ) from exc
        report = await intake.take(TakeDecisions("webhook", rows))
        return DecisionsReport(
            accepted=report.accepted, repeated=report.repeated, problems=report.problems
        )

    return router
