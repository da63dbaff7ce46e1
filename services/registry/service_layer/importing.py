"""Bulk import of the governorate's existing list: every row checked like a registration, each
error reported by line, a re-run adds nothing (rows whose registration number is on record are
left alone), every imported association told on the bus through the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from services.registry.domain import events
from services.registry.domain.errors import SubmissionRaced
from services.registry.domain.model import Association, name_key
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

    def merge(self, other: ImportReport) -> None:
        self.added += other.added
        self.unchanged += other.unchanged
        self.flagged += other.flagged
        self.errors += other.errors


def _check(
    chunk: list[tuple[int, dict[str, Any]]], report: ImportReport, seen: set[str]
) -> list[tuple[int, dict[str, Any]]]:
    valid = []
    for line, row in chunk:
        values, errors = clean(row)
        number = values.get("registration_number")
        if not errors and number in seen:
            errors = [
                events.duplicate_number_error().model_copy(update={"code": "duplicate_in_file"})
            ]
        report.errors += [
            RowError(line, e.field, e.code, e.message_en, e.message_ar) for e in errors
        ]
        if not errors and number is not None:
            seen.add(number)
            valid.append((line, values))
    return valid


async def import_chunk(
    chunk: list[tuple[int, dict[str, Any]]], uow: RegistryUnitOfWork, report: ImportReport,
    seen: set[str], *, actor: str, status: AssociationStatus,
) -> None:  # fmt: skip
    valid = _check(chunk, report, seen)
    existing = await uow.bulk.existing_numbers([v["registration_number"] for _, v in valid])
    fresh = [(line, v) for line, v in valid if v["registration_number"] not in existing]
    report.unchanged += len(valid) - len(fresh)
    similar = await uow.bulk.similar(
        [v["centre"] for _, v in fresh], [v["name_ar"] for _, v in fresh]
    )
    items: list[Association] = []
    in_file: dict[tuple[str, str], str] = {}  # same name twice in this chunk: flag the second
    for i, (_, values) in enumerate(fresh):
        aid = str(uuid.uuid5(_NAMESPACE, values["registration_number"]))
        key = (values["centre"], name_key(values["name_ar"]))
        twin = similar.get(i) or in_file.get(key)
        in_file.setdefault(key, aid)
        items.append(events.new_association(aid, values, twin, status))
        report.flagged += twin is not None
    await uow.bulk.insert(items, actor)
    for a in items:
        raw = {"channel": "import"}
        uow.publish(events.registered(a, None, raw), subject=a.association_id)
    await uow.commit()
    report.added += len(items)


async def import_rows(
    rows: Iterable[tuple[int, dict[str, Any]]], uow_factory: Callable[[], RegistryUnitOfWork], *,
    actor: str, status: AssociationStatus = AssociationStatus.ACTIVE, chunk_size: int = 1000,
    progress: Callable[[int], object] | None = None,
) -> ImportReport:  # fmt: skip
    report, seen, chunk = ImportReport(), set[str](), []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= chunk_size:
            await _run(chunk, uow_factory, report, seen, actor, status, progress)
            chunk = []
    if chunk:
        await _run(chunk, uow_factory, report, seen, actor, status, progress)
    async with uow_factory() as uow:
        await uow.bulk.analyze()
        await uow.commit()
    return report


async def _run(chunk, uow_factory, report, seen, actor, status, progress, attempts=3) -> None:  # type: ignore[no-untyped-def]
    """One chunk in one unit of work. If a registration took one of its numbers meanwhile, the
    chunk runs again from the start (its counts and the numbers it saw undone): that number is
    then on record, left alone, and the rest is imported."""
    for attempt in range(1, attempts + 1):
        mine, seen_before = ImportReport(), set(seen)
        try:
            async with uow_factory() as uow:
                await import_chunk(chunk, uow, mine, seen, actor=actor, status=status)
        except SubmissionRaced:
            seen.intersection_update(seen_before)
            if attempt == attempts:
                raise
            continue
        report.merge(mine)
        break
    if progress is not None:
        progress(len(chunk))
