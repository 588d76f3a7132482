"""Search: rank principles for a query in plain words, across every code.

Why not one fuzzy score over the whole text: people describe situations ("a guy I support
offered to buy me lunch") in words the codes never use, and whole-string fuzzy scores rank such
queries poorly. So search thinks in words:

1. The query is split into content words; a word that appears nowhere in the texts or topics is
   corrected to the nearest word that does (rapidfuzz, vectorised over the vocabulary), so
   ``confidentality`` finds ``confidentiality``.
2. Words are stemmed, and each is weighted by how rare it is (BM25's IDF): "gift" counts for more
   than "work".
3. Two kinds of evidence are blended: the principle's own words (its text, CT's importance, its
   editorial key terms), and its topics, whose labels and everyday phrases ("buy me lunch",
   "showed up high") carry the words people actually use. A phrase found whole in the query
   counts more than its words found apart.
4. Ties are broken by code and number, and a result tied with the last one shown is never cut.

Every hit says why it matched (``matched``), so ``--explain`` can show it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .model import Catalog, Principle
from .textproc import content_words, correctable, stem, stems

MAX_QUERY_CHARS = 2000
MAX_QUERY_WORDS = 64
K1 = 1.2
B = 0.75
# How much each kind of evidence counts (tuned on bench/queries.yaml, checked on holdout.yaml).
W_TEXT = 1.0
W_IMPORTANCE = 0.35
W_KEY_TERMS = 0.25
W_TOPIC = 1.1
W_PHRASE = 0.9
SECONDARY_TOPIC = 0.6
MIN_RELATIVE = 0.12


@dataclass(frozen=True, slots=True)
class SearchHit:
    principle: Principle
    score: float
    matched: tuple[dict[str, Any], ...] = ()

    @property
    def id(self) -> str:
        return self.principle.id


@dataclass
class Index:
    """Everything search needs, precomputed from a catalog (and cacheable as plain data)."""

    ids: list[str]
    fields: dict[str, dict[str, list[tuple[int, int]]]]  # field -> stem -> [(doc, tf)]
    lengths: dict[str, list[int]]
    topic_ids: list[str]
    topic_terms: list[dict[str, float]]  # topic -> stem -> weight
    topic_phrases: list[list[tuple[tuple[str, ...], str]]]  # topic -> [(stems, phrase)]
    doc_topics: list[list[int]]  # doc -> topic indexes, most central first
    vocabulary: list[str]  # surface words, for spelling correction
    known: set[str] = field(default_factory=set)  # stems and surface words

    @classmethod
    def build(cls, catalog: Catalog) -> Index:
        principles = list(catalog.principles())
        topic_pos = {t.id: i for i, t in enumerate(catalog.topics)}
        fields: dict[str, dict[str, list[tuple[int, int]]]] = {}
        lengths: dict[str, list[int]] = {}
        surface: set[str] = set()
        sources: dict[str, Callable[[Principle], str]] = {
            "text": lambda p: p.text,
            "importance": lambda p: p.importance or "",
            "key_terms": lambda p: " ".join(k.value for k in p.key_terms),
        }
        for name, get in sources.items():
            postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
            lens = []
            for doc, p in enumerate(principles):
                words = content_words(get(p))
                surface.update(w for w in words if name != "key_terms")
                counts = Counter(stem(w) for w in words)
                lens.append(sum(counts.values()))
                for s, tf in counts.items():
                    postings[s].append((doc, tf))
            fields[name] = dict(postings)
            lengths[name] = lens
        topic_terms: list[dict[str, float]] = []
        topic_phrases: list[list[tuple[tuple[str, ...], str]]] = []
        for t in catalog.topics:
            terms: dict[str, float] = {}
            phrases: list[tuple[tuple[str, ...], str]] = []
            for s in stems(t.label):
                terms[s] = 1.0
            for phrase in t.phrases:
                ws = content_words(phrase)
                surface.update(ws)
                ph = tuple(stem(w) for w in ws)
                if not ph:
                    continue
                for s in ph:
                    terms.setdefault(s, 0.8)
                if len(ph) > 1:
                    phrases.append((ph, phrase))
            for s in stems(t.description):
                terms.setdefault(s, 0.3)
            topic_terms.append(terms)
            topic_phrases.append(phrases)
        doc_topics = [[topic_pos[t] for t in p.topics if t in topic_pos] for p in principles]
        known = set(surface)
        for f in fields.values():
            known.update(f)
        for terms in topic_terms:
            known.update(terms)
        return cls(
            ids=[p.id for p in principles],
            fields=fields,
            lengths=lengths,
            topic_ids=[t.id for t in catalog.topics],
            topic_terms=topic_terms,
            topic_phrases=topic_phrases,
            doc_topics=doc_topics,
            vocabulary=sorted(w for w in surface if correctable(w)),
            known=known,
        )


_INDEXES: dict[int, tuple[Catalog, Index]] = {}


def index_for(catalog: Catalog) -> Index:
    """The catalog's index, built once per catalog object."""
    cached = _INDEXES.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    index = Index.build(catalog)
    _INDEXES[id(catalog)] = (catalog, index)
    return index


