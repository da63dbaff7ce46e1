"""Fixtures of the portal tests: the registry (real, on this test's bus) and the portal whose
calls to the registry go to that app in-process, plus a browser-like client that keeps cookies
and reads the CSRF token from each form."""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from services.portal.bootstrap import build as build_portal
from services.portal.config import PortalSettings
from services.registry.bootstrap import build as build_registry
from services.registry.config import RegistrySettings
from tests.support.services import running

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Visitor:
    """An httpx client on the portal that posts forms the way a browser does."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.csrf = ""

    async def get(self, url: str, **kw: Any) -> httpx.Response:
        response = await self.client.get(url, **kw)
        if found := CSRF.search(response.text):
            self.csrf = found.group(1)
        return response

    async def post(self, url: str, fields: list[tuple[str, str]]) -> httpx.Response:
        if not self.client.cookies.get("portal_csrf"):
            await self.get("/register")
        # what the next page's forms carry: the token of the cookie (rotated at sign-in/out)
        data = [("csrf", self.client.cookies.get("portal_csrf") or self.csrf), *fields]
        return await self.client.post(
            url, content=httpx.QueryParams(data).__str__(),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )  # fmt: skip


@pytest.fixture
async def registry(settings_for: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = build_registry(settings_for(RegistrySettings))
    async with running(app) as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


@pytest.fixture
def portal_settings(settings_for: Any) -> PortalSettings:
    return settings_for(  # type: ignore[no-any-return]
        PortalSettings, registry_url="http://registry", monitoring_url="http://monitoring",
        assessment_url="http://assessment",
        staff_list=("admin:chief@aswan.gov.eg", "staff@aswan.gov.eg"),
    )  # fmt: skip


@pytest.fixture
async def portal(
    registry: httpx.AsyncClient, portal_settings: PortalSettings
) -> AsyncIterator[Visitor]:
    transport = httpx.ASGITransport(app=registry.app)  # type: ignore[attr-defined]
    app = build_portal(portal_settings, transport=transport)
    async with running(app) as client:
        yield Visitor(client)


def registration_fields(**overrides: Any) -> list[tuple[str, str]]:
    values: dict[str, Any] = {
        "name_ar": f"جمعية النور للتنمية رقم {random.randint(1, 10**9)}",
        "registration_number": str(random.randint(10**9, 10**11)),
        "legal_form": "association",
        "centre": "edfu",
        "sectors": ["health", "education"],
        "centres_served": ["edfu", "daraw"],
        "contact_email": f"n{random.randint(1, 10**9)}@example.org",
    }
    values.update(overrides)
    out: list[tuple[str, str]] = []
    for name, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            out.append((name, item))
    return out
