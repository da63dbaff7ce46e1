"""Process entry shared by the services: ``python -m services.<name> [serve] [--role ...]``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from shared.config import ServiceSettings
from shared.logging import configure_logging
from shared.runtime import ALL_ROLES


def parse_roles(value: str) -> frozenset[str]:
    roles = ALL_ROLES if value in ("", "all") else frozenset(value.split(","))
    unknown = roles - ALL_ROLES
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown role(s): {', '.join(sorted(unknown))}")
    return roles


def serve(
    settings: ServiceSettings,
    build_app: Callable[..., FastAPI],
    argv: list[str] | None = None,
) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m services.{settings.service}")
    parser.add_argument(
        "--role",
        default="all",
        type=parse_roles,
        help="all (default), or a comma list of api, consumers, relay",
    )
    parser.add_argument("--port", type=int, default=settings.http_port)
    parser.add_argument("--host", default=settings.http_host)
    args = parser.parse_args(argv)
    configure_logging(settings.service, settings.log_level, settings.log_json)
    app = build_app(settings, args.role)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        loop="uvloop",
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=int(settings.drain_seconds),
    )
