"""Search: rank principles for a query in plain words, across every code.

Why not one fuzzy score over the whole text: people describe situations ("a guy I support
offered to buy me lunch") in words the codes never use, and whole-string fuzzy scores rank such
queries poorly. So search thinks in words:

1. The query is split into content words; a word that appears nowhere in the texts or topics is
   corrected to the nearest word that does (rapidfuzz, vectorised over the vocabulary), so
   ``confidentality`` finds ``confidentiality`` (``search_query.py``, ``search_spelling.py``).
2. Words are stemmed, and each is weighted by how rare it is (BM25's IDF): "gift" counts for more
   than "work".
3. Two kinds of evidence are blended: the principle's own words (its text, CT's importance, its
   editorial key terms), and its topics, whose labels and everyday phrases ("buy me lunch",
   "showed up high") carry the words people actually use. A phrase found whole in the query
   counts more than its words found apart, and two of its words side by side count a little.
4. A topic can name related topics ("duty to warn" -> confidentiality): their principles get a
   share of its score, so they follow, never lead, the ones the query is about.
5. Ties are broken by code and number; a result tied with the last one shown is kept, within a
   bound (see :func:`search`).

Every hit says why it matched (``matched``), so ``--explain`` can show it. The index ranking
reads is built in ``search_index.py``; every weight and threshold is in ``search_tuning.py``.
"""

from __future__ import annotations

import marshal
import math
from collections import defaultdict
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

from .errors import InputError
from .model import Catalog, Principle
from .search_frames import Frame
from .search_frames import read as read_frame
from .search_index import Index, index_for, word_pairs
from .search_query import Query, understand
from .search_tuning import TUNING
from .search_words import stems
from .search_words import words as split_words

_T = TypeVar("_T")


class SearchHit(NamedTuple):
    """A result: its principle, score and why it matched; ``rank`` counts from 1 (as the JSON's
    ``rank``); ``reading`` is how search read the query (one line, the same on every hit of a
    search); ``direct`` is False when no principle speaks to the query directly and the results
    are only the nearest ones (a topic the query is near, not one it is about); ``weak`` marks a
    result far below the best (under ``TUNING.weak_relative_score_threshold`` of its score)."""

    principle: Principle
    score: float
    matched: tuple[dict[str, Any], ...] = ()
    rank: int = 0
    reading: str = ""
    direct: bool = True
    weak: bool = False

    @property
    def id(self) -> str:
        return self.principle.id


def _bm25(
    index: Index, field: str, q: dict[str, float], n_docs: int
) -> tuple[dict[int, float], dict[int, list[str]]]:
    postings = index.fields[field]
    lens = index.lengths[field]
    avg = (sum(lens) / n_docs) if n_docs else 1.0
    avg = avg or 1.0
    k1, b, other_sense = TUNING.bm25_k1_factor, TUNING.bm25_b_factor, TUNING.other_sense_factor
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
            denom = tf + k1 * (1 - b + b * lens[doc] / avg)
            gain = idf * tf * (k1 + 1) / denom
            if senses and not any(t in senses for t in index.doc_topics[doc]):
                # The word means something else here: "high" in "high standards" is not
                # "getting high"; "present" in "represent" is not a gift.
                gain *= other_sense
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
            rarity = (sum(idf.get(s, 0.0) for s in content) if content
                      else TUNING.function_phrase_weight)
            scores[t] += (TUNING.phrase_weight * rarity
                          * (1 + TUNING.phrase_length_factor * (len(phrase_seq) - 1)))
            why[t].append(f'"{phrase}"')
    if TUNING.word_pair_weight:
        n = len(scores)
        for pair in set(word_pairs(folded)):
            topics = index.pairs.get(pair)
            if not topics:
                continue
            rarity = math.log(1 + (n - len(topics) + 0.5) / (len(topics) + 0.5))
            for t in topics:
                scores[t] += TUNING.word_pair_weight * rarity
                why[t].append(f'"{pair}"')
    return scores, why


