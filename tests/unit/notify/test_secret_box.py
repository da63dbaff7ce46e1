"""Webhook signing secrets sealed at rest: round trip, rotation, old plaintext rows, bad keys."""

from __future__ import annotations

import secrets

import pytest
from pydantic import ValidationError

from services.notify.adapters.secret_box import PREFIX, SecretBox, SecretNotOpened
from services.notify.config import NotifySettings

OLD, NEW = secrets.token_hex(32), secrets.token_hex(32)


def test_a_sealed_secret_opens_and_never_shows_in_clear():
    box, secret = SecretBox(NEW), secrets.token_urlsafe(32)
    first, second = box.seal(secret), box.seal(secret)
    assert first.startswith(PREFIX) and secret not in first
    assert first != second  # a fresh IV every time: equal secrets do not look equal
    assert box.open(first) == box.open(second) == secret


def test_rotation_opens_with_any_listed_key_and_seals_with_the_first():
    sealed_before = SecretBox(OLD).seal("s-old")
    rotated = SecretBox(f"{NEW}, {OLD}")
    assert rotated.open(sealed_before) == "s-old"
    sealed_after = rotated.seal("s-new")
    assert SecretBox(NEW).open(sealed_after) == "s-new"
    with pytest.raises(SecretNotOpened):
        SecretBox(NEW).open(sealed_before)  # the old key dropped too early
    with pytest.raises(SecretNotOpened):
        SecretBox(NEW).open(sealed_before[:-4] + "AAAA")  # tampered


def test_a_secret_stored_before_sealing_is_used_as_it_is():
    assert SecretBox(NEW).open("plain-secret-from-before") == "plain-secret-from-before"


@pytest.mark.parametrize("value", ["change-me", "short", f"{NEW},short", ""])
def test_settings_refuse_placeholder_or_short_keys(value, monkeypatch):
    monkeypatch.setenv("JWT_SECRET", secrets.token_hex(32))
    with pytest.raises(ValidationError, match="WEBHOOK_SECRETS_KEY"):
        NotifySettings(unsubscribe_signing_key=secrets.token_hex(32), webhook_secrets_key=value)


def test_reseal_moves_every_secret_to_the_first_key():
    under_old = SecretBox(OLD).seal("s-old")
    rotating = SecretBox(f"{NEW},{OLD}")
    assert SecretBox(NEW).open(rotating.reseal(under_old)) == "s-old"
    assert SecretBox(NEW).open(rotating.reseal("from-before-sealing")) == "from-before-sealing"
    with pytest.raises(SecretNotOpened):
        SecretBox(NEW).reseal(under_old)
