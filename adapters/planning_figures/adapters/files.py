"""The ministry's files (CSV in UTF-8, or XLSX: first sheet) as rows keyed by our names, and the
folder they are put in, read every ``PLANNING_POLL_SECONDS``; the rows refused go to the dead
letters of ``planning_figures.figures.dlq`` (one message per row, with its reason)."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hashlib
import io
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from adapters.planning_figures.config import PlanningSettings
from adapters.planning_figures.domain.rows import header
from adapters.planning_figures.service_layer.handlers import (
    FiguresReport,
    TakeFigures,
    take_figures,
)
from adapters.planning_figures.service_layer.unit_of_work import PlanningUnitOfWork
from shared.messaging.publisher import ConfirmPublisher

log = logging.getLogger(__name__)


def read_rows(path: Path) -> list[dict[str, Any]]:
    if path.suffix.lower() == ".xlsx":
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        table = [list(r) for r in sheet.iter_rows(values_only=True)]
    else:
        table = [list(r) for r in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")))]
    if not table:
        return []
    names = [header(cell) for cell in table[0]]
    return [
        {n: c for n, c in zip(names, row, strict=False) if n}
        for row in table[1:]
        if any(c not in (None, "") for c in row)
    ]


class FigureFiles:
    def __init__(
        self,
        settings: PlanningSettings,
        uow_factory: Callable[[], PlanningUnitOfWork],
        publisher: ConfirmPublisher,
    ) -> None:
        self.settings, self.uow_factory, self.publisher = settings, uow_factory, publisher
        self.dlq = settings.queue("figures") + ".dlq"
        self._task: asyncio.Task[None] | None = None

    async def declare(self) -> None:
        channel = await self.publisher.channel()
        await channel.declare_queue(self.dlq, durable=True, arguments={"x-queue-type": "quorum"})

    async def read_file(self, path: Path) -> FiguresReport:
        content = await asyncio.to_thread(path.read_bytes)
        rows = await asyncio.to_thread(read_rows, path)
        cmd = TakeFigures(path.name, rows, hashlib.sha256(content).hexdigest(),
                          self.settings.reported_by)  # fmt: skip
        async with self.uow_factory() as uow:
            report = await take_figures(cmd, uow)
        for problem in report.problems:
            body = json.dumps({"source": path.name, **problem}, ensure_ascii=False, default=str)
            headers = {"x-error-kind": problem["code"], "x-error": problem["message_en"],
                       "x-original-queue": self.settings.queue("figures"),
                       "x-dead-lettered-at": datetime.now(UTC).isoformat()}  # fmt: skip
            await self.publisher.publish(
                "", self.dlq, body.encode(), headers=headers, content_type="application/json"
            )
        return report

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch(Path(self.settings.planning_dir)))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _watch(self, folder: Path) -> None:
        while True:
            for path in await asyncio.to_thread(_files_in, folder):
                try:
                    await self.read_file(path)
                except Exception:
                    log.exception("file %s not read; trying again later", path.name)
            await asyncio.sleep(self.settings.planning_poll_seconds)


def _files_in(folder: Path) -> list[Path]:
    paths = [p for p in folder.glob("*") if p.suffix.lower() in (".csv", ".xlsx")]
    return sorted(p for p in paths if p.is_file())
