"""Sign-in without passwords: a 6-digit one-time code, kept only as an HMAC, valid for a few
minutes and a few tries; then a session whose id is kept only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Subject:
    """Who a code or a session is for: an association's contact, a staff member, a partner."""

    subject: str
    roles: tuple[str, ...]
    association_id: str | None = None
    name: str | None = None

    @property
    def is_staff(self) -> bool:
        return bool({"staff", "admin"} & set(self.roles))

    @property
    def is_association(self) -> bool:
        return "association" in self.roles and self.association_id is not None


@dataclass(frozen=True)
class IssuedCode:
    code_id: str
    contact_key: str
    code_hash: str
    subject: Subject
    expires_at: datetime


@dataclass(frozen=True)
class SessionRecord:
    session_hash: str
    subject: Subject
    csrf: str
    expires_at: datetime


class Keys:
    """HMAC keys derived from one secret, one per use."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode()

    def _mac(self, purpose: str, text: str) -> str:
        key = hmac.new(self._secret, purpose.encode(), hashlib.sha256).digest()
        return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()

    def contact(self, identifier: str) -> str:
        return self._mac("contact", identifier.strip().lower())

    def code(self, code_id: str, code: str) -> str:
        return self._mac("code", f"{code_id}:{code}")

    def session(self, session_id: str) -> str:
        return self._mac("session", session_id)

    def sign(self, value: str) -> str:
        return f"{value}.{self._mac('cookie', value)[:32]}"

    def unsign(self, signed: str | None) -> str | None:
        if not signed or "." not in signed:
            return None
        value, _, mac = signed.rpartition(".")
        return value if hmac.compare_digest(self._mac("cookie", value)[:32], mac) else None


def issue(
    keys: Keys, identifier: str, subject: Subject, now: datetime, minutes: int
) -> tuple[IssuedCode, str]:
    """A new code for ``identifier``; returns what is stored and the code itself (to send)."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    code_id = str(uuid.uuid4())
    issued = IssuedCode(
        code_id, keys.contact(identifier), keys.code(code_id, code), subject,
        now + timedelta(minutes=minutes),
    )  # fmt: skip
    return issued, code


def matches(keys: Keys, code_id: str, code_hash: str, typed: str) -> bool:
    return hmac.compare_digest(keys.code(code_id, typed), code_hash)


def new_session(
    keys: Keys, subject: Subject, now: datetime, hours: int
) -> tuple[str, SessionRecord]:
    """A session id (for the cookie) and its record (for the table)."""
    session_id = secrets.token_urlsafe(32)
    record = SessionRecord(
        keys.session(session_id), subject, secrets.token_urlsafe(24), now + timedelta(hours=hours)
    )
    return session_id, record
