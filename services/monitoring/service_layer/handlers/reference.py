"""Reference data that derived KPIs read, kept editable: a centre's population (for the active
associations per 10,000 inhabitants). Changing it recomputes those KPIs for the centre."""

from __future__ import annotations

from datetime import UTC, datetime

from services.monitoring.domain import errors
from services.monitoring.domain.commands import SetPopulation
from services.monitoring.domain.framework import Derivation
from services.monitoring.service_layer.handlers.derived import refresh_derived
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.errors import ValidationFailedError
from shared.events.assessment import PEOPLE_MAX
from shared.events.codes import Centre


async def set_population(cmd: SetPopulation, uow: MonitoringUnitOfWork) -> None:
    if cmd.centre not in {c.value for c in Centre}:
        raise errors.UnknownCentreError(f"Unknown centre {cmd.centre!r}", field="centre")
    if not 0 < cmd.inhabitants <= PEOPLE_MAX:
        raise ValidationFailedError(
            f"Inhabitants must be between 1 and {PEOPLE_MAX}",
            f"عدد السكان يجب أن يكون بين ١ و{PEOPLE_MAX}",
            field="inhabitants",
        )
    if not cmd.source.strip():
        raise ValidationFailedError(
            "Say where the figure comes from", "اذكر مصدر الرقم", field="source"
        )
    await uow.population.set(cmd.centre, cmd.inhabitants, cmd.year, cmd.source.strip())
    await refresh_derived(uow, cmd.centre, datetime.now(UTC), {Derivation.ACTIVE_PER_10K})
    await uow.commit()
