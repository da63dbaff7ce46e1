from services.portal.adapters.orm import metadata
from services.portal.config import SCHEMA
from shared.migrations import run_env

run_env(metadata, SCHEMA)
