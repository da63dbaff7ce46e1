from services.monitoring.adapters.orm import metadata
from services.monitoring.config import SCHEMA
from shared.migrations import run_env

run_env(metadata, SCHEMA)
