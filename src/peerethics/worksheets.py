"""Worksheets for the two jobs the codes exist for: an investigator's case file (``case``) and a
supervision or class worksheet for a situation (``decide``).

Why a module of its own: both are built from what other modules own (the principles, the
sanction menus of :mod:`peerethics.sanctions`, the text in force on a day from
:mod:`peerethics.versions`, search's reading and its "nothing speaks" signals), and every face
(the command line's table, Markdown, CSV and JSON, the MCP prompt) draws the same typed records,
so a worksheet never says one thing in print and another to an assistant.

What is whose: the principles, the menus, CT's named sanctions and the Board's note on
seriousness are the documents' words, carried as the records the catalog holds (never retyped);
everything peerethics writes (headings, prompts, steps, the statement that a code publishes no
sanction guidance, what the incident date check found) is in :class:`Field` records or fields
named as editorial. Nothing here imports Typer, Rich or the MCP SDK.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .errors import InputError

if TYPE_CHECKING:
    from .model import Catalog, Code, NamedSanction, Principle, Tier
    from .search_ranking import SearchHit

TEXT, BOXES, BLANKS = "text", "boxes", "blanks"


class Field(NamedTuple):
    """A part of a worksheet to fill in, all peerethics' words (editorial): its name (a key for
    scripts), heading, what to write there, and how it is filled: ``text`` (room to write),
    ``boxes`` (tick one or more of ``choices``) or ``blanks`` (a line per ``choices`` label).
    ``given`` is what the user already gave for it (``--allegation``, ``--level``)."""

    name: str
    heading: str
    prompt: str
    kind: str = TEXT
    choices: tuple[str, ...] = ()
    given: str | None = None


class Cited(NamedTuple):
    """A principle cited in a case, in the version the case is judged by, with what the
    incident date check found (editorial; None without ``--incident-date``)."""

    principle: Principle
    code: Code
    date_note: str | None


class Guidance(NamedTuple):
    """What one cited principle's code publishes about sanctions, for the case: ``kind`` as in
    :class:`peerethics.sanctions.SanctionMenu`; ``levels``, the menus for the level chosen (or
    every level the cited principles permit); ``sanctions``, a glossary's named sanctions (CT);
    ``statement``, peerethics' words on what the code publishes (editorial); the Board's own
    note on seriousness and its legend, word for word (MO), and the document quoted."""

    code: Code
    kind: str
    levels: tuple[Tier, ...]
    sanctions: tuple[NamedSanction, ...]
    statement: str
    board_note: tuple[str, ...]
    legend: tuple[str, ...]
    source: str


class CaseFile(NamedTuple):
    """An investigator's case file: the principles cited, verbatim, each code's sanction
    guidance, and the parts to fill in."""

    cited: tuple[Cited, ...]
    guidance: tuple[Guidance, ...]
    level: str | None
    incident_date: str | None
    allegation: str | None
    fields: tuple[Field, ...]
    catalog: Catalog  # the codes as on the incident date: what the principles are read from


class Findings(NamedTuple):
    """What search found in one code for a situation: its principles that may apply (best
    first) and, where the code is silent on the situation, that said (editorial; None when it
    is not)."""

    code: Code
    hits: tuple[SearchHit, ...]
    silent: str | None


class Decision(NamedTuple):
    """A worksheet for supervision or class: the situation, how search read it, what each code
    may say, and the steps to work through."""

    situation: str
    reading: str
    direct: bool
    findings: tuple[Findings, ...]
    steps: tuple[Field, ...]


# ------------------------------------------------------------------------------------ case file


def incident_day(text: str | None) -> str | None:
    """``--incident-date`` as an ISO date, or None; one clear error for anything else."""
    from .versions import typed_date

    return None if text is None else typed_date(text, "--incident-date")


def case_file(catalog: Catalog, ids: Sequence[str], level: str | None = None,
              incident_date: str | None = None, allegation: str | None = None) -> CaseFile:
    """The case file for the principles ``ids`` (any spelling :func:`peerethics.ids.
    resolve_principle` takes), each from the version of its code in force on ``incident_date``
    (ISO; the catalog's own otherwise). ``level`` (any spelling ``sanctions --level`` takes) is
    checked against every principle of a code that rates levels: a level one lacks raises
    :class:`InputError` naming the levels it has, as does a level when no cited code rates
    any; a code with no text in force on the day raises :class:`peerethics.errors.NotInForce`.
    """
    from .arguments import check_ids
    from .ids import resolve_principle
    from .sanctions import sanction_menu

    check_ids(ids, "ids/principle", "['MO-13']")
    day = incident_day(incident_date)
    if not ids:
        raise InputError("a case cites at least one principle",
                         hint="e.g. peerethics case MO-13 --level VS")
    cat = catalog.as_of(day) if day else catalog
    principles = list(dict.fromkeys(resolve_principle(cat, i) for i in ids))
    chosen: str | None = None
    # A level is the rating of the codes that rate levels (MO): with CT-12 and MO-8 cited,
    # --level ES is MO-8's, and CT's glossary is shown as always. Only a case with no such
    # code refuses it, as sanctions does.
    rated = [p for p in principles if _rates_levels(cat, p)] if level is not None else []
    for p in rated or principles:
        menu = sanction_menu(cat, p, level)  # the refusal, worded once, in sanctions.py
        if level is not None and menu.levels:
            chosen = menu.levels[0].level
    unchecked = dict(zip(cat.unchecked, cat.notes, strict=True))
    cited = tuple(_cited(cat, p, day, unchecked) for p in principles)
    codes = list(dict.fromkeys(c.code for c in cited))
    guidance = tuple(_guidance(c, [p for p in principles if p.code == c.id], chosen)
                     for c in codes)
    text = allegation.strip() if allegation and allegation.strip() else None
    return CaseFile(cited, guidance, chosen, day, text,
                    _case_fields(cited, guidance, chosen, text), cat)


def _rates_levels(cat: Catalog, p: Principle) -> bool:
    code = cat.code(p.code)
    return code is not None and bool(code.tiers)


def _cited(cat: Catalog, p: Principle, day: str | None, unchecked: dict[str, str]) -> Cited:
    from .versions import in_force_line, label

    code = cat.code(p.code)
    assert code is not None
    if day is None:
        return Cited(p, code, None)
    if p.code in unchecked:
        note = (f"{unchecked[p.code]}; this case file uses {label(code, True)} on file")
    else:
        note = (f"{p.code}: {label(code, True)}, in force {in_force_line(code)}, was in force "
                f"on {day}")
    return Cited(p, code, note)


def _guidance(code: Code, cited: Sequence[Principle], level: str | None) -> Guidance:
    from .sanctions import source_line, statement

    kind = "tiers" if code.tiers else "glossary" if code.sanctions else "none"
    wanted = {level} if level else {t for p in cited for t in p.tiers}
    levels = tuple(t for t in code.tiers if t.level in wanted)
    board = code.seriousness_note if kind == "tiers" else ()
    return Guidance(code, kind, levels, code.sanctions, statement(code, kind), board,
                    code.legend if board else (), source_line(code))


def _case_fields(cited: Sequence[Cited], guidance: Sequence[Guidance], level: str | None,
                 allegation: str | None) -> tuple[Field, ...]:
    """The parts of a case file to fill in, in the order a complaint is worked: peerethics'
    headings and prompts, every one editorial."""
    ids = [c.principle.id for c in cited]
    levels = [t for g in guidance for t in g.levels]
    has_menu = any(g.kind != "none" for g in guidance)
    fields = [
        Field("allegation", "Allegation",
              "What is alleged: who, what, when and where, and which principle each part "
              "concerns.", given=allegation),
        Field("response", "The respondent's response",
              "What the respondent says about each part of the allegation."),
        Field("evidence", "Evidence",
              "Documents, records, statements and witnesses, each with where it came from."),
        Field("findings", "Findings", "For each principle cited, tick one and say why.", BOXES,
              tuple(f"{i} {verdict}" for i in ids
                    for verdict in ("substantiated", "not substantiated"))),
        Field("extenuating", "Extenuating circumstances",
              "Anything that bears on how serious the violation was, if one is found."),
    ]
    if levels:
        rated = [g.code.id for g in guidance if g.levels]
        unrated = [g.code.id for g in guidance if not g.code.tiers]
        owners = " and ".join(f"{c}'s" for c in rated)
        scope = (f" ({owners} levels; {', '.join(unrated)} "
                 f"{'rates' if len(unrated) == 1 else 'rate'} none)" if unrated else "")
        # Two codes that rate levels may share a level's name (S): each box says whose it is.
        choices = tuple(f"{t.level} ({t.label}{f', {g.code.id}' if len(rated) > 1 else ''})"
                        for g in guidance for t in g.levels)
        fields.append(Field("level", "Level of seriousness suggested",
                            f"Tick the level suggested for a substantiated violation{scope}.",
                            BOXES, choices, level))
    fields += [
        Field("sanctions", "Sanctions chosen",
              "Tick them in the menu above, and fill in any period the menu leaves blank."
              if has_menu else
              "The codes cited publish no sanction guidance: record the outcome and what it "
              "rests on."),
        Field("decision", "Decision", "What was decided, by whom, and the reasons."),
        Field("dates", "Dates", "The dates of the case.", BLANKS,
              ("Incident", "Complaint received", "Respondent notified", "Investigation "
               "completed", "Decision", "Decision sent to the respondent")),
    ]
    return tuple(fields)


# ------------------------------------------------------------------------------------- decision


def decision(catalog: Catalog, situation: str, codes: Sequence[str] | None = None,
             per_code: int = 3) -> Decision:
    """The worksheet for ``situation``: search's reading of it, and for each code (``codes``,
    default every one) the principles search finds in it (at most ``per_code``), or that it is
    silent. Raises :class:`InputError` for an empty situation, one that is only principle ids
    (``MO-13``), and an unknown code."""
    from .arguments import check_ids
    from .id_or_query import not_words_error, principles_named
    from .ids import resolve_code
    from .search_ranking import search

    if codes is not None:
        check_ids(codes, "codes/code", "['MO', 'CT']")
    text = situation_text(situation)
    named = principles_named(catalog, text)
    if named:  # "decide MO-13": the principle, not a situation (search's rule for ids)
        raise not_words_error(text, "describe the situation in words; `peerethics show "
                              f"{' '.join(p.id for p in named)}` prints the principle")
    scope = list(dict.fromkeys(resolve_code(catalog, c) for c in codes or ())) or list(
        catalog.codes)
    overall = search(catalog, text, codes=[c.id for c in scope], limit=10)
    reading = overall[0].reading if overall else ""
    direct = bool(overall) and overall[0].direct
    findings = []
    for code in scope:
        hits = search(catalog, text, codes=[code.id], limit=per_code)[:per_code]
        findings.append(Findings(code, tuple(hits), _silence(code, hits)))
    return Decision(text, reading, direct, tuple(findings), STEPS)


def situation_text(situation: str) -> str:
    """The situation as search reads it (its spaces collapsed); an :class:`InputError` when
    there is nothing in it."""
    if not isinstance(situation, str):  # as search says of a query that is not text
        raise TypeError(f"the situation must be a str, not {type(situation).__name__}")
    text = " ".join(situation.split())
    if not text or not text.isascii() and not _visible(text):
        raise InputError("the situation is empty",
                         hint='describe it in words, e.g. peerethics decide "a client offered '
                              'to buy me lunch"')
    return text


def _visible(text: str) -> bool:
    """Whether ``text`` holds anything but invisible format characters (a zero-width space,
    a byte-order mark: what search drops before it reads)."""
    import unicodedata

    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


def _silence(code: Code, hits: Sequence[SearchHit]) -> str | None:
    """Where search finds ``code`` silent on the situation, said in one line: search's own
    finding that the code has no principle on the situation's topic, or that it found none of
    its principles at all; None when its principles speak to it."""
    if not hits:
        return f"search found no {code.id} principle that speaks to this situation"
    said = next((part for part in hits[0].reading.split("; ")
                 if part.startswith(f"{code.id} has no principle on ")), None)
    if said:
        return f"{said}: the principles below are only the nearest"
    if not hits[0].direct:
        return (f"no {code.id} principle speaks to this directly: the principles below are "
                "only the nearest")
    return None


# The steps of a decision, in peerethics' own words (editorial), after the sequence taught in
# supervision and ethics classes: name it, gather facts, see who is affected, read the codes,
# weigh options, consult, decide, record and follow up, look back.
STEPS: tuple[Field, ...] = (
    Field("issue", "1. Name the issue",
          "In a sentence or two: what is the ethical question here, and why does it matter?"),
    Field("facts", "2. The facts",
          "What do you know for certain, what are you assuming, and what do you still need "
          "to find out?"),
    Field("affected", "3. Who is affected",
          "Everyone with a stake: the person you support, you, your team and agency, family "
          "or others. What does each stand to gain or lose?"),
    Field("codes", "4. What each code says",
          "Read the principles above in full. Which ones apply, and what exactly do they ask "
          "of you? Where your code is silent, say so, and note what else guides you (agency "
          "policy, the law, your supervisor)."),
    Field("options", "5. Options and their consequences",
          "List at least two courses of action, doing nothing among them. For each: what is "
          "likely to follow for the person you support, for your working relationship, and "
          "for you?"),
    Field("consult", "6. Who to consult",
          "Whom will you talk to before you act (a supervisor, a colleague you trust, an "
          "ethics contact), and what will you ask them?"),
    Field("decision", "7. The decision",
          "What will you do, and which principles is it grounded in?"),
    Field("record", "8. Documenting and following up",
          "What will you write down, where, and whom will you tell? When will you check how "
          "it went?"),
    Field("reflect", "9. Looking back",
          "Afterwards: what happened, what would you do differently, and what will you bring "
          "to supervision?"),
)
