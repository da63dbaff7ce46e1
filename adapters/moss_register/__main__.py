"""``python -m adapters.moss_register [--role ...] [--port N]`` serves the ministry register
adapter; ``python -m adapters.moss_register reconcile`` prints where we and the register differ."""

import sys

from adapters.moss_register.bootstrap import build
from adapters.moss_register.config import MossSettings
from shared.process import serve

if __name__ == "__main__":
    if sys.argv[1:2] == ["reconcile"]:
        from adapters.moss_register.entrypoints.reconcile import main

        sys.exit(main(sys.argv[2:]))
    if sys.argv[1:2] == ["serve"]:
        sys.argv.pop(1)
    serve(MossSettings(), build)  # type: ignore[call-arg]