@dataclass
class Query:
    """The query as search understood it: content words, corrections, stems."""

    text: str
    words: list[str]
    corrections: dict[str, str]
    stems: list[str]
    surface: dict[str, str] = field(default_factory=dict)  # stem -> the word typed (corrected)

    def show(self, stems_: list[str]) -> list[str]:
        return sorted({self.surface.get(s, s) for s in stems_})


def understand(index: Index, text: str) -> Query:
    """Split, correct and stem a query. Unknown words are corrected against the vocabulary."""
    text = text[:MAX_QUERY_CHARS]
    words = content_words(text)[:MAX_QUERY_WORDS]
    corrections: dict[str, str] = {}
    unknown = [w for w in dict.fromkeys(words)
               if w not in index.known and stem(w) not in index.known and correctable(w)]
    if unknown:
        unknown = [w for w in unknown if not is_english(w)]
    if unknown and index.vocabulary:
        corrections = _correct(unknown, index.vocabulary)
    fixed = [corrections.get(w, w) for w in words]
    surface: dict[str, str] = {}
    for w in fixed:
        surface.setdefault(stem(w), w)
    return Query(text, fixed, corrections, list(surface), surface)


_ENGLISH: str | None = None


def is_english(word: str) -> bool:
    """Whether ``word`` is a real English word (SCOWL list): a word the codes do not use is not
    a misspelling of one they do, so "last" is never "corrected" to "least"."""
    global _ENGLISH
    if _ENGLISH is None:
        from .catalog import bundled_data_dir

        try:
            path = bundled_data_dir() / "words" / "english.txt"
            _ENGLISH = "\n" + path.read_text(encoding="utf-8")
        except OSError:
            _ENGLISH = ""
    w = word.lower()
    if f"\n{w}\n" in _ENGLISH:
        return True
    # Regular inflections of a listed word (the list holds mostly base forms).
    for suffix, repl in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
                         ("ing", "e"), ("ies", "y"), ("ied", "y"), ("er", ""), ("ly", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if f"\n{w[: -len(suffix)] + repl}\n" in _ENGLISH:
                return True
    return False


def _correct(unknown: list[str], vocabulary: list[str]) -> dict[str, str]:
    """Nearest vocabulary word for each unknown word (rapidfuzz scans the list in C)."""
    from rapidfuzz import fuzz, process

    out: dict[str, str] = {}
    for word in unknown:
        found = process.extract(word, vocabulary, scorer=fuzz.ratio, limit=8, score_cutoff=72)
        if not found:
            continue
        best = found[0][1]
        # Among equally close words prefer the one sharing the first letter, then similar length.
        ties = [m for m, score, _ in found if score >= best - 0.01]
        ties.sort(key=lambda m: (m[0] != word[0], abs(len(m) - len(word)), m))
        out[word] = ties[0]
    return out


def _bm25(
    index: Index, field: str, q: list[str], n_docs: int
) -> tuple[dict[int, float], dict[int, list[str]]]:
    postings = index.fields[field]
    lens = index.lengths[field]
    avg = (sum(lens) / n_docs) if n_docs else 1.0
    avg = avg or 1.0
    scores: dict[int, float] = defaultdict(float)
    hits: dict[int, list[str]] = defaultdict(list)
    for s in q:
        plist = postings.get(s)
        if not plist:
            continue
        idf = math.log(1 + (n_docs - len(plist) + 0.5) / (len(plist) + 0.5))
        for doc, tf in plist:
            denom = tf + K1 * (1 - B + B * lens[doc] / avg)
            scores[doc] += idf * tf * (K1 + 1) / denom
            hits[doc].append(s)
    return scores, hits


def _topic_scores(index: Index, query: Query) -> tuple[list[float], list[list[str]]]:
    """How strongly the query is about each topic: rare words and whole phrases count most."""
    n_topics = len(index.topic_terms) or 1
    df: Counter[str] = Counter()
    for terms in index.topic_terms:
        df.update(terms.keys())
    qset = set(query.stems)
    scores: list[float] = []
    why: list[list[str]] = []
    for t, terms in enumerate(index.topic_terms):
        score = 0.0
        matched: list[str] = []
        for s in query.stems:
            w = terms.get(s)
            if w:
                idf = math.log(1 + (n_topics - df[s] + 0.5) / (df[s] + 0.5))
                score += w * idf
                matched.append(s)
        for ph, phrase in index.topic_phrases[t]:
            if qset.issuperset(ph) and _in_order(query.stems, ph):
                score += W_PHRASE * sum(
                    math.log(1 + (n_topics - df[s] + 0.5) / (df[s] + 0.5)) for s in ph
                )
                matched.append(f'"{phrase}"')
        scores.append(score)
        why.append(matched)
    return scores, why


def _in_order(seq: list[str], phrase: tuple[str, ...]) -> bool:
    it = iter(seq)
    return all(any(s == p for s in it) for p in phrase)


def search(
    catalog: Catalog,
    query: str,
    *,
    codes: list[str] | tuple[str, ...] | None = None,
    limit: int | None = 10,
) -> list[SearchHit]:
    """Principles matching ``query``, best first; ``codes`` restricts to those code ids.

    Returns ``[]`` when nothing matches. A result tied with the last one kept is kept too, so
    one code's principle is never cut while an equally good one of another code is shown.
    """
    index = index_for(catalog)
    q = understand(index, query)
    if not q.stems:
        return _plain_word_search(catalog, query, codes, limit)
    n = len(index.ids)
    parts = {
        name: _bm25(index, name, q.stems, n) for name in ("text", "importance", "key_terms")
    }
    t_scores, t_why = _topic_scores(index, q)
    weights = {"text": W_TEXT, "importance": W_IMPORTANCE, "key_terms": W_KEY_TERMS}
    allowed = set(codes) if codes else None
    principles = list(catalog.principles())
    results: list[tuple[float, int, list[dict[str, Any]]]] = []
    candidates: set[int] = set()
    for scores, _ in parts.values():
        candidates.update(scores)
    topic_hit = {t for t, s in enumerate(t_scores) if s > 0}
    if topic_hit:
        candidates.update(d for d, ts in enumerate(index.doc_topics) if topic_hit.intersection(ts))
    for doc in candidates:
        p = principles[doc]
        if allowed is not None and p.code not in allowed:
            continue
        total = 0.0
        matched: list[dict[str, Any]] = []
        for name, (scores, hits) in parts.items():
            if doc in scores:
                total += weights[name] * scores[doc]
                matched.append({"via": name, "words": q.show(hits[doc])})
        for rank, t in enumerate(index.doc_topics[doc]):
            if t_scores[t] > 0:
                total += W_TOPIC * (1.0 if rank == 0 else SECONDARY_TOPIC) * t_scores[t]
                matched.append({"via": "topic", "topic": index.topic_ids[t],
                                "words": q.show(t_why[t])})
        if total > 0:
            results.append((total, doc, matched))
    if not results:
        return []
    order = {c.id: i for i, c in enumerate(catalog.codes)}
    results.sort(key=lambda r: (-round(r[0], 9), order[principles[r[1]].code],
                                principles[r[1]].number))
    top = results[0][0]
    results = [r for r in results if r[0] >= MIN_RELATIVE * top]
    if limit is not None and limit < len(results):
        cut = round(results[limit - 1][0], 9)
        keep = limit
        while keep < len(results) and round(results[keep][0], 9) == cut:
            keep += 1
        results = results[:keep]
    corrections = [{"via": "spelling", "from": a, "to": b} for a, b in q.corrections.items()]
    return [
        SearchHit(principles[doc], round(score, 4), tuple(corrections + matched))
        for score, doc, matched in results
    ]


def _plain_word_search(
    catalog: Catalog, query: str, codes: list[str] | tuple[str, ...] | None, limit: int | None
) -> list[SearchHit]:
    """A query of only common words ("the", "will not"): rank texts by those words, literally."""
    from .textproc import words as split_words

    wanted = set(split_words(query[:MAX_QUERY_CHARS])[:MAX_QUERY_WORDS])
    if not wanted:
        return []
    hits = []
    for p in catalog.principles():
        if codes and p.code not in codes:
            continue
        found = [w for w in split_words(p.text) if w in wanted]
        if found:
            score = round(len(set(found)) + 0.01 * len(found), 4)
            hits.append(SearchHit(p, score, ({"via": "text", "words": sorted(set(found))},)))
    hits.sort(key=lambda h: -h.score)
    if limit is not None and limit < len(hits):
        cut = hits[limit - 1].score
        hits = hits[:limit] + [h for h in hits[limit:] if h.score == cut]
    return hits


def suggestions(catalog: Catalog, query: str, n: int = 5) -> list[str]:
    """Words from the texts and topics closest to the query's words (for "nothing found")."""
    index = index_for(catalog)
    words = content_words(query[:MAX_QUERY_CHARS])[:8]
    if not words or not index.vocabulary:
        return []
    from rapidfuzz import fuzz, process

    out: list[str] = []
    for w in words:
        for match, _score, _i in process.extract(w, index.vocabulary, scorer=fuzz.ratio,
                                                 limit=3, score_cutoff=50):
            if match not in out:
                out.append(match)
    return out[:n]
