"""Form versions (driver-level statements, in the unit of work's transaction).

Versions are immutable and never deleted, so a definition once read is kept in a small cache
per database (per engine: a process may talk to several, as tests do): validating a submission
costs no query for its form on the hot path.
"""

from __future__ import annotations

import json
import weakref

import asyncpg

from services.assessment.domain.forms import FormDefinition

Cache = dict[tuple[str, str], FormDefinition]
_CACHES: weakref.WeakKeyDictionary[object, Cache] = weakref.WeakKeyDictionary()
_CACHE_MAX = 512


class FormsRepository:
    def __init__(self, driver: asyncpg.Connection, database: object) -> None:
        """``database``: what identifies the database (the engine), the cache's key."""
        self.driver = driver
        self._cache = _CACHES.setdefault(database, {})

    async def get(self, form_id: str, version: str) -> FormDefinition | None:
        key = (form_id, version)
        if (cached := self._cache.get(key)) is not None:
            return cached
        text = await self.driver.fetchval(
            "SELECT definition::text FROM form_versions WHERE form_id = $1 AND version = $2",
            form_id,
            version,
        )
        if text is None:
            return None
        definition = FormDefinition.model_validate_json(text)
        if len(self._cache) >= _CACHE_MAX:
            self._cache.pop(next(iter(self._cache)))
        self._cache[key] = definition
        return definition

    async def lock(self, form_id: str) -> None:
        """Serialise uploads of one form until the transaction ends (version numbering)."""
        await self.driver.execute(
            "SELECT pg_advisory_xact_lock(hashtext('assessment.form:' || $1))", form_id
        )

    async def add(self, definition: FormDefinition, workbook: bytes, uploaded_by: str) -> int:
        """Store a new version; its ordinal (1 for a form's first) is returned."""
        return int(
            await self.driver.fetchval(
                "INSERT INTO form_versions (form_id, version, ordinal, kind, title, demo, "
                "definition, content_hash, workbook, uploaded_by) "
                "SELECT $1, $2, coalesce(max(ordinal), 0) + 1, $3, $4, $5, $6::jsonb, $7, $8, $9 "
                "FROM form_versions WHERE form_id = $1 RETURNING ordinal",
                definition.form_id,
                definition.version,
                definition.kind.value,
                definition.title,
                definition.demo,
                json.dumps(definition.model_dump(mode="json"), ensure_ascii=False),
                definition.digest(),
                workbook,
                uploaded_by,
            )
        )
