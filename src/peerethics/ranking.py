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
   counts more than its words found apart, and two of its words side by side count a little.
4. A topic can name related topics ("duty to warn" -> confidentiality): their principles get a
   share of its score, so they follow, never lead, the ones the query is about.
5. Ties are broken by code and number, and a result tied with the last one shown is never cut.

Every hit says why it matched (``matched``), so ``--explain`` can show it.
"""

from __future__ import annotations

import bisect
import marshal
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

from .model import Catalog, Principle
from .textproc import (
    FOLDED,
    STOP_WORDS,
    WEAK_WORDS,
    content_words,
    correctable,
    phrase_word,
    stem,
    stems,
    strip_idioms,
)
from .textproc import words as split_words

_PERSON_KEYS = frozenset(FOLDED.values())
MAX_QUERY_CHARS = 2000
MAX_QUERY_WORDS = 64
K1 = 1.2
B = 0.75
# How much each kind of evidence counts: tuned on bench/queries.yaml, holdout.yaml, fresh.yaml and
# fresh2.yaml; bench/holdout2.yaml and unseen.yaml are only ever scored, to tell how search does on
# queries nobody tuned for.
W_TEXT = 0.6
W_IMPORTANCE = 0.35
W_KEY_TERMS = 0.1
W_TOPIC = 1.1
W_PHRASE = 0.9
SECONDARY_TOPIC = 0.8
MIN_RELATIVE = 0.12
PREFIX_WEIGHT = 0.7
WEAK_WEIGHT = 0.4
PHRASE_LENGTH = 0.25
SINGLE_WORD = 1.0
PHRASE_WORD = 0.35
DESCRIPTION_WORD = 0.2
MIN_PREFIX = 5
OTHER_SENSE = 0.2
FUNCTION_PHRASE = 1.5
LONG_QUERY = 5
LONG_QUERY_TEXT = 0.7
W_PAIR = 0.3
RELATED = 0.5

_T = TypeVar("_T")


class SearchHit(NamedTuple):
    principle: Principle
    score: float
    matched: tuple[dict[str, Any], ...] = ()

    @property
    def id(self) -> str:
        return self.principle.id


class Index:
    """Everything search needs, precomputed from a catalog (and cached as plain data)."""

    ids: list[str]
    # field -> stem -> marshal'd [doc, tf, doc, tf, ...]: unpacked only for the query's stems, so
    # reading the index grows with the vocabulary, not with the number of principles
    fields: dict[str, dict[str, bytes]]
    lengths: dict[str, list[int]]
    topic_ids: list[str]
    topic_terms: list[dict[str, float]]  # topic -> stem -> weight
    # first stem -> [(topic, every word stemmed, the phrase)]: only phrases that can start at a
    # word of the query are ever looked at
    phrases: dict[str, list[tuple[int, tuple[str, ...], str]]]
    doc_topics: list[list[int]]  # doc -> topic indexes, most central first
    vocabulary: list[str] | None  # surface words, for spelling correction (loaded when needed)
    topic_idf: dict[str, float]  # stem -> rarity across topics
    stem_list: list[str]  # the texts' stems, sorted (word-family look-ups)
    stem_set: set[str]
    strong: dict[str, list[int]]  # stem -> topics where it is a one-word phrase (its "sense")
    related: list[list[int]]  # topic -> the topics it declares related
    # "word word" -> topics whose phrases hold that pair of adjacent words, so part of a phrase
    # counts too ("stop taking her antipsychotic" shares "stop taking" with "stop taking meds")
    pairs: dict[str, list[int]]

    def __init__(self, **values: Any) -> None:
        values.setdefault("vocabulary", None)
        missing = set(self.__annotations__) - set(values)
        if missing:
            raise TypeError(f"index data lacks {sorted(missing)}")
        self.__dict__.update(values)

    @classmethod
    def build(cls, catalog: Catalog) -> Index:
        principles = list(catalog.principles())
        topic_pos = {t.id: i for i, t in enumerate(catalog.topics)}
        fields: dict[str, dict[str, bytes]] = {}
        lengths: dict[str, list[int]] = {}
        surface: set[str] = set()
        sources: dict[str, Callable[[Principle], str]] = {
            "text": lambda p: p.text,
            "importance": lambda p: p.importance or "",
            "key_terms": lambda p: " ".join(k.value for k in p.key_terms),
        }
        for name, get in sources.items():
            postings: dict[str, list[int]] = defaultdict(list)
            lens = []
            for doc, p in enumerate(principles):
                words = content_words(get(p))
                surface.update(w for w in words if name != "key_terms")
                counts = Counter(stem(w) for w in words)
                lens.append(sum(counts.values()))
                for s, tf in counts.items():
                    postings[s] += (doc, tf)
            fields[name] = {s: marshal.dumps(docs) for s, docs in postings.items()}
            lengths[name] = lens
        topic_terms: list[dict[str, float]] = []
        phrase_index: dict[str, list[tuple[int, tuple[str, ...], str]]] = defaultdict(list)
        strong: dict[str, list[int]] = defaultdict(list)
        pair_index: dict[str, list[int]] = defaultdict(list)
        for t_index, t in enumerate(catalog.topics):
            terms: dict[str, float] = {}
            seen: set[tuple[str, ...]] = set()
            for s in stems(t.label):
                terms[s] = 1.0
            for phrase in t.phrases:
                ws = content_words(phrase)
                surface.update(ws)
                # A one-word phrase is a chosen signal ("xanax"); a word inside a longer phrase
                # ("state" in "state hospital") says little on its own.
                plain = split_words(phrase)
                weight = SINGLE_WORD if len(plain) == 1 else PHRASE_WORD
                for s in (stem(w) for w in ws):
                    terms[s] = max(terms.get(s, 0.0), weight)
                    if len(plain) == 1 and t_index not in strong[s]:
                        strong[s].append(t_index)
                # Read like a query is read ("used to" -> "former"), so phrases can match.
                plain_seq = split_words(strip_idioms(phrase))
                # The first word is kept as it is ("my ex" is not "his ex"); pronouns inside
                # match any pronoun ("holding my hand", "held her hand").
                seq = tuple(stem(w) if i == 0 else phrase_word(w)
                            for i, w in enumerate(plain_seq))
                if len(seq) > 1 and seq not in seen:
                    seen.add(seq)
                    phrase_index[seq[0]].append((t_index, seq, phrase))
                    for pair in word_pairs(tuple(phrase_word(w) for w in plain_seq)):
                        if t_index not in pair_index[pair]:
                            pair_index[pair].append(t_index)
            for s in stems(t.description):
                terms.setdefault(s, DESCRIPTION_WORD)
            topic_terms.append(terms)
        doc_topics = [[topic_pos[t] for t in p.topics if t in topic_pos] for p in principles]
        # Word families are looked up among the codes' own words only: topic phrases are
        # everyday words, where prefixes mislead ("class" is not "classmate").
        text_stems = set(fields["text"]) | set(fields["importance"])
        n_topics = len(topic_terms) or 1
        tdf: Counter[str] = Counter()
        for terms in topic_terms:
            tdf.update(terms.keys())
        topic_idf = {s: math.log(1 + (n_topics - d + 0.5) / (d + 0.5)) for s, d in tdf.items()}
        return cls(
            ids=[p.id for p in principles],
            fields=fields,
            lengths=lengths,
            topic_ids=[t.id for t in catalog.topics],
            topic_terms=topic_terms,
            phrases=dict(phrase_index),
            doc_topics=doc_topics,
            vocabulary=sorted(w for w in surface if correctable(w)),
            topic_idf=topic_idf,
            strong=dict(strong),
            related=[[topic_pos[r] for r in t.related if r in topic_pos] for t in catalog.topics],
            pairs=dict(pair_index),
            stem_list=sorted(text_stems),
            stem_set=text_stems,
        )


_INDEXES: dict[int, tuple[Catalog, Index]] = {}
INDEX_FORMAT = 14


def _index_kind() -> str:
    """The cache name of an index: what it was built with is part of it, so it cannot go stale."""
    return f"index{INDEX_FORMAT}-{SINGLE_WORD}-{PHRASE_WORD}-{DESCRIPTION_WORD}"


_CACHE_KEYS: dict[int, tuple[str, Catalog]] = {}


def _known(index: Index, s: str) -> bool:
    """Whether a stem occurs anywhere in the texts, key terms or topics."""
    return s in index.topic_idf or any(s in postings for postings in index.fields.values())


def _vocabulary(index: Index) -> list[str]:
    """The words spelling correction may correct towards, read from the cache on first use."""
    if index.vocabulary is None:
        from . import cache

        key, catalog = _CACHE_KEYS[id(index)]
        words = cache.read(_index_kind() + "-words", key)
        if not isinstance(words, list):  # missing or damaged: rebuild it, and store it again
            words = Index.build(catalog).vocabulary or []
            cache.write(_index_kind() + "-words", key, words)
        index.vocabulary = words
    return index.vocabulary


def index_for(catalog: Catalog) -> Index:
    """The catalog's index: from memory, else from the cache beside the catalog's, else built."""
    cached = _INDEXES.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    index = None
    key = catalog.key
    if key is not None:
        from . import cache

        data = cache.read(_index_kind(), key)
        if isinstance(data, dict):
            try:
                index = Index(**data)
            except TypeError:
                index = None
        if index is None:
            index = Index.build(catalog)
            # The spelling vocabulary is only read for a query with an unknown word.
            cache.write(_index_kind() + "-words", key, index.vocabulary)
            cache.write(_index_kind(), key, {k: v for k, v in vars(index).items()
                                             if k != "vocabulary"})
        _CACHE_KEYS[id(index)] = (key, catalog)
    if index is None:
        index = Index.build(catalog)
    _INDEXES[id(catalog)] = (catalog, index)
    return index


class Query(NamedTuple):
    """The query as search understood it: content words, corrections, stems."""

    text: str
    words: list[str]
    corrections: dict[str, str]
    stems: list[str]
    surface: dict[str, str]  # stem -> the word typed (corrected)
    weights: dict[str, float]  # stem -> 1, or less for a weak word or a relative
    sequence: list[str]  # every word stemmed, in order (for phrases)
    folded: list[str]  # the same, pronouns folded (for the words of a phrase after its first)

    def show(self, stems_: list[str]) -> list[str]:
        return sorted({self.surface.get(s, s) for s in stems_})


def understand(index: Index, text: str) -> Query:
    """Split, correct and stem a query. Unknown words are corrected against the vocabulary."""
    text = text[:MAX_QUERY_CHARS]
    plain = strip_idioms(text)
    words = content_words(plain)[:MAX_QUERY_WORDS]
    corrections: dict[str, str] = {}
    unknown = [w for w in dict.fromkeys(words) if correctable(w) and not _known(index, stem(w))]
    real = [w for w in unknown if is_english(w)]
    unknown = [w for w in unknown if w not in real]
    vocabulary = _vocabulary(index) if unknown or real else []
    if unknown and vocabulary:
        corrections = _correct(unknown, vocabulary)
    if real and vocabulary:
        corrections.update(_correct_in_context(real, split_words(plain), index))
    fixed = [corrections.get(w, w) for w in words]
    surface: dict[str, str] = {}
    for w in fixed:
        surface.setdefault(stem(w), w)
    weights = {s: WEAK_WEIGHT if surface[s] in WEAK_WORDS or surface[s].isdigit() else 1.0
               for s in surface}
    for s in list(surface):
        for other in _stem_family(index, s):
            if other not in weights:
                weights[other] = PREFIX_WEIGHT
                surface.setdefault(other, surface[s])
    seq_words = [corrections.get(w, w) for w in split_words(plain)[: MAX_QUERY_WORDS * 3]]
    sequence = [stem(w) for w in seq_words]
    folded = [phrase_word(w) for w in seq_words]
    return Query(text, fixed, corrections, list(weights), surface, weights, sequence, folded)


def _stem_family(index: Index, s: str) -> list[str]:
    """Stems that are another form of ``s`` where Porter keeps them apart: one is a prefix of the
    other, and the shorter has at least 5 letters (advocacy/advocate, recovery/recovering)."""
    if len(s) < MIN_PREFIX:
        return []
    found = [s[:k] for k in range(MIN_PREFIX, len(s)) if s[:k] in index.stem_set]
    lo = bisect.bisect_left(index.stem_list, s)
    for other in index.stem_list[lo:lo + 50]:
        if not other.startswith(s):
            break
        if other != s and len(other) - len(s) <= 4:
            found.append(other)
    return found


_ENGLISH: str | None = None


def is_english(word: str) -> bool:
    """Whether ``word`` is a real English word (SCOWL list): a word the codes do not use is not
    a misspelling of one they do, so "last" is never "corrected" to "least"."""
    global _ENGLISH
    if _ENGLISH is None:
        from .discover import bundled_data_dir

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


_PAIRS: dict[int, set[tuple[str, str]]] = {}


def _phrase_pairs(index: Index) -> set[tuple[str, str]]:
    """Adjacent stem pairs of all topic phrases; built when first needed, not cached on disk."""
    pairs = _PAIRS.get(id(index))
    if pairs is None:
        pairs = set()
        for entries in index.phrases.values():
            for _, seq, _ in entries:
                pairs.update(zip(seq, seq[1:], strict=False))
        _PAIRS[id(index)] = pairs
    return pairs


def _correct_in_context(real: list[str], sequence: list[str], index: Index) -> dict[str, str]:
    """A real word can be a typo too ("duel relationships", "duty to warm"); correct it only when
    the correction makes a phrase of the topics with the word beside it, so "last month" stays."""
    out: dict[str, str] = {}
    pairs = _phrase_pairs(index)
    for word, candidate in _correct(real, _vocabulary(index), best_only=False,
                                    cutoff=0.75).items():
        for i, w in enumerate(sequence):
            if w != word:
                continue
            # The neighbour must carry meaning: "a" + "breaks" proves nothing.
            before = sequence[i - 1] if i else ""
            after = sequence[i + 1] if i + 1 < len(sequence) else ""
            before = "" if before in STOP_WORDS and before != "to" else stem(before)
            after = "" if after in STOP_WORDS else stem(after)
            for c in candidate.split("|"):
                sc = stem(c)
                if (before, sc) in pairs or (sc, after) in pairs:
                    out[word] = c
                    break
            if word in out:
                break
    return out


def _correct(
    unknown: list[str], vocabulary: list[str], best_only: bool = True, cutoff: float = 0.84
) -> dict[str, str]:
    """Nearest vocabulary word for each unknown word.

    Jaro-Winkler finds candidates (it forgives swapped letters and favours a shared start:
    "intimadation" -> "intimidate", not "intoxication"); the pick blends it with the plain edit
    ratio. rapidfuzz scans the whole vocabulary in C for each word.
    """
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import JaroWinkler

    out: dict[str, str] = {}
    for word in unknown:
        found = process.extract(word, vocabulary, scorer=JaroWinkler.normalized_similarity,
                                limit=10, score_cutoff=cutoff)
        ranked: list[tuple[float, str]] = []
        for match, jw, _ in found:
            ratio = fuzz.ratio(word, match) / 100
            if ratio >= 0.6:
                ranked.append(((jw + ratio) / 2, match))
        ranked.sort(key=lambda r: -r[0])
        if ranked:
            out[word] = ranked[0][1] if best_only else "|".join(m for _, m in ranked)
    return out


def _bm25(
    index: Index, field: str, q: dict[str, float], n_docs: int
) -> tuple[dict[int, float], dict[int, list[str]]]:
    postings = index.fields[field]
    lens = index.lengths[field]
    avg = (sum(lens) / n_docs) if n_docs else 1.0
    avg = avg or 1.0
    scores: dict[int, float] = defaultdict(float)
    hits: dict[int, list[str]] = defaultdict(list)
    for s, weight in q.items():
        packed = postings.get(s)
        if not packed:
            continue
        flat = marshal.loads(packed)
        plist = list(zip(flat[::2], flat[1::2], strict=True))
        idf = weight * math.log(1 + (n_docs - len(plist) + 0.5) / (len(plist) + 0.5))
        senses = index.strong.get(s)
        for doc, tf in plist:
            denom = tf + K1 * (1 - B + B * lens[doc] / avg)
            gain = idf * tf * (K1 + 1) / denom
            if senses and not any(t in senses for t in index.doc_topics[doc]):
                # The word means something else here: "high" in "high standards" is not
                # "getting high"; "present" in "represent" is not a gift.
                gain *= OTHER_SENSE
            scores[doc] += gain
            hits[doc].append(s)
    return scores, hits


def _topic_scores(index: Index, query: Query) -> tuple[list[float], list[list[str]]]:
    """How strongly the query is about each topic: rare words and whole phrases count most."""
    idf = index.topic_idf
    scores = [0.0] * len(index.topic_terms)
    why: list[list[str]] = [[] for _ in index.topic_terms]
    for t, terms in enumerate(index.topic_terms):
        for s in query.stems:
            w = terms.get(s)
            if w:
                scores[t] += w * idf[s] * query.weights.get(s, 1.0)
                why[t].append(s)
    folded = query.folded
    found: set[tuple[int, tuple[str, ...]]] = set()
    for i, first in enumerate(query.sequence):
        for t, phrase_seq, phrase in index.phrases.get(first, ()):
            if ((t, phrase_seq) in found
                    or tuple(folded[i + 1:i + len(phrase_seq)]) != phrase_seq[1:]):
                continue
            found.add((t, phrase_seq))
            # A phrase of common words only ("day off", "let him know") still says something
            # when found whole.
            content = stems(phrase)
            rarity = sum(idf.get(s, 0.0) for s in content) if content else FUNCTION_PHRASE
            scores[t] += W_PHRASE * rarity * (1 + PHRASE_LENGTH * (len(phrase_seq) - 1))
            why[t].append(f'"{phrase}"')
    if W_PAIR:
        n = len(scores)
        for pair in set(word_pairs(folded)):
            topics = index.pairs.get(pair)
            if not topics:
                continue
            rarity = math.log(1 + (n - len(topics) + 0.5) / (len(topics) + 0.5))
            for t in topics:
                scores[t] += W_PAIR * rarity
                why[t].append(f'"{pair}"')
    return scores, why


def word_pairs(seq: tuple[str, ...] | list[str]) -> list[str]:
    """Adjacent words of a phrase (stemmed, pronouns folded), and pairs around one pronoun
    ("take her meds" gives "take med"); pairs of only function words say nothing and are left
    out."""
    out = []
    for i, a in enumerate(seq):
        for j in (i + 1, i + 2):
            if j >= len(seq) or (j == i + 2 and seq[i + 1] not in _PERSON_KEYS):
                continue
            b = seq[j]
            if a in _PERSON_KEYS or b in _PERSON_KEYS or (a in STOP_WORDS and b in STOP_WORDS):
                continue
            out.append(f"{a} {b}")
    return out


def search(
    catalog: Catalog,
    query: str,
    *,
    codes: list[str] | tuple[str, ...] | None = None,
    limit: int | None = 10,
) -> list[SearchHit]:
    """Principles matching ``query``, best first; ``codes`` restricts to those code ids.

    Returns ``[]`` when nothing matches, or when the ``codes`` asked for match only weakly
    compared with the best match in any code. A result tied with the last one kept is kept too, so
    one code's principle is never cut while an equally good one of another code is shown.
    """
    index = index_for(catalog)
    q = understand(index, query)
    if not q.stems:
        return _plain_word_search(catalog, query, codes, limit)
    n = len(index.ids)
    parts = {
        name: _bm25(index, name, q.weights, n) for name in ("text", "importance", "key_terms")
    }
    t_scores, t_why = _topic_scores(index, q)
    # A question about one topic is often about its neighbours too (a client's threat is about
    # confidentiality as well as the duty to warn): related topics get a share of its score.
    r_scores = [0.0] * len(t_scores)
    r_from: list[int | None] = [None] * len(t_scores)
    for u, score in enumerate(t_scores):
        if score > 0:
            for t in index.related[u]:
                if RELATED * score > r_scores[t]:
                    r_scores[t], r_from[t] = RELATED * score, u
    # In a long description of a situation, a word the texts happen to use ("agency",
    # "supervisor") is weaker evidence than the topics the whole description points to.
    long = LONG_QUERY_TEXT if len(q.words) >= LONG_QUERY else 1.0
    weights = {"text": W_TEXT * long, "importance": W_IMPORTANCE * long,
               "key_terms": W_KEY_TERMS * long}
    allowed = set(codes) if codes else None
    principles = list(catalog.principles())
    results: list[tuple[float, int]] = []
    candidates: set[int] = set()
    for scores, _ in parts.values():
        candidates.update(scores)
    topic_hit = {t for t, s in enumerate(t_scores) if s > 0}
    topic_hit.update(t for t, s in enumerate(r_scores) if s > 0)
    if topic_hit:
        candidates.update(d for d, ts in enumerate(index.doc_topics) if topic_hit.intersection(ts))
    best = 0.0
    for doc in candidates:
        total = 0.0
        for name, (scores, _) in parts.items():
            if doc in scores:
                total += weights[name] * scores[doc]
        direct, related, _ = _topical(index.doc_topics[doc], t_scores, r_scores)
        # Relatedness brings in what the query's own topics miss; it never adds to them.
        total += max(direct, related)
        best = max(best, total)
        if total > 0 and (allowed is None or principles[doc].code in allowed):
            results.append((total, doc))
    # Weak is measured against the best match in any code: with --code MA, "duty to warn"
    # finds nothing rather than MA's principles that share a word with it.
    results = [r for r in results if r[0] >= MIN_RELATIVE * best]
    if not results:
        return []
    order = {c.id: i for i, c in enumerate(catalog.codes)}
    results.sort(key=lambda r: (-round(r[0], 9), order[principles[r[1]].code],
                                principles[r[1]].number))
    results = _keep_ties(results, limit, lambda r: r[0])
    corrections = [{"via": "spelling", "from": a, "to": b} for a, b in q.corrections.items()]

    def why(doc: int) -> tuple[dict[str, Any], ...]:
        """What matched, worked out only for the results returned."""
        matched: list[dict[str, Any]] = list(corrections)
        for name, (scores, hits) in parts.items():
            if doc in scores:
                matched.append({"via": name, "words": q.show(hits[doc])})
        for t in index.doc_topics[doc]:
            if t_scores[t] > 0:
                matched.append({"via": "topic", "topic": index.topic_ids[t],
                                "words": q.show(t_why[t])})
        direct, related, via = _topical(index.doc_topics[doc], t_scores, r_scores)
        source = r_from[via] if via is not None and related > direct else None
        if via is not None and source is not None:
            matched.append({"via": "related", "topic": index.topic_ids[via],
                            "from": index.topic_ids[source]})
        return tuple(matched)

    return [SearchHit(principles[doc], round(score, 4), why(doc)) for score, doc in results]


def _topical(
    topics: list[int], t_scores: list[float], r_scores: list[float]
) -> tuple[float, float, int | None]:
    """A principle's topic evidence: (from the query's topics, from their related topics, the
    topic the related evidence came through); its first topic counts most."""
    direct = related = 0.0
    via = None
    for rank, t in enumerate(topics):
        weight = W_TOPIC if rank == 0 else W_TOPIC * SECONDARY_TOPIC
        direct += weight * t_scores[t]
        if weight * r_scores[t] > related:
            related, via = weight * r_scores[t], t
    return direct, related, via


def _plain_word_search(
    catalog: Catalog, query: str, codes: list[str] | tuple[str, ...] | None, limit: int | None
) -> list[SearchHit]:
    """A query of only common words ("the", "will not"): rank texts by those words, literally."""
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
    return _keep_ties(hits, limit, lambda h: h.score)


def _keep_ties(ranked: list[_T], limit: int | None, score: Callable[[_T], float]) -> list[_T]:
    """The first ``limit`` of a ranked list, plus every later one tied with the last kept: one
    code's principle is never cut while an equally good one of another code is shown."""
    if limit is None or limit >= len(ranked):
        return ranked
    cut = round(score(ranked[limit - 1]), 9)
    keep = limit
    while keep < len(ranked) and round(score(ranked[keep]), 9) == cut:
        keep += 1
    return ranked[:keep]


def suggestions(catalog: Catalog, query: str, n: int = 5) -> list[str]:
    """Words from the texts and topics closest to the query's words (for "nothing found")."""
    index = index_for(catalog)
    words = content_words(query[:MAX_QUERY_CHARS])[:8]
    vocabulary = _vocabulary(index)
    if not words or not vocabulary:
        return []
    from rapidfuzz import fuzz, process

    out: list[str] = []
    for w in words:
        for match, _score, _i in process.extract(w, vocabulary, scorer=fuzz.ratio,
                                                 limit=3, score_cutoff=50):
            if match not in out:
                out.append(match)
    return out[:n]
