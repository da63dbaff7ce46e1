"""A private PostgreSQL cluster for tests that stop and start the database (the machine's shared
server serves other people's tests, so it is never touched). Made with the server's own
``initdb``/``pg_ctl`` in a temporary folder, run as the ``postgres`` user (PostgreSQL refuses to
run as root), listening on a free port of 127.0.0.1 with trust authentication, fsync on."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _bin() -> Path | None:
    base = Path("/usr/lib/postgresql")
    versions = sorted(base.iterdir(), reverse=True) if base.is_dir() else []
    for version in versions:
        if (version / "bin" / "pg_ctl").exists():
            return version / "bin"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivatePostgres:
    BIN = _bin()

    def __init__(self) -> None:
        assert self.BIN is not None, "no PostgreSQL server binaries"
        self.dir = Path(tempfile.mkdtemp(prefix="aswan-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.admin_url = f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        assert self.BIN is not None
        cmd = [str(self.BIN / args[0]), *args[1:]]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)

    def init(self) -> None:
        done = self._run(
            "initdb",
            "-D",
            str(self.data),
            "--auth=trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        assert done.returncode == 0, done.stderr
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.dir}'\nmax_connections = 100\n"
            )

    def start(self) -> None:
        done = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "start")
        assert done.returncode == 0, done.stderr + (self.dir / "log").read_text()

    def crash(self) -> None:
        """Stop at once, as a crash would (``immediate``: crash recovery at the next start)."""
        done = self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        assert done.returncode == 0, done.stderr

    def destroy(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)
