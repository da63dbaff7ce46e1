"""HTTP API around the record: geography (admins edit), organisations and partnerships, the
who-does-what-where view and exports (CSV, JSON, HXL)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, status
from fastapi.responses import StreamingResponse

from services.registry.adapters.queries import AssociationQueries, Filters
from services.registry.domain.commands import RecordPartnership
from services.registry.entrypoints.access import ListReader, Reader, check_own
from services.registry.entrypoints.exports import FORMATS, export_lines
from services.registry.entrypoints.schemas import (
    OrganisationCreate,
    PartnershipCreate,
    PlaceCreate,
    PlacePatch,
)
from services.registry.service_layer import reference
from services.registry.service_layer.unit_of_work import RegistryUnitOfWork
from shared.auth import AdminPrincipal, CurrentPrincipal, Role, StaffPrincipal
from shared.errors import ForbiddenError
from shared.events.codes import AssociationStatus, Centre, LegalForm, Sector
from shared.http import IdPath

PlaceCode = Annotated[str, Path(pattern=r"^[a-z0-9_]{2,64}$")]


def make_reference_router(
    uow_factory: Callable[[], RegistryUnitOfWork], queries: AssociationQueries
) -> APIRouter:
    router = APIRouter(prefix="/v1")

    @router.get("/geography", tags=["geography"])
    async def geography(
        _: CurrentPrincipal, kind: str | None = None, centre: Centre | None = None
    ) -> list[dict[str, Any]]:
        """Governorate -> centres -> cities / local units -> villages, Arabic and English."""
        async with uow_factory() as uow:
            return await uow.reference.places(kind, centre)

    @router.post("/geography", tags=["geography"], status_code=status.HTTP_201_CREATED)
    async def add_place(body: PlaceCreate, _: AdminPrincipal) -> dict[str, Any]:
        async with uow_factory() as uow:
            return await reference.add_place(body.model_dump(), uow)

    @router.patch("/geography/{code}", tags=["geography"])
    async def edit_place(code: PlaceCode, body: PlacePatch, _: AdminPrincipal) -> dict[str, Any]:
        async with uow_factory() as uow:
            return await reference.edit_place(code, body.model_dump(exclude_unset=True), uow)

    @router.get("/organisations", tags=["partners"])
    async def organisations(_: ListReader) -> list[dict[str, Any]]:
        async with uow_factory() as uow:
            return await uow.reference.organisations()

    @router.post("/organisations", tags=["partners"], status_code=status.HTTP_201_CREATED)
    async def add_organisation(body: OrganisationCreate, _: StaffPrincipal) -> dict[str, Any]:
        """Record an international organisation or development partner."""
        async with uow_factory() as uow:
            return await reference.add_organisation(body.model_dump(), uow)

    @router.post("/partnerships", tags=["partners"], status_code=status.HTTP_201_CREATED)
    async def add_partnership(body: PartnershipCreate, principal: StaffPrincipal) -> dict[str, str]:
        values = body.model_dump()
        values["sectors"] = [s.value for s in body.sectors]
        values["centres"] = [c.value for c in body.centres]
        async with uow_factory() as uow:
            pid = await reference.record_partnership(
                RecordPartnership(**values, actor=principal.subject), uow
            )
        return {"partnership_id": pid}

    @router.get("/associations/{association_id}/partnerships", tags=["partners"])
    async def partnerships(association_id: IdPath, principal: Reader) -> list[dict[str, Any]]:
        """Staff: all of them; the association: its own; a partner: only those of the
        organisation its token names (``organisation_id``)."""
        partner = principal.has(Role.PARTNER) and not principal.is_staff
        if not principal.is_staff and not partner:
            check_own(principal, association_id)
        if partner and not principal.organisation_id:
            raise ForbiddenError(
                "A partner token must name its organisation_id",
                "رمز الشريك يجب أن يحدد معرف المنظمة",
            )
        async with uow_factory() as uow:
            rows = await uow.reference.partnerships_of(association_id)
        if partner:
            rows = [r for r in rows if r["organisation_id"] == principal.organisation_id]
        return rows

    @router.get("/who-does-what-where", tags=["associations"])
    async def who_does_what_where(_: ListReader) -> list[dict[str, Any]]:
        """Active associations counted by centre served x sector."""
        return await queries.who_does_what_where()

    @router.get("/exports/associations", tags=["associations"])
    async def export(
        _: ListReader, format: Literal["csv", "json", "hxl"] = "csv",
        centre: Centre | None = None, sector: Sector | None = None,
        legal_form: LegalForm | None = None, status: AssociationStatus | None = None,
    ) -> StreamingResponse:  # fmt: skip
        """Public fields of every matching association as CSV, JSON or HXL-tagged CSV."""
        media, suffix = FORMATS[format]
        rows = queries.stream(Filters(centre, sector, legal_form, status))
        return StreamingResponse(
            export_lines(format, rows), media_type=media,
            headers={"Content-Disposition": f'attachment; filename="associations.{suffix}"'},
        )  # fmt: skip

    return router
