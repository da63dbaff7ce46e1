"""The XLSForm expression subset: parsing refuses what it cannot evaluate; evaluation follows
XPath's conversions."""

from __future__ import annotations

import pytest

from services.assessment.domain.constraints import holds
from services.assessment.domain.expressions import ExpressionError, parse

ANSWERS = {"age": 34.0, "sectors": ["health", "water"], "name": "Amal", "empty": None}


def ok(text: str, here: object = None) -> bool:
    return holds(text, here, ANSWERS.get)


@pytest.mark.parametrize(
    ("text", "here", "expected"),
    [
        (". >= 1 and . <= 5", 3, True),
        (". >= 1 and . <= 5", 7, False),
        ("${age} > 18 or ${name} = 'x'", None, True),
        ("selected(${sectors}, 'water')", None, True),
        ("selected(${sectors}, 'food')", None, False),
        ("not(selected(${sectors}, 'food'))", None, True),
        ("count-selected(${sectors}) = 2", None, True),
        ("regex(., '^[0-9]{11}$')", "01001234567", True),
        ("regex(., '^[0-9]{11}$')", "0100", False),
        ("${empty} = ''", None, True),
        ("${empty} > 3", None, False),
        ("string-length(${name}) = 4", None, True),
        ("(${age} - 4) div 10 = 3", None, True),
        ("${age} != 34", None, False),
        (". <= today()", "2020-01-01", True),
        ('. = "Amal"', "Amal", True),
    ],
)
def test_expressions(text, here, expected):
    assert ok(text, here) is expected


@pytest.mark.parametrize("text", ["jr:choice-name(., 'x')", ". >", "${a} ==== 2", "pulldata('x')",
                                  "selected(.)", "'unterminated"])  # fmt: skip
def test_what_cannot_be_evaluated_is_refused(text):
    with pytest.raises(ExpressionError):
        parse(text)


def test_references_are_listed():
    assert parse("${a} > 1 and selected(${b}, 'x')").references() == {"a", "b"}
