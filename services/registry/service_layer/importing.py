"""Bulk import of the governorate's existing list: every row checked like a registration, each
error reported by line, a re-run adds nothing (rows whose registration number is on record are
left alone), every imported association told on the bus through the outbox.

One unit of work, one transaction. Each chunk of rows is checked in Python by the domain's own
rules (:func:`~services.registry.domain.validation.clean`: formats, codes, Arabic digits and
names) and COPY-ed into a staging table; what compares rows with each other or with the record
is then set-based, over the whole file at once: numbers repeated in the file, numbers on record,
suspected duplicates by name (the same pg_trgm similarity as a registration's screening), the
inserts and their ``AssociationRegistered`` outbox rows (adapters/bulk.py). A registration that
takes one of the file's numbers meanwhile keeps it: that row is counted as on record.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from services.registry.adapters.repository import row_values
from services.registry.domain import events
from services.registry.domain.validation import clean
from shared.events.codes import AssociationStatus

# Stable ids: the same registration number imported anywhere gets the same association id.
_NAMESPACE = uuid.UUID("6f1d7f0e-43a5-4c8e-9a57-0b3e2f1a2c44")


if TYPE_CHECKING:
    from services.registry.service_layer.unit_of_work import RegistryUnitOfWork


@dataclass(frozen=True)
class RowError:
    line: int
    field: str | None
    code: str
    message_en: str
    message_ar: str


@dataclass
class ImportReport:
    added: int = 0
    unchanged: int = 0
    flagged: int = 0
    errors: list[RowError] = field(default_factory=list)


def _checked(
    chunk: list[tuple[int, dict[str, Any]]], report: ImportReport, actor: str,
    status: AssociationStatus,
) -> list[tuple[Any, ...]]:  # fmt: skip
    """The chunk's valid rows as staging records; every error of the others into the report."""
    records = []
    for line, row in chunk:
        values, errors = clean(row)
        report.errors += [
            RowError(line, e.field, e.code, e.message_en, e.message_ar) for e in errors
        ]
        if not errors:
            aid = str(uuid.uuid5(_NAMESPACE, values["registration_number"]))
            association = events.new_association(aid, values, None, status)
            records.append((line, *row_values(association, actor)))
    return records


def _repeated(line: int) -> RowError:
    e = events.duplicate_number_error()
    return RowError(line, e.field, "duplicate_in_file", e.message_en, e.message_ar)


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


async def import_rows(
    rows: Iterable[tuple[int, dict[str, Any]]], uow_factory: Callable[[], RegistryUnitOfWork], *,
    actor: str, status: AssociationStatus = AssociationStatus.ACTIVE, chunk_size: int = 5000,
    progress: Callable[[int], object] | None = None,
) -> ImportReport:  # fmt: skip
    report = ImportReport()
    async with uow_factory() as uow:
        await uow.bulk.stage()
        for chunk in _chunks(rows, chunk_size):
            await uow.bulk.copy(_checked(chunk, report, actor, status))
            if progress is not None:
                progress(len(chunk))
        report.errors += [_repeated(line) for line in await uow.bulk.repeated_numbers()]
        report.unchanged = await uow.bulk.on_record()
        await uow.bulk.similar()
        report.added, report.flagged, raced = await uow.bulk.insert(uow.source, uow.schema)
        report.unchanged += raced
        await uow.commit()
    async with uow_factory() as uow:
        await uow.bulk.analyze()
        await uow.commit()
    report.errors.sort(key=lambda e: e.line)
    return report
