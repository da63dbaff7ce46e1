"""What is deployed and how big: the table generate.py writes the manifests from, and what it
reads from the code (ports from each settings class, queues from each Subscription list)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from shared.config import ServiceSettings
from shared.dbsetup import package_of

HERE = Path(__file__).resolve().parent

IMAGE = "aswan2040"
RABBITMQ_HOST = "aswan-rabbitmq:5672"  # the Service of RabbitmqCluster aswan-rabbitmq
VHOST = "aswan"

# Requests from bench/memory_bench.py (2026-12-03, bench/README.md): every process idles at
# 98-114 MB RSS and stayed under 121 MB after 5,000 registrations through all of them; CPU per
# 1,000 registrations 0.9-1.7 s for a service's consumers, 0.03-0.22 s for its relay, ~0.01 s
# for an idle api. A Python process uses at most one core: that is the CPU limit.
RESOURCES = {
    "api": {"requests": {"cpu": "200m", "memory": "160Mi"}},
    "consumers": {"requests": {"cpu": "250m", "memory": "192Mi"}},
    "relay": {"requests": {"cpu": "50m", "memory": "160Mi"}},
}
LIMITS = {"cpu": "1", "memory": "384Mi"}
# Connections per process: pool + overflow (shared/db.py), so 2 x DB_POOL_SIZE + the relay's.
DB_POOL_SIZE = "5"
# KEDA: ready messages per consumer replica before another starts (= PREFETCH, the messages
# one replica already holds unacked).
QUEUE_LENGTH_PER_REPLICA = "200"


@dataclass(frozen=True)
class Secret:
    env: str  # the variable (a settings field)
    name: str  # the Secret
    optional: bool = False


@dataclass(frozen=True)
class Component:
    """A service or an adapter. ``topics``: the first words of the routing keys it publishes
    on aswan.events (its broker user may publish those only); ``config``: a ConfigMap of its
    settings (base/<component>-config.yaml); ceilings within PostgreSQL's max_connections
    (docs/scaling.md)."""

    name: str
    topics: tuple[str, ...]
    roles: tuple[str, ...] = ("api", "consumers", "relay")
    secrets: tuple[Secret, ...] = ()
    config: str | None = None
    max_api: int = 4
    max_consumers: int = 4
    relays: int = 2

    @property
    def kname(self) -> str:
        """Kubernetes names are DNS labels: no underscore."""
        return self.name.replace("_", "-")

    @property
    def package(self) -> str:
        return package_of(self.name)


_NOTIFY_SECRETS = (
    Secret("UNSUBSCRIBE_SIGNING_KEY", "aswan-notify-keys"),
    Secret("WEBHOOK_SECRETS_KEY", "aswan-notify-keys"),
    Secret("SMTP_USERNAME", "aswan-notify-smtp", optional=True),
    Secret("SMTP_PASSWORD", "aswan-notify-smtp", optional=True),
)
_BOT_SECRETS = (
    Secret("TELEGRAM_BOT_TOKEN", "aswan-telegram-bot"),
    Secret("TELEGRAM_WEBHOOK_SECRET", "aswan-telegram-bot"),
    Secret("GATEWAY_TOKEN", "aswan-telegram-bot"),
)
COMPONENTS: dict[str, Component] = {
    c.name: c
    for c in (
        Component("registry", ("registry",)),
        Component("assessment", ("assessment",)),
        Component("monitoring", ("monitoring",)),
        Component("notify", ("notify",), secrets=_NOTIFY_SECRETS, config="aswan-notify"),
        # The portal consumes nothing: no consumers part.
        Component("portal", ("intake", "portal"), roles=("api", "relay"), config="aswan-portal"),
        Component("telegram_bot", ("intake",), secrets=_BOT_SECRETS, config="aswan-telegram-bot",
                  max_api=2, max_consumers=2, relays=1),
        Component("moss_register", ("ministry",),
                  secrets=(Secret("MINISTRY_SIGNING_SECRET", "aswan-moss-register"),),
                  config="aswan-moss-register", max_api=2, max_consumers=2, relays=1),
    )
}  # fmt: skip


def settings_class(name: str) -> type[ServiceSettings]:
    config = importlib.import_module(f"{package_of(name)}.config")
    (cls,) = [
        obj
        for obj in vars(config).values()
        if isinstance(obj, type)
        and issubclass(obj, ServiceSettings)
        and obj.__module__ == config.__name__
    ]
    return cls


def port(name: str) -> int:
    return int(settings_class(name).model_fields["http_port"].default)


def queues(name: str) -> list[str]:
    if "consumers" not in COMPONENTS[name].roles:
        return []
    module = importlib.import_module(f"{package_of(name)}.entrypoints.consumers")
    return [f"{name}.{sub.purpose}" for sub in module.subscriptions()]


def labels(component: Component, role: str | None = None) -> dict[str, str]:
    found = {"app.kubernetes.io/name": component.kname, "app.kubernetes.io/part-of": "aswan2040"}
    if role:
        found["app.kubernetes.io/component"] = role
    return found
