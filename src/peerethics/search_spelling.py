"""Spelling: correct a query's misspelt words towards the words the codes and topics use, and
suggest such words when nothing is found.

Why correction is careful: a word the codes never use is not necessarily a misspelling of one they
do. A real English word is left alone ("last" is never "corrected" to "least") unless the
correction makes a phrase of the topics with the word beside it ("duty to warm" -> "warn").
rapidfuzz is imported only here, and only when a query has a word the index does not know.
"""

from __future__ import annotations

import os
from functools import lru_cache

from .model import Catalog
from .search_index import Index, index_for
from .search_tuning import TUNING
from .search_words import STOP_WORDS, content_words, stem

_INFLECTIONS = (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
                ("ies", "y"), ("ied", "y"), ("er", ""), ("ly", ""))


@lru_cache(maxsize=1)
def _english_words() -> str:
    """The bundled SCOWL list as one newline-framed string (a substring test is the fastest look-up
    for the few words a query has); read once per process, it is the package's file, not a
    catalog's."""
    from .discover import bundled_data_dir

    try:
        path = os.path.join(bundled_data_dir(), "words", "english.txt")
        with open(path, encoding="utf-8") as fh:
            return "\n" + fh.read()
    except OSError:
        return ""


def is_english(word: str) -> bool:
    """Whether ``word`` is a real English word (SCOWL list): a word the codes do not use is not
    a misspelling of one they do, so "last" is never "corrected" to "least"."""
    english = _english_words()
    w = word.lower()
    if f"\n{w}\n" in english:
        return True
    # Regular inflections of a listed word (the list holds mostly base forms).
    for suffix, repl in _INFLECTIONS:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if f"\n{w[: -len(suffix)] + repl}\n" in english:
                return True
    return False


def correct(
    unknown: list[str], vocabulary: list[str], best_only: bool = True,
    cutoff: float = TUNING.spelling_similarity_threshold,
) -> dict[str, str]:
    """Nearest vocabulary word for each unknown word (with ``best_only`` False, every candidate,
    best first, joined by ``|``).

    Jaro-Winkler finds candidates (it forgives swapped letters and favours a shared start:
    "intimadation" -> "intimidate", not "intoxication"); the pick blends it with the plain edit
    ratio. A candidate that is the word with two neighbouring letters swapped wins outright: it
    is the commonest typo, and the edit ratio counts a swap as two edits, so "gfits" was read as
    "fits" (one letter dropped) rather than "gifts". rapidfuzz scans the whole vocabulary in C for
    each word.
    """
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA, JaroWinkler

    out: dict[str, str] = {}
    for word in unknown:
        found = process.extract(word, vocabulary, scorer=JaroWinkler.normalized_similarity,
                                limit=TUNING.max_spelling_candidates_limit, score_cutoff=cutoff)
        ranked: list[tuple[float, str]] = []
        for match, jw, _ in found:
            ratio = fuzz.ratio(word, match) / 100
            if ratio >= TUNING.spelling_ratio_threshold:
                swapped = OSA.distance(word, match) == 1 and sorted(word) == sorted(match)
                ranked.append((2.0 if swapped else (jw + ratio) / 2, match))
        ranked.sort(key=lambda r: -r[0])
        if ranked:
            out[word] = ranked[0][1] if best_only else "|".join(m for _, m in ranked)
    return out


def correct_in_context(
    real: list[str], sequence: list[str], index: Index, vocabulary: list[str]
) -> dict[str, str]:
    """A real word can be a typo too ("duel relationships", "duty to warm"); correct it only when
    the correction makes a phrase of the topics with the word beside it, so "last month" stays."""
    out: dict[str, str] = {}
    pairs = index.adjacent_stems
    for word, candidate in correct(real, vocabulary, best_only=False,
                                   cutoff=TUNING.context_spelling_similarity_threshold).items():
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


def suggestions(catalog: Catalog, query: str, n: int = 5) -> list[str]:
    """Words from the texts and topics closest to the query's words (for "nothing found")."""
    index = index_for(catalog)
    words = content_words(query[:TUNING.max_query_chars_limit])[:TUNING.max_suggestion_words_limit]
    vocabulary = index.spelling_words(catalog)
    if not words or not vocabulary:
        return []
    from rapidfuzz import fuzz, process

    out: list[str] = []
    for w in words:
        for match, _score, _i in process.extract(
                w, vocabulary, scorer=fuzz.ratio, limit=TUNING.max_suggestions_per_word_limit,
                score_cutoff=TUNING.suggestion_ratio_threshold):
            if match not in out:
                out.append(match)
    return out[:n]
