"""Exports of a form's submissions across its versions (staff): CSV (with the HXL hashtag row
when the form declares hashtags), XLSX and JSON, streamed from a server-side cursor so memory
stays flat however many submissions there are (the XLSX is written by openpyxl's write-only
mode into a spooled temporary file, then streamed: a zip cannot be sent before it is finished)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import tempfile
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from openpyxl import Workbook

from services.assessment.domain.exports import ExportPlan, flat
from services.assessment.service_layer import views
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.auth import StaffPrincipal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Lang = Annotated[Literal["ar", "en"] | None, Query(description="labels instead of names")]


def _line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(values)
    return out.getvalue()


def make_export_router(uow_factory: Callable[[], AssessmentUnitOfWork]) -> APIRouter:
    router = APIRouter(prefix="/v1/exports", tags=["exports"])

    async def plan(form_id: str, version: list[str] | None, latest_only: bool,
                   lang: str | None) -> tuple[ExportPlan, list[str] | None]:  # fmt: skip
        async with uow_factory() as uow:
            versions = await views.form_versions(uow, form_id)
        wanted = [versions[-1].version] if latest_only else (version or None)
        return ExportPlan(versions, lang), wanted

    async def batches(form_id: str, wanted: list[str] | None) -> AsyncIterator[list[dict]]:  # type: ignore[type-arg]
        async with uow_factory() as uow:
            async for batch in views.export_rows(uow, form_id, wanted):
                yield batch

    @router.get("/submissions.csv")
    async def csv_export(
        _: StaffPrincipal, form_id: str, version: Annotated[list[str] | None, Query()] = None,
        latest_only: bool = False, lang: Lang = None,
    ) -> StreamingResponse:  # fmt: skip
        """One column per question across every version, plus ``form_version``; an HXL row
        under the header when the form declares hashtags."""
        export, wanted = await plan(form_id, version, latest_only, lang)

        async def lines() -> AsyncIterator[str]:
            yield "\ufeff" + _line(export.headers())  # BOM: spreadsheets read the Arabic
            if export.has_hxl:
                yield _line(export.hxl_row())
            async for batch in batches(form_id, wanted):
                out = io.StringIO()
                writer = csv.writer(out)
                for row in batch:
                    writer.writerow([flat(v, lang) for v in export.values(row)])
                yield out.getvalue()

        return StreamingResponse(lines(), media_type="text/csv; charset=utf-8",
                                 headers=_attachment(form_id, "csv"))  # fmt: skip

    @router.get("/submissions.json")
    async def json_export(
        _: StaffPrincipal, form_id: str, version: Annotated[list[str] | None, Query()] = None,
        latest_only: bool = False, lang: Lang = None,
    ) -> StreamingResponse:  # fmt: skip
        """The same rows as JSON objects keyed by column (lists stay lists)."""
        export, wanted = await plan(form_id, version, latest_only, lang)
        keys = [c.name for c in export.columns]  # names: two labels may read alike

        async def chunks() -> AsyncIterator[str]:
            first = True
            yield "["
            async for batch in batches(form_id, wanted):
                for row in batch:
                    item = dict(zip(keys, export.values(row), strict=True))
                    yield ("" if first else ",") + json.dumps(item, ensure_ascii=False)
                    first = False
            yield "]"

        return StreamingResponse(chunks(), media_type="application/json")

    @router.get("/submissions.xlsx")
    async def xlsx_export(
        _: StaffPrincipal, form_id: str, version: Annotated[list[str] | None, Query()] = None,
        latest_only: bool = False, lang: Lang = None,
    ) -> StreamingResponse:  # fmt: skip
        export, wanted = await plan(form_id, version, latest_only, lang)
        book = Workbook(write_only=True)
        sheet = book.create_sheet("submissions")
        sheet.append(export.headers())
        if export.has_hxl:
            sheet.append(export.hxl_row())

        def write(batch: list[dict]) -> None:  # type: ignore[type-arg]
            for row in batch:
                sheet.append([_cell(v, lang) for v in export.values(row)])

        # openpyxl is synchronous: batches are written in a worker thread, one after another,
        # so the event loop (consumers, other requests) keeps running meanwhile
        async for batch in batches(form_id, wanted):
            await asyncio.to_thread(write, batch)
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        await asyncio.to_thread(book.save, spool)
        spool.seek(0)

        def chunks() -> object:
            with spool:
                while chunk := spool.read(64 * 1024):
                    yield chunk

        return StreamingResponse(chunks(), media_type=XLSX,  # type: ignore[arg-type]
                                 headers=_attachment(form_id, "xlsx"))  # fmt: skip

    return router


def _cell(value: object, lang: str | None) -> object:
    return (
        value
        if isinstance(value, int | float) and not isinstance(value, bool)
        else flat(value, lang)
    )


def _attachment(form_id: str, ext: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{form_id}-submissions.{ext}"'}
