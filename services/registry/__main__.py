"""``python -m services.registry [--role ...]`` serves; ``python -m services.registry import FILE``
imports a CSV or XLSX list."""

import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["import"]:  # without the web app's imports (a second and more)
        from services.registry.entrypoints.importer import main

        sys.exit(main(sys.argv[2:]))
    from services.registry.bootstrap import build
    from services.registry.config import RegistrySettings
    from shared.process import serve

    if sys.argv[1:2] == ["serve"]:
        sys.argv.pop(1)
    serve(RegistrySettings(), build)  # type: ignore[call-arg]
