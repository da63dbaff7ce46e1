"""A unit of work without a database, for unit tests of handlers: the repositories a test gives
it, the events published (``published``, the subject beside each) and whether it committed.
Any service's handlers can run on it: ``FakeUnitOfWork(forms=InMemoryForms(), ...)``."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from shared.events.envelope import CloudEvent, Event, make_envelope


class FakeUnitOfWork:
    def __init__(self, source: str = "/aswan/tests", **repositories: Any) -> None:
        self.source = source
        self.published: list[tuple[Event, str | None]] = []
        self.committed = False
        self.rolled_back = False
        self._cause: CloudEvent[Any] | None = None
        for name, repository in repositories.items():
            setattr(self, name, repository)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        if not self.committed:
            await self.rollback()

    def caused_by(self, envelope: CloudEvent[Any] | None) -> None:
        self._cause = envelope

    def publish(
        self, event: Event, *, subject: str | None, correlation_id: str | None = None,
        event_id: str | None = None,
    ) -> CloudEvent[Event]:  # fmt: skip
        self.published.append((event, subject))
        return make_envelope(event, source=self.source, subject=subject,
                             correlation_id=correlation_id, event_id=event_id)  # fmt: skip

    def events(self, kind: type[Event] | None = None) -> list[Any]:
        return [e for e, _ in self.published if kind is None or isinstance(e, kind)]

    async def commit(self) -> None:
        self.committed = True

    async def rollback(self) -> None:
        self.rolled_back = True
