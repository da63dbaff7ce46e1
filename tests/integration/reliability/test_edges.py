"""Hostile input at the edges: bodies over the limit (413), a flood of registrations (429 with
Retry-After), and the security headers on every page (CSP without inline script, no framing,
nosniff, no referrer). Every refusal has the standard error body."""

from __future__ import annotations

import random
from typing import Any

from services.registry.bootstrap import build as build_registry
from services.registry.config import RegistrySettings
from shared.edges import MAX_BODY_BYTES
from tests.support.services import running

STANDARD = {"code", "message_ar", "message_en"}


def _registration() -> dict[str, Any]:
    return {
        "name_ar": f"جمعية النور رقم {random.randint(1, 10**9)}",
        "registration_number": str(random.randint(10**9, 10**11)),
        "legal_form": "association",
        "centre": "edfu",
        "sectors": ["health"],
    }


async def test_a_body_over_the_limit_is_413_with_the_standard_body(registry_app, bus, auth):
    big = b'{"name_ar": "' + b"x" * MAX_BODY_BYTES + b'"}'
    async with running(registry_app) as client:
        declared = await client.post(
            "/v1/registrations",
            content=big,
            headers={**auth("staff"), "content-type": "application/json"},
        )

        async def chunks():
            for _ in range(3):
                yield b"x" * (MAX_BODY_BYTES // 2)

        streamed = await client.post(
            "/v1/registrations",
            content=chunks(),
            headers={**auth("staff"), "content-type": "application/json"},
        )
        small = await client.post("/v1/registrations", json=_registration(), headers=auth("staff"))
    for answer in (declared, streamed):
        assert answer.status_code == 413, answer.text
        assert set(answer.json()) >= STANDARD and answer.json()["code"] == "payload_too_large"
    assert small.status_code == 202, small.text


async def test_registrations_over_the_rate_are_429_with_retry_after(settings_for, bus, auth):
    app = build_registry(
        settings_for(RegistrySettings, registration_burst=3, registration_rate_per_second=0.05)
    )
    async with running(app) as client:
        answers = [
            await client.post("/v1/registrations", json=_registration(), headers=auth("staff"))
            for _ in range(5)
        ]
        other = await client.post(
            "/v1/registrations", json=_registration(), headers=auth("staff", sub="other-caller")
        )
        reading = await client.get("/v1/associations", headers=auth("staff"))
    assert [a.status_code for a in answers] == [202, 202, 202, 429, 429]
    refused = answers[3]
    assert set(refused.json()) >= STANDARD and refused.json()["code"] == "too_many_requests"
    assert 1 <= int(refused.headers["Retry-After"]) <= 20
    assert other.status_code == 202, "the limit is per caller"
    assert reading.status_code == 200, "reads are not limited"


async def test_every_page_has_the_security_headers(monitoring_app, registry_app, bus):
    async with running(monitoring_app) as client:
        pages = [await client.get(p) for p in ("/dashboard", "/v1/framework", "/healthz")]
        docs = await client.get("/docs")
    async with running(registry_app) as client:
        pages.append(await client.get("/v1/associations/nobody"))  # an error answer too
    for page in pages:
        csp = page.headers["Content-Security-Policy"]
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp.split("style-src")[0]
        assert "frame-ancestors 'none'" in csp
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["Referrer-Policy"] == "no-referrer"
        assert page.headers["X-Frame-Options"] == "DENY"
    assert pages[0].status_code == 200 and "text/html" in pages[0].headers["content-type"]
    assert "<script>" not in pages[0].text, "the dashboard has no inline script"
    assert "frame-ancestors 'none'" in docs.headers["Content-Security-Policy"]
