"""The association list and search (``GET /v1/associations``) on the driver, one statement.

Measured at 50,000 associations (2026-11-29): building the statement with SQLAlchemy Core and
reading its rows through the adapter cost ~1.5 ms of Python per request, and a window counting
the matches over thousands of full records ~5 ms of a 13 ms p95 in PostgreSQL. So the text of the
statement is made once per shape of filters, the page is chosen (and the matches counted) over
narrow rows, and only the page's rows are read whole.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.adapters.orm import associations
from shared.text import normalise_arabic, normalise_name

if TYPE_CHECKING:
    from services.registry.adapters.queries import Filters

_COLUMNS = ", ".join(f"a.{c.name}" for c in associations.c)  # the table's order, as before
_EQUAL = ("centre", "legal_form", "status")


def words(q: str) -> list[str]:
    """Search words, spelling-normalised; organisation words (جمعية, مؤسسة...) left out."""
    return (normalise_name(q) or normalise_arabic(q)).split()[:8]


def like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@lru_cache(maxsize=256)
def statement(equal: tuple[str, ...], sector: bool, n_words: int) -> str:
    """``$1`` limit, ``$2`` offset, then the equal filters, the sector, each word's pattern."""
    where = [f"{column} = ${i}" for i, column in enumerate(equal, start=3)]
    n = 3 + len(equal)
    if sector:
        where.append(f"sectors @> ${n}::text[]")
        n += 1
    # every word somewhere in the names; the GIN trigram index serves LIKE '%...%'
    where += [f"search_text LIKE ${i}" for i in range(n, n + n_words)]
    return (
        "WITH hits AS (SELECT name_ar, association_id, count(*) OVER () AS total "
        f"FROM associations {'WHERE ' + ' AND '.join(where) if where else ''} "
        "ORDER BY name_ar, association_id LIMIT $1 OFFSET $2) "
        f"SELECT {_COLUMNS}, hits.total FROM hits JOIN associations a USING (association_id) "
        "ORDER BY hits.name_ar, hits.association_id"
    )


async def search_page(
    engine: AsyncEngine, f: Filters, limit: int, offset: int
) -> list[dict[str, Any]]:
    """The page's full records, each with ``total``, the number of matches."""
    equal = tuple(c for c in _EQUAL if getattr(f, c))
    patterns = [like_pattern(w) for w in words(f.q or "")]
    args = [limit, offset, *(_plain(getattr(f, c)) for c in equal)]
    args += [[_plain(f.sector)]] if f.sector else []
    sql = statement(equal, bool(f.sector), len(patterns))
    async with engine.connect() as conn:
        db = (await conn.get_raw_connection()).driver_connection
        assert db is not None
        if not patterns:
            return [dict(r) for r in await db.fetch(sql, *args, *patterns)]
        async with db.transaction():
            # The table is small enough to be cached: with the default random_page_cost (4) the
            # planner prefers a sequential scan to the trigram index for words matching a few
            # thousand names, ~2.5x slower at 50,000 (EXPLAIN ANALYZE, 2026-11-29).
            await db.execute("SET LOCAL random_page_cost = 1.1")
            return [dict(r) for r in await db.fetch(sql, *args, *patterns)]


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)
