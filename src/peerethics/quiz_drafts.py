"""The question builders of the quiz, one per kind (``_DRAFTS``): each turns a code's data into
drafts, questions before their choices are drawn, the same for every seed. :mod:`peerethics.quiz`
draws the choices and shuffles; its docstring says what each kind asks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from .model import Catalog, Code, Principle, Topic
from .quiz_words import (
    _QUOTED,
    _norm,
    _not_stated,
    _phrase_pattern,
    _shares_a_run,
    _stem_line,
    occurs,
    says_the_same,
)

BLANK = "____"
MIN_CHOICES, MAX_CHOICES = 3, 4


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


_DETERMINERS = frozenset("a an the any all their his her its those these this that some no "
                         "each every other".split())


def _shape(phrase: str) -> tuple[str, bool]:
    """The grammatical shape of a phrase, as far as it decides whether it fits a blank: how it
    begins (a determiner, an -ing form, "to", or anything else) and whether it ends in a plural
    ("the persons" fits where "the consumers" was; "intimidate" does not)."""
    words = re.findall(r"[a-z]+", phrase.lower())
    if not words:
        return ("", False)
    first, last = words[0], words[-1]
    begins = ("det" if first in _DETERMINERS else "ing" if first.endswith("ing")
              else "to" if first == "to" else "other")
    return (begins, last.endswith("s") and not last.endswith("ss"))


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
        # A choice that does not fit the sentence's grammar gives itself away: those of the
        # answer's shape first (each tier in its order), then the rest.
        shape = _shape(phrase)
        fits = [[c for c in tier if _shape(c[0]) == shape] for tier in tiers]
        rest = [[c for c in tier if _shape(c[0]) != shape] for tier in tiers]
        wrong = _tiered(*fits, *rest, answer=phrase)
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


def _words(text: str) -> set[str]:
    """The stems of a text's content words: what a reader matching words would compare."""
    from .search_words import content_words, stem

    return {stem(w) for w in content_words(text.lower())}


def _situation_drafts(catalog: Catalog, code: Code, topic: Topic | None) -> list[_Draft]:
    drafts = []
    for t in [topic] if topic else catalog.topics:
        on = [p for p in code.principles if t.id in p.topics]
        if not on or not t.description.strip():
            continue
        near = _related(catalog, t)
        answer = on[0]
        # Wrong choices that share as many of the situation's words as the answer does come
        # first, so the question cannot be answered by matching words.
        said = _words(t.description)
        alike = len(said & _words(answer.text))
        others = [p for p in code.principles if not near.intersection(p.topics)]
        shared = {p.id: min(len(said & _words(p.text)), alike) for p in others}
        wrong = _tiered(*[[(f"{p.id}: {p.text}", p.id) for p in others if shared[p.id] == n]
                          for n in sorted(set(shared.values()), reverse=True)],
                        answer=f"{answer.id}: {answer.text}")
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
    # A label already names the credential (MO: "Missouri (MCB CPS)").
    if code.label:
        return f"{code.id} ({code.label})"
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
