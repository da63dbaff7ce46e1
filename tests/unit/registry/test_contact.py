from __future__ import annotations

import pytest

from services.registry.domain.contact import normalise_phone, valid_email


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01012345678", "+201012345678"),
        ("+201012345678", "+201012345678"),
        ("00201012345678", "+201012345678"),
        ("201012345678", "+201012345678"),
        ("1012345678", "+201012345678"),
        ("010-1234-5678", "+201012345678"),
        ("+20 (10) 1234 5678", "+201012345678"),
        ("٠١١٢٣٤٥٦٧٨٩", "+201123456789"),
        ("۰۱۵۱۲۳۴۵۶۷۸", "+201512345678"),
        ("0972301234", "+20972301234"),  # Aswan landline, area code 097
        ("0223456789", "+20223456789"),  # Cairo landline
    ],
)
def test_egyptian_numbers_become_e164(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "12345", "01312345678", "0101234567", "010123456789", "+44 20 7946 0958", "phone"]
)
def test_other_numbers_are_refused(raw):
    assert normalise_phone(raw) is None


def test_email():
    assert valid_email("info@amal.org.eg")
    assert not valid_email("info@amal")
    assert not valid_email("no spaces@x.org")
