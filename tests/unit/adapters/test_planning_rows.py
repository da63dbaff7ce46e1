"""A ministry's KPI rows: normalised, or refused with a reason."""

from __future__ import annotations

import pytest

from adapters.planning_figures.domain.rows import RowProblem, header, parse


def test_rows_are_normalised():
    figure = parse({"kpi_code": "K1", "period": "٢٠٢٦Q٣", "centre": "Kom Ombo", "value": "١٬٢٠٠"})
    assert (figure.period, figure.centre, figure.value) == ("2026-Q3", "kom_ombo", 1200.0)
    ratio = parse({"kpi_code": "K1", "period": "2026-07", "numerator": 3, "denominator": "4"})
    assert (ratio.centre, ratio.value, ratio.numerator, ratio.denominator) == (None, None, 3, 4)
    assert header("رمز المؤشر") == "kpi_code" and header("Denominator") == "denominator"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"kpi_code": ""}, "missing_kpi_code"),
        ({"period": "2026-Q5"}, "invalid_period"),
        ({"centre": "cairo"}, "unknown_centre"),
        ({"value": "many"}, "invalid_value"),
        ({"value": None}, "missing_value"),
        ({"value": None, "numerator": 1, "denominator": 0}, "zero_denominator"),
    ],
)
def test_bad_rows_are_refused_with_a_reason(change, code):
    with pytest.raises(RowProblem) as caught:
        parse({"kpi_code": "K1", "period": "2026", "value": 1, **change})
    assert caught.value.code == code and caught.value.ar and caught.value.en
