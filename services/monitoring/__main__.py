"""Monitoring service (phases 2-3).

``python -m services.monitoring [serve] [--role ...]`` runs it;
``python -m services.monitoring load-demo`` imports the Aswan DEMO framework (labelled demo).
"""

import asyncio
import sys

from services.monitoring.bootstrap import build
from services.monitoring.config import MonitoringSettings
from shared.process import serve


def main(argv: list[str]) -> None:
    if argv[:1] == ["load-demo"]:
        from services.monitoring.demo import load_demo

        changes = asyncio.run(load_demo(MonitoringSettings()))  # type: ignore[call-arg]
        print(f"demo framework loaded: {len(changes)} item(s) created or updated")
        return
    serve(MonitoringSettings(), build, argv[1:] if argv[:1] == ["serve"] else argv)  # type: ignore[call-arg]


if __name__ == "__main__":
    main(sys.argv[1:])
