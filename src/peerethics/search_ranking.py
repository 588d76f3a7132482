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
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

from .errors import InputError
from .matches import Learned, Match, Reading, Related, Spelling, TopicWords, Words
from .model import Catalog, Principle
from .search_frames import Frame
from .search_frames import read as read_frame
from .search_index import Index, index_for
from .search_query import Query, understand
from .search_reader import NONE
from .search_topics import (
    TopicEvidence,
    learned,
    reading_line,
    reads_as_none,
    silent_codes,
    topic_evidence,
    topic_scores,
)
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
    matched: tuple[Match, ...] = ()
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
        sensed = _sensed(index, s)
        for doc, tf in plist:
            denom = tf + k1 * (1 - b + b * lens[doc] / avg)
            gain = idf * tf * (k1 + 1) / denom
            if sensed is not None and doc not in sensed:
                # The word means something else here: "high" in "high standards" is not
                # "getting high"; "present" in "represent" is not a gift.
                gain *= other_sense
            scores[doc] += gain
            hits[doc].append(s)
    return scores, hits


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

    (The outline of every step, each a function below or in search_topics.py; longer than 60
    lines for its docstring.)

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
    frame, q = _read(catalog, index, query)
    probs = learned(index, query, q)
    none_read = reads_as_none(probs)
    if (not q.stems and not any(score > 0 for score in topic_scores(index, q)[0])
            and not any(p >= TUNING.reader_none_threshold for t, p in probs.items() if t != NONE)):
        # Only common words, and no topic phrase made of them ("asked me out" is one): rank the
        # texts by those words, literally.
        return _plain(catalog, query, codes, limit, none_read)
    parts = {name: _bm25(index, name, q.weights, index.n_docs)
             for name in ("text", "importance", "key_terms")}
    ev = topic_evidence(index, q, frame, probs)
    allowed = set(codes) if codes else None
    results, best, worded = _scores(index, q, frame, parts, ev, allowed)
    # Weak is measured against the best match in any code: with --code MA, "duty to warn"
    # finds nothing rather than MA's principles that share a word with it.
    results = [r for r in results
               if r[0] >= TUNING.min_relative_score_threshold * best or r[1] in worded]
    if not results:
        return []
    order = {cid: i for i, cid in enumerate(catalog.code_ids)}
    results.sort(key=lambda r: (-round(r[0], 9), order[index.doc_codes[r[1]]],
                                index.doc_numbers[r[1]]))
    results = _keep_ties(results, limit, lambda r: r[0])
    # Said to answer nothing when the learned reader reads it so, or when it names a subject
    # none of the codes has a principle on (hugs, dress codes: the frame data's `uncovered`)
    # that the best result's own words do not name either. (The frames' other labels, such as
    # someone else's substance use, no longer say so on their own: measured, they marked too
    # many answerable questions unanswered.)
    top_text = set(parts["text"][1].get(results[0][1], ()))
    direct = not none_read and not (
        frame.subject and not top_text.intersection(stems(" ".join(frame.subject))))
    silent = silent_codes(index, ev.scores, allowed) if direct else ""
    reading = reading_line(index, frame, ev.scores, direct, silent)
    direct = direct and not silent
    read_as: tuple[Match, ...] = (Reading(reading),) if reading else ()
    spelling = tuple(Spelling(a, b) for a, b in q.corrections.items())
    return [SearchHit(_principle(catalog, index.doc_codes[doc], index.doc_numbers[doc]),
                      round(score, 4),
                      (read_as if rank == 1 else ()) + spelling + _why(index, q, parts, ev, doc),
                      rank, reading, direct,
                      not direct or score < TUNING.weak_relative_score_threshold * best)
            for rank, (score, doc) in enumerate(results, 1)]


def _read(catalog: Catalog, index: Index, query: str) -> tuple[Frame, Query]:
    """The query's frames and words, its misspellings corrected; the frames are read again from
    what was meant when a word was corrected ("hgus" is "hugs")."""
    frame = read_frame(query[:TUNING.max_query_chars_limit], index.lexicon)
    q = understand(catalog, index, frame.text)
    if q.corrections:
        meant = " ".join(q.corrections.get(w, w) for w in split_words(frame.text))
        frame = read_frame(meant, index.lexicon)
        if frame.text != meant:  # a platform's name, misspelt ("facbook")
            q = understand(catalog, index, frame.text)._replace(corrections=q.corrections)
    return frame, q


Parts = dict[str, tuple[dict[int, float], dict[int, list[str]]]]


