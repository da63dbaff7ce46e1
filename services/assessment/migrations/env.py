from services.assessment.adapters.orm import metadata
from services.assessment.config import SCHEMA
from shared.migrations import run_env

run_env(metadata, SCHEMA)
