"""Bearer JWT authentication and role checks for every service's HTTP API.

Roles: ``admin``, ``staff`` (governorate), ``association`` (bound to one ``association_id``),
``partner`` (development partners), ``service`` (portal, bot, ministry adapters). Tokens are
HS256, checked for issuer, audience and expiry. 401 = no or bad token, 403 = wrong role.
"""

from __future__ import annotations

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

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_staff(self) -> bool:
        return self.has(Role.ADMIN, Role.STAFF)


class TokenCodec:
    def __init__(self, secret: str, issuer: str, audience: str) -> None:
        self._secret = secret
        self.issuer = issuer
        self.audience = audience

    def mint(
        self,
        subject: str,
        roles: list[str],
        *,
        association_id: str | None = None,
        name: str | None = None,
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
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def decode(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                issuer=self.issuer,
                audience=self.audience,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
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
