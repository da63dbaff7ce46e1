"""The bot's rules without I/O: answers checked as the registry checks them, Telegram's send
limits as token buckets (a fake clock), and rejection replies offering a fix per field."""

from __future__ import annotations

import pytest

from adapters.telegram_bot.domain import form, replies
from adapters.telegram_bot.domain.checks import FieldError
from adapters.telegram_bot.domain.pacing import Pacer


@pytest.mark.parametrize(
    ("field", "raw", "value"),
    [
        ("registration_number", "١٢٣ ٤٥٦", "123456"),
        ("contact_phone", "٠١٠ ١٢٣٤ ٥٦٧٨", "+201012345678"),
        ("contact_phone", "+20 97 1234567", "+20971234567"),
        ("contact_email", " Info@Example.ORG ", "info@example.org"),
        ("legal_form", "مؤسسة أهلية", "foundation"),
        ("centre", "كوم امبو", "kom_ombo"),
        ("sectors", "الصحة، التعليم، health", ["health", "education"]),
        ("name_ar", "  جمعية   الأمل ", "جمعية الأمل"),
    ],
)
def test_answers_are_normalised(field, raw, value):
    assert form.accept(field, raw) == value


@pytest.mark.parametrize(
    ("field", "raw", "code"),
    [
        ("registration_number", "12ab", "invalid_registration_number"),
        ("contact_phone", "12345", "invalid_phone"),
        ("contact_email", "not-an-email", "invalid_email"),
        ("centre", "cairo", "unknown_centre"),
        ("sectors", "fishing", "unknown_sector"),
        ("name_ar", "Hope", "invalid_name_ar"),
        ("legal_form", "club", "unknown_legal_form"),
    ],
)
def test_bad_answers_get_the_registry_codes(field, raw, code):
    with pytest.raises(FieldError) as caught:
        form.accept(field, raw)
    assert caught.value.code == code and caught.value.ar and caught.value.en


def test_buttons_cannot_be_forged_and_multi_needs_one():
    with pytest.raises(FieldError):
        form.pick("centre", "cairo")
    with pytest.raises(FieldError):
        form.finish_multi("sectors", [])
    assert form.finish_multi("centres_served", []) == []
    assert form.toggle(form.toggle(["edfu"], "daraw"), "edfu") == ["daraw"]


def test_form_order_ends_after_the_last_field():
    names = [form.first()]
    while (following := form.after(names[-1])) is not None:
        names.append(following)
    assert names == [f.name for f in form.FORM] and names[0] == "name_ar"


def test_rejection_offers_one_fix_button_per_known_field():
    errors = [
        {"field": "registration_number", "code": "duplicate_registration_number",
         "message_ar": "مسجل من قبل", "message_en": "Already registered"},
        {"field": "registration_number", "code": "x", "message_ar": "ب", "message_en": "b"},
        {"field": None, "code": "other", "message_ar": "سبب آخر", "message_en": "Other"},
    ]  # fmt: skip
    text, keyboard = replies.rejected(errors, "en")
    assert "Already registered" in text and "Other" in text
    assert keyboard == [[("Fix: Registration number", "fix:registration_number")]]


def test_pacer_allows_a_burst_per_chat_then_one_a_second():
    pacer = Pacer(per_second=30, per_chat=1, chat_burst=3)
    waits = [pacer.reserve(7, 100.0) for _ in range(5)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] == pytest.approx(1.0) and waits[4] == pytest.approx(2.0)
    assert pacer.reserve(8, 100.0) == 0.0  # another chat is not held up
    assert pacer.reserve(None, 100.0) == 0.0  # calls that send nothing are not paced


def test_pacer_holds_the_overall_rate():
    pacer = Pacer(per_second=30, per_chat=1, chat_burst=1)
    waits = [pacer.reserve(chat, 50.0) for chat in range(60)]
    assert waits[:30] == [0.0] * 30
    assert waits[30] == pytest.approx(1 / 30) and waits[59] == pytest.approx(1.0)
    assert pacer.reserve(1000, 52.0) == 0.0  # refilled two seconds later
