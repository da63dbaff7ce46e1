"""``aswan``: operations shared by every service (database set-up and migrations, development
tokens, dead letters, running the whole platform locally). Service-specific commands live in
``python -m services.<name> ...``."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Annotated

import typer

from shared.dbsetup import SERVICES, service_url, setup_database

app = typer.Typer(no_args_is_help=True, help=__doc__)
db_app = typer.Typer(no_args_is_help=True, help="Database roles, schemas and migrations")
token_app = typer.Typer(no_args_is_help=True, help="Development bearer tokens")
dlq_app = typer.Typer(no_args_is_help=True, help="Dead-letter queues: list, show, replay, purge")
app.add_typer(db_app, name="db")
app.add_typer(token_app, name="token")
app.add_typer(dlq_app, name="dlq")

ADMIN_URL = os.environ.get(
    "ADMIN_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


def _database() -> str:
    return os.environ.get("DATABASE_NAME", "aswan")


@db_app.command("setup")
def db_setup(
    database: Annotated[str, typer.Option(help="database name")] = "",
    admin_url: Annotated[str, typer.Option(help="superuser URL")] = ADMIN_URL,
) -> None:
    """Create the database, a role and a schema per service, and pg_trgm."""
    asyncio.run(setup_database(admin_url, database or _database()))
    typer.echo(f"database {database or _database()}: roles and schemas ready")


@db_app.command("migrate")
def db_migrate(
    services: Annotated[list[str] | None, typer.Argument(help="services (default: all)")] = None,
    revision: str = "head",
    database: str = "",
    admin_url: str = ADMIN_URL,
) -> None:
    """Upgrade each service's schema, connected as that service's own role."""
    from shared.migrations import upgrade

    for service in services or list(SERVICES):
        url = os.environ.get(f"{service.upper()}_DATABASE_URL") or service_url(
            admin_url, service, database or _database()
        )
        upgrade(service, url, revision)
        typer.echo(f"{service}: migrated to {revision}")


@db_app.command("downgrade")
def db_downgrade(
    service: str, revision: str, database: str = "", admin_url: str = ADMIN_URL
) -> None:
    from shared.migrations import downgrade

    url = os.environ.get(f"{service.upper()}_DATABASE_URL") or service_url(
        admin_url, service, database or _database()
    )
    downgrade(service, url, revision)


@db_app.command("backup")
def db_backup(
    services: Annotated[list[str] | None, typer.Argument(help="services (default: all)")] = None,
    out: Annotated[Path, typer.Option(help="directory for the dumps")] = Path("backups"),
    database: str = "",
    admin_url: str = ADMIN_URL,
) -> None:
    """One pg_dump (custom format) per service schema, outbox and inbox included."""
    from shared.backup import backup

    for path in backup(admin_url, database or _database(), services or list(SERVICES), out):
        typer.echo(str(path))


@db_app.command("restore")
def db_restore(service: str, dump: Path, database: str = "", admin_url: str = ADMIN_URL) -> None:
    """Replace one service's schema by a dump (after ``aswan db setup`` on a fresh database)."""
    from shared.backup import BackupError, restore

    try:
        restore(admin_url, database or _database(), service, dump)
    except BackupError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"{service}: restored from {dump}")


@token_app.command("mint")
def token_mint(
    role: Annotated[
        list[str], typer.Option("--role", help="admin|staff|association|partner|service")
    ],
    sub: str = "dev",
    association_id: str | None = None,
    organisation_id: str | None = None,
    name: str | None = None,
    ttl: int = 3600 * 8,
) -> None:
    """Print a bearer token signed with JWT_SECRET's first key (for development and tests)."""
    from shared.auth import TokenCodec

    secret = os.environ.get("JWT_SECRET")
    if not secret:
        raise typer.BadParameter("JWT_SECRET is not set")
    codec = TokenCodec(
        secret,
        os.environ.get("JWT_ISSUER", "aswan2040"),
        os.environ.get("JWT_AUDIENCE", "aswan2040-api"),
    )
    typer.echo(
        codec.mint(
            sub, role, association_id=association_id, organisation_id=organisation_id,
            name=name, ttl_seconds=ttl,
        )
    )  # fmt: skip


@dlq_app.command("list")
def dlq_list(queue: str, limit: int = 100, amqp_url: str = AMQP_URL) -> None:
    """One line per dead letter: id, type, reason, original routing key; then (on stderr) how
    many the queue holds, and whether the listing was cut at ``--limit``."""
    from shared.messaging.deadletters import listing

    total, letters = asyncio.run(listing(amqp_url, queue, limit))
    for letter in letters:
        typer.echo(json.dumps(letter.summary(), ensure_ascii=False))
    if len(letters) < total:
        typer.echo(
            f"{queue}: {total} dead letters; listed the first {len(letters)} only "
            f"(--limit {total} lists them all)",
            err=True,
        )
    else:
        typer.echo(f"{queue}: {total} dead letters, all listed", err=True)


@dlq_app.command("show")
def dlq_show(queue: str, message_id: str, amqp_url: str = AMQP_URL) -> None:
    """One dead letter in full, body included."""
    from shared.messaging.deadletters import browse

    for letter in asyncio.run(browse(amqp_url, queue, 10_000)):
        if letter.message_id == message_id:
            typer.echo(json.dumps(letter.summary(), ensure_ascii=False, indent=2))
            typer.echo(letter.body.decode(errors="replace"))
            return
    raise typer.Exit(code=1)


@dlq_app.command("replay")
def dlq_replay(queue: str, message_id: str | None = None, amqp_url: str = AMQP_URL) -> None:
    """Republish to the original routing key (one by id, or all)."""
    from shared.messaging.deadletters import replay

    typer.echo(f"replayed {asyncio.run(replay(amqp_url, queue, message_id=message_id))}")


@dlq_app.command("purge")
def dlq_purge(queue: str, amqp_url: str = AMQP_URL, yes: bool = False) -> None:
    from shared.messaging.deadletters import purge

    if not yes:
        typer.confirm(f"Delete every message in {queue}?", abort=True)
    typer.echo(f"purged {asyncio.run(purge(amqp_url, queue))}")


def main() -> None:
    app()
