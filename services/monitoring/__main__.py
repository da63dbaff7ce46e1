"""Monitoring service (phases 2-3).

``python -m services.monitoring [serve] [--role ...]`` runs it; on a fresh platform it first
loads the STARTER framework (derived KPIs only, no targets; once, never over a framework that
workshops built: see :mod:`services.monitoring.starter`).
``python -m services.monitoring load-starter`` does only that step;
``python -m services.monitoring population [CENTRE INHABITANTS YEAR SOURCE]`` lists, or sets,
a centre's population (reference data of the per-10,000 KPIs, which are recomputed);
``python -m services.monitoring load-demo`` imports the Aswan DEMO framework (labelled demo;
``bin/platform --demo`` runs it).
"""

import asyncio
import sys

from services.monitoring.bootstrap import build
from services.monitoring.config import MonitoringSettings
from shared.process import serve


def main(argv: list[str]) -> None:
    settings = MonitoringSettings()  # type: ignore[call-arg]
    if argv[:1] == ["load-demo"]:
        from services.monitoring.demo import load_demo

        changes = asyncio.run(load_demo(settings))
        print(f"demo framework loaded: {len(changes)} item(s) created or updated")
        return
    if argv[:1] == ["population"]:
        from services.monitoring.reference import population_command

        sys.exit(asyncio.run(population_command(settings, argv[1:])))
    from services.monitoring.starter import ensure_starter

    loaded = asyncio.run(ensure_starter(settings))
    if loaded:
        print(f"starter framework loaded: {len(loaded)} item(s) created", flush=True)
    if argv[:1] == ["load-starter"]:
        return
    serve(settings, build, argv[1:] if argv[:1] == ["serve"] else argv)


if __name__ == "__main__":
    main(sys.argv[1:])
