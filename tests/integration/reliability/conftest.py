"""The services' apps on this test's bus, for the reliability and edge tests."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from services.monitoring.bootstrap import build as build_monitoring
from services.monitoring.config import MonitoringSettings
from services.registry.bootstrap import build as build_registry
from services.registry.config import RegistrySettings


@pytest.fixture
def monitoring_app(settings_for: Any) -> FastAPI:
    """monitoring on this test's bus."""
    return build_monitoring(settings_for(MonitoringSettings))


@pytest.fixture
def registry_app(settings_for: Any) -> FastAPI:
    return build_registry(settings_for(RegistrySettings))
