from adapters.telegram_bot.adapters.orm import metadata
from adapters.telegram_bot.config import SCHEMA
from shared.migrations import run_env

run_env(metadata, SCHEMA)
