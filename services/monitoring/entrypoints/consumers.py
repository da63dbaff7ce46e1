from __future__ import annotations

from services.monitoring.service_layer.handlers import derived, derived_assessment, measurements
from shared.events.assessment import CapacityScored, GapAnalysisPublished, NeedsUpdated
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
            description="Associations read model (initiative partners) and every derived KPI's"
            " inputs: the registry's associations and the assessment service's capacity scores,"
            " needs and gap analyses. One queue, so that one consumer applies them one after"
            " another: a score and its association's registration never race.",
            handlers={
                AssociationRegistered: derived.on_association_registered,
                AssociationStatusChanged: derived.on_association_status_changed,
                CapacityScored: derived_assessment.on_capacity_scored,
                NeedsUpdated: derived_assessment.on_needs_updated,
                GapAnalysisPublished: derived_assessment.on_gaps_published,
            },
            inbox_at_commit=True,  # every effect of these handlers is in the transaction
        ),
    ]
