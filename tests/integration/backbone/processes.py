"""Run a service as a real OS process (``python -m services.<name> --role ...``) for the tests
that kill or terminate it."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service_env(settings: Any) -> dict[str, str]:
    """Environment that makes the process read the same settings as ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "AMQP_"))}
    env.update(
        {
            "DATABASE_URL": settings.database_url,
            "AMQP_URL": settings.amqp_url,
            "JWT_SECRET": settings.jwt_secret.get_secret_value(),
            "EXCHANGE": settings.exchange,
            "QUEUE_PREFIX": settings.queue_prefix,
            "RELAY_POLL_SECONDS": str(settings.relay_poll_seconds),
            "RELAY_BATCH": str(settings.relay_batch),
            "RETRY_DELAYS_MS": "[" + ",".join(map(str, settings.retry_delays_ms)) + "]",
            "DRAIN_SECONDS": str(settings.drain_seconds),
            "PREFETCH": str(settings.prefetch),
            "LOG_JSON": "false",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


class ServiceProcess:
    def __init__(self, service: str, role: str, settings: Any, log_path: Path) -> None:
        self.service = service
        self.role = role
        self.settings = settings
        self.port = free_port()
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.port = free_port()
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                f"services.{self.service}",
                "--role",
                self.role,
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            env=service_env(self.settings),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    async def wait_ready(self, timeout: float = 30.0) -> dict[str, Any]:
        """Wait for ``/readyz`` to say ready (the process started its consumers or relay)."""
        deadline = asyncio.get_running_loop().time() + timeout
        last: Any = None
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{self.port}") as client:
            while asyncio.get_running_loop().time() < deadline:
                assert self.proc is not None and self.proc.poll() is None, self.logs()
                try:
                    response = await client.get("/readyz")
                    last = response.json()
                    if response.status_code == 200:
                        return dict(last)
                except httpx.HTTPError as exc:
                    last = repr(exc)
                await asyncio.sleep(0.1)
        raise AssertionError(f"{self.service} {self.role} not ready: {last}\n{self.logs()}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def terminate(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)

    async def wait_exit(self, timeout: float = 30.0) -> int:
        assert self.proc is not None
        return await asyncio.to_thread(self.proc.wait, timeout)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""
