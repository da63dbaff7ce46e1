from adapters.planning_figures.adapters.orm import metadata
from adapters.planning_figures.config import SCHEMA
from shared.migrations import run_env

run_env(metadata, SCHEMA)
