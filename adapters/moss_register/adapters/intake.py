"""Where the ministry's decisions come in: the extract folder (read every
``EXTRACT_POLL_SECONDS``; a file read before, by content, is skipped) and the dead letters of the
rows that could not be taken (queue ``moss_register.decisions.dlq``, one message per row, body
the row and its reason: nothing is dropped)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from adapters.moss_register.adapters.extract import read_rows
from adapters.moss_register.config import MossSettings
from adapters.moss_register.service_layer.decisions import (
    DecisionReport,
    TakeDecisions,
    take_decisions,
)
from adapters.moss_register.service_layer.unit_of_work import MossUnitOfWork
from shared.messaging.publisher import ConfirmPublisher

log = logging.getLogger(__name__)


class DecisionIntake:
    def __init__(
        self,
        settings: MossSettings,
        uow_factory: Callable[[], MossUnitOfWork],
        publisher: ConfirmPublisher,
    ) -> None:
        self.settings, self.uow_factory, self.publisher = settings, uow_factory, publisher
        self.dlq = settings.queue("decisions") + ".dlq"
        self._task: asyncio.Task[None] | None = None

    async def declare(self) -> None:
        channel = await self.publisher.channel()
        await channel.declare_queue(self.dlq, durable=True, arguments={"x-queue-type": "quorum"})

    async def take(self, cmd: TakeDecisions) -> DecisionReport:
        async with self.uow_factory() as uow:
            report = await take_decisions(cmd, uow)
        for problem in report.problems:
            await self._dead_letter(cmd.source, problem)
        return report

    async def read_file(self, path: Path) -> DecisionReport:
        content = await asyncio.to_thread(path.read_bytes)
        rows = await asyncio.to_thread(read_rows, path)
        digest = hashlib.sha256(content).hexdigest()
        report = await self.take(TakeDecisions(f"extract:{path.name}", rows, digest))
        if not report.already_read:
            log.info("extract %s: %d taken, %d repeated, %d problems", path.name,
                     report.accepted, report.repeated, len(report.problems))  # fmt: skip
        return report

    def start(self) -> None:
        if self.settings.extract_dir:
            self._task = asyncio.create_task(self._watch(Path(self.settings.extract_dir)))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _watch(self, folder: Path) -> None:
        while True:
            for path in await asyncio.to_thread(_extracts_in, folder):
                try:
                    await self.read_file(path)
                except Exception:
                    log.exception("extract %s not read; trying again later", path.name)
            await asyncio.sleep(self.settings.extract_poll_seconds)

    async def _dead_letter(self, source: str, problem: dict[str, object]) -> None:
        body = json.dumps({"source": source, **problem}, ensure_ascii=False, default=str)
        headers = {
            "x-error-kind": str(problem["code"]), "x-error": str(problem["message_en"]),
            "x-original-queue": self.settings.queue("decisions"),
            "x-dead-lettered-at": datetime.now(UTC).isoformat(),
        }  # fmt: skip
        await self.publisher.publish(
            "", self.dlq, body.encode(), headers=headers, content_type="application/json"
        )


def _extracts_in(folder: Path) -> list[Path]:
    paths = [p for p in folder.glob("*") if p.suffix.lower() in (".csv", ".xlsx")]
    return sorted(p for p in paths if p.is_file())
