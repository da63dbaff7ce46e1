from shared.migrations import run_env
from services.registry.adapters.orm import metadata
from services.registry.config import SCHEMA

run_env(metadata, SCHEMA)
