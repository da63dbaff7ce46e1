"""Writes base/<service>.yaml: one service's api, consumers and relay Deployments, its Service,
HorizontalPodAutoscaler (api, by CPU), KEDA ScaledObject (consumers, by queue length) and
PodDisruptionBudgets, from the table below and from the code (ports from each settings class,
queue names from each service's Subscriptions).

    .venv/bin/python deploy/kubernetes/generate.py

The files are committed; tests/unit/platform/test_kubernetes.py fails when they differ from what
this writes. The twelve Deployments differ only in service and role, so they are written by one
function rather than kept consistent by hand.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

# The services deployed, in order. A service added to the platform is added here.
SERVICES = ("registry", "assessment", "monitoring", "notify")
ROLES = ("api", "consumers", "relay")
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
# Ceilings that keep the connections within PostgreSQL's max_connections (docs/scaling.md):
# at most 4 x (api 10 + consumers 11) + 2 relays x 4 = 92 per service.
MAX_CONSUMERS = 4
MAX_API = 4


def port(service: str) -> int:
    config = importlib.import_module(f"services.{service}.config")
    from shared.config import ServiceSettings

    (cls,) = [
        obj
        for obj in vars(config).values()
        if isinstance(obj, type)
        and issubclass(obj, ServiceSettings)
        and obj.__module__ == config.__name__
    ]
    return int(cls.model_fields["http_port"].default)


def queues(service: str) -> list[str]:
    module = importlib.import_module(f"services.{service}.entrypoints.consumers")
    return [f"{service}.{sub.purpose}" for sub in module.subscriptions()]


def labels(service: str, role: str | None = None) -> dict[str, str]:
    found = {"app.kubernetes.io/name": service, "app.kubernetes.io/part-of": "aswan2040"}
    if role:
        found["app.kubernetes.io/component"] = role
    return found


def env(service: str) -> list[dict[str, Any]]:
    """Settings fields of the service (upper case), plus the pieces the two URLs are made of."""
    password = f"{service.upper()}_DB_PASSWORD"
    found: list[dict[str, Any]] = [
        _from("DATABASE_HOST", "configMapKeyRef", "aswan-database", "host"),
        _from("DATABASE_NAME", "configMapKeyRef", "aswan-database", "name"),
        _from("DATABASE_PARAMS", "configMapKeyRef", "aswan-database", "params"),
        _from(password, "secretKeyRef", f"aswan-{service}-db", "password"),
        {
            "name": "DATABASE_URL",
            "value": f"postgresql+asyncpg://aswan_{service}:$({password})@$(DATABASE_HOST)"
            "/$(DATABASE_NAME)$(DATABASE_PARAMS)",
        },
        _from("AMQP_USERNAME", "secretKeyRef", f"aswan-{service}-amqp", "username"),
        _from("AMQP_PASSWORD", "secretKeyRef", f"aswan-{service}-amqp", "password"),
        {
            "name": "AMQP_URL",
            "value": f"amqp://$(AMQP_USERNAME):$(AMQP_PASSWORD)@{RABBITMQ_HOST}/{VHOST}",
        },
        _from("JWT_SECRET", "secretKeyRef", "aswan-jwt", "JWT_SECRET"),
        {"name": "HTTP_HOST", "value": "0.0.0.0"},  # noqa: S104 - inside the pod
        {"name": "HTTP_PORT", "value": str(port(service))},
        {"name": "DB_POOL_SIZE", "value": DB_POOL_SIZE},
    ]
    if service == "notify":
        for key in ("UNSUBSCRIBE_SIGNING_KEY", "WEBHOOK_SECRETS_KEY"):
            found.append(_from(key, "secretKeyRef", "aswan-notify-keys", key))
        for key in ("SMTP_USERNAME", "SMTP_PASSWORD"):
            found.append(_from(key, "secretKeyRef", "aswan-notify-smtp", key, optional=True))
    return found


def _from(name: str, ref: str, source: str, key: str, optional: bool = False) -> dict[str, Any]:
    selector: dict[str, Any] = {"name": source, "key": key}
    if optional:
        selector["optional"] = True
    return {"name": name, "valueFrom": {ref: selector}}


def deployment(service: str, role: str) -> dict[str, Any]:
    name = f"{service}-{role}"
    http = port(service)
    probe = {"httpGet": {"path": "/readyz", "port": "http"}, "periodSeconds": 5}
    container: dict[str, Any] = {
        "name": service,
        "image": IMAGE,
        "command": ["python", "-m", f"services.{service}", "--role", role],
        "ports": [{"name": "http", "containerPort": http}],
        "env": env(service),
        "resources": {**RESOURCES[role], "limits": LIMITS},
        "startupProbe": {**probe, "failureThreshold": 60},
        "readinessProbe": {**probe, "failureThreshold": 3},
        "livenessProbe": {
            "httpGet": {"path": "/healthz", "port": "http"},
            "periodSeconds": 10,
            "failureThreshold": 3,
        },
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],  # noqa: S108
    }
    if service == "notify":
        container["envFrom"] = [{"configMapRef": {"name": "aswan-notify"}}]
    spec: dict[str, Any] = {
        "selector": {"matchLabels": labels(service, role)},
        "template": {
            "metadata": {"labels": labels(service, role)},
            "spec": {
                "securityContext": {
                    "runAsNonRoot": True,
                    "runAsUser": 10001,
                    "seccompProfile": {"type": "RuntimeDefault"},
                },
                # DRAIN_SECONDS (15) to finish in-flight messages, plus margin.
                "terminationGracePeriodSeconds": 30,
                "containers": [container],
                "volumes": [{"name": "tmp", "emptyDir": {}}],
                "topologySpreadConstraints": [
                    {
                        "maxSkew": 1,
                        "topologyKey": "kubernetes.io/hostname",
                        "whenUnsatisfiable": "ScheduleAnyway",
                        "labelSelector": {"matchLabels": labels(service, role)},
                    }
                ],
            },
        },
    }
    if role != "consumers":  # the consumers' replicas belong to KEDA
        spec = {"replicas": 2, **spec}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta(name, service, role),
        "spec": spec,
    }


def _meta(name: str, service: str, role: str | None = None) -> dict[str, Any]:
    return {"name": name, "labels": labels(service, role)}


def service_object(service: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _meta(service, service),
        "spec": {
            "selector": labels(service, "api"),
            "ports": [{"name": "http", "port": port(service), "targetPort": "http"}],
        },
    }


def autoscaler(service: str) -> dict[str, Any]:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": _meta(f"{service}-api", service, "api"),
        "spec": {
            "scaleTargetRef": {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "name": f"{service}-api",
            },
            "minReplicas": 2,
            "maxReplicas": MAX_API,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 70},
                    },
                }
            ],
        },
    }


def scaled_object(service: str) -> dict[str, Any]:
    triggers = [
        {
            "type": "rabbitmq",
            "metadata": {
                "protocol": "amqp",
                "mode": "QueueLength",
                "value": QUEUE_LENGTH_PER_REPLICA,
                "queueName": queue,
                "vhostName": VHOST,
            },
            "authenticationRef": {"name": "aswan-rabbitmq-keda"},
        }
        for queue in queues(service)
    ]
    return {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "ScaledObject",
        "metadata": _meta(f"{service}-consumers", service, "consumers"),
        "spec": {
            "scaleTargetRef": {"name": f"{service}-consumers"},
            "minReplicaCount": 1,
            "maxReplicaCount": MAX_CONSUMERS,
            "pollingInterval": 15,
            "cooldownPeriod": 300,
            "triggers": triggers,
        },
    }


def disruption_budget(service: str, role: str) -> dict[str, Any]:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": _meta(f"{service}-{role}", service, role),
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": labels(service, role)}},
    }


def documents(service: str) -> list[dict[str, Any]]:
    docs = [service_object(service)]
    docs += [deployment(service, role) for role in ROLES]
    docs += [autoscaler(service), scaled_object(service)]
    docs += [disruption_budget(service, role) for role in ROLES]
    return docs


def permissions(service: str) -> dict[str, str]:
    """What the service's own broker user may touch (regexes on names, in vhost ``aswan``): the
    shared exchange and its parking exchange and queue (every service declares them), its own
    queues ``<service>.*`` (main, dead-letter, retry, and monitoring's ``monitoring.sse.*``), and
    the default exchange for writing (retries and dead letters go through it)."""
    own = f"aswan\\.events|aswan\\.events\\.unrouted|{service}\\..+"
    return {"configure": f"^({own})$", "write": f"^({own}|amq\\.default)$", "read": f"^({own})$"}


def broker_users() -> list[dict[str, Any]]:
    cluster = {"name": "aswan-rabbitmq"}
    docs: list[dict[str, Any]] = []
    for service in SERVICES:
        meta = _meta(f"aswan-{service}", service)
        docs.append(
            {
                "apiVersion": "rabbitmq.com/v1beta1",
                "kind": "User",
                "metadata": meta,
                "spec": {
                    "rabbitmqClusterReference": cluster,
                    "importCredentialsSecret": {"name": f"aswan-{service}-amqp"},
                },
            }
        )
        docs.append(
            {
                "apiVersion": "rabbitmq.com/v1beta1",
                "kind": "Permission",
                "metadata": meta,
                "spec": {
                    "vhost": VHOST,
                    "userReference": {"name": f"aswan-{service}"},
                    "permissions": permissions(service),
                    "rabbitmqClusterReference": cluster,
                },
            }
        )
        # Topic authorisation: on aswan.events a service publishes only its own routing keys.
        docs.append(
            {
                "apiVersion": "rabbitmq.com/v1beta1",
                "kind": "TopicPermission",
                "metadata": meta,
                "spec": {
                    "vhost": VHOST,
                    "userReference": {"name": f"aswan-{service}"},
                    "permissions": {
                        "exchange": "aswan.events",
                        "write": f"^{service}\\.",
                        "read": ".*",
                    },
                    "rabbitmqClusterReference": cluster,
                },
            }
        )
    # KEDA reads queue lengths with passive declares, which need no permission (checked on
    # RabbitMQ 3.10): its user may connect to the vhost and nothing else.
    meta = {"name": "aswan-keda", "labels": {"app.kubernetes.io/part-of": "aswan2040"}}
    docs.append(
        {
            "apiVersion": "rabbitmq.com/v1beta1",
            "kind": "User",
            "metadata": meta,
            "spec": {
                "rabbitmqClusterReference": cluster,
                "importCredentialsSecret": {"name": "aswan-keda-amqp"},
            },
        }
    )
    docs.append(
        {
            "apiVersion": "rabbitmq.com/v1beta1",
            "kind": "Permission",
            "metadata": meta,
            "spec": {
                "vhost": VHOST,
                "userReference": {"name": "aswan-keda"},
                "permissions": {"configure": "^$", "write": "^$", "read": "^$"},
                "rabbitmqClusterReference": cluster,
            },
        }
    )
    return docs


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # no &id001 / *id001: every manifest reads on its own


def render(name: str, docs: list[dict[str, Any]]) -> str:
    header = f"# Generated by deploy/kubernetes/generate.py ({name}): edit that, not this.\n"
    return header + yaml.dump_all(docs, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def migrations_job() -> dict[str, Any]:
    """``aswan db setup`` (as the superuser: database, a role and schema per service, pg_trgm),
    then ``aswan db migrate`` (each service's Alembic history as that service's own role), before
    the services roll out: README.md (rollout.sh, or an Argo CD PreSync hook)."""
    database = [
        _from("DATABASE_HOST", "configMapKeyRef", "aswan-database", "host"),
        _from("DATABASE_NAME", "configMapKeyRef", "aswan-database", "name"),
        _from("DATABASE_PARAMS", "configMapKeyRef", "aswan-database", "params"),
    ]
    passwords = [
        _from(f"{s.upper()}_DB_PASSWORD", "secretKeyRef", f"aswan-{s}-db", "password")
        for s in SERVICES
    ]
    admin = [
        _from("ADMIN_DB_USERNAME", "secretKeyRef", "aswan-db-superuser", "username"),
        _from("ADMIN_DB_PASSWORD", "secretKeyRef", "aswan-db-superuser", "password"),
        {
            "name": "ADMIN_DATABASE_URL",
            "value": "postgresql+asyncpg://$(ADMIN_DB_USERNAME):$(ADMIN_DB_PASSWORD)"
            "@$(DATABASE_HOST)/postgres$(DATABASE_PARAMS)",
        },
    ]
    urls = [
        {
            "name": f"{s.upper()}_DATABASE_URL",
            "value": f"postgresql+asyncpg://aswan_{s}:$({s.upper()}_DB_PASSWORD)"
            "@$(DATABASE_HOST)/$(DATABASE_NAME)$(DATABASE_PARAMS)",
        }
        for s in SERVICES
    ]
    security = {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "capabilities": {"drop": ["ALL"]},
    }
    resources = {"requests": {"cpu": "100m", "memory": "160Mi"}, "limits": LIMITS}
    step_labels = {
        "app.kubernetes.io/part-of": "aswan2040",
        "app.kubernetes.io/component": "migrations",
    }
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {
            "name": "aswan-db-migrate",
            "labels": step_labels,
            "annotations": {
                "argocd.argoproj.io/hook": "PreSync",
                "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
            },
        },
        "spec": {
            "backoffLimit": 20,  # the database may come up after the Job
            "template": {
                "metadata": {"labels": step_labels},
                "spec": {
                    "restartPolicy": "Never",
                    "securityContext": {
                        "runAsNonRoot": True,
                        "runAsUser": 10001,
                        "seccompProfile": {"type": "RuntimeDefault"},
                    },
                    "initContainers": [
                        {
                            "name": "setup",
                            "image": IMAGE,
                            "command": ["aswan", "db", "setup"],
                            "env": database + passwords + admin,
                            "resources": resources,
                            "securityContext": security,
                        }
                    ],
                    "containers": [
                        {
                            "name": "migrate",
                            "image": IMAGE,
                            "command": ["aswan", "db", "migrate", *SERVICES],
                            "env": database + passwords + urls,
                            "resources": resources,
                            "securityContext": security,
                        }
                    ],
                },
            },
        },
    }


def outputs() -> dict[str, str]:
    found = {f"base/{service}.yaml": render(service, documents(service)) for service in SERVICES}
    found["base/rabbitmq-users.yaml"] = render("broker users", broker_users())
    found["base/migrations.yaml"] = render("migrations", [migrations_job()])
    return found


def main() -> None:
    for path, text in outputs().items():
        (HERE / path).write_text(text, "utf-8")
        print(path)


if __name__ == "__main__":
    main()
