"""One component's manifests: a Deployment per role, the Service of its api, the api's
HorizontalPodAutoscaler (CPU), the consumers' KEDA ScaledObject (queue length), the budgets."""

from __future__ import annotations

from typing import Any

from deploy.kubernetes.layout import (
    DB_POOL_SIZE,
    IMAGE,
    LIMITS,
    QUEUE_LENGTH_PER_REPLICA,
    RABBITMQ_HOST,
    RESOURCES,
    VHOST,
    Component,
    labels,
    port,
    queues,
)


def env_from(name: str, ref: str, source: str, key: str, optional: bool = False) -> dict:
    selector: dict[str, Any] = {"name": source, "key": key}
    if optional:
        selector["optional"] = True
    return {"name": name, "valueFrom": {ref: selector}}


def database_pieces() -> list[dict[str, Any]]:
    return [
        env_from("DATABASE_HOST", "configMapKeyRef", "aswan-database", "host"),
        env_from("DATABASE_NAME", "configMapKeyRef", "aswan-database", "name"),
        env_from("DATABASE_PARAMS", "configMapKeyRef", "aswan-database", "params"),
    ]


def env(c: Component) -> list[dict[str, Any]]:
    """Settings fields of the component (upper case), plus the pieces the two URLs are made of."""
    password = f"{c.name.upper()}_DB_PASSWORD"
    return [
        *database_pieces(),
        env_from(password, "secretKeyRef", f"aswan-{c.kname}-db", "password"),
        {
            "name": "DATABASE_URL",
            "value": f"postgresql+asyncpg://aswan_{c.name}:$({password})@$(DATABASE_HOST)"
            "/$(DATABASE_NAME)$(DATABASE_PARAMS)",
        },
        env_from("AMQP_USERNAME", "secretKeyRef", f"aswan-{c.kname}-amqp", "username"),
        env_from("AMQP_PASSWORD", "secretKeyRef", f"aswan-{c.kname}-amqp", "password"),
        {
            "name": "AMQP_URL",
            "value": f"amqp://$(AMQP_USERNAME):$(AMQP_PASSWORD)@{RABBITMQ_HOST}/{VHOST}",
        },
        env_from("JWT_SECRET", "secretKeyRef", "aswan-jwt", "JWT_SECRET"),
        {"name": "HTTP_HOST", "value": "0.0.0.0"},  # noqa: S104 - inside the pod
        {"name": "HTTP_PORT", "value": str(port(c.name))},
        {"name": "DB_POOL_SIZE", "value": DB_POOL_SIZE},
        *(env_from(s.env, "secretKeyRef", s.name, s.env, s.optional) for s in c.secrets),
    ]


def _meta(name: str, c: Component, role: str | None = None) -> dict[str, Any]:
    return {"name": name, "labels": labels(c, role)}


def deployment(c: Component, role: str) -> dict[str, Any]:
    probe = {"httpGet": {"path": "/readyz", "port": "http"}, "periodSeconds": 5}
    container: dict[str, Any] = {
        "name": c.kname,
        "image": IMAGE,
        "command": ["python", "-m", c.package, "--role", role],
        "ports": [{"name": "http", "containerPort": port(c.name)}],
        "env": env(c),
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
    if c.config:
        container["envFrom"] = [{"configMapRef": {"name": c.config}}]
    pod = {
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
                "labelSelector": {"matchLabels": labels(c, role)},
            }
        ],
    }
    spec: dict[str, Any] = {
        "selector": {"matchLabels": labels(c, role)},
        "template": {"metadata": {"labels": labels(c, role)}, "spec": pod},
    }
    if role != "consumers":  # the consumers' replicas belong to KEDA
        spec = {"replicas": c.relays if role == "relay" else 2, **spec}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta(f"{c.kname}-{role}", c, role),
        "spec": spec,
    }


def service_object(c: Component) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _meta(c.kname, c),
        "spec": {
            "selector": labels(c, "api"),
            "ports": [{"name": "http", "port": port(c.name), "targetPort": "http"}],
        },
    }


def autoscaler(c: Component) -> dict[str, Any]:
    cpu = {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": _meta(f"{c.kname}-api", c, "api"),
        "spec": {
            "scaleTargetRef": {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "name": f"{c.kname}-api",
            },
            "minReplicas": 2,
            "maxReplicas": c.max_api,
            "metrics": [{"type": "Resource", "resource": cpu}],
        },
    }


def scaled_object(c: Component) -> dict[str, Any]:
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
        for queue in queues(c.name)
    ]
    return {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "ScaledObject",
        "metadata": _meta(f"{c.kname}-consumers", c, "consumers"),
        "spec": {
            "scaleTargetRef": {"name": f"{c.kname}-consumers"},
            "minReplicaCount": 1,
            "maxReplicaCount": c.max_consumers,
            "pollingInterval": 15,
            "cooldownPeriod": 300,
            "triggers": triggers,
        },
    }


def disruption_budget(c: Component, role: str) -> dict[str, Any]:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": _meta(f"{c.kname}-{role}", c, role),
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": labels(c, role)}},
    }


def documents(c: Component) -> list[dict[str, Any]]:
    docs = [service_object(c)]
    docs += [deployment(c, role) for role in c.roles]
    docs.append(autoscaler(c))
    if "consumers" in c.roles:
        docs.append(scaled_object(c))
    docs += [disruption_budget(c, role) for role in c.roles]
    return docs
