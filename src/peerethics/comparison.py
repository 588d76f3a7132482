"""Line codes up topic by topic: which principles each code has on a topic, and where they differ.

Codes "differ" on a topic when one speaks to it and another is silent, or when their editorial key
terms for it (who, how long, what counts...) do not say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError
from .ids import resolve_code
from .model import Catalog, Code, KeyTerm, Principle, Topic


@dataclass(frozen=True, slots=True)
class Row:
    topic: Topic
    cells: dict[str, tuple[Principle, ...]]  # code id -> its principles on this topic
    differs: bool
    # codes with no principle on the topic whose preamble speaks to it: not silent, not a rule
    preamble: tuple[str, ...] = ()

    def key_terms(self, code_id: str) -> tuple[KeyTerm, ...]:
        return tuple(k for p in self.cells[code_id] for k in p.key_terms_for(self.topic.id))


@dataclass(frozen=True, slots=True)
class Comparison:
    codes: tuple[Code, ...]
    rows: tuple[Row, ...]
    coverage: dict[str, int]  # code id -> topics it speaks to (of all topics, not just shown)
    total_topics: int


def resolve_topic(catalog: Catalog, text: str) -> Topic:
    """A topic from its id, its label, or an unambiguous start of either (``romantic``)."""
    wanted = "-".join(text.strip().lower().replace("_", "-").split())
    for t in catalog.topics:
        if wanted in (t.id, "-".join(t.label.lower().split())):
            return t
    starts = [t for t in catalog.topics if t.id.startswith(wanted) or wanted in t.id.split("-")]
    if len(starts) == 1 and wanted:
        return starts[0]
    near = [t.id for t in starts] or [t.id for t in topics_meaning(catalog, text)[:3]]
    if not near:
        import difflib  # only for a miss: kept off the start-up path

        near = difflib.get_close_matches(wanted, [t.id for t in catalog.topics], n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(near)}?" if near else "run `peerethics topics` to list them"
    raise InputError(f"unknown topic {text.strip()[:40]!r}", hint=hint)


def topics_meaning(catalog: Catalog, text: str) -> list[Topic]:
    """The topics ``text`` is about, best first, by meaning rather than spelling: the words of
    their labels, descriptions and everyday phrases, as search reads topics (``romance`` ->
    romantic-relationships, ``boundaries`` -> dual-relationships). A word shared by many topics
    counts less than a rare one; a whole phrase counts most. Used for a miss only."""
    import math

    from .search_words import content_words, stem

    query = " ".join(text.lower().replace("-", " ").replace("_", " ").split())
    wanted = {stem(w) for w in content_words(query)}
    if not wanted:
        return []
    vocab: list[tuple[Topic, set[str], set[str]]] = []
    for t in catalog.topics:
        phrases = {" ".join(p.lower().split()) for p in (t.label, *t.phrases)}
        words = {stem(w) for p in (*phrases, t.id.replace("-", " "), t.description)
                 for w in content_words(p)}
        vocab.append((t, words, phrases))
    n = len(vocab)
    scored: list[tuple[float, int, Topic]] = []
    for i, (t, words, phrases) in enumerate(vocab):
        score = 3.0 if query in phrases else 0.0
        for w in wanted & words:
            having = sum(w in other for _, other, _ in vocab)
            score += math.log(1 + n / having)
        if score > 0:
            scored.append((score, -i, t))
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    return [t for _, _, t in scored]


def _facets(terms: tuple[KeyTerm, ...]) -> frozenset[tuple[str, str]]:
    return frozenset((k.facet, " ".join(k.value.lower().split())) for k in terms)


def compare(
    catalog: Catalog,
    code_ids: list[str] | tuple[str, ...] | None = None,
    *,
    topic: str | None = None,
    differences: bool = False,
) -> Comparison:
    """Compare codes (all of them when ``code_ids`` is empty or None) topic by topic.

    Raises :class:`InputError` for an unknown code or topic, or fewer than two distinct codes.
    """
    if code_ids:
        codes: list[Code] = []
        for text in code_ids:
            code = resolve_code(catalog, text)
            if code not in codes:
                codes.append(code)
    else:
        codes = list(catalog.codes)
    if len(codes) < 2:
        only = codes[0].id if codes else "none"
        others = [c.id for c in catalog.codes if c.id != only]
        raise InputError(f"compare needs at least two different codes (got {only})",
                         hint=f"e.g. peerethics compare {only} {others[0] if others else 'MO'}")
    if topic is not None and not topic.strip():
        raise InputError("the topic is empty", hint="name one (see `peerethics topics`), or "
                         "leave --topic out to compare every topic")
    topics = [resolve_topic(catalog, topic)] if topic is not None else list(catalog.topics)
    coverage = {
        c.id: sum(any(t.id in p.topics for p in c.principles) for t in catalog.topics)
        for c in codes
    }
    rows: list[Row] = []
    for t in topics:
        cells = {c.id: tuple(p for p in c.principles if t.id in p.topics) for c in codes}
        covered = [cid for cid, ps in cells.items() if ps]
        if not covered:
            differs = False
        elif len(covered) < len(codes):
            differs = True
        else:
            facet_sets = {
                _facets(tuple(k for p in cells[cid] for k in p.key_terms_for(t.id)))
                for cid in covered
            }
            differs = len(facet_sets) > 1
        preamble = tuple(c.id for c in codes
                         if not cells[c.id] and t.id in c.preamble_topics)
        row = Row(t, cells, differs, preamble)
        if differences and not differs:
            continue
        rows.append(row)
    return Comparison(tuple(codes), tuple(rows), coverage, len(catalog.topics))
