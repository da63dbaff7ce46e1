"""``python -m services.portal [serve] [--role ...]``: the web portal on port 8005."""

import sys

from services.portal.bootstrap import build
from services.portal.config import PortalSettings
from shared.process import serve

if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        sys.argv.pop(1)
    serve(PortalSettings(), build)  # type: ignore[call-arg]
