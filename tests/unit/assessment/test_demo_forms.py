"""The demo XLSForms: built from their YAML sources, accepted by the service's own reader, flagged
demo, asking what CONTRACTS.md names; the committed workbooks are up to date with the sources."""

from __future__ import annotations

import pytest

from services.assessment.demo.build import HERE, SOURCES, source, workbook
from services.assessment.domain.xlsform import read_xlsform
from services.assessment.domain.xlsform_rules import OCA_DOMAINS


@pytest.mark.parametrize("name", SOURCES)
def test_committed_workbook_is_built_from_its_source(name):
    built = read_xlsform(workbook(source(name)))
    committed = read_xlsform((HERE / f"{name}.xlsx").read_bytes())
    assert committed.digest() == built.digest(), "run: python -m services.assessment.demo build"
    assert built.demo and built.kind.value == name
    assert all(q.label.get("ar") and q.label.get("en") for q in built.columns())


def test_needs_form_asks_the_contract_questions():
    names = [q.name for q in read_xlsform(workbook(source("needs"))).columns()]
    assert names[:5] == ["centre", "sector", "severity", "people_affected", "people_in_need"]


def test_capacity_form_scores_every_oca_domain_1_to_4():
    form = read_xlsform(workbook(source("capacity")))
    scored = [q for q in form.columns() if q.type == "select_one" and q.name.startswith("oca_")]
    assert {q.name.split("_")[1] for q in scored} == set(OCA_DOMAINS)
    assert all(q.choice_names() == {"1", "2", "3", "4"} for q in scored)
    assert form.question("association_id") is not None
