"""Masking of personal data for logs and events that do not need it in clear."""

from __future__ import annotations


def mask_email(email: str | None) -> str | None:
    """``someone@example.org`` -> ``s*****e@example.org``."""
    if not email:
        return email
    local, _, domain = email.partition("@")
    if len(local) <= 2:
        masked = "*" * len(local)
    else:
        masked = local[0] + "*" * (len(local) - 2) + local[-1]
    return f"{masked}@{domain}" if domain else masked


def mask_phone(phone: str | None) -> str | None:
    """Keep the last three digits: ``+201001234567`` -> ``**********567``."""
    if not phone:
        return phone
    return "*" * max(len(phone) - 3, 0) + phone[-3:]


def mask_address(address: str | None) -> str | None:
    """Any contact address: an email, a phone number or a URL."""
    if not address:
        return address
    if "@" in address:
        return mask_email(address)
    if address.startswith(("http://", "https://")):
        scheme, _, rest = address.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}/***"
    return mask_phone(address)
