from adapters.moss_register.adapters.orm import metadata
from adapters.moss_register.config import SCHEMA
from shared.migrations import run_env

run_env(metadata, SCHEMA)
