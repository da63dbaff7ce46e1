"""The ministry mapping and signature without I/O."""

from __future__ import annotations

from adapters.moss_register.domain import mapping
from adapters.moss_register.domain.backoff import delay
from adapters.moss_register.domain.signing import sign, verify

SECRET = "s" * 40


def test_signature_covers_timestamp_and_body_and_expires():
    body = b'{"a":1}'
    signature = sign(SECRET, 1_000, body)
    assert signature.startswith("sha256=") and len(signature) == 7 + 64
    assert verify(SECRET, "1000", signature, body, now=1_100)
    assert not verify(SECRET, "1000", signature, b'{"a":2}', now=1_100)  # body changed
    assert not verify(SECRET, "1001", signature, body, now=1_100)  # timestamp changed
    assert not verify("t" * 40, "1000", signature, body, now=1_100)  # another key
    assert not verify(SECRET, "1000", signature, body, now=1_000 + 301)  # too old: a replay
    assert not verify(SECRET, None, signature, body, now=1_000)


def test_registration_maps_codes_and_drops_empty_fields():
    data = {
        "association_id": "a1", "org_id": "EG-MOSS-77", "registration_number": "77",
        "name_ar": "جمعية", "name_en": None, "legal_form": "foreign_ngo", "centre": "abu_simbel",
        "sectors": ["health"], "centres_served": [], "status": "active",
    }  # fmt: skip
    body = mapping.registered(data, "e1", "2026-12-03T10:00:00Z")
    assert body["mapping"] == "aswan-moss/1" and body["notification_id"] == "e1"
    assert body["record"]["legal_form"] == "FOREIGN_NGO" and "name_en" not in body["record"]
    assert body["record"]["markaz"] == "abu_simbel" and body["status"] == "ACTIVE"


def test_update_keeps_only_mapped_fields_and_status_maps_both_ends():
    update = mapping.updated(
        {"association_id": "a1", "version": 3, "changed": {"legal_form": "union", "board_size": 9}},
        "e2", "t", "77",
    )  # fmt: skip
    assert (
        update["changes"] == {"legal_form": "NGO_UNION"} and update["registration_number"] == "77"
    )
    change = mapping.status_changed(
        {"association_id": "a1", "from": "active", "to": "suspended", "reason": "r"},
        "e3",
        "t",
        None,
    )
    assert (change["status"], change["previous_status"]) == ("SUSPENDED", "ACTIVE")


def test_backoff_doubles_up_to_the_cap():
    assert [delay(n, 1.0, 5.0) for n in range(1, 6)] == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_decision_rows_are_normalised_or_refused_with_a_reason():
    import pytest

    from adapters.moss_register.domain.decisions import RowProblem, header, parse

    row = {"registration_number": "١٢٣", "status": "موقوفة", "reference": " Q-1 ",
           "decided_at": "٠٣/١٢/٢٠٢٦"}  # fmt: skip
    decision = parse(row)
    assert (decision.registration_number, decision.status, decision.reference) == (
        "123", "suspended", "Q-1",
    )  # fmt: skip
    assert decision.decided_at.isoformat() == "2026-12-03T00:00:00+00:00"
    assert decision.key == parse({**row, "registration_number": "123"}).key
    assert (
        header("رقم الإشهار") == "registration_number" and header("Decision Date") == "decided_at"
    )
    for bad, code in [({"registration_number": "12a"}, "invalid_registration_number"),
                      ({"status": "closed"}, "unknown_status"),
                      ({"reference": ""}, "missing_reference"),
                      ({"decided_at": "soon"}, "invalid_date")]:  # fmt: skip
        with pytest.raises(RowProblem) as caught:
            parse({**row, **bad})
        assert caught.value.code == code and caught.value.ar and caught.value.en
