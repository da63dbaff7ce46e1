"""``python -m adapters.moss_register [--role ...] [--port N]``: the ministry register adapter."""

import sys

from adapters.moss_register.bootstrap import build
from adapters.moss_register.config import MossSettings
from shared.process import serve

if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        sys.argv.pop(1)
    serve(MossSettings(), build)  # type: ignore[call-arg]
