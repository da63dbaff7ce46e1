from shared.migrations import run_env
from services.assessment.adapters.orm import metadata
from services.assessment.config import SCHEMA

run_env(metadata, SCHEMA)
