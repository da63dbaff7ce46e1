"""``python -m adapters.telegram_bot [--role ...] [--port N]``: the bot adapter's process
(webhook, or long polling with ``TELEGRAM_MODE=polling``)."""

import sys

from adapters.telegram_bot.bootstrap import build
from adapters.telegram_bot.config import BotSettings
from shared.process import serve

if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        sys.argv.pop(1)
    serve(BotSettings(), build)  # type: ignore[call-arg]