def _scores(index: Index, q: Query, frame: Frame, parts: Parts, ev: TopicEvidence,
            allowed: set[str] | None) -> tuple[list[tuple[float, int]], float, set[int]]:
    """Each candidate principle's score (in the codes ``allowed``), the best in any code, and the
    principles whose own text has every word of a short query."""
    # In a long description of a situation, a word the texts happen to use ("agency",
    # "supervisor") is weaker evidence than the topics the whole description points to.
    long = (TUNING.long_query_text_factor if len(q.words) >= TUNING.long_query_words_threshold
            else 1.0)
    weights = {"text": TUNING.text_weight * long, "importance": TUNING.importance_weight * long,
               "key_terms": TUNING.key_terms_weight * long}
    positions = {tid: i for i, tid in enumerate(index.topic_ids)}
    damped = {positions[t]: f for t, f in frame.damp.items() if t in positions}
    candidates: set[int] = set()
    for scores, _ in parts.values():
        candidates.update(scores)
    topic_hit = {t for t, s in enumerate(ev.scores) if s > 0}
    topic_hit.update(t for t, s in enumerate(ev.related) if s > 0)
    for t in topic_hit:  # only the principles the query's topics reach
        candidates.update(marshal.loads(index.topic_docs[t]))
    results: list[tuple[float, int]] = []
    best = 0.0
    for doc in candidates:
        total = sum(weights[name] * scores[doc] for name, (scores, _) in parts.items()
                    if doc in scores)
        direct, related, _ = _topical(index.doc_topics[doc], ev.scores, ev.related)
        # Relatedness brings in what the query's own topics miss; it never adds to them.
        total += max(direct, related)
        if damped and index.doc_topics[doc] and index.doc_topics[doc][0] in damped:
            # "my coworker showed up high": the principle is on the peer's own use.
            total *= damped[index.doc_topics[doc][0]]
        best = max(best, total)
        if total > 0 and (allowed is None or index.doc_codes[doc] in allowed):
            results.append((total, doc))
    return _literal_lead(index, q, parts, results, best)


def _literal_lead(index: Index, q: Query, parts: Parts, results: list[tuple[float, int]],
                  best: float) -> tuple[list[tuple[float, int]], float, set[int]]:
    """A short query whose every word a principle's own text uses ("social media", "coaches"):
    that literal wording outranks principles matched only through an editorial topic phrase,
    unless the one word means something else there ("high" in "high standards")."""
    own = [s for s, w in q.weights.items() if w == 1.0]
    worded = ({d for d, found in parts["text"][1].items() if set(own) <= set(found)}
              if 0 < len(own) <= TUNING.max_literal_query_words_limit else set())
    literal = {d for d in worded if not (len(own) == 1 and _other_sense(index, own[0], d))}
    if literal and len(literal) < len(results):
        editorial = max((t for t, d in results if d not in literal), default=0.0)
        lift = editorial * TUNING.literal_lead_factor
        results = [(max(t, lift) if d in literal else t, d) for t, d in results]
        best = max(best, lift)
    return results, best, worded


def _why(index: Index, q: Query, parts: Parts, ev: TopicEvidence, doc: int
         ) -> tuple[Match, ...]:
    """What matched, worked out only for the results returned."""
    matched: list[Match] = []
    for name, (scores, hits) in parts.items():
        if doc in scores:
            matched.append(Words(name, tuple(q.show(hits[doc]))))  # type: ignore[arg-type]
    for t in index.doc_topics[doc]:
        if ev.scores[t] > 0 and ev.why[t]:
            matched.append(TopicWords(index.topic_ids[t], tuple(q.show(ev.why[t]))))
        if ev.learned[t] > 0:
            matched.append(Learned(index.topic_ids[t], ev.learned[t]))
    direct, related, via = _topical(index.doc_topics[doc], ev.scores, ev.related)
    source = ev.related_from[via] if via is not None and related > direct else None
    if via is not None and source is not None:
        matched.append(Related(index.topic_ids[via], index.topic_ids[source]))
    return tuple(matched)


def _plain(catalog: Catalog, query: str, codes: list[str] | tuple[str, ...] | None,
           limit: int | None, none_read: bool) -> list[SearchHit]:
    """The results of a query of only common words, marked weak when the reader says no
    principle answers it ("how do I become a peer specialist")."""
    plain = _plain_word_search(catalog, query, codes, limit)
    if not none_read:
        return _ranked(plain, "", True)
    line = "no principle speaks to this directly"
    return [h._replace(weak=True, matched=((Reading(line),) if h.rank == 1 else ()) + h.matched)
            for h in _ranked(plain, line, False)]


def _other_sense(index: Index, s: str, doc: int) -> bool:
    """Whether a word means something else in this principle ("high" in "high standards")."""
    sensed = _sensed(index, s)
    return sensed is not None and doc not in sensed


def _sensed(index: Index, s: str) -> set[int] | None:
    """The principles on a topic where the word ``s`` is a topic phrase of its own (its
    "sense"), or None when it is one in no topic. Kept on the index: read from the topics'
    lists, not by looking at each principle's topics (at 50,400 principles a word of 3,600
    postings was a third of a search)."""
    senses = index.strong.get(s)
    if not senses:
        return None
    memo: dict[str, set[int]] = index.__dict__.setdefault("_sensed", {})
    found = memo.get(s)
    if found is None:
        found = set().union(*(marshal.loads(index.topic_docs[t]) for t in senses))
        memo[s] = found
    return found


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
    topics: Sequence[int], t_scores: list[float], r_scores: list[float]
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
                hits.append(SearchHit(p, score, (Words("text", tuple(sorted(set(found)))),)))
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
