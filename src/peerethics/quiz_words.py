"""The words of the quiz: how it tells whether a phrase occurs in a text and whether two
summaries say the same thing, word endings and small words aside (:mod:`peerethics.quiz`'s
distractors must never also be right). Pure functions over strings, cached."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")
_QUOTED = re.compile(r'"([^"]+)"')
# Words that carry no meaning of their own when two summaries are compared.
_SMALL = frozenset("""a an the and or of to for from in on at by with as is are be it its they
them their those who whom that this these incl e g""".split())


@lru_cache(maxsize=8192)
def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.casefold()))


@lru_cache(maxsize=4096)
def _stems(s: str) -> tuple[str, ...]:
    from .search_words import stem

    return tuple(stem(w) for w in _WORD.findall(s.casefold()))


def _content(s: str) -> set[str]:
    from .search_words import stem

    return {stem(w) for w in _WORD.findall(s.casefold()) if w not in _SMALL}


def occurs(phrase: str, text: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` word for word, up to case, punctuation and word
    endings ("under any circumstances" occurs in "... under any circumstance.")."""
    needle = _stem_line(phrase)
    return bool(needle.strip()) and needle in _stem_line(text)


@lru_cache(maxsize=4096)
def _stem_line(s: str) -> str:
    """The stems of ``s`` as one string, a space at each end: a phrase occurs in a text when
    its line is a substring of the text's."""
    return " " + " ".join(_stems(s)) + " "


def says_the_same(a: str, b: str) -> bool:
    """Whether two editorial key-term values say (about) the same thing: equal words, a quoted
    phrase in common, one's words within the other's, or half the words of the shorter shared
    ("accepting, from those they serve" and "accepting, from individuals they serve")."""
    if _norm(a) == _norm(b):
        return True
    qa = {_norm(q) for q in _QUOTED.findall(a)}
    if qa & {_norm(q) for q in _QUOTED.findall(b)}:
        return True
    wa, wb = _content(a), _content(b)
    if not wa or not wb:
        return False
    return wa <= wb or wb <= wa or len(wa & wb) * 2 >= min(len(wa), len(wb))


def _shares_a_run(a: str, b: str, run: int = 8) -> bool:
    """Whether two texts share ``run`` words in a row (CT repeats a sentence between two
    importance texts)."""
    wa, wb = _norm(a).split(), _norm(b).split()
    grams = {tuple(wa[i:i + run]) for i in range(len(wa) - run + 1)}
    return any(tuple(wb[i:i + run]) in grams for i in range(len(wb) - run + 1))


def _not_stated(value: str) -> bool:
    return value.strip().lower().startswith("not stated")


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    left = r"\b" if phrase[:1].isalnum() else ""
    right = r"\b" if phrase[-1:].isalnum() else ""
    return re.compile(left + re.escape(phrase) + right)
