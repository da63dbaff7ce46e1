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


def test_sdg_report_takes_the_years_governorate_value_and_groups_it():
    from adapters.planning_figures.domain.sdg_report import build

    framework = {"title": "t", "pillars": [{"code": "P", "objectives": [{"code": "O", "kpis": [
        {"code": "K1", "name_ar": "م١", "unit": "%", "sdg_targets": ["10.2", "4.1"],
         "vision2030": "social"},
        {"code": "K2", "name_ar": "م٢", "unit": "#"},
    ]}]}]}  # fmt: skip
    gov = {"kpi_code": "K1", "scope": "governorate"}
    rows = [
        {**gov, "period": "2026-Q1", "value": 1, "status": "at_risk"},
        {**gov, "period": "2026-Q3", "value": 3, "status": "on_track"},
        {**gov, "scope": "edfu", "period": "2026", "value": 9, "status": "achieved"},
        {**gov, "period": "2025", "value": 0, "status": "off_track"},
    ]
    report = build(framework, rows, 2026)
    assert list(report["by_sdg_target"]) == ["4.1", "10.2", "unmapped"]
    k1 = report["by_sdg_target"]["4.1"][0]
    assert (k1["period"], k1["value"], k1["status"]) == ("2026-Q3", 3, "on_track")
    assert report["by_sdg_target"]["unmapped"][0]["status"] == "no_data"
    assert list(report["by_vision2030"]) == ["social", "unmapped"]
