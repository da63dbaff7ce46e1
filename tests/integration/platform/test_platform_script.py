"""``bin/platform`` for real: it sets up a database, starts every service present in this checkout
against this machine's PostgreSQL and RabbitMQ, waits until each is ready, and stops them all on
Ctrl-C (or SIGTERM, or when one of them dies).

Each run gets its own database, exchange, queue prefix, ports and env file, so it disturbs neither
other tests nor a platform a developer runs on the default ports."""

from __future__ import annotations

import asyncio
import importlib
import os
import re
import secrets
import signal
import socket
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import jwt
import pytest

from shared.auth import TokenCodec
from shared.dbsetup import SERVICES
from tests.conftest import ADMIN_URL
from tests.integration.notify.servers import SmtpServer, smtp_server
from tests.support.services import register_queues, wait_until
from tests.unit.platform.compose_model import ROOT, settings_class

PRESENT = [s for s in SERVICES if (ROOT / "services" / s / "__main__.py").is_file()]
OFFSETS = {"registry": 1, "assessment": 2, "monitoring": 3, "notify": 4, "portal": 5}
STARTED = re.compile(r"(\w+): started \(pid (\d+)\)")


@dataclass
class Platform:
    process: asyncio.subprocess.Process
    port_base: int
    env_file: Path
    lines: list[str] = field(default_factory=list)
    pids: dict[str, int] = field(default_factory=dict)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.port_base + OFFSETS[service]}"

    async def read_until(self, pattern: str, timeout: float = 240.0) -> str:
        """Read the script's output until a line matches (fails on exit or timeout)."""
        async with asyncio.timeout(timeout):
            while True:
                raw = await self.process.stdout.readline()  # type: ignore[union-attr]
                if not raw:
                    raise AssertionError(f"bin/platform ended:\n{self.output}")
                line = raw.decode(errors="replace").rstrip()
                self.lines.append(line)
                if started := STARTED.search(line):
                    self.pids[started.group(1)] = int(started.group(2))
                if re.search(pattern, line):
                    return line

    async def finish(self, timeout: float = 60.0) -> int:
        rest, _ = await asyncio.wait_for(self.process.communicate(), timeout)
        self.lines.extend(rest.decode(errors="replace").splitlines())
        assert self.process.returncode is not None
        return self.process.returncode

    @property
    def output(self) -> str:
        return "\n".join(self.lines)


def _free_port_base() -> int:
    for _ in range(50):
        base = secrets.randbelow(200) * 10 + 21000
        if all(_port_free(base + n) for n in range(1, 5)):
            return base
    raise AssertionError("no free port range")


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (FileNotFoundError, IndexError):
        return "gone"


