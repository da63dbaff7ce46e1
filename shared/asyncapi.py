"""AsyncAPI documents generated from a service's FastStream broker (``faststream docs gen``)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from faststream import FastStream
from faststream.specification import AsyncAPI


def specification(build: Callable[..., Any], settings_cls: type, service: str) -> FastStream:
    """Build the service (nothing connects) and describe its broker. A throwaway signing key
    satisfies the settings; the document contains no secret."""
    settings = settings_cls(jwt_secret=secrets.token_hex(32))
    app = build(settings)
    broker = app.state.runtime.broker
    spec = AsyncAPI(
        broker,
        title=f"Aswan 2040 — {service} events",
        version="1.0.0",
        description=(
            f"Events the {service} service consumes and publishes on the topic exchange "
            "aswan.events (CloudEvents 1.0, structured mode)."
        ),
        schema_version="3.0.0",
    )
    return FastStream(broker, specification=spec, logger=None)
