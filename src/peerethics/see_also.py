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
    them all for every principle it shows, and a warm ``show`` decode every code (issue 28).
    A topic's part of the cache entry's table that passed the entry's CRC but will not unpack
    (its owner's forgery, or damage the CRC cannot see) is never believed, never a traceback:
    the table is built from the codes instead, as for a code's damaged block."""
    try:
        return catalog.derived("see_also", _topic_index).page(principle.topics, principle.code)
    except (EOFError, ValueError, TypeError, LookupError):
        return catalog.derived("see_also-built", _built).page(principle.topics, principle.code)


Members = tuple[list[int], list[str], list[str]]  # a topic's principles: places, ids, codes


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


def pack(table: tuple[list[str], list[str], dict[str, list[int]]]) -> bytes:
    """The table as the catalog's cache entry keeps it: each topic's members apart, so a warm
    ``show`` unpacks the one or two topics of its principle, not every principle's id (at 50,400
    principles the whole table was 1 MB and 5-8 ms to unpack)."""
    import marshal

    ids, codes, by_topic = table
    return marshal.dumps({topic: marshal.dumps((at, [ids[i] for i in at], [codes[i] for i in at]))
                          for topic, at in by_topic.items()})


class _Table:
    """Each topic's members, unpacked the first time a principle of that topic asks.

    A page is found without a loop over the members in Python: a search's twenty hits over
    50,400 principles each list a topic of 3,600, and filtering them one by one was 35 ms of a
    call. The members of a set of topics are merged once (sorted positions, cached), and a
    code's own principles are one run of them, since the catalog lists each code's together.
    """

    __slots__ = ("_topics", "_unions")

    def __init__(self, topics: dict[str, bytes | Members]) -> None:
        self._topics = topics
        self._unions: dict[tuple[str, ...], list[int]] = {}

    def members(self, topic: str) -> Members:
        import marshal

        found = self._topics.get(topic)
        if isinstance(found, bytes):  # a damaged part raises, and the caller builds the table
            positions, ids, codes = marshal.loads(found)
            if not len(positions) == len(ids) == len(codes):
                raise ValueError(f"the see-also part of topic {topic} is damaged")
            found = self._topics[topic] = (positions, ids, codes)
        return found or ([], [], [])

    def page(self, topics: Iterable[str], code: str) -> tuple[list[str], int]:
        """The first :data:`SEE_ALSO_MAX` ids of other codes' principles on any of ``topics``,
        in catalog order, and how many there are."""
        from bisect import bisect_left, bisect_right

        key = tuple(sorted(set(topics)))
        lists = [self.members(t) for t in key]
        union = self._unions.get(key)
        if union is None:
            union = sorted(set().union(*(positions for positions, _, _ in lists)))
            self._unions[key] = union
        own = [self._own(positions, codes, code) for positions, _, codes in lists]
        spans = [span for span in own if span is not None]
        a = bisect_left(union, min(lo for lo, _ in spans)) if spans else len(union)
        b = bisect_right(union, max(hi for _, hi in spans)) if spans else len(union)
        chosen = union[:min(a, SEE_ALSO_MAX)]
        chosen += union[b:b + SEE_ALSO_MAX - len(chosen)]
        return [self._id(lists, at) for at in chosen], len(union) - (b - a)

    @staticmethod
    def _own(positions: list[int], codes: list[str], code: str) -> tuple[int, int] | None:
        """The first and last position of ``code``'s principles in one topic's members."""
        if code not in codes:
            return None
        first = codes.index(code)
        last = len(codes) - 1 - codes[::-1].index(code)
        return positions[first], positions[last]

    @staticmethod
    def _id(lists: list[Members], at: int) -> str:
        from bisect import bisect_left

        for positions, ids, _ in lists:
            i = bisect_left(positions, at)
            if i < len(positions) and positions[i] == at:
                return ids[i]
        raise LookupError(at)  # a position of the union is in one of its lists


def _topic_index(catalog: Catalog) -> _Table:
    """The see-also table: from the catalog's cache entry when it has one, else built."""
    packed = catalog.derived("see_also-packed", lambda _: None)
    if isinstance(packed, bytes):
        import marshal

        try:
            topics = marshal.loads(packed)
            if isinstance(topics, dict) and all(isinstance(v, bytes) for v in topics.values()):
                return _Table(topics)
        except (EOFError, ValueError, TypeError):
            pass  # damaged: built from the codes instead
    return _built(catalog)


def _built(catalog: Catalog) -> _Table:
    """The see-also table built from the codes themselves (no cache entry, or a damaged one)."""
    ids, codes, by_topic = see_also_table(catalog.principles())
    return _Table({topic: (at, [ids[i] for i in at], [codes[i] for i in at])
                   for topic, at in by_topic.items()})
