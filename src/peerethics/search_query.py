"""Understanding a query: its content words (idioms read first), their spelling, stems and
weights, their word families, and the sequence of its words for phrases.

Why a query is read into a record before ranking: ranking looks at it several ways (words for
BM25 and topics, the whole sequence for phrases and word pairs, the words as typed for
``matched``), and each must see the same corrected words.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from .model import Catalog
from .search_index import Index
from .search_spelling import correct, correct_in_context, is_english
from .search_tuning import TUNING
from .search_words import WEAK_WORDS, content_words, correctable, phrase_word, stem, strip_idioms
from .search_words import words as split_words


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


def understand(catalog: Catalog, index: Index, text: str) -> Query:
    """Split, correct and stem a query. Unknown words are corrected against the vocabulary,
    which is read (through ``catalog``'s index) only when there is one."""
    text = text[:TUNING.max_query_chars_limit]
    plain = strip_idioms(text)
    words = content_words(plain)[:TUNING.max_query_words_limit]
    corrections: dict[str, str] = {}
    unknown = [w for w in dict.fromkeys(words) if correctable(w) and not index.knows(stem(w))]
    real = [w for w in unknown if is_english(w)]
    unknown = [w for w in unknown if w not in real]
    vocabulary = index.spelling_words(catalog) if unknown or real else []
    if unknown and vocabulary:
        corrections = correct(unknown, vocabulary)
    if real and vocabulary:
        corrections.update(correct_in_context(real, split_words(plain), index, vocabulary))
    fixed = [corrections.get(w, w) for w in words]
    surface: dict[str, str] = {}
    for w in fixed:
        surface.setdefault(stem(w), w)
    weights = {s: TUNING.weak_word_weight if surface[s] in WEAK_WORDS or surface[s].isdigit()
               else 1.0 for s in surface}
    for s in list(surface):
        for other in stem_family(index, s):
            if other not in weights:
                weights[other] = TUNING.word_family_weight
                surface.setdefault(other, surface[s])
    cap = TUNING.max_query_words_limit * TUNING.phrase_sequence_words_factor
    seq_words = [corrections.get(w, w) for w in split_words(plain)[:cap]]
    sequence = [stem(w) for w in seq_words]
    folded = [phrase_word(w) for w in seq_words]
    return Query(text, fixed, corrections, list(weights), surface, weights, sequence, folded)


def stem_family(index: Index, s: str) -> list[str]:
    """Stems that are another form of ``s`` where Porter keeps them apart: one is a prefix of the
    other, and the shorter has at least 5 letters (advocacy/advocate, recovery/recovering)."""
    shortest = TUNING.min_word_family_letters_threshold
    if len(s) < shortest:
        return []
    found = [s[:k] for k in range(shortest, len(s)) if s[:k] in index.stem_set]
    lo = bisect.bisect_left(index.stem_list, s)
    for other in index.stem_list[lo:lo + TUNING.max_word_family_candidates_limit]:
        if not other.startswith(s):
            break
        if other != s and len(other) - len(s) <= TUNING.max_word_family_extra_letters_limit:
            found.append(other)
    return found
