"""Who may sign in, and where their code goes: an association by its registration number (or
org id), to the contact the registry holds for it; staff and partners by their address on the
lists the admins keep in the settings (``STAFF_LIST``, ``PARTNER_LIST``)."""

from __future__ import annotations

from dataclasses import dataclass

from services.portal.adapters.upstream import Upstream
from services.portal.domain.signin import Subject
from shared.text import normalise_digits


@dataclass(frozen=True)
class Contact:
    key: str  # what the code is filed under (the normalised identifier)
    subject: Subject | None
    channel: str | None = None
    address: str | None = None


def normalise_identifier(raw: str) -> str:
    text = normalise_digits(raw).strip().lower().replace(" ", "")
    return text.removeprefix("eg-moss-")


class Directory:
    def __init__(self, upstream: Upstream, staff: tuple[str, ...], partners: tuple[str, ...]):
        self.upstream = upstream
        self.people: dict[str, tuple[str, ...]] = {}
        for entry in partners:
            self.people[entry.strip().lower()] = ("partner",)
        for entry in staff:
            role, _, address = entry.strip().lower().rpartition(":")
            self.people[address] = (role,) if role in ("admin", "staff") else ("staff",)

    async def find(self, raw: str) -> Contact:
        key = normalise_identifier(raw)
        if "@" in key:
            roles = self.people.get(key)
            if roles is None:
                return Contact(key, None)
            return Contact(key, Subject(f"person:{key}", roles, None, key), "email", key)
        if not key.isdigit() or len(key) > 12:
            return Contact(key, None)
        record = await self.upstream.association_by_number(key)
        if record is None:
            return Contact(key, None)
        aid = record["association_id"]
        subject = Subject(f"association:{aid}", ("association",), aid, record.get("name_ar"))
        if record.get("contact_email"):
            return Contact(key, subject, "email", record["contact_email"])
        if record.get("contact_phone"):
            return Contact(key, subject, "sms", record["contact_phone"])
        return Contact(key, None)
