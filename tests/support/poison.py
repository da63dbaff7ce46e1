"""Poison: every kind of message a producer can get wrong, with the dead-letter reason each must
end with. Used by tests/integration/reliability/test_poison_mix.py and bench/poison_bench.py."""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

from shared.events.envelope import CONTENT_TYPE, MAX_EVENT_BYTES
from shared.events.registry import AssociationRegistered


def _envelope(type_: str, data: Any, event_id: str) -> bytes:
    return json.dumps(
        {
            "specversion": "1.0",
            "id": event_id,
            "source": "/aswan/tests/poison",
            "type": type_,
            "time": "2026-12-03T10:00:00Z",
            "data": data,
        }
    ).encode()


_INVALID = {"name_ar": {"not": "a string"}, "sectors": 7, "kpi_code": "", "period": 1}


def bad_messages(handled_type: str, per_kind: int) -> list[tuple[str, bytes, str]]:
    """(expected dead-letter kind, body, content type) for each kind of poison."""
    out = []
    for n in range(per_kind):
        eid = f"poison-{uuid.uuid4()}"
        out += [
            ("not_json", b"\x00\xffnot json at all " + str(n).encode(), CONTENT_TYPE),
            ("not_cloudevent", json.dumps({"hello": "world", "n": n}).encode(), CONTENT_TYPE),
            ("unknown_type", _envelope("eg.aswan.nobody.Nothing.v1", {}, eid), CONTENT_TYPE),
            # the handled type, with data that fails its model (a name that is no string)
            ("invalid_data", _envelope(handled_type, _INVALID, eid + "-d"), CONTENT_TYPE),
            ("too_large", b'{"x":"' + b"a" * (MAX_EVENT_BYTES + 10) + b'"}', CONTENT_TYPE),
            ("not_json", b"<event><id>" + eid.encode() + b"</id></event>", "application/xml"),
        ]
    return out


def matches(pattern: str, key: str) -> bool:
    """AMQP topic matching: ``*`` is one word, ``#`` zero or more."""

    def match(p: list[str], k: list[str]) -> bool:
        if not p:
            return not k
        if p[0] == "#":
            return any(match(p[1:], k[i:]) for i in range(len(k) + 1))
        return bool(k) and p[0] in ("*", k[0]) and match(p[1:], k[1:])

    return match(pattern.split("."), key.split("."))


def registered_event() -> AssociationRegistered:
    """A valid AssociationRegistered that every consumer of it can take (no precondition)."""
    number = str(random.randint(10**9, 10**11))
    return AssociationRegistered(
        association_id=str(uuid.uuid4()),
        org_id=f"EG-MOSS-{number}",
        registration_number=number,
        name_ar=f"جمعية الخير رقم {number}",
        legal_form="association",
        centre="edfu",
        sectors=["health"],
        centres_served=["edfu", "daraw"],
        status="pending_verification",
    )
