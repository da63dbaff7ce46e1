"""Prometheus metrics of the backbone (process-wide, labelled by service or queue)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

OUTBOX_PUBLISHED = Counter(
    "aswan_outbox_published_total", "Events published from the outbox", ["service"]
)
OUTBOX_PUBLISH_ERRORS = Counter(
    "aswan_outbox_publish_errors_total", "Relay rounds that failed and backed off", ["service"]
)
OUTBOX_BACKLOG = Gauge("aswan_outbox_backlog", "Unsent events in the outbox", ["service"])
CONSUMED = Counter(
    "aswan_events_consumed_total", "Events consumed, by outcome", ["queue", "outcome"]
)
CONSUMER_LAG = Gauge("aswan_consumer_lag", "Messages ready in a consumer queue", ["queue"])
DEAD_LETTER_DEPTH = Gauge("aswan_dead_letter_depth", "Messages in a dead-letter queue", ["queue"])
CONSUMERS_ATTACHED = Gauge(
    "aswan_consumer_attached", "1 when this process consumes from the queue", ["queue"]
)
UNROUTED_DEPTH = Gauge("aswan_unrouted_depth", "Events parked because no queue was bound")
HANDLE_SECONDS = Histogram(
    "aswan_event_batch_seconds",
    "Time of one consumer transaction (inbox + effects + outbox)",
    ["queue"],
    buckets=(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
