"""Reading XLSForms with pyxform into our definitions, and the located errors of broken ones."""

from __future__ import annotations

import pytest

from services.assessment.domain.form_errors import WorkbookInvalidError
from services.assessment.domain.xlsform import read_xlsform
from tests.unit.assessment.workbooks import survey_v1, xlsform


def errors_of(data: bytes) -> list[tuple[str | None, int | None, str | None, str]]:
    with pytest.raises(WorkbookInvalidError) as caught:
        read_xlsform(data)
    return [(e.sheet, e.row, e.column, e.code) for e in caught.value.sheet_errors]


def test_groups_and_repeats_are_nested_and_labels_keyed_by_language():
    definition = read_xlsform(xlsform(
        [
            ["begin_group", "household", "الأسرة", "Household", None, "${people} > 0"],
            ["integer", "people", "العدد", "People"],
            ["begin_repeat", "members", "الأفراد", "Members"],
            ["integer", "age", "العمر", "Age", "yes", None, ". < 120"],
            ["end_repeat"],
            ["end_group"],
        ],
        form_id="f", version="1",
    ))  # fmt: skip
    [group] = definition.questions
    assert group.type == "group" and group.relevant == "${people} > 0"
    people, members = group.children or []
    assert members.type == "repeat" and members.children[0].name == "age"  # type: ignore[index]
    assert members.children[0].required is True  # type: ignore[index]
    assert people.label == {"ar": "العدد", "en": "People"}
    assert [q.name for q in definition.columns()] == ["people", "members"]


def test_the_definition_is_the_same_for_the_same_workbook():
    assert read_xlsform(survey_v1("f")).digest() == read_xlsform(survey_v1("f")).digest()


def test_errors_are_located_by_sheet_row_and_column():
    found = errors_of(xlsform(
        [
            ["integer", "a", "أ", "A", None, "${a} > 1 or jr:itext('x')"],
            ["text", "b", None, "B only in English"],
            ["text", "c", "ج", "C", None, None, "regex(., '[unclosed')"],
            ["integer", "form_version", "إصدار", "Version"],
        ],
        form_id="f", version="1",
    ))  # fmt: skip
    assert set(found) == {
        ("survey", 2, "relevant", "expression_unsupported"),
        ("survey", 3, "label", "label_missing_ar"),
        ("survey", 4, "constraint", "regex_invalid"),
        ("survey", 5, "name", "name_reserved"),
    }


def test_an_unknown_reference_is_located_by_pyxform():
    found = errors_of(xlsform([["integer", "a", "أ", "A", None, "${nowhere} > 1"]], form_id="f",
                              version="1"))  # fmt: skip
    assert found == [("survey", 2, "relevant", "xlsform_invalid")]


def test_pyxform_errors_keep_their_row():
    found = errors_of(xlsform([["integer", "a", "أ"], ["integer", "a", "ب"]], form_id="f",
                              version="1"))  # fmt: skip
    assert ("survey", 3, "name", "xlsform_invalid") in found


def test_a_needs_form_must_ask_the_contract_questions():
    found = errors_of(xlsform([["integer", "severity", "الشدة"]], form_id="f", version="1",
                              kind="needs"))  # fmt: skip
    missing = [row for row in found if row[3] == "kind_question_missing"]
    assert len(missing) == 4  # centre, sector, people_in_need, people_affected


def test_a_capacity_question_is_a_select_one_of_1_to_4_in_a_known_domain():
    scores = [["scores", str(n), f"{n}", str(n)] for n in range(1, 5)]
    found = errors_of(xlsform(
        [
            ["text", "association_id", "الجمعية", "Association"],
            ["select_one scores", "oca_governance_1", "الحوكمة ١", "Governance 1"],
            ["select_one scores", "oca_marketing_1", "التسويق", "Marketing 1"],
        ],
        form_id="f", version="1", kind="capacity", choices=scores,
    ))  # fmt: skip
    assert found == [("survey", 4, "type", "oca_question_invalid")]
