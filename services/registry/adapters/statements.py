"""The intake's statements: screening a registration, recording it, recording a rejection."""

from __future__ import annotations

from dataclasses import fields

from services.registry.domain.model import Association

COLUMNS = tuple(f.name for f in fields(Association))  # the table's columns mirroring the model

_PRIOR = """
SELECT 'submission' AS why, coalesce(association_id, existing_association_id) AS id,
       outcome, errors::text AS errors
  FROM submissions WHERE submission_id = $1
UNION ALL
SELECT 'number', association_id, NULL, NULL FROM associations WHERE registration_number = $2
UNION ALL
"""
SCREEN = (
    _PRIOR
    + """(SELECT 'name', association_id, NULL, NULL FROM associations
  WHERE centre = $3 AND name_block = $6 AND similarity(name_norm, $4) >= $5
  ORDER BY similarity(name_norm, $4) DESC LIMIT 1)
"""
)
# The same, the name also compared with registrations of the unit of work not yet written ($7
# their ids, $8 their name keys, those of the same centre and block only).
SCREEN_WITH_PENDING = (
    _PRIOR
    + """(SELECT 'name', association_id, NULL, NULL FROM (
    SELECT association_id, name_norm FROM associations WHERE centre = $3 AND name_block = $6
    UNION ALL
    SELECT * FROM unnest($7::text[], $8::text[])) AS c (association_id, name_norm)
  WHERE similarity(name_norm, $4) >= $5
  ORDER BY similarity(name_norm, $4) DESC LIMIT 1)
"""
)
INSERT = (
    "WITH a AS (INSERT INTO associations ({cols}, name_norm, name_block, search_text, created_by) "
    "VALUES ({params}) RETURNING association_id) "
    "INSERT INTO submissions (submission_id, source, outcome, association_id) "
    "SELECT ${s}, ${s1}, 'registered', association_id FROM a"
).format(
    cols=", ".join(COLUMNS),
    params=", ".join(f"${i}" for i in range(1, len(COLUMNS) + 5)),
    s=len(COLUMNS) + 5,
    s1=len(COLUMNS) + 6,
)
REJECT = (
    "INSERT INTO submissions (submission_id, source, outcome, errors, existing_association_id) "
    "VALUES ($1, $2, 'rejected', $3::jsonb, $4) ON CONFLICT DO NOTHING RETURNING 1"
)
