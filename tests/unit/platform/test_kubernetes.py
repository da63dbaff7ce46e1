"""deploy/kubernetes, checked without a cluster: every overlay is rendered (deploy/kubernetes/
render.py, compared with ``kubectl kustomize`` where kubectl is installed), every built-in manifest
validated against the Kubernetes schema (kubernetes-validate), the operators' resources (KEDA,
RabbitMQ, CloudNativePG) against the fields their CRDs require, and every command, port,
environment variable, queue, secret and broker permission checked against the code."""

from __future__ import annotations

import importlib
import os
import re
import secrets
import shutil
import subprocess
from functools import cache
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import typer.main
import yaml

import shared.cli
import shared.runtime
from deploy.kubernetes import generate
from deploy.kubernetes.layout import COMPONENTS, queues, settings_class
from deploy.kubernetes.render import render, resource_id
from shared.process import parse_roles
from shared.runtime import ALL_ROLES
from tests.unit.platform.compose_model import ROOT, shared_env_patterns

K8S = ROOT / "deploy" / "kubernetes"
OVERLAYS = sorted(p.name for p in (K8S / "overlays").iterdir() if p.is_dir())
SERVICES = generate.SERVICES


def k(service: str) -> str:
    """The component's Kubernetes name (no underscore)."""
    return COMPONENTS[service].kname


def roles(service: str) -> tuple[str, ...]:
    return COMPONENTS[service].roles


KUBERNETES_VERSION = "1.30"


@cache
def rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    return tuple(render(K8S / "overlays" / overlay))


def of_kind(overlay: str, kind: str) -> dict[str, dict[str, Any]]:
    return {r["metadata"]["name"]: r for r in rendered(overlay) if r["kind"] == kind}


def test_overlays_exist() -> None:
    assert {"dev", "production", "production-managed-db"} <= set(OVERLAYS)


