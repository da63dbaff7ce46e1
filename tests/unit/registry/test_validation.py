from __future__ import annotations

from services.registry.domain.validation import clean

VALID = {
    "name_ar": "جمعية الأمل", "registration_number": "١٢٣٤", "legal_form": "association",
    "centre": "edfu", "sectors": ["health"],
}  # fmt: skip


def test_valid_submission_is_normalised():
    values, errors = clean(
        {
            **VALID,
            "centre": "إدفو",
            "sectors": "الصحة، التعليم",
            "centres_served": "Daraw;دراو",
            "founded_year": "١٩٩٨",
            "beneficiaries_per_year": "١,٢٠٠",
        }
    )
    assert errors == []
    assert values["registration_number"] == "1234"
    assert values["centre"] == "edfu"
    assert values["sectors"] == ["health", "education"]
    assert values["centres_served"] == ["daraw"]
    assert values["founded_year"] == 1998
    assert values["beneficiaries_per_year"] == 1200


def test_every_error_is_listed_with_both_languages():
    _, errors = clean({"name_ar": "Hope", "registration_number": "12-ab", "founded_year": 1700,
                       "annual_budget_band": "huge", "board_size": "٥٠٠"})  # fmt: skip
    by_field = {e.field: e for e in errors}
    assert set(by_field) == {
        "name_ar", "registration_number", "legal_form", "centre", "sectors", "founded_year",
        "annual_budget_band", "board_size",
    }  # fmt: skip
    assert by_field["legal_form"].code == "required"
    assert by_field["name_ar"].code == "invalid_name_ar"
    assert all(e.message_ar and e.message_en for e in errors)


def test_partial_clean_checks_only_what_is_sent():
    values, errors = clean({"volunteers": "٧", "address": None}, partial=True)
    assert errors == [] and values == {"volunteers": 7, "address": None}
    _, errors = clean({"sectors": []}, partial=True)
    assert [e.code for e in errors] == ["required"]
