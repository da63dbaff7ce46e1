"""Names of an import file alike one another, by pg_trgm's own similarity, computed here.

``similarity(a, b)`` in PostgreSQL is the number of trigrams the two names share over the number
of trigrams of either (pg_trgm's DIVUNION), each name's trigrams as ``show_trgm`` gives them.
Compared in SQL, every pair of names of a block costs a trigram extraction of both (about 15 us
on this machine's PostgreSQL): 1.15 million pairs, 17 s, for a 50,000-row file whose blocks hold
~100 names (bench/registry_bench.py). Here each name's trigrams are read once (``show_trgm``, so
the words, the padding and the compaction of multibyte trigrams are PostgreSQL's) and a pair is
a set intersection (~1 us).
"""

from __future__ import annotations

from collections.abc import Iterable


def first_similar(
    names: Iterable[tuple[int, str, list[str]]], threshold: float
) -> list[tuple[int, str]]:
    """``names``: (line, association id, trigrams) of one block, in line order. For each name,
    the first earlier one at least ``threshold`` similar: (line, that one's association id)."""
    earlier: list[tuple[frozenset[str], int, str]] = []
    found = []
    for line, association_id, trigrams in names:
        mine = frozenset(trigrams)
        size = len(mine)
        for other, other_size, other_id in earlier:
            # shared <= the smaller set, so similarity <= smaller / larger: skip what cannot reach
            if min(size, other_size) < threshold * max(size, other_size):
                continue
            shared = len(mine & other)
            if shared and shared / (size + other_size - shared) >= threshold:
                found.append((line, other_id))
                break
        earlier.append((mine, size, association_id))
    return found