def test_generated_files_are_current() -> None:
    for path, text in generate.outputs().items():
        assert (K8S / path).read_text("utf-8") == text, (
            f"run deploy/kubernetes/generate.py ({path})"
        )


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="no kubectl to compare with")
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_renderer_agrees_with_kubectl_kustomize(overlay: str) -> None:
    out = subprocess.run(
        ["kubectl", "kustomize", str(K8S / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    theirs = {resource_id(r): r for r in yaml.safe_load_all(out) if r}
    assert {resource_id(r): r for r in rendered(overlay)} == theirs


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_builtin_manifests_are_valid_kubernetes(overlay: str) -> None:
    builtin = [r for r in rendered(overlay) if "." not in r["apiVersion"].split("/")[0]]
    assert len(builtin) > 30
    for resource in builtin:
        kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)


def _obj(required: list[str], properties: dict[str, Any], closed: bool = True) -> dict[str, Any]:
    schema = {"type": "object", "required": required, "properties": properties}
    return {**schema, "additionalProperties": False} if closed else schema


_STR, _INT, _REF = (
    {"type": "string"},
    {"type": "integer"},
    _obj(["name"], {"name": {"type": "string"}}),
)
_OPEN = {"type": "object"}
# The fields of the operators' CRDs these manifests use (keda.sh v2, rabbitmq.com cluster and
# messaging-topology operators, postgresql.cnpg.io v1), closed so that a misspelt field fails.
CRD_SPECS: dict[str, dict[str, Any]] = {
    "ScaledObject": _obj(["scaleTargetRef", "triggers"], {
        "scaleTargetRef": _REF, "minReplicaCount": _INT, "maxReplicaCount": _INT,
        "pollingInterval": _INT, "cooldownPeriod": _INT,
        "triggers": {"type": "array", "minItems": 1, "items": _obj(["type", "metadata"], {
            "type": {"const": "rabbitmq"}, "authenticationRef": _REF,
            "metadata": _obj(["protocol", "mode", "value", "queueName"], {
                "protocol": {"enum": ["amqp", "http", "auto"]},
                "mode": {"enum": ["QueueLength", "MessageRate"]},
                "value": {"type": "string", "pattern": r"^\d+$"},
                "queueName": _STR, "vhostName": _STR})})}}),
    "TriggerAuthentication": _obj(["secretTargetRef"], {"secretTargetRef": {
        "type": "array", "items": _obj(["parameter", "name", "key"],
                                       {"parameter": _STR, "name": _STR, "key": _STR})}}),
    "RabbitmqCluster": _obj(["replicas"], {
        "replicas": _INT, "image": _STR, "resources": _OPEN, "affinity": _OPEN,
        "persistence": _obj([], {"storage": _STR, "storageClassName": _STR}),
        "rabbitmq": _obj([], {"additionalConfig": _STR})}),
    "Vhost": _obj(["name", "rabbitmqClusterReference"], {
        "name": _STR, "defaultQueueType": {"enum": ["quorum", "classic", "stream"]},
        "rabbitmqClusterReference": _REF}),
    "User": _obj(["rabbitmqClusterReference"], {
        "rabbitmqClusterReference": _REF, "importCredentialsSecret": _REF}),
    "Permission": _obj(["vhost", "userReference", "permissions", "rabbitmqClusterReference"], {
        "vhost": _STR, "userReference": _REF, "rabbitmqClusterReference": _REF,
        "permissions": _obj(["configure", "write", "read"],
                            {"configure": _STR, "write": _STR, "read": _STR})}),
    "TopicPermission": _obj(["vhost", "userReference", "permissions",
                             "rabbitmqClusterReference"], {
        "vhost": _STR, "userReference": _REF, "rabbitmqClusterReference": _REF,
        "permissions": _obj(["exchange", "write", "read"],
                            {"exchange": _STR, "write": _STR, "read": _STR})}),
    "Cluster": _obj(["instances", "storage"], {
        "instances": {"type": "integer", "minimum": 1}, "imageName": _STR,
        "minSyncReplicas": _INT, "maxSyncReplicas": _INT,
        "primaryUpdateStrategy": {"enum": ["unsupervised", "supervised"]},
        "enableSuperuserAccess": {"type": "boolean"}, "superuserSecret": _REF,
        "bootstrap": _obj(["initdb"], {"initdb": _obj(["database", "owner"],
                                                      {"database": _STR, "owner": _STR})}),
        "postgresql": _obj([], {"parameters": {"type": "object",
                                               "additionalProperties": _STR}}),
        "storage": _obj(["size"], {"size": _STR, "storageClass": _STR}),
        "resources": _OPEN,
        "affinity": _obj([], {"enablePodAntiAffinity": {"type": "boolean"},
                              "topologyKey": _STR})}),
}  # fmt: skip
CRD_GROUPS = {"keda.sh/v1alpha1", "rabbitmq.com/v1beta1", "postgresql.cnpg.io/v1"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_operator_resources_have_the_fields_their_crds_require(overlay: str) -> None:
    custom = [r for r in rendered(overlay) if "." in r["apiVersion"].split("/")[0]]
    for resource in custom:
        assert resource["apiVersion"] in CRD_GROUPS, resource_id(resource)
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", resource["metadata"]["name"])
        jsonschema.validate(resource["spec"], CRD_SPECS[resource["kind"]])
    kinds = {r["kind"] for r in custom}
    assert {"ScaledObject", "RabbitmqCluster", "User", "Permission", "Vhost"} <= kinds


# -- the services ---------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", SERVICES)
def test_each_role_runs_as_its_own_deployment(overlay: str, service: str) -> None:
    deployments = of_kind(overlay, "Deployment")
    package = COMPONENTS[service].package
    main = ROOT.joinpath(*package.split("."), "__main__.py")
    assert "serve(" in main.read_text("utf-8")
    mine = {name for name in deployments if name.rsplit("-", 1)[0] == k(service)}
    assert mine == {f"{k(service)}-{role}" for role in roles(service)}
    for role in roles(service):
        pod = deployments[f"{k(service)}-{role}"]["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        assert container["command"] == ["python", "-m", package, "--role", role]
        assert parse_roles(role) == {role}
    if "consumers" not in roles(service):  # it consumes nothing
        assert not queues(service) and not (ROOT / package.replace(".", "/") / "entrypoints" /
                                            "consumers.py").exists()  # fmt: skip


@pytest.mark.parametrize("service", SERVICES)
def test_ports_and_probes_are_the_services(service: str, monkeypatch: pytest.MonkeyPatch) -> None:
    port = settings_class(service).model_fields["http_port"].default
    paths = set(_app(service, monkeypatch).openapi()["paths"])
    for role in roles(service):
        container = _container("production", f"{k(service)}-{role}")
        assert container["ports"] == [{"name": "http", "containerPort": port}]
        probes = [container[p]["httpGet"] for p in ("startupProbe", "readinessProbe")]
        assert probes == [{"path": "/readyz", "port": "http"}] * 2
        assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert {"/readyz", "/healthz"} <= paths
    svc = of_kind("production", "Service")[k(service)]["spec"]
    assert svc["ports"] == [{"name": "http", "port": port, "targetPort": "http"}]
    api = of_kind("production", "Deployment")[f"{k(service)}-api"]
    labels = api["spec"]["template"]["metadata"]
    assert svc["selector"].items() <= labels["labels"].items()


def _app(service: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    for key, value in _environment("production", f"{k(service)}-api").items():
        monkeypatch.setenv(key, value)
    bootstrap = importlib.import_module(f"{COMPONENTS[service].package}.bootstrap")
    settings = settings_class(service)()  # type: ignore[call-arg]
    return bootstrap.build(settings, ALL_ROLES)  # connects nothing until started


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", SERVICES)
def test_environment_is_what_the_settings_read(
    overlay: str, service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every variable is a field of the service's settings class or a piece of a later variable
    ($(NAME)); every required field is given; the settings accept the values."""
    cls = settings_class(service)
    fields = {name.upper() for name in cls.model_fields}
    required = {name.upper() for name, f in cls.model_fields.items() if f.is_required()}
    for role in roles(service):
        container = _container(overlay, f"{k(service)}-{role}")
        names = [e["name"] for e in container["env"]]
        pieces = _pieces(container["env"])
        assert set(names) - fields <= pieces, f"no setting reads {set(names) - fields - pieces}"
        for source in container.get("envFrom", []):
            keys = set(of_kind(overlay, "ConfigMap")[source["configMapRef"]["name"]]["data"])
            assert keys <= fields, f"no setting reads {keys - fields}"
        env = _environment(overlay, f"{k(service)}-{role}")
        assert required <= set(env), f"required settings missing: {required - set(env)}"
        for key in os.environ:
            if key.lower() in cls.model_fields:
                monkeypatch.delenv(key)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        settings = cls()  # type: ignore[call-arg]
        assert settings.service == service and settings.http_host == "0.0.0.0"
        assert settings.database_url.startswith(f"postgresql+asyncpg://aswan_{service}:")
        assert settings.amqp_url.startswith(f"amqp://aswan-{k(service)}:")
        assert settings.amqp_url.endswith(f"@{generate.RABBITMQ_HOST}/{generate.VHOST}")
        assert settings.queue_prefix == "" and settings.exchange == "aswan.events"


def _pieces(env: list[dict[str, Any]]) -> set[str]:
    """Variables used as $(NAME) in a later variable of the same list (and defined before it)."""
    used: set[str] = set()
    for index, entry in enumerate(env):
        for name in re.findall(r"\$\((\w+)\)", entry.get("value", "")):
            assert name in [e["name"] for e in env[:index]], f"$({name}) is not defined before"
            used.add(name)
    return used


def _container(overlay: str, deployment: str) -> dict[str, Any]:
    (container,) = of_kind(overlay, "Deployment")[deployment]["spec"]["template"]["spec"][
        "containers"
    ]
    return container


def _environment(overlay: str, name: str, kind: str = "Deployment", index: int = 0) -> dict:
    """The container's environment as the kubelet makes it (throwaway secret values)."""
    pod = of_kind(overlay, kind)[name]["spec"]["template"]["spec"]
    container = [*pod.get("initContainers", []), *pod["containers"]][index]
    maps = of_kind(overlay, "ConfigMap")
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        env.update(maps[source["configMapRef"]["name"]]["data"])
    for entry in container["env"]:
        ref = entry.get("valueFrom", {})
        if "configMapKeyRef" in ref:
            value = maps[ref["configMapKeyRef"]["name"]]["data"][ref["configMapKeyRef"]["key"]]
        elif "secretKeyRef" in ref:
            value = _throwaway(ref["secretKeyRef"]["name"], ref["secretKeyRef"]["key"])
        else:
            value = re.sub(r"\$\((\w+)\)", lambda m: env[m.group(1)], entry["value"])
        env[entry["name"]] = value
    return env


def _throwaway(secret: str, key: str) -> str:
    if key == "username":
        return created_secrets()[secret]["username"]
    if key == "TELEGRAM_BOT_TOKEN":  # BotFather's shape: <bot id>:<secret>
        return f"123456:{secrets.token_hex(16)}"
    return secrets.token_hex(32)


@cache
def created_secrets() -> dict[str, dict[str, str]]:
    """Secret name -> key -> value as written in create-secrets.sh (``$(random)`` where random)."""
    script = (K8S / "create-secrets.sh").read_text("utf-8").replace("\\\n", " ")
    services = re.search(r"^services=\((.*)\)$", script, re.M)
    assert services and services.group(1).split() == [k(s) for s in SERVICES]
    found: dict[str, dict[str, str]] = {}
    for line in re.findall(r"^\s*secret (.+)$", script, re.M):
        for service in SERVICES if "$service" in line else [""]:
            line = line.replace("${service//-/_}", service)
            words = line.replace('"', "").replace("$service", k(service) if service else "")
            words = words.split()
            found[words[0]] = dict(w.split("=", 1) for w in words[2:] if "=" in w)
    return found


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_secret_read_is_created_and_none_is_in_the_repository(overlay: str) -> None:
    created = created_secrets()
    assert not of_kind(overlay, "Secret"), "no Secret object in the manifests"
    for resource in rendered(overlay):
        for ref in _find(resource, "secretKeyRef"):
            if not ref.get("optional"):
                assert ref["key"] in created.get(ref["name"], {}), f"nothing creates {ref}"
        for value in _find(resource, "value"):
            credentials = re.match(r"\w[\w+]*://[^:/@]+:([^@]*)@", str(value))
            if credentials:
                assert re.fullmatch(r"(\$\(\w+\))+", credentials.group(1)), f"literal: {value}"
    for name in ("aswan-db-superuser", "aswan-jwt", "aswan-keda-amqp"):
        assert name in created
    host = f"@{generate.RABBITMQ_HOST.replace(':', '.$namespace.svc:')}/{generate.VHOST}"
    assert created["aswan-keda-amqp"]["host"].endswith(host)
    for secret, keys in created.items():
        for key, value in keys.items():
            assert key == "username" or "random" in value or "$" in value, f"{secret}.{key}"
    for ref in _find(of_kind(overlay, "TriggerAuthentication"), "secretTargetRef"):
        for item in ref:
            assert item["key"] in created[item["name"]]
    for ref in _find(of_kind(overlay, "User"), "importCredentialsSecret"):
        assert {"username", "password"} <= set(created[ref["name"]])


def _find(node: Any, key: str) -> list[Any]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == key] + [
            x for v in node.values() for x in _find(v, key)
        ]
    if isinstance(node, list):
        return [x for v in node for x in _find(v, key)]
    return []


# -- scaling, budgets, migrations -----------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", [s for s in SERVICES if "consumers" in roles(s)])
def test_consumers_scale_by_their_queues_and_api_by_cpu(overlay: str, service: str) -> None:
    scaled = of_kind(overlay, "ScaledObject")[f"{k(service)}-consumers"]["spec"]
    assert scaled["scaleTargetRef"]["name"] in of_kind(overlay, "Deployment")
    package = COMPONENTS[service].package
    module = importlib.import_module(f"{package}.entrypoints.consumers")
    expected = {f"{service}.{sub.purpose}" for sub in module.subscriptions()}
    assert {t["metadata"]["queueName"] for t in scaled["triggers"]} == expected
    auths = of_kind(overlay, "TriggerAuthentication")
    assert all(t["authenticationRef"]["name"] in auths for t in scaled["triggers"])
    assert "replicas" not in of_kind(overlay, "Deployment")[f"{k(service)}-consumers"]["spec"]
    hpa = of_kind(overlay, "HorizontalPodAutoscaler")[f"{k(service)}-api"]["spec"]
    assert hpa["scaleTargetRef"]["name"] == f"{k(service)}-api"
    assert hpa["metrics"][0]["resource"]["name"] == "cpu"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_deployment_has_a_disruption_budget_requests_and_limits(overlay: str) -> None:
    budgets = of_kind(overlay, "PodDisruptionBudget")
    for name, deployment in of_kind(overlay, "Deployment").items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert budgets[name]["spec"]["selector"]["matchLabels"].items() <= labels.items()
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        assert {"cpu", "memory"} <= set(container["resources"]["requests"])
        assert container["resources"]["limits"]["memory"]
    assert "aswan-rabbitmq" in budgets


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migrations_job_runs_setup_then_every_services_migrations(overlay: str) -> None:
    job = of_kind(overlay, "Job")["aswan-db-migrate"]
    pod = job["spec"]["template"]["spec"]
    (setup,), (migrate,) = pod["initContainers"], pod["containers"]
    assert setup["command"] == ["aswan", "db", "setup"]
    assert migrate["command"] == ["aswan", "db", "migrate", *SERVICES]
    group = typer.main.get_command(shared.cli.app).get_command(None, "db")  # type: ignore[attr-defined]
    assert group.get_command(None, "setup") and group.get_command(None, "migrate")
    for service in SERVICES:
        package = COMPONENTS[service].package.replace(".", "/")
        assert (ROOT / package / "migrations" / "env.py").is_file()
    patterns = shared_env_patterns()
    for index, container in enumerate((setup, migrate)):
        pieces = _pieces(container["env"])
        for entry in container["env"]:
            name = entry["name"]
            # the CLI's f-strings take any component's name (compose_model knows the services')
            generic = re.sub(rf"^({'|'.join(n.upper() for n in SERVICES)})_", "REGISTRY_", name)
            assert name in pieces or any(p.fullmatch(generic) for p in patterns), name
        env = _environment(overlay, "aswan-db-migrate", "Job", index)
        for service in SERVICES:
            url = env.get(f"{service.upper()}_DATABASE_URL") or env["ADMIN_DATABASE_URL"]
            assert url.startswith("postgresql+asyncpg://")
    assert job["metadata"]["annotations"]["argocd.argoproj.io/hook"] == "PreSync"
    rollout = (K8S / "rollout.sh").read_text("utf-8")
    assert rollout.index("job/aswan-db-migrate") < rollout.index('-l "$services"')


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_postgres_is_cloudnative_pg_or_an_external_url(overlay: str) -> None:
    database = of_kind(overlay, "ConfigMap")["aswan-database"]["data"]
    clusters = of_kind(overlay, "Cluster")
    if clusters:
        (name,) = clusters
        assert database["host"] == f"{name}-rw:5432"
        assert clusters[name]["spec"]["superuserSecret"]["name"] == "aswan-db-superuser"
        spec = clusters[name]["spec"]
        assert spec["instances"] == (1 if overlay == "dev" else 3)
        assert spec["minSyncReplicas"] == (0 if overlay == "dev" else 1)
    else:
        assert "external" in overlay or "managed" in overlay
        assert database["params"] == "?ssl=require"


# -- the broker -----------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", ["production", "production-managed-db"])
def test_rabbitmq_is_three_nodes_with_quorum_queues(overlay: str) -> None:
    (cluster,) = of_kind(overlay, "RabbitmqCluster").values()
    assert cluster["spec"]["replicas"] == 3
    assert "default_queue_type = quorum" in cluster["spec"]["rabbitmq"]["additionalConfig"]
    vhost = of_kind(overlay, "Vhost")[generate.VHOST]["spec"]
    assert vhost["defaultQueueType"] == "quorum"


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_user_reaches_its_own_names_only(
    service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The permission regexes admit every exchange and queue the service declares, binds,
    reads or writes (shared/messaging/topology.py), and no other service's queues; on the
    topic exchange it may publish only the routing keys of the events its runtime declares."""
    perms = of_kind("production", "Permission")[f"aswan-{k(service)}"]["spec"]["permissions"]
    user = f"aswan-{k(service)}"
    topic = of_kind("production", "TopicPermission")[user]["spec"]["permissions"]
    own = ["aswan.events", "aswan.events.unrouted"]
    for queue in queues(service):
        own += [queue, f"{queue}.dlq", f"{queue}.retry.1", f"{queue}.retry.3"]
    if service == "monitoring":
        own.append("monitoring.sse.0123456789ab")
    for kind in ("configure", "write", "read"):
        for name in own:
            assert re.fullmatch(perms[kind], name), f"{kind} refuses {name}"
        for other in set(SERVICES) - {service}:
            assert not re.fullmatch(perms[kind], f"{other}.intake")
    assert re.fullmatch(perms["write"], "amq.default")  # retries and dead letters
    published: list[str] = []
    describe = shared.runtime.describe_publisher

    def record(broker: Any, exchange: Any, model: Any) -> None:
        published.append(model.ROUTING_KEY)
        describe(broker, exchange, model)

    monkeypatch.setattr(shared.runtime, "describe_publisher", record)
    _app(service, monkeypatch)
    assert topic["exchange"] == "aswan.events"
    assert published, "the runtime declares what it publishes"
    for key in published:
        assert re.match(topic["write"], key), key
    assert not re.match(topic["write"], "monitoring.kpi.updated.v1" if service != "monitoring"
                        else "registry.association.registered.v1")  # fmt: skip
    keda = of_kind("production", "Permission")["aswan-keda"]["spec"]["permissions"]
    assert set(keda.values()) == {"^$"}
