"""What a subscription may name: a catalogue event type, a channel and an address that fits it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from services.notify.domain.errors import InvalidAddressError, UnknownEventTypeError
from services.notify.domain.model import Channel
from shared.text import normalise_digits

TYPE_PREFIX = "eg.aswan."
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")
_CHAT = re.compile(r"^[A-Za-z0-9_:@.-]{1,128}$")


def normalise_event_types(names: Iterable[str], known: Iterable[str]) -> tuple[str, ...]:
    """Accept ``registry.AssociationRegistered.v1`` or the full ``eg.aswan.`` type."""
    catalogue = set(known)
    out: list[str] = []
    for name in names:
        full = name if name.startswith(TYPE_PREFIX) else TYPE_PREFIX + name
        if full not in catalogue or full.startswith(TYPE_PREFIX + "notify."):
            raise UnknownEventTypeError(
                f"Unknown event type: {name}", f"نوع حدث غير معروف: {name}", field="event_types"
            )
        if full not in out:
            out.append(full)
    return tuple(out)


def normalise_address(channel: Channel, address: str) -> str:
    value = normalise_digits(address.strip())
    if channel is Channel.EMAIL:
        ok = bool(_EMAIL.match(value))
    elif channel is Channel.SMS:
        value = re.sub(r"[\s-]", "", value)
        ok = bool(_PHONE.match(value))
    elif channel is Channel.WEBHOOK:
        ok = value.startswith(("https://", "http://")) and " " not in value and len(value) < 2000
    else:
        ok = bool(_CHAT.match(value))
    if not ok:
        raise InvalidAddressError(
            f"Not a valid {channel} address", f"عنوان غير صالح لقناة {channel}", field="address"
        )
    return value
