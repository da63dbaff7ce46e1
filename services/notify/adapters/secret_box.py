"""Webhook signing secrets at rest, sealed with Fernet (AES-128-CBC + HMAC-SHA256, from the
cryptography package) under keys derived from ``WEBHOOK_SECRETS_KEY``: a copy of the database
alone cannot sign deliveries in a subscriber's name.

``WEBHOOK_SECRETS_KEY`` is one key, or several separated by commas during a rotation: the first
seals, any of them opens; ``python -m services.notify reseal-secrets`` seals every stored secret
again with the first, after which the old keys can go. A stored value without the ``fernet:``
prefix was written before secrets were sealed: it is used as it is, and sealed by a reseal.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "fernet:"
_INFO = b"aswan2040 notify webhook secrets"


class SecretNotOpened(Exception):
    """A sealed secret that none of the configured keys opens."""


class SecretBox:
    def __init__(self, keys: str) -> None:
        parts = [key.strip() for key in keys.split(",") if key.strip()]
        if not parts:
            raise ValueError("no key to seal webhook secrets with")
        self._fernet = MultiFernet([Fernet(_fernet_key(key)) for key in parts])

    def seal(self, secret: str) -> str:
        return PREFIX + self._fernet.encrypt(secret.encode()).decode()

    def reseal(self, stored: str) -> str:
        """The secret sealed again with the first key (a value from before sealing: sealed)."""
        if not stored.startswith(PREFIX):
            return self.seal(stored)
        try:
            return PREFIX + self._fernet.rotate(stored[len(PREFIX) :].encode()).decode()
        except InvalidToken:
            raise SecretNotOpened("no key of WEBHOOK_SECRETS_KEY opens this secret") from None

    def open(self, stored: str) -> str:
        if not stored.startswith(PREFIX):
            return stored  # written before secrets were sealed
        try:
            return self._fernet.decrypt(stored[len(PREFIX) :].encode()).decode()
        except InvalidToken:
            raise SecretNotOpened("no key of WEBHOOK_SECRETS_KEY opens this secret") from None


def _fernet_key(key: str) -> bytes:
    """A Fernet key (32 bytes, URL-safe base64) derived from a configured key of any length."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(key.encode())
    return base64.urlsafe_b64encode(derived)
