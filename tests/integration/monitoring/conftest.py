"""Fixtures of the monitoring tests: the app on the test's own exchange, a small framework with
codes unique to the test, and the app served on a real port (for SSE and the browser)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from services.monitoring.bootstrap import build
from services.monitoring.config import MonitoringSettings
from tests.support.services import register_queues


@pytest.fixture
def app(settings_for: Any) -> FastAPI:
    return build(settings_for(MonitoringSettings))


def framework_doc(uid: str) -> dict[str, Any]:
    """Pillar P -> objective O -> KPIs: a percent (ratio of sums, increase), a count (sum,
    decrease), a quarterly count, and a derived registered-associations count."""
    p = f"t{uid}"
    return {
        "title": f"test {uid}",
        "pillars": [
            {
                "code": f"{p}.P",
                "name_ar": "محور الاختبار",
                "name_en": "Test pillar",
                "objectives": [
                    {
                        "code": f"{p}.O",
                        "name_ar": "هدف",
                        "kpis": [
                            {
                                "code": f"{p}.enrol",
                                "name_ar": "نسبة القيد",
                                "unit": "%",
                                "measure": "percent",
                                "aggregation": "ratio_of_sums",
                                "baseline_period": "2025",
                                "baseline_value": 50,
                                "targets": [
                                    {"period": "2030", "value": 100},
                                    {"period": "2026", "value": 60},
                                    {"period": "2026", "value": 70, "centre": "edfu"},
                                ],
                                "sdg_targets": ["4.1"],
                                "vision2030": "knowledge",
                                "owner": "مديرية",
                            },
                            {
                                "code": f"{p}.cases",
                                "name_ar": "حالات",
                                "unit": "حالة",
                                "measure": "count",
                                "direction": "decrease",
                                "aggregation": "sum",
                                "baseline_period": "2025",
                                "baseline_value": 100,
                                "targets": [{"period": "2026", "value": 80}],
                                "max_value": 10000,
                            },
                            {
                                "code": f"{p}.q",
                                "name_ar": "ربع سنوي",
                                "unit": "فرد",
                                "measure": "count",
                                "aggregation": "sum",
                                "period_type": "quarter",
                                "baseline_period": "2025-Q4",
                                "baseline_value": 0,
                                "targets": [{"period": "2026", "value": 400}],
                            },
                            {
                                "code": f"{p}.reg",
                                "name_ar": "جمعيات مسجلة",
                                "unit": "جمعية",
                                "measure": "count",
                                "aggregation": "sum",
                                "baseline_period": "2025",
                                "baseline_value": 0,
                                "targets": [{"period": "2030", "value": 10}],
                                "derived": "registered_associations",
                            },
                            {
                                "code": f"{p}.per10k",
                                "name_ar": "جمعيات صحية نشطة لكل ١٠٠٠٠ نسمة",
                                "unit": "لكل ١٠٠٠٠",
                                "measure": "ratio",
                                "aggregation": "ratio_of_sums",
                                "derived": "active_per_10k",
                                "derived_sector": "health",
                            },
                        ],
                    }
                ],
            }
        ],
    }


async def load_framework(client: Any, auth: Any, uid: str) -> dict[str, Any]:
    doc = framework_doc(uid)
    response = await client.put("/v1/framework", json=doc, headers=auth("staff"))
    assert response.status_code == 200, response.text
    return doc


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[str]:
    """Serve ``app`` (its real lifespan) with uvicorn on a free local port; yield its base URL."""
    register_queues(app)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_config=None,
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=2,  # open SSE streams are cut after this, as in production
        )
    )
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(20):
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 30)
