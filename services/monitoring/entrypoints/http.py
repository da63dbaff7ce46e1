"""HTTP API: the framework (public read, staff import) and measurements (report, decide)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, Literal

import yaml
from fastapi import APIRouter, Depends, Path, Query, Request, Response, status
from pydantic import ValidationError

from services.monitoring.domain.commands import DecideMeasurement, ReportMeasurement
from services.monitoring.domain.errors import FrameworkInvalidError, MeasurementNotFoundError
from services.monitoring.domain.framework import CODE, Framework
from services.monitoring.domain.records import MeasurementRow
from services.monitoring.entrypoints.schemas import (
    Decision,
    FrameworkChangesPublic,
    MeasurementCreate,
    MeasurementPublic,
)
from services.monitoring.service_layer.handlers import framework, measurements
from services.monitoring.service_layer.reporting_scope import check_association_scope
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.auth import Principal, Role, StaffPrincipal, require_roles
from shared.http import IdPath

Reporter = Annotated[Principal, Depends(require_roles(Role.STAFF, Role.ASSOCIATION, Role.SERVICE))]
RETIRABLE = {"pillars": "pillar", "objectives": "objective", "kpis": "kpi"}
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml")


def parse_framework(raw: bytes, content_type: str) -> Framework:
    """A framework document from JSON or YAML; bad input -> 422 with the field at fault."""
    try:
        doc = (
            yaml.safe_load(raw)
            if content_type.split(";")[0].strip() in YAML_TYPES
            else json.loads(raw)
        )
        return Framework.model_validate(doc)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise FrameworkInvalidError(f"Not YAML/JSON: {exc}"[:300], field="body") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        raise FrameworkInvalidError(
            str(first["msg"])[:300], field=".".join(str(p) for p in first["loc"]) or None
        ) from None


def measurement_public(
    row: MeasurementRow, audit: list[dict[str, Any]] | None = None
) -> MeasurementPublic:
    return MeasurementPublic(**row.__dict__, audit=audit)


def make_router(uow_factory: Callable[[], MonitoringUnitOfWork]) -> APIRouter:
    router = APIRouter(prefix="/v1")

    @router.get("/framework", tags=["framework"])
    async def get_framework(
        fmt: Annotated[str, Query(alias="format", pattern="^(json|yaml)$")] = "json",
    ) -> Response:
        """The whole framework (public): pillars -> objectives -> KPIs, and initiatives."""
        async with uow_factory() as uow:
            doc = (await framework.export_framework(uow)).model_dump(mode="json")
        if fmt == "yaml":
            text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
            return Response(text, media_type="application/yaml")
        return Response(json.dumps(doc, ensure_ascii=False), media_type="application/json")

    @router.put("/framework", tags=["framework"], response_model=FrameworkChangesPublic)
    async def put_framework(request: Request, _: StaffPrincipal) -> FrameworkChangesPublic:
        """Import a framework document, JSON or YAML (``Content-Type: application/yaml``)."""
        doc = parse_framework(await request.body(), request.headers.get("content-type", ""))
        async with uow_factory() as uow:
            return FrameworkChangesPublic(changes=await framework.import_framework(doc, uow))

    @router.post(
        "/framework/{kind}/{code}/retire", tags=["framework"], response_model=FrameworkChangesPublic
    )
    async def retire(
        kind: Literal["pillars", "objectives", "kpis"],
        code: Annotated[str, Path(pattern=CODE)],
        _: StaffPrincipal,
    ) -> FrameworkChangesPublic:
        """Retire a pillar, objective or KPI (staff) with what it holds: it takes no more
        measurements and leaves the dashboard and exports; its values and history stay.
        Importing it again brings it back. Retiring what is already retired changes nothing."""
        async with uow_factory() as uow:
            changes = await framework.retire_item(RETIRABLE[kind], code, uow)
        return FrameworkChangesPublic(changes=changes)

    @router.post("/measurements", tags=["measurements"], status_code=status.HTTP_201_CREATED)
    async def post_measurement(body: MeasurementCreate, principal: Reporter) -> MeasurementPublic:
        """Report a measurement; it waits for a staff decision. An association reports only the
        KPIs of initiatives it leads or partners in, for the centres it serves (else 403)."""
        cmd = ReportMeasurement(
            body.kpi_code,
            body.period,
            body.centre.value if body.centre else None,
            body.value,
            body.numerator,
            body.denominator,
            principal.subject,
            "http",
            body.unit,
            body.comment,
        )
        async with uow_factory() as uow:
            if principal.association_id and not principal.has(Role.ADMIN, Role.STAFF, Role.SERVICE):
                await check_association_scope(
                    principal.association_id, cmd.kpi_code, cmd.centre, uow
                )
            return measurement_public(await measurements.report_measurement(cmd, uow))

    @router.get("/measurements/pending", tags=["measurements"])
    async def pending(_: StaffPrincipal) -> list[MeasurementPublic]:
        async with uow_factory() as uow:
            return [measurement_public(r) for r in await uow.measurements.pending()]

    @router.get("/measurements/{measurement_id}", tags=["measurements"])
    async def get_measurement(measurement_id: IdPath, _: StaffPrincipal) -> MeasurementPublic:
        """One measurement with its full audit trail (staff)."""
        async with uow_factory() as uow:
            row = await uow.measurements.get(measurement_id)
            if row is None:
                raise MeasurementNotFoundError(field="measurement_id")
            return measurement_public(row, await uow.measurements.trail(measurement_id))

    async def decide(
        measurement_id: str, approve: bool, body: Decision, who: Principal
    ) -> MeasurementPublic:
        cmd = DecideMeasurement(measurement_id, approve, who.subject, body.comment)
        async with uow_factory() as uow:
            return measurement_public(await measurements.decide_measurement(cmd, uow))

    @router.post("/measurements/{measurement_id}/approve", tags=["measurements"])
    async def approve(
        measurement_id: IdPath, body: Decision, who: StaffPrincipal
    ) -> MeasurementPublic:
        """Approve (staff): the value is locked and the KPI's status and stream update."""
        return await decide(measurement_id, True, body, who)

    @router.post("/measurements/{measurement_id}/return", tags=["measurements"])
    async def return_(
        measurement_id: IdPath, body: Decision, who: StaffPrincipal
    ) -> MeasurementPublic:
        """Return to the reporter with a comment (staff)."""
        return await decide(measurement_id, False, body, who)

    return router
