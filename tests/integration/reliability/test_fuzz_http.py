"""Schemathesis over each service's OpenAPI, against the real app (its lifespan, database and
broker) served on a local port: valid and invalid requests for every operation, with no token,
a staff token and an association token. Zero 5xx; every error answer has the standard body
``{code, message_ar, message_en}``. A bounded number of examples per operation keeps the run
to about a minute for the three services (CI); raise ``FUZZ_EXAMPLES`` for a longer hunt."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from services.monitoring.bootstrap import build as build_monitoring
from services.monitoring.config import MonitoringSettings
from services.notify.bootstrap import build as build_notify
from services.notify.config import NotifySettings
from services.registry.bootstrap import build as build_registry
from services.registry.config import RegistrySettings
from tests.integration.monitoring.conftest import served

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
STREAMS = ("/v1/stream",)  # endless event streams: nothing to fuzz in one answer
KEYS = {"unsubscribe_signing_key": "u" * 40, "webhook_secrets_key": "w" * 44}
BUILDS: dict[str, tuple[Callable[..., Any], Any, dict[str, Any]]] = {
    "registry": (build_registry, RegistrySettings, {}),
    "monitoring": (build_monitoring, MonitoringSettings, {}),
    "notify": (build_notify, NotifySettings, KEYS),
}


CHECKED = {"error bodies": 0}  # how many error answers had their body checked (must be > 0)


def _problems(response: Any, path: str) -> str | None:
    if response.status_code == 503 and path == "/readyz":
        # the documented answer of a process that is not ready (its body says which part)
        return None if response.json().get("ready") is False else response.text[:300]
    if response.status_code >= 500:
        return f"{response.status_code}: {response.text[:300]}"
    # schemathesis' response keeps each header as a list of values, under the server's spelling
    ctype = " ".join(
        v for k, vs in response.headers.items() if k.lower() == "content-type" for v in vs
    )
    if response.status_code >= 400 and "json" in ctype:
        body = response.json()
        CHECKED["error bodies"] += 1
        if not isinstance(body, dict) or not {"code", "message_ar", "message_en"} <= set(body):
            return f"{response.status_code} without the standard body: {response.text[:300]}"
    return None


def _fuzz(schema: Any, base_url: str, headers: dict[str, str]) -> list[str]:
    found: list[str] = []
    session = requests.Session()
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path in STREAMS:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            run = _runner(operation.as_strategy(generation_mode=mode), mode, found)
            with contextlib.suppress(Unsatisfiable):  # nothing invalid to send (no parameters)
                run(base_url, session, headers)
    return found


def _runner(strategy: Any, mode: GenerationMode, found: list[str]) -> Any:
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None,
        suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate],
    )  # fmt: skip
    @given(case=strategy)
    def run(base_url: str, session: requests.Session, headers: dict[str, str], case: Any) -> None:
        where = f"{case.method} {case.formatted_path} {case.query or ''} ({mode.value})"
        try:
            response = case.call(base_url=base_url, session=session, headers=headers, timeout=10)
        except requests.RequestException as exc:
            found.append(f"{where}: {exc!r}")
            return
        if problem := _problems(response, case.path):
            found.append(f"{where}: {problem}")

    return run


@pytest.mark.parametrize("service", list(BUILDS))
async def test_fuzzed_requests_get_no_5xx_and_standard_errors(service, settings_for, bus, auth):
    build, settings_cls, extra = BUILDS[service]
    app = build(settings_for(settings_cls, **extra))
    schema = schemathesis.openapi.from_dict(app.openapi())
    tokens = {
        "no token": {},
        "staff": auth("staff"),
        "association": auth("association", association_id="fuzz-association"),
    }
    CHECKED["error bodies"] = 0
    async with served(app) as base_url:
        found = []
        for who, headers in tokens.items():
            problems = await asyncio.to_thread(_fuzz, schema, base_url, headers)
            found += [f"[{who}] {p}" for p in problems]
    assert found == [], "\n".join(sorted(set(found))[:40])
    assert CHECKED["error bodies"] > 0, "no error answer was looked at: the check would be empty"
