"""The integration events of the platform: the CloudEvents envelope and the v1 catalogue.

Each event lives in the module of the service (or client) that produces it. Importing this package
registers them all in :data:`EVENT_TYPES` (CloudEvents ``type`` -> model).
"""

from shared.events import assessment, intake, ministry, monitoring, notify, portal, registry
from shared.events.envelope import (
    EVENT_TYPES,
    CloudEvent,
    Event,
    EventParseError,
    make_envelope,
    parse_event,
)

__all__ = [
    "EVENT_TYPES",
    "CloudEvent",
    "Event",
    "EventParseError",
    "assessment",
    "intake",
    "make_envelope",
    "ministry",
    "monitoring",
    "notify",
    "parse_event",
    "portal",
    "registry",
]
