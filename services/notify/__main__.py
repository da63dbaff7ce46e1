"""Notify service.

``python -m services.notify [serve] [--role ...]`` runs it;
``python -m services.notify reseal-secrets`` seals every stored webhook secret again with the
first key of ``WEBHOOK_SECRETS_KEY`` (the last step of a key rotation).
"""

import asyncio
import sys

from services.notify.adapters.secret_box import SecretNotOpened
from services.notify.bootstrap import build, reseal_secrets
from services.notify.config import NotifySettings
from shared.process import serve


def main(argv: list[str]) -> None:
    if argv[:1] == ["reseal-secrets"]:
        try:
            count = asyncio.run(reseal_secrets(NotifySettings()))  # type: ignore[call-arg]
        except SecretNotOpened as exc:
            sys.exit(f"reseal-secrets: {exc}; nothing was changed (list the old key too)")
        print(f"webhook secrets sealed again with the first key: {count}")
        return
    serve(NotifySettings(), build, argv[1:] if argv[:1] == ["serve"] else argv)  # type: ignore[call-arg]


if __name__ == "__main__":
    main(sys.argv[1:])
