"""docker-compose.yml names only what exists: no Docker engine runs here, so the file is checked
against the code instead. Every service, command module, CLI command, environment variable, file,
image and dependency it names must exist, and the settings must accept the environment it gives."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
import typer.main

import shared.cli
from shared.dbsetup import SERVICES
from tests.unit.platform.compose_model import (
    ROOT,
    Compose,
    interpolate,
    required_variables,
    settings_class,
    shared_env_patterns,
)

COMPOSE = Compose.load(ROOT / "docker-compose.yml")
PORTS = {"registry": 8001, "assessment": 8002, "monitoring": 8003, "notify": 8004, "portal": 8005}


def test_every_platform_service_runs_from_the_one_dockerfile() -> None:
    assert set(COMPOSE.app_services()) == set(SERVICES)
    for name in COMPOSE.built():
        build = COMPOSE.services[name]["build"]
        assert build["context"] == "."
        assert (ROOT / build.get("dockerfile", "Dockerfile")).is_file()
    assert {COMPOSE.services[n]["image"] for n in COMPOSE.built()} == {"aswan2040:dev"}


@pytest.mark.parametrize(
    "name,prefix,min_version",
    [("postgres", "postgres:", (16, 0)), ("rabbitmq", "rabbitmq:", (3, 13))],
)
def test_infrastructure_images_are_official_pinned_and_health_checked(
    name: str, prefix: str, min_version: tuple[int, int]
) -> None:
    spec = COMPOSE.services[name]
    image = spec["image"]
    assert image.startswith(prefix), f"{name}: not the official image: {image}"
    tag = image.split(":", 1)[1]
    match = re.match(r"(\d+)\.(\d+)(\.\d+)?", tag)
    assert match, f"{name}: tag {tag!r} is not a pinned version"
    assert match.group(3) or name == "postgres", f"{name}: pin the patch version too ({tag})"
    assert (int(match.group(1)), int(match.group(2))) >= min_version
    if name == "rabbitmq":
        assert "management" in tag
    assert spec["healthcheck"]["test"], f"{name}: no healthcheck"


@pytest.mark.parametrize("service", SERVICES)
def test_service_command_module_exists(service: str) -> None:
    spec = COMPOSE.services[service]
    assert spec["command"] == ["python", "-m", f"services.{service}"]
    if not (ROOT / "services" / service / "__main__.py").is_file():
        pytest.skip(f"services/{service}/__main__.py is not in this checkout yet")
    assert (ROOT / "services" / service / "bootstrap.py").is_file()


@pytest.mark.parametrize("service", SERVICES)
def test_service_environment_is_what_its_settings_read(
    service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each variable is a field of the service's settings class, every required field is given,
    and the settings class accepts the values (with throwaway secrets)."""
    cls = settings_class(service)
    env = COMPOSE.services[service]["environment"]
    known = {_env_name(cls, field) for field in cls.model_fields}
    unknown = set(env) - known
    assert not unknown, f"{service}: no setting reads {sorted(unknown)}"
    required = {_env_name(cls, f) for f, info in cls.model_fields.items() if info.is_required()}
    assert required <= set(env), f"{service}: required settings missing: {required - set(env)}"
    for key in list(os.environ):
        if key.upper() in known:
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, interpolate(str(value)))
    settings = cls()
    assert settings.service == service
    assert settings.http_port == PORTS[service] == cls.model_fields["http_port"].default
    assert settings.http_host == "0.0.0.0"
    assert settings.database_url.startswith(f"postgresql+asyncpg://aswan_{service}:")


@pytest.mark.parametrize("service", SERVICES)
def test_service_ports_health_and_start_order(service: str) -> None:
    spec = COMPOSE.services[service]
    port = PORTS[service]
    assert spec["ports"] == [f"{port}:{port}"]
    probe = " ".join(spec["healthcheck"]["test"])
    assert f"127.0.0.1:{port}/readyz" in probe
    assert spec["depends_on"] == {
        f"migrate-{service}": {"condition": "service_completed_successfully"},
        "rabbitmq": {"condition": "service_healthy"},
    }


