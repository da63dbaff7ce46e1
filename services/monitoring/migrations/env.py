from shared.migrations import run_env
from services.monitoring.adapters.orm import metadata
from services.monitoring.config import SCHEMA

run_env(metadata, SCHEMA)
