"""What the components share: their broker users (Messaging Topology Operator) and the
migrations Job."""

from __future__ import annotations

from typing import Any

from deploy.kubernetes.layout import COMPONENTS, IMAGE, LIMITS, VHOST, Component, labels
from deploy.kubernetes.manifests import database_pieces, env_from

CLUSTER = {"name": "aswan-rabbitmq"}


def permissions(c: Component) -> dict[str, str]:
    """What the component's own broker user may touch (regexes on names, in vhost ``aswan``):
    the shared exchange and its parking exchange and queue (every component declares them), its
    own queues ``<name>.*`` (main, dead-letter, retry, and monitoring's ``monitoring.sse.*``),
    and the default exchange for writing (retries and dead letters go through it)."""
    own = f"aswan\\.events|aswan\\.events\\.unrouted|{c.name}\\..+"
    return {"configure": f"^({own})$", "write": f"^({own}|amq\\.default)$", "read": f"^({own})$"}


def _user(name: str, secret: str, meta: dict[str, Any]) -> dict[str, Any]:
    spec = {"rabbitmqClusterReference": CLUSTER, "importCredentialsSecret": {"name": secret}}
    return {"apiVersion": "rabbitmq.com/v1beta1", "kind": "User", "metadata": meta, "spec": spec}


def _grant(kind: str, user: str, perms: dict[str, str], meta: dict[str, Any]) -> dict[str, Any]:
    spec = {"vhost": VHOST, "userReference": {"name": user}, "permissions": perms,
            "rabbitmqClusterReference": CLUSTER}  # fmt: skip
    return {"apiVersion": "rabbitmq.com/v1beta1", "kind": kind, "metadata": meta, "spec": spec}


def broker_users() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for c in COMPONENTS.values():
        user = f"aswan-{c.kname}"
        meta = {"name": user, "labels": labels(c)}
        docs.append(_user(user, f"{user}-amqp", meta))
        docs.append(_grant("Permission", user, permissions(c), meta))
        # Topic authorisation: on aswan.events a component publishes only its own routing keys.
        write = "^(" + "|".join(c.topics) + ")\\."
        topic = {"exchange": "aswan.events", "write": write, "read": ".*"}
        docs.append(_grant("TopicPermission", user, topic, meta))
    # KEDA reads queue lengths with passive declares, which need no permission (checked on
    # RabbitMQ 3.10): its user may connect to the vhost and nothing else.
    meta = {"name": "aswan-keda", "labels": {"app.kubernetes.io/part-of": "aswan2040"}}
    docs.append(_user("aswan-keda", "aswan-keda-amqp", meta))
    nothing = {"configure": "^$", "write": "^$", "read": "^$"}
    docs.append(_grant("Permission", "aswan-keda", nothing, meta))
    return docs


def migrations_job() -> dict[str, Any]:
    """``aswan db setup`` (as the superuser: database, a role and schema per component,
    pg_trgm), then ``aswan db migrate`` (each one's Alembic history as its own role), before the
    components roll out: README.md (rollout.sh, or an Argo CD PreSync hook)."""
    names = list(COMPONENTS)
    passwords = [
        env_from(f"{n.upper()}_DB_PASSWORD", "secretKeyRef", f"aswan-{c.kname}-db", "password")
        for n, c in COMPONENTS.items()
    ]
    admin = [
        env_from("ADMIN_DB_USERNAME", "secretKeyRef", "aswan-db-superuser", "username"),
        env_from("ADMIN_DB_PASSWORD", "secretKeyRef", "aswan-db-superuser", "password"),
        {"name": "ADMIN_DATABASE_URL",
         "value": "postgresql+asyncpg://$(ADMIN_DB_USERNAME):$(ADMIN_DB_PASSWORD)"
                  "@$(DATABASE_HOST)/postgres$(DATABASE_PARAMS)"},
    ]  # fmt: skip
    urls = [
        {"name": f"{n.upper()}_DATABASE_URL",
         "value": f"postgresql+asyncpg://aswan_{n}:$({n.upper()}_DB_PASSWORD)"
                  "@$(DATABASE_HOST)/$(DATABASE_NAME)$(DATABASE_PARAMS)"}
        for n in names
    ]  # fmt: skip
    security = {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                "capabilities": {"drop": ["ALL"]}}  # fmt: skip
    resources = {"requests": {"cpu": "100m", "memory": "160Mi"}, "limits": LIMITS}
    step = {"app.kubernetes.io/part-of": "aswan2040", "app.kubernetes.io/component": "migrations"}

    def container(name: str, command: list[str], env: list[dict[str, Any]]) -> dict[str, Any]:
        return {"name": name, "image": IMAGE, "command": command, "env": env,
                "resources": resources, "securityContext": security}  # fmt: skip

    pod = {
        "restartPolicy": "Never",
        "securityContext": {"runAsNonRoot": True, "runAsUser": 10001,
                            "seccompProfile": {"type": "RuntimeDefault"}},
        "initContainers": [
            container("setup", ["aswan", "db", "setup"], database_pieces() + passwords + admin)
        ],
        "containers": [
            container("migrate", ["aswan", "db", "migrate", *names],
                      database_pieces() + passwords + urls)
        ],
    }  # fmt: skip
    annotations = {
        "argocd.argoproj.io/hook": "PreSync",
        "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
    }
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "aswan-db-migrate", "labels": step, "annotations": annotations},
        "spec": {
            "backoffLimit": 20,  # the database may come up after the Job
            "template": {"metadata": {"labels": step}, "spec": pod},
        },
    }