@pytest.mark.parametrize("service", SERVICES)
def test_one_migration_step_per_service(service: str) -> None:
    step = COMPOSE.services[f"migrate-{service}"]
    assert step["command"] == ["aswan", "db", "migrate", service]
    assert step["restart"] == "no"
    assert step["depends_on"] == {"setup": {"condition": "service_completed_successfully"}}
    assert (ROOT / "services" / service / "migrations" / "env.py").is_file(), (
        f"services/{service}/migrations/env.py is missing"
    )
    url = interpolate(step["environment"][f"{service.upper()}_DATABASE_URL"])
    assert url.startswith(f"postgresql+asyncpg://aswan_{service}:")


def test_setup_step_runs_the_setup_command_before_any_migration() -> None:
    setup = COMPOSE.services["setup"]
    assert setup["command"] == ["aswan", "db", "setup"]
    assert setup["depends_on"] == {"postgres": {"condition": "service_healthy"}}


@pytest.mark.parametrize("name", ["setup", *(f"migrate-{s}" for s in SERVICES)])
def test_one_shot_commands_and_variables_exist(name: str) -> None:
    command = COMPOSE.services[name]["command"]
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert re.search(rf'^{command[0]} = "shared\.cli:main"', pyproject, re.M)
    group = typer.main.get_command(shared.cli.app)
    sub = group.get_command(None, command[1])  # type: ignore[attr-defined]
    assert sub is not None, f"aswan has no '{command[1]}' command"
    assert sub.get_command(None, command[2]) is not None, f"aswan {command[1]} has no {command[2]}"
    patterns = shared_env_patterns()
    for var in COMPOSE.services[name]["environment"]:
        assert any(p.fullmatch(var) for p in patterns), f"{name}: the aswan CLI never reads {var}"


def test_every_dependency_names_a_service_with_a_valid_condition() -> None:
    conditions = {"service_started", "service_healthy", "service_completed_successfully"}
    for name, spec in COMPOSE.services.items():
        for dep, rule in (spec.get("depends_on") or {}).items():
            assert dep in COMPOSE.services, f"{name} depends on unknown {dep}"
            assert rule["condition"] in conditions
            if rule["condition"] == "service_healthy":
                assert COMPOSE.services[dep].get("healthcheck"), f"{dep} has no healthcheck"


def test_named_volumes_are_declared() -> None:
    for spec in COMPOSE.services.values():
        for volume in spec.get("volumes", []):
            source = volume.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in COMPOSE.volumes


def test_no_literal_secret_and_every_required_variable_is_generated() -> None:
    """Secrets come only from ``${NAME:?...}``, and bin/platform writes each such NAME."""
    secretish = re.compile(r"(SECRET|PASSWORD|PASS|TOKEN|KEY)$")
    for name, spec in COMPOSE.services.items():
        for var, value in (spec.get("environment") or {}).items():
            if secretish.search(var) and value is not None:
                assert re.fullmatch(r"\$\{\w+:\?[^}]*\}", str(value)), f"{name}.{var} is literal"
            credentials = re.match(r"\w[\w+]*://[^:/@]+:([^@]*)@", str(value))
            if credentials:
                assert re.fullmatch(r"\$\{\w+:\?[^}]*\}", credentials.group(1)), (
                    f"{name}.{var} has a literal password"
                )
    platform = (ROOT / "bin" / "platform").read_text("utf-8")
    for var in required_variables(COMPOSE.raw):
        assert re.search(rf"\b{var}\b", platform), f"bin/platform does not generate {var}"


def test_dockerfile_copies_files_that_exist_and_installs_from_the_lock() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text("utf-8")
    base = re.search(r"^FROM (\S+)", dockerfile, re.M)
    assert base and re.fullmatch(r"python:3\.11\.\d+-slim-\w+", base.group(1))
    for line in re.findall(r"^COPY (.+)$", dockerfile, re.M):
        for source in line.split()[:-1]:
            assert (ROOT / source).exists(), f"Dockerfile copies missing {source}"
    assert "--require-hashes -r requirements.lock" in dockerfile
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert not ignored & {"shared", "services", "pyproject.toml", "requirements.lock"}


def _env_name(cls: Any, field: str) -> str:
    alias = cls.model_fields[field].validation_alias
    prefix = cls.model_config.get("env_prefix", "")
    return (alias if isinstance(alias, str) else f"{prefix}{field}").upper()
