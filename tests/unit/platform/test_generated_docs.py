"""The committed AsyncAPI and OpenAPI documents are exactly what the code generates.

``bin/gen-docs`` regenerates them into a temporary directory (the same script a developer runs), and
each committed document of a service present in this checkout must be byte-for-byte equal to it.
"""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

import pytest

from shared.dbsetup import SERVICES

ROOT = Path(__file__).resolve().parents[3]
PRESENT = [s for s in SERVICES if (ROOT / "services" / s / "bootstrap.py").is_file()]
KINDS = (("asyncapi", "yaml"), ("openapi", "json"))
HINT = "run bin/gen-docs and commit docs/asyncapi and docs/openapi"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    result = subprocess.run(
        [str(ROOT / "bin" / "gen-docs"), str(out)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, f"bin/gen-docs failed:\n{result.stdout}\n{result.stderr}"
    return out


def test_some_service_is_present() -> None:
    assert PRESENT, "no service with a bootstrap.py under services/"


@pytest.mark.parametrize("kind,ext", KINDS)
@pytest.mark.parametrize("service", PRESENT)
def test_committed_document_matches_the_code(
    generated: Path, service: str, kind: str, ext: str
) -> None:
    fresh = generated / kind / f"{service}.{ext}"
    committed = ROOT / "docs" / kind / f"{service}.{ext}"
    assert fresh.is_file() and fresh.stat().st_size > 0, f"bin/gen-docs wrote no {fresh.name}"
    assert committed.is_file(), f"docs/{kind}/{service}.{ext} is missing: {HINT}"
    want, have = fresh.read_text("utf-8"), committed.read_text("utf-8")
    if want != have:
        diff = "".join(
            difflib.unified_diff(
                have.splitlines(keepends=True),
                want.splitlines(keepends=True),
                f"committed docs/{kind}/{service}.{ext}",
                "generated from the code",
                n=2,
            )
        )
        pytest.fail(f"docs/{kind}/{service}.{ext} differs from the code ({HINT}):\n{diff[:4000]}")


@pytest.mark.parametrize("kind,ext", KINDS)
def test_no_document_for_a_service_that_is_not_here(kind: str, ext: str) -> None:
    stale = sorted(p.name for p in (ROOT / "docs" / kind).glob(f"*.{ext}") if p.stem not in PRESENT)
    assert not stale, f"docs/{kind} has documents of no present service: {stale}"


def test_documents_describe_the_service(generated: Path) -> None:
    """A sanity check that the generators ran on the real app, not on an empty one."""
    import json

    import yaml

    for service in PRESENT:
        spec = yaml.safe_load((generated / "asyncapi" / f"{service}.yaml").read_text("utf-8"))
        assert spec["asyncapi"].startswith("3."), service
        assert spec["channels"], f"{service}: AsyncAPI document has no channel"
        api = json.loads((generated / "openapi" / f"{service}.json").read_text("utf-8"))
        assert {"/healthz", "/readyz", "/metrics"} <= set(api["paths"]), service
