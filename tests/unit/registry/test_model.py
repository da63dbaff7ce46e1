from __future__ import annotations

import pytest

from services.registry.domain.errors import InvalidTransitionError, ReasonRequiredError
from services.registry.domain.events import new_association
from services.registry.domain.model import Association, name_key
from shared.events.codes import AssociationStatus as S


def _association(status: S = S.PENDING_VERIFICATION) -> Association:
    return Association(
        association_id="a1", registration_number="77", name_ar="جمعية الأمل",
        legal_form="association", centre="edfu", sectors=["health"], centres_served=["edfu"],
        status=status,
    )  # fmt: skip


def test_lifecycle():
    active = _association().transition("verify", None)
    assert active.status is S.ACTIVE and active.version == 2
    suspended = active.transition("suspend", "تقارير متأخرة")
    assert suspended.status is S.SUSPENDED and suspended.status_reason == "تقارير متأخرة"
    assert suspended.transition("reactivate", "سُويت").status is S.ACTIVE
    assert suspended.transition("dissolve", "حل").status is S.DISSOLVED


@pytest.mark.parametrize(
    ("status", "action"),
    [(S.ACTIVE, "verify"), (S.DISSOLVED, "reactivate"), (S.DISSOLVED, "suspend"),
     (S.ACTIVE, "reactivate")],
)  # fmt: skip
def test_transitions_not_allowed(status, action):
    with pytest.raises(InvalidTransitionError):
        _association(status).transition(action, "سبب")


def test_reason_required_except_to_verify():
    with pytest.raises(ReasonRequiredError):
        _association(S.ACTIVE).transition("suspend", "  ")


def test_patch_reports_only_real_changes():
    a = _association()
    same, changed = a.patched({"name_ar": "جمعية الأمل", "registration_number": "99"})
    assert changed == {} and same is a
    updated, changed = a.patched({"volunteers": 4, "name_ar": "جمعية الأمل الجديدة"})
    assert changed == {"volunteers": 4, "name_ar": "جمعية الأمل الجديدة"}
    assert updated.version == 2 and updated.registration_number == "77"


def test_new_association_serves_its_own_centre_and_flags_suspects():
    values = {"name_ar": "جمعية", "registration_number": "5", "legal_form": "association",
              "centre": "daraw", "sectors": ["women"], "centres_served": ["edfu"]}  # fmt: skip
    fresh = new_association("x", values, None, S.ACTIVE)
    assert fresh.centres_served == ["daraw", "edfu"] and fresh.status is S.ACTIVE
    suspect = new_association("y", values, "x", S.ACTIVE)
    assert suspect.status is S.PENDING_VERIFICATION and suspect.duplicate_of == "x"
    assert fresh.org_id == "EG-MOSS-5"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("جمعية الأمل الخيرية", "جمعيه الامل"),
        ("جمعيَّة الهُدى", "جمعية الهدي"),
        ("مؤسسة مصر الخير", "مصر الخيـــر"),
        ("الجمعية الأهلية لتنمية المجتمع بإدفو", "جمعية لتنمية المجتمع بادفو"),
    ],
)
def test_name_key_folds_spelling_variants(a, b):
    assert name_key(a) == name_key(b)


def test_name_key_keeps_words_when_all_are_organisation_words():
    assert name_key("جمعية خيرية") == "جمعيه خيريه"
