"""The CloudEvents envelope and the v1 catalogue, without infrastructure."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

import shared.events  # noqa: F401 - registers the whole catalogue
from shared.events.assessment import NeedsUpdated
from shared.events.envelope import (
    EVENT_TYPES,
    MAX_EVENT_BYTES,
    TYPE_PREFIX,
    Event,
    EventParseError,
    envelope_json,
    make_envelope,
    parse_event,
)
from shared.events.registry import AssociationRegistered


def need() -> NeedsUpdated:
    return NeedsUpdated(
        centre="edfu", sector="health", severity=4, people_affected=1200, campaign_id="c1"
    )


def test_envelope_round_trip_keeps_every_attribute_and_the_data():
    envelope = make_envelope(
        need(), source="/aswan/assessment", subject="c1/edfu/health", causation_id="cause-1"
    )
    body = envelope_json(envelope)
    parsed = parse_event(body)
    assert parsed.id == envelope.id
    assert parsed.source == "/aswan/assessment"
    assert parsed.type == "eg.aswan.assessment.NeedsUpdated.v1"
    assert parsed.subject == "c1/edfu/health"
    assert parsed.correlationid == envelope.id  # a new chain starts with the event's own id
    assert parsed.causationid == "cause-1"
    assert parsed.time == envelope.time
    assert parsed.data == need()
    assert isinstance(parsed.data, NeedsUpdated)


def test_envelope_json_omits_absent_attributes_but_keeps_null_data_fields():
    envelope = make_envelope(need(), source="/aswan/a", subject=None)
    raw = json.loads(envelope_json(envelope))
    assert "subject" not in raw and "causationid" not in raw
    assert raw["specversion"] == "1.0"
    assert raw["data"]["campaign_id"] == "c1"


def test_arabic_text_is_kept_as_utf8_not_escaped():
    event = AssociationRegistered(
        association_id="a1",
        org_id="EG-MOSS-1",
        registration_number="1",
        name_ar="جمعية الأمل",
        legal_form="association",
        centre="edfu",
        sectors=["health"],
        centres_served=["edfu"],
        status="active",
    )
    body = envelope_json(make_envelope(event, source="/aswan/registry", subject="a1"))
    assert "جمعية الأمل".encode() in body
    parsed = parse_event(body).data
    assert isinstance(parsed, AssociationRegistered)
    assert parsed.name_ar == "جمعية الأمل"


def _body(**overrides) -> bytes:
    raw = {
        "specversion": "1.0",
        "id": "e1",
        "source": "/aswan/t",
        "type": NeedsUpdated.event_type(),
        "time": datetime.now(UTC).isoformat(),
        "data": need().model_dump(mode="json"),
    }
    raw.update(overrides)
    return json.dumps(raw).encode()


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"{nope", "not_json"),
        (b"", "not_json"),
        (b'"just a string"', "not_cloudevent"),
        (b'{"hello": "world"}', "not_cloudevent"),
        (_body(specversion="0.3"), "not_cloudevent"),
        (_body(id=""), "not_cloudevent"),
        (_body(type="eg.aswan.Nothing.v1"), "unknown_type"),
        (_body(data={"centre": "edfu"}), "invalid_data"),
        (_body(data={**need().model_dump(mode="json"), "severity": 9}), "invalid_data"),
        (_body(data={**need().model_dump(mode="json"), "centre": "cairo"}), "invalid_data"),
        (b"x" * (MAX_EVENT_BYTES + 1), "too_large"),
    ],
)
def test_parse_event_names_the_kind_of_malformed_message(body: bytes, kind: str):
    with pytest.raises(EventParseError) as caught:
        parse_event(body)
    assert caught.value.kind == kind
    assert caught.value.detail


def test_unknown_data_fields_are_ignored_so_producers_can_add_optional_fields():
    data = {**need().model_dump(mode="json"), "new_field": 1}
    assert parse_event(_body(data=data)).data == need()


def test_events_are_frozen():
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError
        need().severity = 1  # type: ignore[misc]


def _catalogue() -> list[type[Event]]:
    return sorted(set(EVENT_TYPES.values()), key=lambda c: c.__name__)


def test_the_catalogue_is_registered():
    assert len(_catalogue()) >= 10


@pytest.mark.parametrize("model", _catalogue(), ids=lambda m: m.__name__)
def test_every_catalogue_class_has_routing_key_and_versioned_type(model: type[Event]):
    assert model.ROUTING_KEY.endswith(".v1"), model.ROUTING_KEY
    assert model.ROUTING_KEY.lower() == model.ROUTING_KEY
    assert model.TYPE.endswith(".v1")
    assert model.event_type() == TYPE_PREFIX + model.TYPE
    assert EVENT_TYPES[model.event_type()] is model
    assert model.model_config.get("frozen") is True
    assert model.model_config.get("extra") == "ignore"


def test_routing_keys_and_types_are_unique_across_the_catalogue():
    models = _catalogue()
    assert len({m.ROUTING_KEY for m in models}) == len(models)
    assert len({m.event_type() for m in models}) == len(models)


def test_registering_a_type_twice_is_refused():
    with pytest.raises(TypeError):

        class Again(Event):
            ROUTING_KEY = "assessment.needs.updated.v1"
            TYPE = NeedsUpdated.TYPE
