from __future__ import annotations

from services.monitoring.service_layer.handlers import derived, measurements
from shared.events.intake import IntakeKPIMeasurementReported
from shared.events.ministry import MinistryKPIMeasurementReported
from shared.events.registry import AssociationRegistered, AssociationStatusChanged
from shared.messaging.consumer import Subscription


def subscriptions() -> list[Subscription]:
    return [
        Subscription(
            purpose="measurements",
            description="KPI measurements reported by associations (intake) and ministry adapters;"
            " invalid ones are dead-lettered with the validation error as the reason.",
            handlers={
                IntakeKPIMeasurementReported: measurements.on_measurement_reported,
                MinistryKPIMeasurementReported: measurements.on_measurement_reported,
            },
            inbox_at_commit=True,  # every effect of these handlers is in the transaction
        ),
        Subscription(
            purpose="associations",
            description="Associations read model (initiative partners) and derived KPIs.",
            handlers={
                AssociationRegistered: derived.on_association_registered,
                AssociationStatusChanged: derived.on_association_status_changed,
            },
            inbox_at_commit=True,
        ),
    ]
