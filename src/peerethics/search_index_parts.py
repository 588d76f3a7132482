"""The search index's part per code: its principles tokenised, kept while the code's file is
unchanged (issue 28).

Why: building the index tokenised every principle (at 50,000 principles, seconds), though an edit
changes one file. A catalog built file by file (catalog_files.py) knows each code's file key and
the catalog built before it; the parts of that build are stored under its key (``parts``), so the
next build tokenises only the codes whose file changed and merges the rest as they were. The
merge walks the parts in catalog order exactly as tokenising walked the principles, so the index
is the same, byte for byte, however it was built.
"""

from __future__ import annotations

import marshal
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .search_words import content_words, stem

if TYPE_CHECKING:
    from .model import Catalog, Principle

PARTS_FORMAT = 1
SOURCES: dict[str, Callable[[Principle], str]] = {
    "text": lambda p: p.text,
    "importance": lambda p: p.importance or "",
    "key_terms": lambda p: " ".join(k.value for k in p.key_terms),
}


def part(principles: Iterable[Principle]) -> dict[str, Any]:
    """A code's principles tokenised: per field, each principle's stems and counts (in the order
    first seen), and the words spelling may correct towards."""
    principles = list(principles)
    out: dict[str, Any] = {"numbers": [p.number for p in principles],
                           "topics": [list(p.topics) for p in principles]}
    surface: set[str] = set()
    for name, get in SOURCES.items():
        rows = []
        for p in principles:
            words = content_words(get(p))
            if name != "key_terms":
                surface.update(words)
            counts = Counter(stem(w) for w in words)
            rows.append([x for s, tf in counts.items() for x in (s, tf)])
        out[name] = rows
    out["surface"] = sorted(surface)
    return out


def merge(catalog: Catalog, parts: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The index's tables of texts from each code's part, in catalog order."""
    topic_pos = {t.id: i for i, t in enumerate(catalog.topics)}
    postings: dict[str, dict[str, list[Any]]] = {name: defaultdict(list) for name in SOURCES}
    lengths: dict[str, list[int]] = {name: [] for name in SOURCES}
    surface: set[str] = set()
    doc_codes: list[str] = []
    doc_numbers: list[int] = []
    doc_topics: list[tuple[int, ...]] = []
    # Principles on the same topics share one tuple: marshal then stores each list of topics
    # once and the rest as references, so a warm search unpacks a few hundred tuples, not one
    # per principle (at 50,400 principles, 5-16 ms of every search).
    shared: dict[tuple[int, ...], tuple[int, ...]] = {}
    for cid, found in parts:
        base = len(doc_codes)
        for name in SOURCES:
            field, lens = postings[name], lengths[name]
            for doc, row in enumerate(found[name], base):
                total = 0
                for i in range(0, len(row), 2):
                    field[row[i]] += (doc, row[i + 1])
                    total += row[i + 1]
                lens.append(total)
        surface.update(found["surface"])
        doc_codes += [cid] * len(found["numbers"])
        doc_numbers += found["numbers"]
        for ts in found["topics"]:
            row = tuple(topic_pos[t] for t in ts if t in topic_pos)
            doc_topics.append(shared.setdefault(row, row))
    topic_docs: list[list[int]] = [[] for _ in topic_pos]
    for doc, ts in enumerate(doc_topics):
        for t in dict.fromkeys(ts):
            topic_docs[t].append(doc)
    return {"fields": {name: {s: marshal.dumps(docs) for s, docs in field.items()}
                       for name, field in postings.items()},
            "topic_docs": [marshal.dumps(docs) for docs in topic_docs],
            "lengths": lengths, "surface": surface, "doc_codes": doc_codes,
            "doc_numbers": doc_numbers, "doc_topics": doc_topics}


def parts_for(catalog: Catalog) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each code's part, in catalog order: from the parts of the build before when the code's
    file is unchanged, else tokenised. When the catalog was built file by file, the parts are
    stored under its key once all are made, for the build after it."""
    from . import cache

    by_file = catalog.derived("built-by-file", lambda _: None)
    files: dict[str, str] = {}
    before: dict[str, bytes] = {}
    if by_file is not None and catalog.key is not None:
        from .catalog_files import code_files

        files = code_files(by_file[0]) if isinstance(by_file[0], bytes) else {}
        if isinstance(by_file[1], str):
            found = cache.read(parts_kind(), by_file[1])
            before = found if isinstance(found, dict) else {}
    from .progress import reporter

    kept: dict[str, bytes] = {}
    ids = catalog.code_ids
    progress = reporter("indexing codes", len(ids))
    for n, cid in enumerate(ids):
        if progress is not None:
            progress(n, len(ids))
        file_key = files.get(cid)
        packed = before.get(file_key) if file_key else None
        made = _unpacked(packed) if isinstance(packed, bytes) else None
        if made is None:
            code = catalog.code(cid)
            made = part(code.principles if code is not None else ())
            packed = marshal.dumps(made)
        if file_key:
            kept[file_key] = packed  # type: ignore[assignment]
        yield cid, made
    if files and catalog.key is not None:
        cache.write(parts_kind(), catalog.key, kept)


def _unpacked(packed: bytes) -> dict[str, Any] | None:
    """A stored part, or None if it is not one (then the code is tokenised again)."""
    try:
        found = marshal.loads(packed)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(found, dict) or not all(
            isinstance(found.get(k), list) for k in ("numbers", "topics", "surface", *SOURCES)):
        return None
    n = len(found["numbers"])
    if len(found["topics"]) != n or any(len(found[name]) != n for name in SOURCES):
        return None
    return found


def parts_kind() -> str:
    return f"parts{PARTS_FORMAT}"
