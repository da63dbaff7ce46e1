"""Assessment service (phase 1): community needs per centre x sector, association capacity."""
