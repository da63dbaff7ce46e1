"""Who sees what: staff everything, an association its own record, partners the public fields."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends

from services.registry.domain.errors import NotYourAssociationError
from services.registry.domain.model import PUBLIC_FIELDS
from shared.auth import Principal, Role, require_roles
from shared.errors import ForbiddenError

_HIDDEN = ("name_norm", "search_text", "total")

Reader = Annotated[Principal, Depends(require_roles(Role.STAFF, Role.ASSOCIATION, Role.PARTNER))]
ListReader = Annotated[Principal, Depends(require_roles(Role.STAFF, Role.PARTNER))]
Submitter = Annotated[Principal, Depends(require_roles(Role.SERVICE, Role.STAFF))]
Editor = Annotated[Principal, Depends(require_roles(Role.STAFF, Role.ASSOCIATION))]


def check_own(principal: Principal, association_id: str) -> None:
    """Associations act on their own record only; staff on any."""
    if principal.is_staff:
        return
    if principal.has(Role.ASSOCIATION) and principal.association_id == association_id:
        return
    if principal.has(Role.ASSOCIATION):
        raise NotYourAssociationError(field="association_id")
    raise ForbiddenError(field="association_id")


def view(principal: Principal, row: dict[str, Any]) -> dict[str, Any]:
    """The record as this principal may see it."""
    full = principal.is_staff or (
        principal.has(Role.ASSOCIATION) and principal.association_id == row["association_id"]
    )
    if not full and principal.has(Role.ASSOCIATION) and not principal.has(Role.PARTNER):
        raise NotYourAssociationError(field="association_id")
    out = {k: v for k, v in row.items() if k not in _HIDDEN}
    if not full:
        out = {k: out.get(k) for k in PUBLIC_FIELDS}
    out["org_id"] = f"EG-MOSS-{row['registration_number']}"
    return out


def etag(version: int) -> str:
    return f'"{version}"'


def parse_if_match(value: str | None) -> int | None:
    if not value:
        return None
    text = value.strip().removeprefix("W/").strip('"')
    return int(text) if text.isdigit() else -1
