"""Checking answers against a form version: types, Arabic-Indic digits, choices, relevance,
required, constraints, repeats."""

from __future__ import annotations

from services.assessment.domain.answers import check_answers
from services.assessment.domain.xlsform import read_xlsform
from tests.unit.assessment.workbooks import xlsform

CHOICES = [["sectors", "health", "الصحة", "Health"], ["sectors", "water", "المياه", "Water"]]
FORM = read_xlsform(xlsform(
    [
        ["integer", "people", "العدد", "People", "yes", None, ". > 0"],
        ["decimal", "budget", "الميزانية", "Budget"],
        ["select_multiple sectors", "sectors", "القطاعات", "Sectors", "yes"],
        ["text", "water_source", "مصدر المياه", "Water source", "yes",
         "selected(${sectors}, 'water')"],
        ["date", "visited", "التاريخ", "Date"],
        ["geopoint", "where", "الموقع", "Location"],
        ["begin_repeat", "members", "الأفراد", "Members"],
        ["integer", "age", "العمر", "Age", "yes", None, ". < 150"],
        ["end_repeat"],
    ],
    form_id="f", version="1", choices=CHOICES,
))  # fmt: skip


def test_answers_are_normalised_with_arabic_indic_digits():
    checked = check_answers(FORM, {
        "people": "١٢", "budget": "٢٫٥", "sectors": "water health", "water_source": "بئر",
        "visited": "٢٠٢٦-١٢-٠٣", "where": "24.09 32.89", "members": [{"age": "٤٠"}],
    })  # fmt: skip
    assert checked.errors == []
    assert checked.answers == {
        "people": 12, "budget": 2.5, "sectors": ["water", "health"], "water_source": "بئر",
        "visited": "2026-12-03", "where": "24.09 32.89", "members": [{"age": 40}],
    }  # fmt: skip


def test_a_non_relevant_question_is_not_required_and_its_answer_ignored():
    checked = check_answers(FORM, {"people": 3, "sectors": ["health"], "water_source": "نهر"})
    assert checked.errors == []
    assert "water_source" not in checked.answers


def test_every_error_is_reported_at_its_question():
    checked = check_answers(FORM, {
        "people": "0", "budget": "lots", "sectors": ["health", "food"], "visited": "03/12/2026",
        "where": "200 10", "members": [{"age": 5}, {"age": 9999}, {}], "extra": 1,
    })  # fmt: skip
    assert {(e.field, e.code) for e in checked.errors} == {
        ("extra", "unknown_question"), ("people", "constraint_failed"),
        ("budget", "not_a_number"), ("sectors", "not_a_choice"), ("visited", "not_a_date"),
        ("where", "not_a_geopoint"), ("members[1].age", "constraint_failed"),
        ("members[2].age", "required"),
    }  # fmt: skip
    assert all(e.message_ar and e.message_en for e in checked.errors)


def test_a_required_question_left_empty_is_an_error():
    checked = check_answers(FORM, {"people": "", "sectors": []})
    assert {(e.field, e.code) for e in checked.errors} == {
        ("people", "required"),
        ("sectors", "required"),
    }


def test_control_characters_anywhere_are_refused_at_their_field():
    checked = check_answers(
        FORM, {"people": 2, "sectors": ["health"], "members": [{"age": "\x00"}]}
    )
    assert [(e.field, e.code) for e in checked.errors] == [("members.0.age", "control_characters")]


def test_an_expression_sees_a_later_answer_as_odk_does():
    form = read_xlsform(xlsform(
        [
            ["text", "why", "السبب", "Why", "yes", "${people} > 5"],
            ["integer", "people", "العدد", "People", "yes"],
            ["begin_group", "more", "المزيد", "More", None, "${people} > 100"],
            ["text", "detail", "تفاصيل", "Detail", "yes"],
            ["end_group"],
            ["text", "after", "بعد", "After", None, None, "${detail} = ''"],
        ],
        form_id="f", version="1",
    ))  # fmt: skip
    many = check_answers(form, {"people": "٩", "detail": "x", "after": "ok"})
    few = check_answers(form, {"people": 2, "why": "ignored"})
    assert [(e.field, e.code) for e in many.errors] == [("why", "required")]
    assert "detail" not in many.answers  # its group is not relevant: ignored, then empty
    assert few.errors == [] and few.answers == {"people": 2}
