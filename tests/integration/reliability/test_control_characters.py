"""A NUL or another control character in any text is bad input: HTTP answers 422 naming the field
(it answered 500: PostgreSQL cannot store a NUL), and a registration on the bus is rejected with
the field named (it was retried three times as a transient failure, then dead-lettered, and the
submitter never got an answer)."""

from __future__ import annotations

import random
import uuid
from typing import Any

import pytest

from shared.events.intake import AssociationRegistrationSubmitted
from tests.support.services import running

REJECTED = "registry.registration.rejected.v1"


def _registration(**more: Any) -> dict[str, Any]:
    return {
        "name_ar": f"جمعية النور رقم {random.randint(1, 10**9)}",
        "registration_number": str(random.randint(10**9, 10**11)),
        "legal_form": "association",
        "centre": "edfu",
        "sectors": ["health"],
        **more,
    }


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("get", "/v1/associations/%00", None, "path"),
        ("get", "/v1/associations?q=a%00b", None, "q"),
        ("post", "/v1/organisations", {"name_en": "Org\u0000", "kind": "donor"}, "name_en"),
        ("post", "/v1/registrations", _registration(name_ar="جمعية\u0000النور"), "name_ar"),
        ("post", "/v1/registrations", _registration(sectors=["health", "x\u001b"]), "sectors.1"),
        ("post", "/v1/registrations", _registration(city="\ud800"), "city"),
    ],
)
async def test_http_answers_422_naming_the_field(
    registry_app, bus, auth, method, path, body, field
):
    async with running(registry_app) as client:
        kwargs: dict[str, Any] = {"headers": auth("staff")}
        if body is not None:
            kwargs["content"] = _json(body)
            kwargs["headers"] = {**kwargs["headers"], "content-type": "application/json"}
        answer = await getattr(client, method)(path, **kwargs)
    assert answer.status_code == 422, answer.text
    got = answer.json()
    assert got["code"] == "validation_failed" and got["field"] == field
    assert got["errors"][0]["code"] == "invalid_characters"
    assert got["message_ar"] and got["message_en"]


def _json(body: dict[str, Any]) -> bytes:
    import json

    # ensure_ascii: a lone surrogate can only travel escaped
    return json.dumps(body, ensure_ascii=True).encode()


async def test_tab_and_newline_are_still_text(registry_app, bus, auth):
    async with running(registry_app) as client:
        answer = await client.post(
            "/v1/registrations",
            json=_registration(address="شارع النيل\n\tأسوان"),
            headers=auth("staff"),
        )
    assert answer.status_code == 202, answer.text
    assert answer.json()["outcome"] == "registered"


async def test_a_bus_registration_with_a_nul_is_rejected_not_retried(registry_app, bus):
    capture = await bus.capture(REJECTED)
    event = AssociationRegistrationSubmitted(
        **_registration(name_ar="جمعية\u0000النور", city="أسوان\x07"),
        contact_email=f"nul-{uuid.uuid4().hex[:6]}@example.org",
    )
    async with running(registry_app):
        sid = await bus.publish_event(event, source="/aswan/intake/portal")
        [got] = await capture.wait_for(lambda e: e["correlationid"] == sid)
    errors = {e["field"]: e["code"] for e in got["data"]["errors"]}
    assert errors == {"name_ar": "invalid_characters", "city": "invalid_characters"}
    assert "\x00" not in got["data"]["name_ar"]  # the answer carries what could be stored
    dlq = registry_app.state.runtime.settings.queue("intake") + ".dlq"
    assert await bus.queue_depth(dlq) == 0
