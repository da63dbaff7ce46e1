"""CloudEvents 1.0 structured-mode envelope and the base of every integration event.

An event class names its routing key and CloudEvents type; subclassing registers it. Models are
frozen and ignore unknown fields, so a producer may add optional fields without breaking anyone.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

CONTENT_TYPE = "application/cloudevents+json"
TYPE_PREFIX = "eg.aswan."
MAX_EVENT_BYTES = 64 * 1024

EVENT_TYPES: dict[str, type[Event]] = {}


class Event(BaseModel):
    """Base of every event's ``data``. Subclasses set ``ROUTING_KEY`` and ``TYPE``."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    ROUTING_KEY: ClassVar[str]
    TYPE: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "TYPE" in cls.__dict__:
            full = TYPE_PREFIX + cls.TYPE
            if full in EVENT_TYPES and EVENT_TYPES[full] is not cls:
                raise TypeError(f"event type {full} registered twice")
            EVENT_TYPES[full] = cls

    @classmethod
    def event_type(cls) -> str:
        return TYPE_PREFIX + cls.TYPE


D = TypeVar("D")


class CloudEvent(BaseModel, Generic[D]):
    """The structured-mode envelope of docs/contracts.md."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    specversion: str = Field(default="1.0", pattern=r"^1\.0$")
    id: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=500)
    type: str = Field(min_length=1, max_length=200)
    time: datetime
    subject: str | None = None
    datacontenttype: str = "application/json"
    correlationid: str | None = None
    causationid: str | None = None
    data: D


class EventParseError(Exception):
    """A message that is not a valid event. ``kind`` is a stable reason for the dead-letter."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind = kind
        self.detail = detail
        super().__init__(f"{kind}: {detail}")


def make_envelope(
    event: Event,
    *,
    source: str,
    subject: str | None,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    event_id: str | None = None,
    time: datetime | None = None,
) -> CloudEvent[Event]:
    eid = event_id or str(uuid.uuid4())
    return CloudEvent[Event](
        id=eid,
        source=source,
        type=event.event_type(),
        time=time or datetime.now(UTC),
        subject=subject,
        correlationid=correlation_id or eid,
        causationid=causation_id,
        data=event,
    )


def envelope_json(envelope: CloudEvent[Any]) -> bytes:
    """Serialise: envelope attributes without nulls (CloudEvents omits absent ones), the data in
    full by its own model (``null`` is meaningful there, e.g. ``centre: null`` = governorate)."""
    head = envelope.model_dump(mode="json", exclude_none=True, exclude={"data"})
    data = envelope.data
    head["data"] = (
        data.model_dump(mode="json", by_alias=True) if isinstance(data, BaseModel) else data
    )
    return json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode()


_RawEnvelope = CloudEvent[dict[str, Any]]


def parse_event(body: bytes) -> CloudEvent[Event]:
    """Parse and validate a structured CloudEvent; raise :class:`EventParseError` with a kind of
    ``too_large``, ``not_json``, ``not_cloudevent``, ``unknown_type`` or ``invalid_data``."""
    if len(body) > MAX_EVENT_BYTES:
        raise EventParseError("too_large", f"{len(body)} bytes > {MAX_EVENT_BYTES}")
    try:
        raw = _RawEnvelope.model_validate_json(body)
    except ValidationError as exc:
        kinds = {e["type"] for e in exc.errors()}
        if kinds & {"json_invalid", "json_type"}:
            raise EventParseError("not_json", _short(exc)) from None
        raise EventParseError("not_cloudevent", _short(exc)) from None
    model = EVENT_TYPES.get(raw.type)
    if model is None:
        raise EventParseError("unknown_type", raw.type)
    try:
        data = model.model_validate(raw.data)
    except ValidationError as exc:
        raise EventParseError("invalid_data", _short(exc)) from None
    return CloudEvent[Event].model_construct(**{**dict(raw), "data": data})


def _short(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"]) or "(body)"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)[:1000]
