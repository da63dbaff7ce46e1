from __future__ import annotations

from services.assessment.service_layer.handlers import associations, submissions
from shared.events.intake import AssessmentSubmitted
from shared.events.registry import (
    AssociationRegistered,
    AssociationStatusChanged,
    AssociationUpdated,
    PartnershipRecorded,
)
from shared.messaging.consumer import Subscription


def subscriptions() -> list[Subscription]:
    return [
        Subscription(
            purpose="associations",
            description="Read model of associations and partnerships: the coverage of gaps.",
            handlers={
                AssociationRegistered: associations.on_association_registered,
                AssociationUpdated: associations.on_association_updated,
                AssociationStatusChanged: associations.on_association_status_changed,
                PartnershipRecorded: associations.on_partnership_recorded,
            },
        ),
        # --- forms and submissions
        Subscription(
            purpose="submissions",
            description="Assessment answers from the portal, the bot and field devices: "
            "validated against their form version, accepted or rejected with every error.",
            handlers={AssessmentSubmitted: submissions.on_assessment_submitted},
        ),
    ]
