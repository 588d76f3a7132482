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
from functools import lru_cache
from typing import NamedTuple

from .errors import InputError
from .model import Catalog, Code, Principle, Topic

KINDS = ("blank", "situation", "which-code", "tiers", "sanctions", "importance")
KIND_LABELS = {
    "blank": "fill in the blank",
    "situation": "which principle",
    "which-code": "which code",
    "tiers": "seriousness levels",
    "sanctions": "sanctions",
    "importance": "importance",
}
BLANK = "____"
MIN_CHOICES, MAX_CHOICES = 3, 4


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


class _Draft(NamedTuple):
    """A question before its choices are drawn: the answer, and the wrong choices in tiers of
    plausibility (the most alike first). Drafts are the same for every seed."""

    kind: str
    code: str
    question: str
    answer: tuple[str, str | None]
    wrong: tuple[tuple[tuple[str, str | None], ...], ...]
    sources: tuple[str, ...]
    quote: str
    quote_from: str
    level: str | None = None
    editorial: tuple[str, ...] = ()


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


# ---------------------------------------------------------------------------------------- words

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


def _tiered(*tiers: Iterable[tuple[str, str | None]], answer: str) -> tuple[
        tuple[tuple[str, str | None], ...], ...]:
    """Wrong choices in tiers, each text once (the first tier that has it keeps it, and word
    endings aside: "under any circumstance" and "...circumstances" are one), never the
    answer's text."""
    seen = {_stem_line(answer)}
    out = []
    for tier in tiers:
        kept = []
        for choice, source in tier:
            key = _stem_line(choice)
            if key.strip() and key not in seen:
                seen.add(key)
                kept.append((choice, source))
        out.append(tuple(kept))
    return tuple(out)


def _enough(wrong: Sequence[Sequence[object]]) -> bool:
    return sum(len(t) for t in wrong) >= MIN_CHOICES - 1


def _on(topic: Topic | None, p: Principle) -> bool:
    return topic is None or topic.id in p.topics


def _where(topic: Topic | None) -> str:
    return f" on {topic.id}" if topic else ""


# ---------------------------------------------------------------------------------------- kinds


class _Phrase(NamedTuple):
    """A key phrase: the quoted words of a key term that occur in its principle's text."""

    principle: Principle
    pid: str
    phrase: str
    topic: str
    facet: str
    words: int
    stems: str  # as :func:`_stem_line` gives them


def _key_phrases(catalog: Catalog) -> list[_Phrase]:
    """Every key phrase, whole words, once per principle."""
    found: list[_Phrase] = []
    for p in catalog.principles():
        seen: set[str] = set()
        for k in p.key_terms:
            for phrase in _QUOTED.findall(k.value):
                phrase = phrase.strip()
                if (len(phrase) < 3 or _norm(phrase) in seen or not _norm(phrase)
                        or not _phrase_pattern(phrase).search(p.text)):
                    continue
                seen.add(_norm(phrase))
                found.append(_Phrase(p, p.id, phrase, k.topic, k.facet, len(phrase.split()),
                                     _stem_line(phrase)))
    return found


def _blank_drafts(catalog: Catalog, code: Code, topic: Topic | None) -> list[_Draft]:
    phrases = catalog.derived("quiz.key_phrases", _key_phrases)
    drafts = []
    for key in phrases:
        p, phrase = key.principle, key.phrase
        if p.code != code.id or not _on(topic, p) or BLANK in p.text:
            continue
        if len(phrase) > 0.6 * len(p.text) or len(re.findall(
                re.escape(phrase), p.text, re.I)) != len(re.findall(re.escape(phrase), p.text)):
            continue  # most of the text; or there again in other letters, giving it away
        text = _stem_line(p.text)
        # Wrong choices, the most alike first: key phrases of the same point (topic and facet),
        # of the same facet, of the same topic, then any, those of about the answer's length
        # first. None that occurs in the principle, whatever its endings.
        tiers: list[list[tuple[str, str | None]]] = [[] for _ in range(7)]
        for other in phrases:
            if other.pid == key.pid or other.stems in text or other.stems == key.stems:
                continue
            if other.facet == key.facet:
                tier = 0 if other.topic == key.topic else 1
            elif other.topic == key.topic:
                tier = 2
            else:
                tier = 3 + min(abs(other.words - key.words), 3)
            tiers[tier].append((other.phrase, other.pid))
        wrong = _tiered(*tiers, answer=phrase)
        if _enough(wrong):
            drafts.append(_Draft("blank", code.id, _phrase_pattern(phrase).sub(BLANK, p.text),
                                 (phrase, p.id), wrong, (p.id,), p.text, "text"))
    return drafts


def _related(catalog: Catalog, topic: Topic) -> set[str]:
    """The topics a principle may be on and still speak to a situation on ``topic``: the topic,
    those it names as related or that name it, and those any principle carries with it (a
    principle on exploitation and money makes money a near topic of exploitation)."""
    near = {topic.id, *topic.related}
    near |= {t.id for t in catalog.topics if topic.id in t.related}
    near |= {t for p in catalog.principles() if topic.id in p.topics for t in p.topics}
    return near


