"""What the compose test reads: the compose file, compose-style interpolation, the settings class
of a service, and the environment variables that the shared CLI code reads (found in its source)."""

from __future__ import annotations

import ast
import importlib
import re
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from shared.config import ServiceSettings
from shared.dbsetup import SERVICES

ROOT = Path(__file__).resolve().parents[3]
_VARIABLE = re.compile(r"\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


@dataclass(frozen=True)
class Compose:
    raw: dict[str, Any]

    @classmethod
    def load(cls, path: Path) -> Compose:
        return cls(yaml.safe_load(path.read_text("utf-8")))

    @property
    def services(self) -> dict[str, dict[str, Any]]:
        return self.raw["services"]

    @property
    def volumes(self) -> dict[str, Any]:
        return self.raw.get("volumes") or {}

    def built(self) -> list[str]:
        return [name for name, spec in self.services.items() if "build" in spec]

    def app_services(self) -> list[str]:
        """Services that run a platform service process (``python -m services.<name>``)."""
        return [
            name
            for name, spec in self.services.items()
            if spec.get("command", [])[:2] == ["python", "-m"]
        ]


@cache
def _throwaway(name: str) -> str:
    return secrets.token_hex(32)


def interpolate(value: str) -> str:
    """Compose interpolation with a throwaway value for each required (``:?``) variable."""

    def replace(match: re.Match[str]) -> str:
        name, op, arg = match.groups()
        if op and op.endswith("?"):
            return _throwaway(name)
        return arg if op else ""

    return _VARIABLE.sub(replace, value)


def required_variables(raw: dict[str, Any]) -> set[str]:
    """Variables that compose refuses to start without (``${NAME:?message}``)."""
    return {
        match.group(1)
        for spec in raw["services"].values()
        for value in (spec.get("environment") or {}).values()
        for match in _VARIABLE.finditer(str(value))
        if (match.group(2) or "").endswith("?")
    }


def settings_class(service: str) -> type[ServiceSettings]:
    """The ``ServiceSettings`` subclass defined in ``services/<service>/config.py``."""
    config = importlib.import_module(f"services.{service}.config")
    found = [
        obj
        for obj in vars(config).values()
        if isinstance(obj, type)
        and issubclass(obj, ServiceSettings)
        and obj.__module__ == config.__name__
    ]
    assert len(found) == 1, f"services/{service}/config.py: expected one settings class: {found}"
    return found[0]


def shared_env_patterns() -> list[re.Pattern[str]]:
    """Variables read with ``os.environ.get`` / ``os.getenv`` / ``os.environ[...]`` in shared/;
    an f-string's placeholders stand for a service name (``f"{service.upper()}_DB_PASSWORD"``)."""
    service = "(?:" + "|".join(s.upper() for s in SERVICES) + ")"
    patterns = []
    for path in (ROOT / "shared").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            arg = _env_argument(node)
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                patterns.append(re.compile(re.escape(arg.value)))
            elif isinstance(arg, ast.JoinedStr):
                parts = [
                    re.escape(str(v.value)) if isinstance(v, ast.Constant) else service
                    for v in arg.values
                ]
                patterns.append(re.compile("".join(parts)))
    return patterns


def _env_argument(node: ast.AST) -> ast.expr | None:
    if isinstance(node, ast.Call) and node.args:
        func = ast.unparse(node.func)
        if func in ("os.environ.get", "os.getenv", "environ.get", "getenv"):
            return node.args[0]
    if isinstance(node, ast.Subscript) and ast.unparse(node.value) in ("os.environ", "environ"):
        return node.slice
    return None
