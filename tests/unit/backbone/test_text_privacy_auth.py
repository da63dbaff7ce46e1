"""Masking, Arabic normalisation and digits, and bearer tokens, without infrastructure."""

from __future__ import annotations

import time

import jwt
import pytest
from pydantic import BaseModel

from shared.auth import Role, TokenCodec
from shared.errors import UnauthenticatedError
from shared.privacy import mask_address, mask_email, mask_phone
from shared.text import LocalFloat, LocalInt, normalise_arabic, normalise_digits, normalise_name

SECRET = "k" * 40


def test_email_is_masked_but_keeps_its_domain():
    assert mask_email("someone@example.org") == "s*****e@example.org"
    assert mask_email("ab@x.eg") == "**@x.eg"
    assert mask_email(None) is None


def test_phone_keeps_only_the_last_three_digits():
    assert mask_phone("+201001234567") == "**********567"
    assert "1001234" not in str(mask_phone("+201001234567"))


def test_any_address_is_masked_by_its_kind():
    assert mask_address("someone@example.org") == "s*****e@example.org"
    assert mask_address("https://hooks.example.org/secret/path") == "https://hooks.example.org/***"
    assert mask_address("01001234567") == "********567"


def test_arabic_indic_and_persian_digits_become_ascii():
    assert normalise_digits("١٢٣٤٥٦٧٨٩٠") == "1234567890"
    assert normalise_digits("۱۲۳") == "123"


def test_arabic_letter_forms_and_diacritics_are_normalised():
    assert normalise_arabic("أحمد") == normalise_arabic("احمد")
    assert normalise_arabic("مُؤَسَّسَة") == normalise_arabic("مؤسسه")
    assert normalise_arabic("مصطفى") == "مصطفي"
    assert normalise_arabic("الـــنور") == "النور"


def test_organisation_words_are_dropped_from_the_name_key():
    assert normalise_name("جمعية الأمل الخيرية") == normalise_name("مؤسسة الامل")
    assert normalise_name("جمعية الأمل") != normalise_name("جمعية النور")


class _Form(BaseModel):
    count: LocalInt
    ratio: LocalFloat


def test_local_numbers_accept_arabic_indic_digits():
    form = _Form(count="١٬٢٠٠".replace("٬", ""), ratio="٣٫٥")
    assert form.count == 1200
    assert form.ratio == 3.5
    assert _Form(count=7, ratio=1).count == 7
    with pytest.raises(ValueError):
        _Form(count="سبعة", ratio=1)


def test_token_round_trip_carries_roles_and_association():
    codec = TokenCodec(SECRET, "aswan2040", "aswan2040-api")
    token = codec.mint("u1", ["association"], association_id="a-7", name="منى")
    principal = codec.decode(token)
    assert principal.subject == "u1"
    assert principal.roles == {Role.ASSOCIATION}
    assert principal.association_id == "a-7"
    assert principal.name == "منى"
    assert not principal.is_staff


def _assert_401(exc: UnauthenticatedError) -> None:
    body = exc.body()
    assert exc.status == 401
    assert body["code"] == "unauthenticated"
    assert body["message_ar"] and body["message_en"]


def test_expired_token_is_401():
    codec = TokenCodec(SECRET, "aswan2040", "aswan2040-api")
    token = codec.mint("u1", ["staff"], ttl_seconds=-10)
    with pytest.raises(UnauthenticatedError) as caught:
        codec.decode(token)
    _assert_401(caught.value)


def test_wrong_audience_issuer_or_key_is_401():
    codec = TokenCodec(SECRET, "aswan2040", "aswan2040-api")
    others = [
        TokenCodec(SECRET, "aswan2040", "another-api"),
        TokenCodec(SECRET, "someone-else", "aswan2040-api"),
        TokenCodec("z" * 40, "aswan2040", "aswan2040-api"),
    ]
    for other in others:
        with pytest.raises(UnauthenticatedError) as caught:
            codec.decode(other.mint("u1", ["staff"]))
        _assert_401(caught.value)


def test_unsigned_or_unknown_role_or_unbound_association_token_is_401():
    codec = TokenCodec(SECRET, "aswan2040", "aswan2040-api")
    now = int(time.time())
    claims = {"sub": "u", "iss": "aswan2040", "aud": "aswan2040-api", "exp": now + 60}
    forged = [
        jwt.encode({**claims, "roles": ["admin"]}, "", algorithm="none"),
        jwt.encode({**claims, "roles": ["emperor"]}, SECRET, algorithm="HS256"),
        jwt.encode({**claims, "roles": ["association"]}, SECRET, algorithm="HS256"),
        "not-a-token",
    ]
    for token in forged:
        with pytest.raises(UnauthenticatedError) as caught:
            codec.decode(token)
        _assert_401(caught.value)
