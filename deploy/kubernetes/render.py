"""Renders a kustomization of this directory the way ``kubectl kustomize`` does, for the features
these kustomizations use, so that CI can check the manifests without a kustomize binary.

    .venv/bin/python deploy/kubernetes/render.py deploy/kubernetes/overlays/production

Supported (and nothing else: anything more raises): ``resources`` (files and directories),
``components``, ``namespace``, ``images`` (``newName`` / ``newTag``), and ``patches`` (a file or
inline, strategic merge, with or without a ``target`` of kind / name / labelSelector). The order is
kustomize's: a kustomization's resources, then its components, then its own transformers.
Strategic merge follows Kubernetes' patch keys for the built-in kinds used here (lists of
containers, env, volumes... merged by name); custom resources get a JSON merge patch, as kustomize
does for kinds it has no schema for. tests/unit/platform/test_kubernetes.py compares this with
``kubectl kustomize`` where kubectl is installed.
"""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path
from typing import Any

import yaml

Resource = dict[str, Any]
KNOWN = {"apiVersion", "kind", "resources", "components", "namespace", "images", "patches"}
BUILTIN_GROUPS = {"v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2"}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"}
# Strategic-merge keys of the lists that appear in these manifests.
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
}


def load_documents(path: Path) -> list[Resource]:
    return [doc for doc in yaml.safe_load_all(path.read_text("utf-8")) if doc]


def render(directory: Path) -> list[Resource]:
    return _build(Path(directory), component=False)


def _build(directory: Path, component: bool) -> list[Resource]:
    spec = yaml.safe_load((directory / "kustomization.yaml").read_text("utf-8"))
    unknown = set(spec) - KNOWN
    if unknown:
        raise NotImplementedError(f"{directory}: kustomize features not rendered: {unknown}")
    expected = "Component" if component else "Kustomization"
    if spec.get("kind", "Kustomization") != expected:
        raise ValueError(f"{directory}: expected kind {expected}, found {spec.get('kind')}")
    resources: list[Resource] = []
    for entry in spec.get("resources", []):
        path = directory / entry
        resources += _build(path, False) if path.is_dir() else load_documents(path)
    return _transform(directory, spec, resources)


def _transform(directory: Path, spec: dict[str, Any], resources: list[Resource]) -> list[Resource]:
    for entry in spec.get("components", []):
        component = directory / entry
        comp = yaml.safe_load((component / "kustomization.yaml").read_text("utf-8"))
        if comp.get("kind") != "Component":
            raise ValueError(f"{component}: not a Component")
        added = [doc for e in comp.get("resources", []) for doc in load_documents(component / e)]
        resources = _transform(component, {**comp, "resources": []}, resources + added)
    for patch in spec.get("patches", []):
        resources = _apply_patch(directory, patch, resources)
    for image in spec.get("images", []):
        for resource in resources:
            _set_images(resource, image)
    if "namespace" in spec:
        for resource in resources:
            if resource["kind"] not in CLUSTER_SCOPED:
                resource.setdefault("metadata", {})["namespace"] = spec["namespace"]
    _check_unique(resources)
    return resources


def _apply_patch(directory: Path, entry: dict[str, Any], resources: list[Resource]) -> list[Any]:
    if set(entry) - {"path", "patch", "target"}:
        raise NotImplementedError(f"patch options not rendered: {entry}")
    text = (directory / entry["path"]).read_text("utf-8") if "path" in entry else entry["patch"]
    patches = [doc for doc in yaml.safe_load_all(text) if doc]
    if len(patches) > 1 and "target" not in entry:
        for one in patches:  # a file of several patches: each finds its own resource
            resources = _apply_patch(directory, {"patch": yaml.safe_dump(one)}, resources)
        return resources
    patch = patches[0]
    if not isinstance(patch, dict):
        raise NotImplementedError("only strategic-merge patches are rendered (no JSON 6902)")
    target = entry.get("target") or {"kind": patch["kind"], "name": patch["metadata"]["name"]}
    matched = {id(r) for r in resources if _matches(r, target)}
    if not matched:
        raise ValueError(f"{directory}: patch {target} matches no resource")
    out = []
    for resource in resources:
        if id(resource) in matched:
            body = {k: v for k, v in patch.items() if k not in ("apiVersion", "kind", "metadata")}
            merged = _merge(resource, body, resource["apiVersion"] in BUILTIN_GROUPS)
            meta = {k: v for k, v in (patch.get("metadata") or {}).items() if k != "name"}
            merged["metadata"] = _merge(merged["metadata"], meta, True)
            out.append(merged)
        else:
            out.append(resource)
    return out


def _matches(resource: Resource, target: dict[str, Any]) -> bool:
    if set(target) - {"kind", "name", "labelSelector"}:
        raise NotImplementedError(f"patch target fields not rendered: {target}")
    if "kind" in target and resource["kind"] != target["kind"]:
        return False
    if "name" in target and not re.fullmatch(target["name"], resource["metadata"]["name"]):
        return False
    if "labelSelector" in target:
        labels = resource["metadata"].get("labels") or {}
        for term in target["labelSelector"].split(","):
            key, value = term.split("=", 1)
            if labels.get(key.strip()) != value.strip():
                return False
    return True


def _merge(base: Any, patch: Any, strategic: bool, key: str = "") -> Any:
    if isinstance(patch, dict) and "$patch" in patch:
        raise NotImplementedError("$patch directives are not rendered")
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = copy.deepcopy(base)
        for name, value in patch.items():
            if value is None:
                merged.pop(name, None)
            else:
                merged[name] = _merge(merged.get(name), value, strategic, name)
        return merged
    if strategic and key in MERGE_KEYS and isinstance(base, list) and isinstance(patch, list):
        field = MERGE_KEYS[key]
        merged_list = copy.deepcopy(base)
        for item in patch:
            index = next((i for i, b in enumerate(base) if b[field] == item[field]), None)
            if index is None:
                merged_list.append(copy.deepcopy(item))
            else:
                merged_list[index] = _merge(merged_list[index], item, strategic)
        return merged_list
    return copy.deepcopy(patch)


def _set_images(node: Any, image: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("containers", "initContainers") and isinstance(value, list):
                for container in value:
                    name = re.split(r"[:@]", container["image"], maxsplit=1)[0]
                    if name == image["name"]:
                        container["image"] = (
                            f"{image.get('newName', name)}:{image['newTag']}"
                            if "newTag" in image
                            else image.get("newName", name)
                        )
            else:
                _set_images(value, image)
    elif isinstance(node, list):
        for item in node:
            _set_images(item, image)


def resource_id(resource: Resource) -> tuple[str, str, str, str]:
    meta = resource["metadata"]
    group = resource["apiVersion"].rsplit("/", 1)[0] if "/" in resource["apiVersion"] else ""
    return group, resource["kind"], meta.get("namespace", ""), meta["name"]


def _check_unique(resources: list[Resource]) -> None:
    seen: set[tuple[str, str, str, str]] = set()
    for resource in resources:
        rid = resource_id(resource)
        if rid in seen:
            raise ValueError(f"resource defined twice: {rid}")
        seen.add(rid)


if __name__ == "__main__":
    print(yaml.safe_dump_all(render(Path(sys.argv[1])), sort_keys=False, allow_unicode=True))
