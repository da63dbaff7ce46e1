"""Backups: one ``pg_dump`` per service schema (custom format: tables, outbox and inbox included,
compressed, restorable table by table), and bringing one back with ``pg_restore``.

Both run as the superuser of ``ADMIN_DATABASE_URL`` on the platform's database: the dump keeps
the schema's owner (``aswan_<service>``), so restored tables belong to the service's role again.
Restore into a database prepared by ``aswan db setup`` (roles, ``search_path``, ``pg_trgm``): the
service's schema is dropped and recreated from the dump in one transaction. What the service had
consumed is in its inbox (redeliveries are absorbed), what it had to publish is in its outbox
(unsent rows go out when it starts; sent rows stay sent).
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from shared.db import asyncpg_dsn


class BackupError(RuntimeError):
    pass


def libpq_url(admin_url: str, database: str) -> str:
    """``ADMIN_DATABASE_URL`` pointed at ``database``, in the form pg_dump and pg_restore take."""
    parts = urlsplit(asyncpg_dsn(admin_url))
    return urlunsplit(parts._replace(path=f"/{database}"))


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client (postgresql-client)")
    return found


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603 - our argv
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")


def backup(admin_url: str, database: str, services: list[str], out_dir: Path) -> list[Path]:
    """One dump per service, ``<out_dir>/<database>-<service>-<UTC time>.dump``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    url = libpq_url(admin_url, database)
    written = []
    for service in services:
        target = out_dir / f"{database}-{service}-{stamp}.dump"
        _run([_tool("pg_dump"), "--format=custom", f"--schema={service}", f"--file={target}", url])
        written.append(target)
    return written


def restore(admin_url: str, database: str, service: str, dump: Path) -> None:
    """Replace ``service``'s schema in ``database`` by the one in ``dump``, all or nothing."""
    if not dump.is_file():
        raise BackupError(f"no such dump: {dump}")
    argv = [_tool("pg_restore"), "--list", str(dump)]
    listing = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
    if f" SCHEMA - {service} " not in listing.stdout:
        raise BackupError(f"{dump} is not a dump of the {service} schema")
    url = libpq_url(admin_url, database)
    _run(
        [
            _tool("pg_restore"), "--clean", "--if-exists", "--single-transaction",
            "--exit-on-error", f"--dbname={url}", str(dump),
        ]
    )  # fmt: skip
