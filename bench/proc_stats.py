"""CPU seconds and resident memory of processes, read from /proc (psutil is not installed).

``CpuMeter`` samples groups of processes before and after a measured stretch: the services' own
processes (by pid, grouped under names the caller gives), PostgreSQL (the backends connected to
the bench's database, found in ``pg_stat_activity``, plus nothing else: the server is shared
with other people's tests) and RabbitMQ (``beam.smp``: the whole broker, which other people's
tests use too, so its figure is an upper bound on a busy machine). Print with :func:`per_thousand`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14, 15 of stat)


def rss_mb(pid: int) -> float:
    """Resident set size in MB (VmRSS)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def pids_named(comm: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == comm:
                    found.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError):
                continue
    return found


def postgres_server_seconds() -> float:
    """CPU of the whole PostgreSQL server so far: its live processes, plus what the postmaster's
    children that ended used (cutime + cstime: a backend of a process that has exited). Every
    database's work, other people's included: an upper bound on a shared machine."""
    total = 0.0
    for pid in pids_named("postgres"):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK
        if fields[1] == "1" or Path(f"/proc/{fields[1]}/comm").read_text().strip() != "postgres":
            total += (int(fields[13]) + int(fields[14])) / TICK  # the postmaster: ended children
    return total


async def backend_pids(conn: object, database: str) -> list[int]:
    """PostgreSQL backends connected to ``database`` (an asyncpg connection to ask with)."""
    rows = await conn.fetch(  # type: ignore[attr-defined]
        "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", database
    )
    return [row["pid"] for row in rows]


@dataclass
class CpuMeter:
    """CPU used between :meth:`start` and :meth:`stop` by three groups of processes."""

    service_pids: dict[str, list[int]]
    start_cpu: dict[str, dict[int, float]] = field(default_factory=dict)
    used: dict[str, float] = field(default_factory=dict)

    def _sample(self, groups: dict[str, list[int]]) -> dict[str, dict[int, float]]:
        return {name: {pid: cpu_seconds(pid) for pid in pids} for name, pids in groups.items()}

    def start(self, postgres_pids: list[int]) -> None:
        self.start_cpu = self._sample(self._groups(postgres_pids))

    def stop(self, postgres_pids: list[int]) -> dict[str, float]:
        end = self._sample(self._groups(postgres_pids))
        # A backend that was not there at the start started during the stretch: all its CPU counts.
        self.used = {
            name: sum(cpu - self.start_cpu[name].get(pid, 0.0) for pid, cpu in end[name].items())
            for name in end
        }
        return self.used

    def _groups(self, postgres_pids: list[int]) -> dict[str, list[int]]:
        return {**self.service_pids, "postgres": postgres_pids, "rabbitmq": pids_named("beam.smp")}


def per_thousand(used: dict[str, float], events: int) -> str:
    """``service 1.23 s, postgres 0.45 s, rabbitmq 0.67 s`` of CPU per 1,000 events."""
    if not events:
        return "no events"
    return ", ".join(f"{name} {seconds * 1000 / events:.2f} s" for name, seconds in used.items())