def search(
    catalog: Catalog,
    query: str,
    *,
    codes: list[str] | tuple[str, ...] | None = None,
    limit: int | None = 10,
) -> list[SearchHit]:
    """Principles matching ``query``, best first; ``codes`` restricts to those code ids.

    Returns ``[]`` when nothing matches, or when the ``codes`` asked for match only weakly
    compared with the best match in any code.

    Equal scores are ordered by code (the catalog's order) and number. A result tied with the
    last one within ``limit`` is kept too, so one code's principle is not cut while an equally
    good one of another code is shown; but at most ``limit`` such ties are added (never more than
    twice ``limit`` results), so many identical codes cannot flood the answer. ``limit`` None
    returns every result.

    Only the principles returned are built: a catalog read from the cache builds a code when one
    of its principles is a result, and the index says which code and number each result is.

    Raises :class:`InputError` for an empty query, a code the catalog lacks, and arguments of
    the wrong kind (a ``limit`` below 1; see :mod:`peerethics.arguments`), and ``TypeError`` for
    a query that is not a ``str``; codes are read as the command line reads them (``mo`` is
    ``MO``).
    """
    from .arguments import check_search
    from .search_words import fold

    check_search(catalog, query, codes, limit)
    query = fold(query)
    if not query.strip():
        raise InputError("the query is empty", hint="give words to look for, e.g. "
                         '"a client offered to buy me lunch"')
    if codes:
        from .ids import resolve_code

        codes = [resolve_code(catalog, c).id for c in codes]
    index = index_for(catalog)
    frame = read_frame(query[:TUNING.max_query_chars_limit], index.lexicon)
    q = understand(catalog, index, frame.text)
    if q.corrections:  # read the frames of what was meant: "hgus" is "hugs"
        meant = " ".join(q.corrections.get(w, w) for w in split_words(frame.text))
        frame = read_frame(meant, index.lexicon)
        if frame.text != meant:  # a platform's name, misspelt ("facbook")
            q = understand(catalog, index, frame.text)._replace(corrections=q.corrections)
    if not q.stems and not any(score > 0 for score in _topic_scores(index, q)[0]):
        # Only common words, and no topic phrase made of them ("asked me out" is one): rank the
        # texts by those words, literally.
        return _ranked(_plain_word_search(catalog, query, codes, limit), "", True)
    n = index.n_docs
    parts = {
        name: _bm25(index, name, q.weights, n) for name in ("text", "importance", "key_terms")
    }
    t_scores, t_why = _topic_scores(index, q)
    _apply_frame(index, frame, t_scores)
    # A question about one topic is often about its neighbours too (a client's threat is about
    # confidentiality as well as the duty to warn): related topics get a share of its score.
    r_scores = [0.0] * len(t_scores)
    r_from: list[int | None] = [None] * len(t_scores)
    related_share = TUNING.related_topic_factor
    for u, score in enumerate(t_scores):
        if score > 0:
            for t in index.related[u]:
                if related_share * score > r_scores[t]:
                    r_scores[t], r_from[t] = related_share * score, u
    # In a long description of a situation, a word the texts happen to use ("agency",
    # "supervisor") is weaker evidence than the topics the whole description points to.
    long = (TUNING.long_query_text_factor if len(q.words) >= TUNING.long_query_words_threshold
            else 1.0)
    weights = {"text": TUNING.text_weight * long, "importance": TUNING.importance_weight * long,
               "key_terms": TUNING.key_terms_weight * long}
    allowed = set(codes) if codes else None
    positions = {tid: i for i, tid in enumerate(index.topic_ids)}
    damped = {positions[t]: f for t, f in frame.damp.items() if t in positions}
    doc_codes = index.doc_codes
    results: list[tuple[float, int]] = []
    candidates: set[int] = set()
    for scores, _ in parts.values():
        candidates.update(scores)
    topic_hit = {t for t, s in enumerate(t_scores) if s > 0}
    topic_hit.update(t for t, s in enumerate(r_scores) if s > 0)
    if topic_hit:
        candidates.update(d for d, ts in enumerate(index.doc_topics) if topic_hit.intersection(ts))
    # A short query whose every word a principle's own text uses ("social media", "coaches"):
    # that literal wording outranks principles matched only through an editorial topic phrase.
    own = [s for s, w in q.weights.items() if w == 1.0]
    literal_hits = parts["text"][1]
    worded = ({d for d, found in literal_hits.items() if set(own) <= set(found)}
              if 0 < len(own) <= TUNING.max_literal_query_words_limit else set())
    # ... unless the one word means something else there ("high" in "high standards"): such a
    # principle is kept, not lifted.
    literal = {d for d in worded if not (len(own) == 1 and _other_sense(index, own[0], d))}
    best = 0.0
    for doc in candidates:
        total = 0.0
        for name, (scores, _) in parts.items():
            if doc in scores:
                total += weights[name] * scores[doc]
        direct, related, _ = _topical(index.doc_topics[doc], t_scores, r_scores)
        # Relatedness brings in what the query's own topics miss; it never adds to them.
        total += max(direct, related)
        if damped and index.doc_topics[doc] and index.doc_topics[doc][0] in damped:
            # "my coworker showed up high": the principle is on the peer's own use.
            total *= damped[index.doc_topics[doc][0]]
        best = max(best, total)
        if total > 0 and (allowed is None or doc_codes[doc] in allowed):
            results.append((total, doc))
    if literal and len(literal) < len(results):
        editorial = max((t for t, d in results if d not in literal), default=0.0)
        lift = editorial * TUNING.literal_lead_factor
        results = [(max(t, lift) if d in literal else t, d) for t, d in results]
        best = max(best, lift)
    # Weak is measured against the best match in any code: with --code MA, "duty to warn"
    # finds nothing rather than MA's principles that share a word with it.
    results = [r for r in results
               if r[0] >= TUNING.min_relative_score_threshold * best or r[1] in worded]
    if not results:
        return []
    order = {cid: i for i, cid in enumerate(catalog.code_ids)}
    numbers = index.doc_numbers
    results.sort(key=lambda r: (-round(r[0], 9), order[doc_codes[r[1]]], numbers[r[1]]))
    results = _keep_ties(results, limit, lambda r: r[0])
    corrections = [{"via": "spelling", "from": a, "to": b} for a, b in q.corrections.items()]
    reading = _reading(index, frame, t_scores)
    top_text = set(parts["text"][1].get(results[0][1], ()))
    direct = frame.covered or bool(top_text.intersection(stems(" ".join(frame.subject))))

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

    read_as: tuple[dict[str, Any], ...] = (
        ({"via": "reading", "words": [reading]},) if reading else ())
    return [SearchHit(_principle(catalog, doc_codes[doc], numbers[doc]), round(score, 4),
                      (read_as if rank == 1 else ()) + why(doc),
                      rank, reading, direct, score < TUNING.weak_relative_score_threshold * best)
            for rank, (score, doc) in enumerate(results, 1)]


