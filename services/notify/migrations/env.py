from services.notify.adapters.orm import metadata
from services.notify.config import SCHEMA
from shared.migrations import run_env

run_env(metadata, SCHEMA)
