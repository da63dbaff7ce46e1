"""Registry service (phase 1): the record of every association in Aswan, kept current."""