@pytest.fixture
async def launch(
    uid: str, bus_names: dict[str, str], tmp_path: Path
) -> AsyncIterator[Callable[..., Any]]:
    database = f"aswan_platform_{uid}"
    launched: list[Platform] = []

    async def start(
        services: str | None = None, env_file_text: str = "", **more_env: str
    ) -> Platform:
        env_file = tmp_path / "env.local"
        env_file.write_text(env_file_text)
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.endswith(
                ("_DATABASE_URL", "SECRET", "SIGNING_KEY", "SECRETS_KEY", "_PASSWORD")
            )
            and k not in ("DATABASE_URL", "EXCHANGE", "QUEUE_PREFIX", "PLATFORM_SERVICES")
        }
        base = _free_port_base()
        env.update(
            PLATFORM_ENV_FILE=str(env_file),
            PLATFORM_RUN_DIR=str(tmp_path / "run"),
            PLATFORM_PORT_BASE=str(base),
            DATABASE_NAME=database,
            EXCHANGE=bus_names["exchange"],
            QUEUE_PREFIX=bus_names["queue_prefix"],
            LOG_JSON="false",
            **more_env,
        )
        if services is not None:
            env["PLATFORM_SERVICES"] = services
        _register_test_queues(bus_names["queue_prefix"])
        process = await asyncio.create_subprocess_exec(
            str(ROOT / "bin" / "platform"),
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
        platform = Platform(process, base, env_file)
        launched.append(platform)
        return platform

    yield start
    for platform in launched:
        if platform.process.returncode is None:
            os.killpg(platform.process.pid, signal.SIGTERM)
            await platform.finish()
        for pid in platform.pids.values():
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    conn = await asyncpg.connect(ADMIN_URL.replace("+asyncpg", ""), database="postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        await conn.close()


def _register_test_queues(prefix: str) -> None:
    """Let the ``bus_names`` fixture delete the queues the services will declare."""
    for service in PRESENT:
        cls: Any = settings_class(service)
        build = importlib.import_module(f"services.{service}.bootstrap").build
        register_queues(build(cls(**_throwaway_secrets(cls), queue_prefix=prefix)))


def _throwaway_secrets(cls: Any) -> dict[str, str]:
    return {
        name: secrets.token_hex(32) for name, info in cls.model_fields.items() if info.is_required()
    }


def _env_values(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {k: v for k, v in pairs}


async def _status(client: httpx.AsyncClient, url: str) -> int:
    try:
        return (await client.get(url, timeout=5)).status_code
    except httpx.TransportError:
        return 0


async def test_runs_every_present_service_until_ctrl_c(
    launch: Callable[..., Any], uid: str
) -> None:
    assert PRESENT, "no service in this checkout"
    async with smtp_server() as smtp:
        platform: Platform = await launch(SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp.port))
        await platform.read_until(r"Ctrl-C stops every service")
        await _check_running(platform)
        if {"registry", "notify", "monitoring"} <= set(PRESENT):
            await _one_registration_across_services(platform, smtp, uid)
        await _check_ctrl_c_stops_all(platform)


async def _check_running(platform: Platform) -> None:
    assert sorted(platform.pids) == sorted(PRESENT), platform.output
    secrets_written = _env_values(platform.env_file)
    assert re.fullmatch(r"[0-9a-f]{64}", secrets_written["JWT_SECRET"])
    assert oct(platform.env_file.stat().st_mode & 0o777) == "0o600"
    token = re.search(r"a staff token \(8 h\):\s+(\S+)", platform.output)
    assert token, platform.output
    claims = jwt.decode(
        token.group(1),
        secrets_written["JWT_SECRET"],
        algorithms=["HS256"],
        audience="aswan2040-api",
    )
    assert claims["roles"] == ["staff"]
    async with httpx.AsyncClient() as client:
        for service in PRESENT:
            ready = await client.get(f"{platform.url(service)}/readyz", timeout=5)
            assert ready.status_code == 200, (service, ready.text)
            assert ready.json()["ready"] is True
            health = await client.get(f"{platform.url(service)}/healthz", timeout=5)
            assert health.json() == {"status": "ok", "service": service}


async def _one_registration_across_services(platform: Platform, smtp: SmtpServer, uid: str) -> None:
    """The platform's processes working together over the real bus: a portal's registration
    (HTTP to registry) -> AssociationRegistered through registry's outbox and relay -> notify
    emails the org id to the contact, and monitoring's derived KPI counts the association."""
    codec = TokenCodec(_env_values(platform.env_file)["JWT_SECRET"], "aswan2040", "aswan2040-api")
    staff = {"Authorization": f"Bearer {codec.mint('e2e-staff', ['staff'])}"}
    portal = {"Authorization": f"Bearer {codec.mint('portal', ['service'])}"}
    contact = f"e2e-{uid}@example.org"
    async with httpx.AsyncClient(timeout=10) as client:
        registration = {
            "submission_id": str(uuid.uuid4()),
            "name_ar": f"جمعية أصدقاء النيل {uid}",
            "registration_number": str(secrets.randbelow(10**10) + 10**9),
            "legal_form": "association",
            "centre": "edfu",
            "sectors": ["health"],
            "centres_served": ["edfu"],
            "contact_email": contact,
        }
        answer = await client.post(
            f"{platform.url('registry')}/v1/registrations", json=registration, headers=portal
        )
        assert answer.status_code == 202 and answer.json()["outcome"] == "registered", answer.text
        association = await client.get(
            f"{platform.url('registry')}/v1/associations/{answer.json()['association_id']}",
            headers=staff,
        )
        org_id = association.json()["org_id"]
        assert org_id.startswith("EG-MOSS-"), association.text
        [mail] = await smtp.mailbox.wait_for(contact, timeout=30)
        assert org_id in mail.get_body(("plain",)).get_content()

        async def counted() -> bool:
            data = (await client.get(f"{platform.url('monitoring')}/v1/dashboard/data")).json()
            kpis = {k["code"]: k for p in data["pillars"] for k in p["kpis"]}
            # the starter framework, loaded by monitoring's first start: nothing loaded by hand
            edfu = kpis["starter.registered"]["values"].get("edfu", {})
            return any(v["value"] == 1 for v in edfu.values())

        await wait_until(counted, timeout=30)


async def _check_ctrl_c_stops_all(platform: Platform) -> None:
    async with httpx.AsyncClient() as client:
        # Ctrl-C in a terminal: SIGINT to the whole foreground process group.
        os.killpg(platform.process.pid, signal.SIGINT)
        assert await platform.finish() == 0, platform.output
        assert "stopped" in platform.output
        for service in PRESENT:
            assert not _alive(platform.pids[service]), f"{service} still running"
            assert await _status(client, f"{platform.url(service)}/healthz") == 0


async def test_skips_absent_services_keeps_secrets_and_stops_on_sigterm(
    launch: Callable[..., Any],
) -> None:
    kept = secrets.token_hex(32)
    platform: Platform = await launch("assessment ghost", env_file_text=f"JWT_SECRET={kept}\n")
    await platform.read_until(r"Ctrl-C stops every service")
    assert re.search(r"ghost: not in this checkout .*skipped", platform.output)
    assert list(platform.pids) == ["assessment"]
    written = _env_values(platform.env_file)
    assert written["JWT_SECRET"] == kept
    assert len(written["UNSUBSCRIBE_SIGNING_KEY"]) == 64
    assert len(written["WEBHOOK_SECRETS_KEY"]) == 64
    platform.process.send_signal(signal.SIGTERM)  # the script only, as a supervisor would
    assert await platform.finish() == 0, platform.output
    assert not _alive(platform.pids["assessment"])


async def test_a_killed_service_is_restarted_and_ready_again(
    launch: Callable[..., Any], tmp_path: Path
) -> None:
    """kill -9 of registry under bin/platform stopped the whole platform: now it comes back."""
    platform: Platform = await launch("registry")
    await platform.read_until(r"Ctrl-C stops every service")
    first = platform.pids["registry"]
    killed_at = time.monotonic()
    os.kill(first, signal.SIGKILL)
    await platform.read_until(r"registry exited \(status 137\) after \d+s: restarting in 1s")
    await platform.read_until(r"registry: started \(pid \d+\) again, restart 1")
    assert platform.pids["registry"] != first
    async with httpx.AsyncClient() as client:
        url = f"{platform.url('registry')}/readyz"
        await wait_until(lambda: _is_ok(client, url), timeout=60)
    print(
        f"\nregistry SIGKILLed under bin/platform: ready again after "
        f"{time.monotonic() - killed_at:.1f} s"
    )
    log = (tmp_path / "run" / "registry.log").read_text()
    assert "[bin/platform] registry exited (status 137)" in log, "the line is in its log too"
    assert platform.process.returncode is None
    await _check_ctrl_c_stops_all_of(platform, ["registry"])


async def test_repeated_fast_crashes_stop_the_platform_with_an_error(
    launch: Callable[..., Any],
) -> None:
    platform: Platform = await launch("registry", PLATFORM_RESTART_LIMIT="1")
    await platform.read_until(r"Ctrl-C stops every service")
    os.kill(platform.pids["registry"], signal.SIGKILL)
    await platform.read_until(r"registry: started \(pid \d+\) again, restart 1")
    os.kill(platform.pids["registry"], signal.SIGKILL)  # again, within the fast-crash window
    assert await platform.finish() == 1, platform.output
    assert "registry crashed 1 times in a row, each within 30s: giving up" in platform.output
    assert "registry exited" in platform.output
    assert not _alive(platform.pids["registry"])


async def _check_ctrl_c_stops_all_of(platform: Platform, services: list[str]) -> None:
    os.killpg(platform.process.pid, signal.SIGINT)
    assert await platform.finish() == 0, platform.output
    for service in services:
        assert not _alive(platform.pids[service]), f"{service} still running"


async def _is_ok(client: httpx.AsyncClient, url: str) -> bool:
    return await _status(client, url) == 200
