"""``aswan db backup`` / ``aswan db restore``: registry's schema dumped (custom format, outbox and
inbox included) and restored into a fresh database, where registry continues without doubling
anything: its inbox absorbs a redelivered submission, its outbox publishes what was still unsent
at the dump and what comes after, and nothing published before the dump goes out again."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg

from services.registry.bootstrap import build
from services.registry.config import RegistrySettings
from shared.dbsetup import service_url, setup_database
from shared.events.intake import AssociationRegistrationSubmitted
from shared.migrations import upgrade
from tests.conftest import ADMIN_URL
from tests.support.services import running, wait_until

# the CLI of this checkout (the venv's ``aswan`` script may belong to another work tree)
ROOT = Path(__file__).resolve().parents[3]
ASWAN = [sys.executable, "-c", "from shared.cli import main; main()"]
REGISTERED = "registry.association.registered.v1"


def _registration() -> dict[str, Any]:
    return {
        "name_ar": f"جمعية النور رقم {random.randint(1, 10**9)}",
        "registration_number": str(random.randint(10**9, 10**11)),
        "legal_form": "association",
        "centre": "edfu",
        "sectors": ["health"],
    }


async def _aswan(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ADMIN_DATABASE_URL": ADMIN_URL}
    return await asyncio.to_thread(
        subprocess.run, [*ASWAN, "db", *args], capture_output=True, text=True, env=env,
        timeout=120, cwd=ROOT,
    )  # fmt: skip


async def _admin(database: str) -> asyncpg.Connection:
    return await asyncpg.connect(ADMIN_URL.replace("+asyncpg", ""), database=database)


async def test_a_restored_schema_continues_without_doubling_events(
    settings_for, bus, auth, uid, tmp_path
):
    source, target = f"aswan_bk_{uid}", f"aswan_rs_{uid}"
    capture = await bus.capture(REGISTERED)
    try:
        await setup_database(ADMIN_URL, source, ("registry",))
        await asyncio.to_thread(upgrade, "registry", service_url(ADMIN_URL, "registry", source))
        before = settings_for(
            RegistrySettings, database_url=service_url(ADMIN_URL, "registry", source)
        )
        async with running(build(before)) as client:
            for _ in range(2):
                sent = await client.post(
                    "/v1/registrations", json=_registration(), headers=auth("staff")
                )
                assert sent.status_code == 202, sent.text
            submitted = AssociationRegistrationSubmitted(**_registration())
            bus_id = await bus.publish_event(submitted, source="/aswan/intake/portal")
            await capture.wait_for(lambda e: e["correlationid"] == bus_id)
            await wait_until(lambda: _unsent_is(source, 0))
        async with running(build(before, roles=("api",))) as client:  # no relay: stays unsent
            pending = await client.post(
                "/v1/registrations", json=_registration(), headers=auth("staff")
            )
            assert pending.status_code == 202, pending.text
        assert await _unsent_is(source, 1)

        dumped = await _aswan("backup", "registry", "--out", str(tmp_path), "--database", source)
        assert dumped.returncode == 0, dumped.stderr
        [dump] = [Path(line) for line in dumped.stdout.split()]
        assert dump.stat().st_size > 0 and dump.name.startswith(f"{source}-registry-")
        await setup_database(ADMIN_URL, target, ("registry",))
        restored = await _aswan("restore", "registry", str(dump), "--database", target)
        assert restored.returncode == 0, restored.stderr
        wrong = await _aswan("restore", "notify", str(dump), "--database", target)
        assert wrong.returncode == 1 and "not a dump of the notify schema" in wrong.stderr

        after = settings_for(
            RegistrySettings, database_url=service_url(ADMIN_URL, "registry", target)
        )
        async with running(build(after)) as client:
            pending_id = pending.json()["association_id"]
            await capture.wait_for(lambda e: e["subject"] == pending_id)  # the outbox resumes
            await bus.publish_event(submitted, source="/aswan/intake/portal", event_id=bus_id)
            new = await client.post(
                "/v1/registrations", json=_registration(), headers=auth("staff")
            )
            new_id = new.json()["association_id"]
            await capture.wait_for(lambda e: e["subject"] == new_id)
            listed = (await client.get("/v1/associations", headers=auth("staff"))).json()
    finally:
        conn = await _admin("postgres")
        for name in (source, target):
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()
    assert listed["total"] == 5, "2 + 1 before, 1 unsent at the dump, 1 after; the redelivery none"
    per_association = Counter(e["subject"] for e in capture.events())
    assert len(per_association) == 5 and set(per_association.values()) == {1}, per_association


async def _unsent_is(database: str, count: int) -> bool:
    conn = await _admin(database)
    try:
        return bool(
            await conn.fetchval("SELECT count(*) FROM registry.outbox WHERE sent_at IS NULL")
            == count
        )
    finally:
        await conn.close()