def _situation_drafts(catalog: Catalog, code: Code, topic: Topic | None) -> list[_Draft]:
    drafts = []
    for t in [topic] if topic else catalog.topics:
        on = [p for p in code.principles if t.id in p.topics]
        if not on or not t.description.strip():
            continue
        near = _related(catalog, t)
        answer = on[0]
        wrong = _tiered([(f"{p.id}: {p.text}", p.id) for p in code.principles
                         if not near.intersection(p.topics)], answer=f"{answer.id}: {answer.text}")
        if not _enough(wrong):
            continue
        question = (f"Which {code.id} principle speaks to this situation?\n{t.description}\n"
                    "(The situation is peerethics' editorial description of a topic, not the "
                    "code's words.)")
        drafts.append(_Draft("situation", code.id, question, (f"{answer.id}: {answer.text}",
                                                              answer.id),
                             wrong, (answer.id,), answer.text, "text", editorial=("question",)))
    return drafts


def _code_choice(code: Code) -> str:
    return f"{code.id} ({code.jurisdiction}, {code.credential_abbreviation})"


def _which_code_drafts(catalog: Catalog, code: Code, topic: Topic | None) -> list[_Draft]:
    drafts = []
    for t in [topic] if topic else catalog.topics:
        mine = [p for p in code.principles if t.id in p.topics]
        facets = dict.fromkeys(k.facet for p in mine for k in p.key_terms_for(t.id))
        for facet in facets:
            seen: set[str] = set()
            for p in mine:
                for k in p.key_terms_for(t.id):
                    value = k.value
                    if (k.facet != facet or _not_stated(value) or _norm(value) in seen
                            or not all(occurs(q, p.text) for q in _QUOTED.findall(value))):
                        continue
                    seen.add(_norm(value))
                    stands = {c.id: _differs(c, t, facet, value) for c in catalog.codes
                              if c.id != code.id}
                    wrong = _tiered(*[[(_code_choice(c), c.id) for c in catalog.codes
                                       if stands.get(c.id) == how]
                                      for how in ("differs", "not stated", "silent")],
                                    answer=_code_choice(code))
                    if not _enough(wrong):
                        continue
                    question = (f'On "{t.label}", which code says this?\n{facet}: {value}\n'
                                "(peerethics' editorial summary; words in quotation marks are "
                                "the code's own.)")
                    drafts.append(_Draft("which-code", code.id, question,
                                         (_code_choice(code), code.id), wrong, (p.id,), p.text,
                                         "text", editorial=("question",)))
    return drafts


def _differs(code: Code, topic: Topic, facet: str, value: str) -> str | None:
    """How ``code`` stands to a key term ``value`` on ``topic``, when it is a wrong answer to
    "which code says this": ``silent`` (no principle on the topic, nor a preamble duty),
    ``not stated`` (its principles on the topic do not state that point), ``differs`` (it
    states something else: other words where ``value`` quotes the code, another number where
    it gives one). None when it may say the same, or peerethics has no key term for it on that
    point: a paraphrase that differs in words may not differ in meaning, so it is not asked."""
    on = [p for p in code.principles if topic.id in p.topics]
    if not on:
        return None if topic.id in code.preamble_topics else "silent"
    if any(occurs(q, p.text) for q in _QUOTED.findall(value) for p in on):
        return None
    values = [k.value for p in on for k in p.key_terms_for(topic.id) if k.facet == facet]
    if not values:
        return None
    stated = [v for v in values if not _not_stated(v)]
    if not stated:
        return "not stated"
    if any(says_the_same(v, value) for v in stated):
        return None
    if _QUOTED.search(value) or _numbers_differ(value, stated):
        return "differs"
    return None


def _numbers_differ(value: str, others: Iterable[str]) -> bool:
    mine = set(re.findall(r"\d+", value))
    return bool(mine) and all(
        set(re.findall(r"\d+", v)) and not mine & set(re.findall(r"\d+", v)) for v in others)


def _tier_choice(levels: Iterable[str]) -> str:
    return "/".join(levels)


def _tiers_drafts(catalog: Catalog, code: Code, topic: Topic | None) -> list[_Draft]:
    if not code.tiers:
        return []
    order = [t.level for t in code.tiers]
    used = list(dict.fromkeys(tuple(lv for lv in order if lv in p.tiers)
                              for p in code.principles if p.tiers))
    every = [tuple(lv for i, lv in enumerate(order) if mask >> i & 1)
             for mask in range(1, 2 ** len(order))]
    legend = ", ".join(f"{t.level} = {t.label}" for t in code.tiers)
    drafts = []
    for p in code.principles:
        if not p.tiers or not _on(topic, p):
            continue
        mine = tuple(lv for lv in order if lv in p.tiers)
        wrong = _tiered([(_tier_choice(c), None) for c in used if c != mine],
                        [(_tier_choice(c), None) for c in every if c != mine and c not in used],
                        answer=_tier_choice(mine))
        if not _enough(wrong):
            continue
        question = (f"Which seriousness levels does {code.id} permit for {p.id}? ({legend})\n"
                    f"{p.text}")
        drafts.append(_Draft("tiers", code.id, question, (_tier_choice(mine), None), wrong,
                             (p.id,), p.text, "text"))
    return drafts


