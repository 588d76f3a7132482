"""See-also: the principles of other codes that share a topic with a principle (editorial).

Why a module of its own: at scale the list is long (3,600 codes on the same topics list 4,600
ids for one principle), so it is bounded, counted, and read from a table by topic that the
catalog's cache entry keeps (cache_records.py), not built by decoding every code (issue 28).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Catalog, Principle


SEE_ALSO_MAX = 50  # see-also ids listed per principle; ``see_also_total`` says when more


def see_also(catalog: Catalog, principle: Principle) -> list[str]:
    """Principles of other codes that share a topic with this one, in catalog order: the first
    :data:`SEE_ALSO_MAX` (:func:`see_also_total` counts them all)."""
    return see_also_page(catalog, principle)[0]


def see_also_total(catalog: Catalog, principle: Principle) -> int:
    """How many principles of other codes share a topic with this one."""
    return see_also_page(catalog, principle)[1]


def see_also_page(catalog: Catalog, principle: Principle) -> tuple[list[str], int]:
    """Read from a table by topic the catalog owns (built once, or read from the catalog's
    cache entry): a server answering call after call over 50,000 principles would otherwise walk
    them all for every principle it shows, and a warm ``show`` decode every code (issue 28)."""
    ids, codes, by_topic = catalog.derived("see_also", _topic_index)
    found: set[int] = set()
    for topic in principle.topics:
        found.update(by_topic.get(topic, ()))
    others = [i for i in sorted(found) if codes[i] != principle.code]
    return [ids[i] for i in others[:SEE_ALSO_MAX]], len(others)


def see_also_table(
    principles: Iterable[Principle],
) -> tuple[list[str], list[str], dict[str, list[int]]]:
    """Every principle's id and code in catalog order, and the positions of each topic's (plain
    data: the catalog's cache entry keeps it, so a warm call decodes no code to list them)."""
    ids: list[str] = []
    codes: list[str] = []
    by_topic: dict[str, list[int]] = {}
    for p in principles:
        for topic in p.topics:
            by_topic.setdefault(topic, []).append(len(ids))
        ids.append(p.id)
        codes.append(p.code)
    return ids, codes, by_topic


def _topic_index(catalog: Catalog) -> tuple[list[str], list[str], dict[str, list[int]]]:
    """The see-also table: from the catalog's cache entry when it has one, else built."""
    packed = catalog.derived("see_also-packed", lambda _: None)
    if isinstance(packed, bytes):
        import marshal

        try:
            ids, codes, by_topic = marshal.loads(packed)
            if (isinstance(ids, list) and isinstance(codes, list) and len(ids) == len(codes)
                    and isinstance(by_topic, dict)):
                return ids, codes, by_topic
        except (EOFError, ValueError, TypeError):
            pass  # damaged: built from the codes instead
    return see_also_table(catalog.principles())
