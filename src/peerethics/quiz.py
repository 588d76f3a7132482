"""Study questions built from the codes' own words: pure functions from a catalog and a seed to
typed :class:`Question` records, with no I/O (``peerethics quiz`` asks them; see
:mod:`peerethics.cli_quiz`).

Every question is built from data and checkable against it: its ``quote`` is the exact words of
the source it was built from (a principle's text, CT's importance, a tier's sanction menu, a
glossary definition), and its right answer is what the data says. Wrong choices ("distractors")
are of the same kind as the answer and are never also right: a phrase that occurs in the blanked
principle, a code whose key term says the same thing, an importance text that repeats the
answer's, a sanction on the asked level's menu under another spelling, are all left out. A kind
of question a code has no data for (tiers in CT, sanctions in MA) is skipped and said so
(:attr:`Quiz.skipped`), never faked.

Kinds (``--kind``):

- ``blank``: a key phrase of a principle left blank (``____``); the phrases are the quoted words
  of its editorial key terms that occur in the text, and the other choices are such phrases of
  other principles, of the same facet first (``gifts of "significant value"`` for MO's
  ``"significant monetary value"``).
- ``situation``: which principle of a code speaks to a situation, the situation being the
  editorial description of a topic (marked so); the other choices are principles of the same
  code on no topic related to it.
- ``which-code``: which code says something, from the editorial key terms where codes differ
  (the look-back period for romantic relationships); the other choices are codes that say
  something else on that point, or are silent on the topic.
- ``tiers``: which seriousness levels a code with tiers (MO) permits for a principle; the other
  choices are the other combinations the code uses.
- ``sanctions``: which sanction is on a level's menu (MO), or which sanction a glossary
  definition is of (CT).
- ``importance``: which reason a code's importance text gives for a principle (CT).

::

    from peerethics import load_catalog
    from peerethics.quiz import make_quiz
    quiz = make_quiz(load_catalog(), codes=["MO"], count=5, seed=7)
    for q in quiz.questions:
        print(q.question, q.choices[q.answer])
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from .errors import InputError
from .model import Catalog, Code, Topic
from .quiz_drafts import _DRAFTS, BLANK, MAX_CHOICES, MIN_CHOICES, _Draft, _why_none
from .quiz_words import occurs, says_the_same

__all__ = ["BLANK", "KINDS", "KIND_LABELS", "MAX_CHOICES", "MIN_CHOICES", "Question", "Quiz",
           "Skipped", "drafts", "make_quiz", "new_seed", "occurs", "resolve_kinds",
           "says_the_same"]

KINDS = ("blank", "situation", "which-code", "tiers", "sanctions", "importance")
KIND_LABELS = {
    "blank": "fill in the blank",
    "situation": "which principle",
    "which-code": "which code",
    "tiers": "seriousness levels",
    "sanctions": "sanctions",
    "importance": "importance",
}


class Question(NamedTuple):
    """One multiple-choice question; ``choices[answer]`` is right.

    ``sources`` are the ids it was built from (principles, or the code for a sanction menu or
    glossary), ``quote`` the exact words of the first source it was built from, ``quote_from``
    which of its fields (``text``, ``importance``, ``menu``, ``glossary``), ``level`` the
    seriousness level of a menu question. ``choice_sources`` says where each choice comes from
    (a principle or code id, a menu's level, or None for a combination of levels). ``editorial``
    names the fields written by peerethics rather than a board (a situation, a key-term summary).
    """

    kind: str
    code: str
    question: str
    choices: tuple[str, ...]
    answer: int
    sources: tuple[str, ...]
    quote: str
    quote_from: str
    level: str | None
    choice_sources: tuple[str | None, ...]
    editorial: tuple[str, ...]


class Skipped(NamedTuple):
    """A kind of question a code has nothing to ask of, and why (``CT rates no principle...``)."""

    kind: str
    code: str
    reason: str


class Quiz(NamedTuple):
    """The questions asked, the seed that asks them again, what was skipped, and how many
    questions there were to draw from."""

    questions: tuple[Question, ...]
    seed: int
    skipped: tuple[Skipped, ...]
    available: int


def new_seed() -> int:
    """A seed for a quiz nobody gave one for (small enough to type back as ``--seed``)."""
    import secrets

    return secrets.randbelow(1_000_000)


def resolve_kinds(given: Iterable[str]) -> tuple[str, ...]:
    """Kinds from what a person typed (``tiers``, ``which``, ``Blank, tiers``), in KINDS order."""
    wanted: list[str] = []
    for item in given:
        for piece in re.split(r"[,\s]+", item.strip()):
            if not piece:
                continue
            key = piece.lower().replace("_", "-")
            found = [k for k in KINDS if k == key] or [k for k in KINDS if k.startswith(key)]
            if len(found) != 1:
                import difflib

                near = [k for k in found] or difflib.get_close_matches(key, KINDS, n=2,
                                                                       cutoff=0.5)
                hint = (f"did you mean {', '.join(near)}?" if near
                        else f"kinds are {', '.join(KINDS)}")
                raise InputError(f"unknown kind of question {piece[:30]!r}", hint=hint)
            wanted.append(found[0])
    return tuple(k for k in KINDS if k in wanted)


# ------------------------------------------------------------------------------------ the quiz


def _drafter(kind: str, code: Code, topic: Topic | None) -> Callable[[Catalog], list[_Draft]]:
    """The drafts of one kind for one code, built once per catalog (kept as it keeps its
    search index)."""
    return lambda catalog: _DRAFTS[kind](catalog, code, topic)


def drafts(catalog: Catalog, codes: Sequence[str] | None = None, topic: Topic | None = None,
           kinds: Sequence[str] | None = None) -> tuple[dict[str, list[_Draft]], list[Skipped]]:
    """Every question there is to ask, per kind (the same for every seed), and what was
    skipped."""
    from .ids import resolve_code

    chosen = [resolve_code(catalog, i) for i in codes] if codes else list(catalog.codes)
    per_kind: dict[str, list[_Draft]] = {}
    skipped: list[Skipped] = []
    for kind in kinds or KINDS:
        found: list[_Draft] = []
        for code in chosen:
            mine = catalog.derived(f"quiz:{kind}:{code.id}:{topic.id if topic else ''}",
                                   _drafter(kind, code, topic))
            if not mine:
                skipped.append(Skipped(kind, code.id, _why_none(kind, code, topic)))
            found += mine
        per_kind[kind] = found
    return per_kind, skipped


def _build(draft: _Draft, rng: random.Random) -> Question:
    picked: list[tuple[str, str | None]] = []
    for tier in draft.wrong:
        room = MAX_CHOICES - 1 - len(picked)
        if room <= 0:
            break
        picked += rng.sample(tier, min(room, len(tier)))
    choices = [draft.answer, *picked]
    rng.shuffle(choices)
    return Question(
        kind=draft.kind,
        code=draft.code,
        question=draft.question,
        choices=tuple(c for c, _ in choices),
        answer=choices.index(draft.answer),
        sources=draft.sources,
        quote=draft.quote,
        quote_from=draft.quote_from,
        level=draft.level,
        choice_sources=tuple(s for _, s in choices),
        editorial=draft.editorial,
    )


def make_quiz(catalog: Catalog, codes: Sequence[str] | None = None,
              topic: Topic | str | None = None, kinds: Sequence[str] | None = None,
              count: int = 10, seed: int | None = None) -> Quiz:
    """Up to ``count`` questions about ``codes`` (ids; all codes when empty), on ``topic`` (a
    topic, or its id or label) if given, of ``kinds`` (all when empty), the kinds taking turns.
    The same seed gives the same quiz; without one, a new seed is drawn (:attr:`Quiz.seed` says
    which). Raises :class:`~peerethics.errors.InputError` for an unknown code, topic or kind."""
    if isinstance(topic, str):
        from .comparison import resolve_topic

        topic = resolve_topic(catalog, topic)
    if seed is None:
        seed = new_seed()
    rng = random.Random(seed)
    per_kind, skipped = drafts(catalog, codes, topic, resolve_kinds(kinds) if kinds else None)
    pools = []
    for kind in per_kind:
        pool = per_kind[kind][:]
        rng.shuffle(pool)
        pools.append(pool)
    available = sum(len(p) for p in pools)
    chosen: list[_Draft] = []
    while len(chosen) < count and any(pools):
        turn = [p for p in pools if p]
        rng.shuffle(turn)
        for pool in turn:
            if len(chosen) < count:
                chosen.append(pool.pop())
    return Quiz(tuple(_build(d, rng) for d in chosen), seed, tuple(skipped), available)
