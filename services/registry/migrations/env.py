from services.registry.adapters.orm import metadata
from services.registry.config import SCHEMA
from shared.migrations import run_env

run_env(metadata, SCHEMA)
