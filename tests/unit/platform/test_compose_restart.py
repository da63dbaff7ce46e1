"""Containers come back by themselves: every long-running service of docker-compose.yml restarts
unless stopped; the one-shot set-up and migrations never do (a failed migration must stay
failed, not loop)."""

from __future__ import annotations

import yaml

from tests.unit.platform.compose_model import ROOT


def test_long_running_services_restart_unless_stopped_one_shots_never() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    one_shot = {n for n in services if n == "setup" or n.startswith("migrate-")}
    assert one_shot and len(services) > len(one_shot)
    for name, service in services.items():
        want = "no" if name in one_shot else "unless-stopped"
        assert str(service.get("restart")) == want, name
