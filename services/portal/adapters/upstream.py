"""The other services, over their HTTP APIs. Each call carries a short-lived token minted with
the platform's signing key: the portal's own ``service`` identity for public intake reads, or
the signed-in person's identity (their roles, their association) for everything done on their
behalf, so each service applies its own access rules to that person."""

from __future__ import annotations

from typing import Any

import httpx

from services.portal.domain.signin import Subject
from shared.auth import TokenCodec

PORTAL = Subject("portal", ("service",), None, "portal")
LOOKUP = Subject("portal", ("service", "staff"), None, "portal sign-in lookup")
PUBLIC = Subject("portal", ("service", "partner"), None, "portal public read")


class UpstreamError(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status}: {body.get('code')}")
        self.status, self.body = status, body


class Upstream:
    def __init__(
        self, tokens: TokenCodec, urls: dict[str, str], timeout: float, transport: Any = None
    ) -> None:
        self.tokens = tokens
        self.clients = {
            name: httpx.AsyncClient(base_url=url, timeout=timeout, transport=transport)
            for name, url in urls.items()
        }

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()

    def _headers(self, who: Subject, extra: dict[str, str] | None = None) -> dict[str, str]:
        token = self.tokens.mint(
            who.subject, list(who.roles), association_id=who.association_id, name=who.name,
            ttl_seconds=300,
        )  # fmt: skip
        return {"Authorization": f"Bearer {token}", **(extra or {})}

    async def call(
        self, service: str, method: str, path: str, who: Subject = PORTAL, *,
        json: Any = None, params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None, missing_ok: bool = False,
    ) -> httpx.Response | None:  # fmt: skip
        """The response (2xx); None for a 404 when ``missing_ok``; else UpstreamError."""
        response = await self.clients[service].request(
            method, path, json=json, params=params, headers=self._headers(who, headers)
        )
        if response.status_code == 404 and missing_ok:
            return None
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                body = {"code": "upstream_error"}
            raise UpstreamError(response.status_code, body if isinstance(body, dict) else {})
        return response

    async def get(self, service: str, path: str, who: Subject = PORTAL, **kw: Any) -> Any:
        response = await self.call(service, "GET", path, who, missing_ok=True, **kw)
        return None if response is None else response.json()

    # -- registry -----------------------------------------------------------------------

    async def registration(self, submission_id: str) -> dict[str, Any] | None:
        return await self.get("registry", f"/v1/registrations/{submission_id}")  # type: ignore[no-any-return]

    async def association_by_number(self, number: str) -> dict[str, Any] | None:
        """The record holding this registration number (the registry searches its org ids)."""
        page = await self.get(
            "registry", "/v1/associations", LOOKUP, params={"q": f"EG-MOSS-{number}", "limit": 200}
        )
        items = (page or {}).get("items", [])
        return next((i for i in items if i.get("registration_number") == number), None)

    async def association_public(self, association_id: str) -> dict[str, Any] | None:
        """The public fields of a record (org id, status, names)."""
        return await self.get("registry", f"/v1/associations/{association_id}", PUBLIC)  # type: ignore[no-any-return]

    async def association(
        self, association_id: str, who: Subject
    ) -> tuple[dict[str, Any], int] | None:
        response = await self.call(
            "registry", "GET", f"/v1/associations/{association_id}", who, missing_ok=True
        )
        if response is None:
            return None
        version = int(response.headers.get("etag", '"0"').strip('W/"') or 0)
        return response.json(), version

    async def patch_association(
        self, association_id: str, version: int, changes: dict[str, Any], who: Subject
    ) -> dict[str, Any]:
        """The record after the change; UpstreamError 412 when it changed since ``version``."""
        response = await self.call(
            "registry", "PATCH", f"/v1/associations/{association_id}", who, json=changes,
            headers={"If-Match": f'"{version}"'},
        )  # fmt: skip
        assert response is not None
        return response.json()  # type: ignore[no-any-return]

    async def history(self, association_id: str) -> list[dict[str, Any]]:
        """The record's changes. The registry shows them to staff only: the portal reads them
        for the signed-in association's own record (checked by the page) with its lookup role."""
        return (
            await self.get("registry", f"/v1/associations/{association_id}/history", LOOKUP) or []
        )

    async def partnerships(self, association_id: str, who: Subject) -> list[dict[str, Any]]:
        path = f"/v1/associations/{association_id}/partnerships"
        return await self.get("registry", path, who) or []

    async def associations(self, who: Subject, **params: Any) -> dict[str, Any]:
        return await self.get("registry", "/v1/associations", who, params=params) or {}

    async def change_status(
        self, association_id: str, action: str, reason: str | None, who: Subject
    ) -> dict[str, Any]:
        path = f"/v1/associations/{association_id}/{action}"
        response = await self.call("registry", "POST", path, who, json={"reason": reason})
        assert response is not None
        return response.json()  # type: ignore[no-any-return]

    # -- monitoring ---------------------------------------------------------------------

    async def pending_measurements(self, who: Subject) -> list[dict[str, Any]]:
        return await self.get("monitoring", "/v1/measurements/pending", who) or []

    async def decide_measurement(
        self, measurement_id: str, action: str, comment: str | None, who: Subject
    ) -> dict[str, Any]:
        path = f"/v1/measurements/{measurement_id}/{action}"
        response = await self.call("monitoring", "POST", path, who, json={"comment": comment})
        assert response is not None
        return response.json()  # type: ignore[no-any-return]

    async def framework(self) -> dict[str, Any]:
        return await self.get("monitoring", "/v1/framework") or {}

    # -- assessment ---------------------------------------------------------------------

    async def campaigns(self, who: Subject) -> list[dict[str, Any]]:
        """For an association: the open campaigns put to associations where it works."""
        return await self.get("assessment", "/v1/campaigns", who) or []

    async def campaign(self, campaign_id: str, who: Subject) -> dict[str, Any] | None:
        return await self.get("assessment", f"/v1/campaigns/{campaign_id}", who)  # type: ignore[no-any-return]

    async def form_version(self, form_id: str, version: str, who: Subject) -> dict[str, Any] | None:
        return await self.get("assessment", f"/v1/forms/{form_id}/versions/{version}", who)  # type: ignore[no-any-return]

    async def capacity(self, association_id: str, who: Subject) -> dict[str, Any]:
        path = f"/v1/associations/{association_id}/capacity"
        return await self.get("assessment", path, who) or {}

    async def assessment_submission(self, submission_id: str) -> dict[str, Any] | None:
        """An accepted submission (the service shows them to staff: the portal asks with its
        lookup role for a submission it published itself, checked by the page)."""
        return await self.get("assessment", f"/v1/submissions/{submission_id}", LOOKUP)  # type: ignore[no-any-return]

    async def staff_campaigns(self, who: Subject) -> list[dict[str, Any]]:
        return await self.get("assessment", "/v1/campaigns", who) or []

    async def forms(self, who: Subject) -> list[dict[str, Any]]:
        return await self.get("assessment", "/v1/forms", who) or []

    async def post(self, service: str, path: str, who: Subject, body: Any = None) -> Any:
        response = await self.call(service, "POST", path, who, json=body)
        assert response is not None
        return response.json()

    async def submissions_per_centre(self, campaign_id: str, who: Subject) -> dict[str, int]:
        """How many accepted submissions a campaign has, per centre (read a page at a time)."""
        counts: dict[str, int] = {}
        after = 0
        while True:
            page = await self.get("assessment", "/v1/submissions", who, params={
                "campaign_id": campaign_id, "after": after, "limit": 1000})  # fmt: skip
            for row in page or []:
                counts[row.get("centre") or ""] = counts.get(row.get("centre") or "", 0) + 1
            if not page or len(page) < 1000:
                return counts
            after = page[-1]["seq"]

    async def gaps(self, campaign_id: str, who: Subject) -> list[dict[str, Any]]:
        return (await self.get("assessment", f"/v1/campaigns/{campaign_id}/gaps", who) or {}).get(
            "rows", []
        )