def _first_word(s: str) -> str:
    words = _norm(s).split()
    return words[0] if words else ""


def _sanctions_drafts(catalog: Catalog, code: Code, topic: Topic | None) -> list[_Draft]:
    drafts = []
    for tier in code.tiers:
        anchors = [p for p in code.principles if tier.level in p.tiers and _on(topic, p)]
        if topic is not None and not anchors:
            continue
        on_menu = {_norm(m.text) for m in tier.sanctions}
        # "Denial of Credential or Application" (S) is "Denial of Credential/ Application" (VS)
        # in other words: a sanction of a kind the menu lists is not a wrong answer.
        heads = {_first_word(m.text) for m in tier.sanctions}
        others = [(m.text, other.level) for other in code.tiers if other.level != tier.level
                  for m in other.sanctions
                  if _norm(m.text) not in on_menu and _first_word(m.text) not in heads]
        prefix = ""
        if topic is not None:
            ids = ", ".join(p.id for p in anchors)
            prefix = f"{code.id} may rate {ids} ({topic.label}) {tier.level}. "
        question = (f"{prefix}Which of these is on {code.id}'s menu of sanctions for "
                    f"{tier.label} ({tier.level})?")
        seen: set[str] = set()
        for m in tier.sanctions:
            if _norm(m.text) in seen:
                continue
            seen.add(_norm(m.text))
            wrong = _tiered(others, answer=m.text)
            if _enough(wrong):
                drafts.append(_Draft("sanctions", code.id, question, (m.text, tier.level), wrong,
                                     (code.id, *(p.id for p in anchors if topic)), m.text,
                                     "menu", tier.level))
    if topic is None and code.sanctions:
        names = [s.name for s in code.sanctions]
        for s in code.sanctions:
            if occurs(s.name, s.definition):
                continue  # the definition names it: no question
            wrong = _tiered([(n, code.id) for n in names if _norm(n) != _norm(s.name)],
                            answer=s.name)
            if _enough(wrong):
                question = (f"{code.id}'s glossary defines a sanction as: \"{s.definition}\"\n"
                            "Which sanction is it?")
                drafts.append(_Draft("sanctions", code.id, question, (s.name, code.id), wrong,
                                     (code.id,), s.definition, "glossary"))
    return drafts


def _importance_drafts(catalog: Catalog, code: Code, topic: Topic | None) -> list[_Draft]:
    drafts = []
    given = [p for p in code.principles if p.importance]
    for p in given:
        if not _on(topic, p) or p.importance is None:
            continue
        mine = p.importance
        wrong = _tiered([(q.importance, q.id) for q in given if q.id != p.id and q.importance
                         and not _shares_a_run(q.importance, mine)], answer=mine)
        if not _enough(wrong):
            continue
        question = f'What reason does {code.id} give for {p.id} (its "importance")?\n{p.text}'
        drafts.append(_Draft("importance", code.id, question, (mine, p.id), wrong, (p.id,), mine,
                             "importance"))
    return drafts


_DRAFTS: dict[str, Callable[[Catalog, Code, Topic | None], list[_Draft]]] = {
    "blank": _blank_drafts,
    "situation": _situation_drafts,
    "which-code": _which_code_drafts,
    "tiers": _tiers_drafts,
    "sanctions": _sanctions_drafts,
    "importance": _importance_drafts,
}


def _why_none(kind: str, code: Code, topic: Topic | None) -> str:
    """Why ``code`` has nothing to ask of ``kind``, in a few words."""
    on = topic is None or any(topic.id in p.topics for p in code.principles)
    if kind == "tiers" and not code.tiers:
        return f"{code.id} rates no principle by seriousness"
    if kind == "sanctions" and not code.has_sanctions:
        return f"{code.id} publishes no sanctions"
    if kind == "sanctions" and not code.tiers and topic is not None:
        return f"{code.id}'s sanctions (its glossary) are tied to no principle or topic"
    if kind == "importance" and not any(p.importance for p in code.principles):
        return f"{code.id} gives no importance for its principles"
    if not on and topic is not None:
        return f"{code.id} has no principle on {topic.id}"
    what = {
        "blank": "no key phrase to leave blank",
        "situation": "no topic with enough other principles to choose from",
        "which-code": "no key term that sets it apart from other codes",
        "tiers": "no principle rated by seriousness",
        "sanctions": "no sanction menu to ask about",
        "importance": "no importance text to ask about",
    }[kind]
    return f"{code.id} has {what}{_where(topic)}"


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
