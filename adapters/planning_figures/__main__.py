"""``python -m adapters.planning_figures [--role ...] [--port N]``: KPI files in;
``python -m adapters.planning_figures sdg-report --year Y --out DIR``: the SDG report out."""

import sys

from adapters.planning_figures.bootstrap import build
from adapters.planning_figures.config import PlanningSettings
from shared.process import serve

if __name__ == "__main__":
    if sys.argv[1:2] == ["sdg-report"]:
        from adapters.planning_figures.entrypoints.sdg_report import main

        sys.exit(main(sys.argv[2:]))
    if sys.argv[1:2] == ["serve"]:
        sys.argv.pop(1)
    serve(PlanningSettings(), build)  # type: ignore[call-arg]
