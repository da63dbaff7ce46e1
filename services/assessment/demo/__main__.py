"""``python -m services.assessment.demo build``: the demo XLSForms from their YAML sources."""

from __future__ import annotations

import sys

from services.assessment.demo.build import build


def main(argv: list[str]) -> int:
    if argv[:1] != ["build"]:
        print("usage: python -m services.assessment.demo build", file=sys.stderr)
        return 2
    for path in build():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
