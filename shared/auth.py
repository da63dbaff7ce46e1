"""Bearer JWT authentication and role checks for every service's HTTP API.

Roles: ``admin``, ``staff`` (governorate), ``association`` (bound to one ``association_id``),
``partner`` (development partners), ``service`` (portal, bot, ministry adapters). Tokens are
HS256, checked for issuer, audience and expiry. 401 = no or bad token, 403 = wrong role.

Key rotation without downtime: ``JWT_SECRET`` may hold several keys separated by commas. Tokens
are signed with the first and carry its key id (``kid``, a hash of the key, never the key);
every key listed verifies. Rotate by putting the new key first (``new,old``), and drop the old
one once the tokens it signed have expired. A token without ``kid`` (minted before rotation
existed) is tried against every key.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.errors import ForbiddenError, UnauthenticatedError


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    ASSOCIATION = "association"
    PARTNER = "partner"
    SERVICE = "service"


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[Role]
    association_id: str | None = None
    name: str | None = None
    organisation_id: str | None = None  # a partner's organisation (registry's organisations)

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_staff(self) -> bool:
        return self.has(Role.ADMIN, Role.STAFF)


def key_id(key: str) -> str:
    return hashlib.sha256(b"aswan-jwt-kid:" + key.encode()).hexdigest()[:16]


class TokenCodec:
    def __init__(self, secret: str, issuer: str, audience: str) -> None:
        keys = [k.strip() for k in secret.split(",") if k.strip()]
        if not keys or any(len(k) < 32 for k in keys):
            raise ValueError("every JWT key must be at least 32 characters")
        self._keys = {key_id(k): k for k in keys}
        self._signing = keys[0]
        self.issuer = issuer
        self.audience = audience

    def mint(
        self,
        subject: str,
        roles: list[str],
        *,
        association_id: str | None = None,
        name: str | None = None,
        organisation_id: str | None = None,
        ttl_seconds: int = 3600,
    ) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "sub": subject,
            "roles": [Role(r).value for r in roles],
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + ttl_seconds,
            "jti": str(uuid.uuid4()),
        }
        if association_id:
            claims["association_id"] = association_id
        if name:
            claims["name"] = name
        if organisation_id:
            claims["organisation_id"] = organisation_id
        kid = key_id(self._signing)
        return jwt.encode(claims, self._signing, algorithm="HS256", headers={"kid": kid})

    def _claims(self, token: str) -> dict[str, Any]:
        kid = jwt.get_unverified_header(token).get("kid")
        keys = [self._keys[kid]] if kid in self._keys else list(self._keys.values())
        if kid is not None and kid not in self._keys:
            raise jwt.InvalidKeyError("unknown key id")
        error: jwt.PyJWTError = jwt.InvalidSignatureError("no key")
        for key in keys:
            try:
                return jwt.decode(
                    token,
                    key,
                    algorithms=["HS256"],
                    issuer=self.issuer,
                    audience=self.audience,
                    options={"require": ["exp", "iss", "aud", "sub"]},
                )
            except jwt.InvalidSignatureError as exc:
                error = exc
        raise error

    def decode(self, token: str) -> Principal:
        try:
            claims = self._claims(token)
            roles = frozenset(Role(r) for r in claims.get("roles", []))
        except (jwt.PyJWTError, ValueError) as exc:
            raise UnauthenticatedError(
                f"Invalid token: {exc}", "رمز الدخول غير صالح أو منتهي الصلاحية"
            ) from None
        if Role.ASSOCIATION in roles and not claims.get("association_id"):
            raise UnauthenticatedError(
                "An association token must name its association_id",
                "رمز الجمعية يجب أن يحدد معرف الجمعية",
            )
        return Principal(
            subject=str(claims["sub"]),
            roles=roles,
            association_id=claims.get("association_id"),
            name=claims.get("name"),
            organisation_id=claims.get("organisation_id"),
        )


_bearer = HTTPBearer(auto_error=False)


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthenticatedError()
    codec: TokenCodec = request.app.state.tokens
    return codec.decode(credentials.credentials)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """Dependency: the caller must hold one of ``roles`` (admin always passes)."""
    allowed = frozenset(roles) | {Role.ADMIN}

    async def check(principal: CurrentPrincipal) -> Principal:
        if not principal.roles.intersection(allowed):
            raise ForbiddenError(
                f"Requires one of the roles: {', '.join(sorted(allowed))}",
                "هذا الإجراء يتطلب صلاحية: " + "، ".join(sorted(allowed)),
            )
        return principal

    return check


StaffPrincipal = Annotated[Principal, Depends(require_roles(Role.STAFF))]
AdminPrincipal = Annotated[Principal, Depends(require_roles())]
