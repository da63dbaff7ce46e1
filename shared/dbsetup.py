"""Create the database, one Postgres role and one schema per service, and the extensions.

Each service connects as ``aswan_<service>``, which owns schema ``<service>`` and has no right on
any other service's schema. Run once, as a superuser (``ADMIN_DATABASE_URL``), before migrations.
Role passwords come from ``<SERVICE>_DB_PASSWORD`` when set (compose); with trust or peer auth
(this machine) none is needed. Idempotent.
"""

from __future__ import annotations

import os

import asyncpg

from shared.db import asyncpg_dsn

SERVICES = ("registry", "assessment", "monitoring", "notify", "portal")
# Adapters at the edges (``adapters/<name>``) get a role and a schema exactly like a service.
ADAPTERS = ("telegram_bot", "moss_register", "planning_figures")


def package_of(name: str) -> str:
    """The package holding ``name``'s migrations: ``adapters.<name>`` or ``services.<name>``."""
    return f"adapters.{name}" if name in ADAPTERS else f"services.{name}"


def role_name(service: str) -> str:
    return f"aswan_{service}"


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe identifier {name!r}")
    return f'"{name}"'


async def setup_database(
    admin_url: str, database: str, services: tuple[str, ...] | None = None
) -> None:
    services = services if services is not None else SERVICES + ADAPTERS
    admin_dsn = asyncpg_dsn(admin_url)
    server = await asyncpg.connect(admin_dsn, database="postgres")
    try:
        exists = await server.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if not exists:
            await server.execute(f"CREATE DATABASE {_ident(database)}")
        for service in services:
            role = role_name(service)
            password = os.environ.get(f"{service.upper()}_DB_PASSWORD")
            if not await server.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
                await server.execute(f"CREATE ROLE {_ident(role)} LOGIN")
            if password:
                await server.execute(f"ALTER ROLE {_ident(role)} PASSWORD {_literal(password)}")
            await server.execute(f"GRANT CONNECT ON DATABASE {_ident(database)} TO {_ident(role)}")
    finally:
        await server.close()

    db = await asyncpg.connect(admin_dsn, database=database)
    try:
        await db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        await db.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        for service in services:
            role = role_name(service)
            await db.execute(
                f"CREATE SCHEMA IF NOT EXISTS {_ident(service)} AUTHORIZATION {_ident(role)}"
            )
            await db.execute(f"ALTER SCHEMA {_ident(service)} OWNER TO {_ident(role)}")
            await db.execute(f"REVOKE ALL ON SCHEMA {_ident(service)} FROM PUBLIC")
            await db.execute(
                f"ALTER ROLE {_ident(role)} IN DATABASE {_ident(database)} "
                f"SET search_path = {_ident(service)}, public"
            )
    finally:
        await db.close()


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def service_url(base_url: str, service: str, database: str) -> str:
    """``postgresql+asyncpg://user@host:port/db`` -> the same server, as the service's role."""
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    password = os.environ.get(f"{service.upper()}_DB_PASSWORD")
    return url.set(
        username=role_name(service), password=password, database=database
    ).render_as_string(hide_password=False)