def _other_sense(index: Index, s: str, doc: int) -> bool:
    """Whether a word means something else in this principle ("high" in "high standards")."""
    senses = index.strong.get(s) or []
    return bool(senses) and not any(t in senses for t in index.doc_topics[doc])


def _apply_frame(index: Index, frame: Frame, t_scores: list[float]) -> None:
    """A frame's topics gain about as much as the query's strongest topic (the frame is strong
    evidence); the topics on the peer's own conduct lose most of theirs when someone else acts."""
    positions = {tid: i for i, tid in enumerate(index.topic_ids)}
    for tid, factor in frame.damp.items():
        if tid in positions:
            t_scores[positions[tid]] *= factor
    unit = max(max(t_scores, default=0.0), TUNING.frame_floor_weight)
    for tid, share in frame.boost.items():
        if tid in positions:
            t_scores[positions[tid]] += TUNING.frame_weight * share * unit


def _reading(index: Index, frame: Frame, t_scores: list[float]) -> str:
    """How the query was read, in one line: its frames, then its strongest topics."""
    best = max(t_scores, default=0.0)
    top = sorted((i for i, s in enumerate(t_scores) if s > 0 and s >= 0.5 * best),
                 key=lambda i: -t_scores[i])[:2]
    parts = list(frame.labels)
    if not frame.covered:
        parts.append("no principle speaks to this directly")
    if top:
        parts.append(("nearest topic " if not frame.covered else "topics ")
                     + ", ".join(index.topic_ids[i] for i in top))
    return "; ".join(parts)


def _ranked(hits: list[SearchHit], reading: str, direct: bool) -> list[SearchHit]:
    return [h._replace(rank=i, reading=reading, direct=direct) for i, h in enumerate(hits, 1)]


def _principle(catalog: Catalog, code_id: str, number: int) -> Principle:
    """A result's principle, building its code if the catalog has not yet (only results are)."""
    code = catalog.code(code_id)
    principle = code.principle(number) if code is not None else None
    if principle is None:  # the index was built from this catalog, so this cannot happen
        raise LookupError(f"the search index names {code_id}-{number}, which the catalog lacks")
    return principle


def _topical(
    topics: list[int], t_scores: list[float], r_scores: list[float]
) -> tuple[float, float, int | None]:
    """A principle's topic evidence: (from the query's topics, from their related topics, the
    topic the related evidence came through); its first topic counts most."""
    direct = related = 0.0
    via = None
    for rank, t in enumerate(topics):
        weight = (TUNING.topic_weight if rank == 0
                  else TUNING.topic_weight * TUNING.secondary_topic_factor)
        direct += weight * t_scores[t]
        if weight * r_scores[t] > related:
            related, via = weight * r_scores[t], t
    return direct, related, via


def _plain_word_search(
    catalog: Catalog, query: str, codes: list[str] | tuple[str, ...] | None, limit: int | None
) -> list[SearchHit]:
    """A query of only common words ("the", "will not"): rank texts by those words, literally.

    The index leaves such words out, so this reads the texts: it builds the codes searched (only
    those asked for with ``codes``), one pass over each. Such queries are rare and say little.
    """
    wanted = set(split_words(query[:TUNING.max_query_chars_limit])[:TUNING.max_query_words_limit])
    if not wanted:
        return []
    hits = []
    for cid in catalog.code_ids:
        if codes and cid not in codes:
            continue
        code = catalog.code(cid)
        for p in code.principles if code is not None else ():
            found = [w for w in split_words(p.text) if w in wanted]
            if found:
                score = round(len(set(found)) + 0.01 * len(found), 4)
                hits.append(SearchHit(p, score, ({"via": "text", "words": sorted(set(found))},)))
    hits.sort(key=lambda h: -h.score)
    return _keep_ties(hits, limit, lambda h: h.score)


def _keep_ties(ranked: list[_T], limit: int | None, score: Callable[[_T], float]) -> list[_T]:
    """The first ``limit`` of a ranked list, plus later ones tied with the last kept, at most
    ``limit`` of them: one code's principle is not cut while an equally good one of another code
    is shown, yet a hundred identical codes do not print a thousand results."""
    if limit is None or limit >= len(ranked):
        return ranked
    cut = round(score(ranked[limit - 1]), 9)
    keep = limit
    while keep < min(len(ranked), 2 * limit) and round(score(ranked[keep]), 9) == cut:
        keep += 1
    return ranked[:keep]
