"""How strongly a query is about each topic, and what that says about answering it.

Four kinds of evidence meet here, each a step of its own: the topic vocabulary (words, phrases
found whole, pairs of a phrase's words; data/topics.yaml), the learned reader's probabilities
(search_reader.py), the frames (search_frames.py: who acts, toward whom) and the topics each
topic declares related. Ranking (search_ranking.py) turns topic scores into principle scores;
this module also words how the query was read (the one-line ``reading``) and decides whether
any principle answers it at all.

Why apart from ranking: these are the steps an offline page or a reader of ``--explain`` needs
to follow one at a time, and each is a small function over the topic scores.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from .search_frames import Frame
from .search_index import Index, word_pairs
from .search_query import Query
from .search_reader import NONE, features, probabilities
from .search_tuning import TUNING
from .search_words import stems
from .search_words import words as split_words


class TopicEvidence(NamedTuple):
    """The query's score on each topic (by index), the words behind each, the learned reader's
    probability of each (0 where it added nothing), and each topic's share of a related topic's
    score with the topic it came from."""

    scores: list[float]
    why: list[list[str]]
    learned: list[float]
    related: list[float]
    related_from: list[int | None]


def topic_evidence(index: Index, q: Query, frame: Frame, probs: dict[str, float]
                   ) -> TopicEvidence:
    """Every kind of topic evidence, in order: vocabulary, learned reader, frames, related."""
    scores, why = topic_scores(index, q)
    learned = apply_reader(index, probs, scores)
    apply_frame(index, frame, scores)
    related, related_from = related_scores(index, scores)
    return TopicEvidence(scores, why, learned, related, related_from)


def topic_scores(index: Index, query: Query) -> tuple[list[float], list[list[str]]]:
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
        for pair in dict.fromkeys(word_pairs(folded)):  # once each, in the query's order
            topics = index.pairs.get(pair)
            if not topics:
                continue
            rarity = math.log(1 + (n - len(topics) + 0.5) / (len(topics) + 0.5))
            for t in topics:
                scores[t] += TUNING.word_pair_weight * rarity
                why[t].append(f'"{pair}"')
    return scores, why


def related_scores(index: Index, scores: list[float]) -> tuple[list[float], list[int | None]]:
    """A question about one topic is often about its neighbours too (a client's threat is about
    confidentiality as well as the duty to warn): related topics get a share of its score."""
    r_scores = [0.0] * len(scores)
    r_from: list[int | None] = [None] * len(scores)
    share = TUNING.related_topic_factor
    for u, score in enumerate(scores):
        if score > 0:
            for t in index.related[u]:
                if share * score > r_scores[t]:
                    r_scores[t], r_from[t] = share * score, u
    return r_scores, r_from


def apply_frame(index: Index, frame: Frame, t_scores: list[float]) -> None:
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


def learned(index: Index, query: str, q: Query) -> dict[str, float]:
    """The learned reader's probabilities for the query, its misspellings corrected as the rest
    of search corrects them (so "facbook" reads as "facebook" does)."""
    reader = index.reader
    if not reader.get("classes"):
        return {}
    text = query[:TUNING.max_query_chars_limit]
    if q.corrections:
        text = " ".join(q.corrections.get(w, w) for w in split_words(text))
    return probabilities(reader, features(text)[:TUNING.max_query_words_limit * 4])


def reads_as_none(probs: dict[str, float]) -> bool:
    """Whether the learned reader says no principle speaks to the query: its ``none``
    probability is high, or it is the likeliest class and not low."""
    p = probs.get(NONE, 0.0)
    best_topic = max((v for t, v in probs.items() if t != NONE), default=0.0)
    return (p >= TUNING.reader_none_threshold
            or (p >= TUNING.reader_none_lead_threshold and p > best_topic))


def apply_reader(index: Index, probs: dict[str, float], t_scores: list[float]) -> list[float]:
    """Each topic gains its learned probability, in units of the query's strongest topic score
    (or of ``reader_floor_weight`` when no phrase matched): the reader and the vocabulary agree
    most of the time, and where the vocabulary is silent the reader still places the query.
    Returns the probability each topic was lifted by (0 for the rest), for ``matched``."""
    lifted = [0.0] * len(t_scores)
    if not probs:
        return lifted
    unit = max(max(t_scores, default=0.0), TUNING.reader_floor_weight)
    for t, tid in enumerate(index.topic_ids):
        p = probs.get(tid, 0.0)
        if p >= TUNING.reader_min_probability_threshold:
            t_scores[t] += TUNING.reader_weight * p * unit
            lifted[t] = p
    return lifted


def silent_codes(index: Index, t_scores: list[float], allowed: set[str] | None) -> str:
    """With ``--code``: "MO-DMH has no principle on substance-use" when the topic the query is
    most about has no principle in the codes asked for (they are silent on it), else ''."""
    best = max(t_scores, default=0.0)
    if allowed is None or best <= 0:
        return ""
    top = t_scores.index(best)
    if any(top in ts for ts, c in zip(index.doc_topics, index.doc_codes, strict=True)
           if c in allowed):
        return ""
    names = sorted(allowed)
    return (f"{', '.join(names)} {'has' if len(names) == 1 else 'have'} no principle on "
            f"{index.topic_ids[top]}")


def reading_line(index: Index, frame: Frame, t_scores: list[float], direct: bool,
             silent: str = "") -> str:
    """How the query was read, in one line: its frames, then its strongest topics."""
    best = max(t_scores, default=0.0)
    top = sorted((i for i, s in enumerate(t_scores) if s > 0 and s >= 0.5 * best),
                 key=lambda i: -t_scores[i])[:2]
    parts = list(frame.labels)
    if silent:
        parts.append(silent)
    if not direct:
        parts.append("no principle speaks to this directly")
    if top:
        parts.append(("nearest topic " if not direct else "topics ")
                     + ", ".join(index.topic_ids[i] for i in top))
    return "; ".join(parts)
