"""Line codes up topic by topic: which principles each code has on a topic, and where they differ.

Codes "differ" on a topic when one speaks to it and another is silent, or when their editorial key
terms for it (who, how long, what counts...) do not say the same thing. They differ *in
substance* (``compare --differences``) only where one code has a rule another lacks: a code
silent on the topic, or a key term one code states and another leaves "not stated"; or where
their limits differ (5 years against 1 year, 9 named grounds against 10). Different wording of
the same rule is not a difference in substance. How much they differ
(:func:`substance`) orders the rows.
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
    # How much the codes differ in substance (:func:`substance`), and on which key terms.
    substance: int = 0
    substantive: tuple[str, ...] = ()

    def key_terms(self, code_id: str) -> tuple[KeyTerm, ...]:
        return tuple(k for p in self.cells[code_id] for k in p.key_terms_for(self.topic.id))


@dataclass(frozen=True, slots=True)
class Comparison:
    codes: tuple[Code, ...]
    rows: tuple[Row, ...]
    coverage: dict[str, int]  # code id -> topics it speaks to (of all topics, not just shown)
    total_topics: int
    differences: bool = False  # only the topics where the codes differ in substance


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


_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()


def _gist(values: list[str]) -> tuple[str, ...]:
    """What a code's key-term values on one facet come to in substance: ``()`` when they all
    say "not stated" (or there are none), else the limits they state (their numbers, in words
    or digits), or ``("stated",)`` when they state a rule with no number in it."""
    import re

    stated = [v for v in values if not v.lower().startswith("not stated")]
    if not stated:
        return ()
    numbers = {str(_NUMBER_WORDS.index(w) + 1) if w in _NUMBER_WORDS else w
               for v in stated for w in re.findall(r"\d+|[a-z]+", v.lower())
               if w.isdigit() or w in _NUMBER_WORDS}
    return tuple(sorted(numbers)) or ("stated",)


def substance(cells: dict[str, tuple[Principle, ...]], topic: str,
              preamble: tuple[str, ...] = ()) -> tuple[int, tuple[str, ...]]:
    """How much codes differ in substance on ``topic``, and on which key terms: a point for each
    code silent where another has a principle (a code whose preamble speaks to it is not
    silent), and for each key term, a point for each different gist beyond the first
    (:func:`_gist`: not stated, stated, or the limits stated). Wording alone scores nothing."""
    covered = [cid for cid, ps in cells.items() if ps]
    if not covered:
        return 0, ()
    score = sum(1 for cid, ps in cells.items() if not ps and cid not in preamble)
    facets = list(dict.fromkeys(k.facet for cid in covered for p in cells[cid]
                                for k in p.key_terms_for(topic)))
    parting = []
    for facet in facets:
        gists = {_gist([k.value for p in cells[cid] for k in p.key_terms_for(topic)
                        if k.facet == facet]) for cid in covered}
        if len(gists) > 1:
            score += len(gists) - 1
            parting.append(facet)
    return score, tuple(parting)


def _facets(terms: tuple[KeyTerm, ...]) -> frozenset[tuple[str, str]]:
    return frozenset((k.facet, " ".join(k.value.lower().split())) for k in terms)


def compare(
    catalog: Catalog,
    code_ids: list[str] | tuple[str, ...] | None = None,
    *,
    topic: str | None = None,
    differences: bool = False,
) -> Comparison:
    """Compare codes (all of them when ``code_ids`` is empty or None) topic by topic;
    ``differences`` keeps the topics where they differ in substance, most different first.

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
        score, parting = substance(cells, t.id, preamble)
        row = Row(t, cells, differs, preamble, score, parting)
        if differences and not score:
            continue
        rows.append(row)
    if differences:  # most different first; ties keep the topics' order
        rows.sort(key=lambda r: -r.substance)
    return Comparison(tuple(codes), tuple(rows), coverage, len(catalog.topics), differences)
