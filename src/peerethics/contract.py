"""The JSON contract: every shape any command prints, built here and nowhere else.

Why one module: the CLI and library users must get the same JSON for the same answer, and a shape
split between modules drifts. Each function takes a core object (:class:`~peerethics.model.Catalog`,
:class:`~peerethics.model.Principle`, :class:`~peerethics.search_ranking.SearchHit`,
:class:`~peerethics.sanctions.SanctionMenu`, :class:`~peerethics.comparison.Comparison`,
:class:`~peerethics.errors.Problem`) and returns plain ``dict``/``list`` values typed by the
``TypedDict`` of its kind, ready for :func:`dumps`::

    from peerethics import contract, load_catalog, resolve_principle, sanction_menu
    catalog = load_catalog()
    menu = sanction_menu(catalog, resolve_principle(catalog, "MO-13"), "VS")
    print(contract.dumps(contract.sanctions_json(catalog, menu)))

Documented in docs/json.md (tests check the key lists there against these types and against real
output). Keys are snake_case and stable; objects with a top level carry ``schema_version``.
Editorial fields (topics, key terms, see-also) are listed under ``editorial`` so a script can tell
the board's words from ours. Key order is part of the contract: the dicts are built in the order
their ``TypedDict`` declares. Nothing here imports Rich or Typer.

The ``TypedDict`` classes live in :mod:`peerethics.contract_types` and are handed out from here
lazily (``contract.SanctionsJSON``): creating them costs more than a plain call's JSON, which never
needs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .see_also import see_also, see_also_page  # noqa: F401  (see_also is re-exported)

if TYPE_CHECKING:
    from .comparison import Comparison
    from .contract_types import (
        CodeJSON,
        CompareJSON,
        CompareKeyTermJSON,
        CompareRowJSON,
        CoverageJSON,
        CredentialJSON,
        DefineJSON,
        DefinitionJSON,
        DiffJSON,
        DocumentJSON,
        GlossaryEntryJSON,
        KeyTermJSON,
        LevelJSON,
        MarkerJSON,
        MenuItemJSON,
        NamedSanctionJSON,
        PrincipleJSON,
        ProblemJSON,
        QuestionJSON,
        SanctionsJSON,
        SearchHitJSON,
        SourceJSON,
        TopicJSON,
        ValidateJSON,
        VerifyDifferenceJSON,
        VerifyJSON,
        VerifyPartJSON,
        VerifyPlaceJSON,
        VersionJSON,
        VersionsJSON,
    )
    from .errors import Problem
    from .glossary import Lookup
    from .model import (
        Catalog,
        Code,
        GlossaryEntry,
        NamedSanction,
        Principle,
        Source,
        Tier,
        Topic,
    )
    from .sanctions import CodeMenu, SanctionMenu
    from .search_ranking import SearchHit

SCHEMA_VERSION = 2  # 2: show always an array; one principle object everywhere
# The TypedDicts, one per object kind, from peerethics.contract_types (see __getattr__ below).
TYPES = (
    "PrincipleJSON", "KeyTermJSON", "SearchHitJSON", "CodeJSON", "CredentialJSON", "SourceJSON",
    "TopicJSON", "SanctionsJSON", "LevelJSON", "MenuItemJSON",
    "NamedSanctionJSON", "CompareJSON", "CompareRowJSON", "CompareKeyTermJSON", "CoverageJSON",
    "ValidateJSON", "ProblemJSON", "QuestionJSON", "DocumentJSON", "GlossaryEntryJSON",
    "MarkerJSON", "DefineJSON", "DefinitionJSON", "VersionJSON", "VersionsJSON", "DiffJSON",
    "DiffPrincipleJSON", "SegmentJSON", "VerifyJSON", "VerifyPartJSON", "VerifyPlaceJSON",
    "VerifyDifferenceJSON", "WorksheetFieldJSON", "CaseGuidanceJSON", "CaseJSON",
    "DecideCodeJSON", "DecideJSON",
)
__all__ = [
    "SCHEMA_VERSION", "code_json", "codes_json", "compare_json", "define_json",
    "definition_json", "document_json", "dumps", "principle_json", "problem_json",
    "sanctions_json", "search_hit_json", "search_json", "see_also",
    "source_json", "level_json", "named_sanction_json",
    "show_json", "topic_json", "topics_json", "validate_json",
    "CodeJSON", "CompareJSON", "CompareKeyTermJSON", "CompareRowJSON", "CoverageJSON",
    "CredentialJSON", "KeyTermJSON", "LevelJSON", "MenuItemJSON", "NamedSanctionJSON",
    "PrincipleJSON", "ProblemJSON", "QuestionJSON", "SanctionsJSON",
    "SearchHitJSON", "SourceJSON", "TopicJSON", "ValidateJSON", "DocumentJSON",
    "GlossaryEntryJSON", "MarkerJSON", "DefineJSON", "DefinitionJSON", "VersionJSON",
    "VersionsJSON", "DiffJSON", "VerifyJSON",
    "VerifyPartJSON", "VerifyPlaceJSON", "VerifyDifferenceJSON",
]

EDITORIAL_FIELDS = ("topics", "key_terms", "editorial_note", "see_also")
# In ``show CODE``: everything else is the document's own words (or its structure: ids, numbers).
DOCUMENT_EDITORIAL = ("sanction_note", "marker.note", "notes", "preamble_topics",
                      *(f"principles.{f}" for f in EDITORIAL_FIELDS), "tiers.sanctions.note")
COMPARE_EDITORIAL = ("rows.topic", "rows.label", "rows.key_terms", "rows.differs",
                     "rows.preamble", "rows.substance", "rows.substantive")


def __getattr__(name: str) -> Any:
    """The TypedDicts, imported on first use (see :mod:`peerethics.contract_types`)."""
    if name in TYPES:
        from . import contract_types

        return getattr(contract_types, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ------------------------------------------------------------------------------------- builders


def principle_json(catalog: Catalog, p: Principle) -> PrincipleJSON:
    """A principle: the one shape it has wherever it is shown (``show``, a code's ``principles``
    in ``show CODE``, each result of ``search``, the principle of ``sanctions``, and the MCP
    tools, which return these same objects). Built here and nowhere else."""
    code = catalog.code(p.code)
    also, total = see_also_page(catalog, p)
    out: PrincipleJSON = {
        "id": p.id,
        "code": p.code,
        "number": p.number,
        "text": p.text,
        "tiers": list(p.tiers),
        "importance": p.importance,
        "topics": list(p.topics),
        "key_terms": [{"topic": k.topic, "facet": k.facet, "value": k.value} for k in p.key_terms],
        "editorial_note": p.editorial_note,
        "version": code.version if code else None,
        "code_title": code.title if code else None,
        "jurisdiction": code.jurisdiction if code else None,
        "label": code.short_name if code else None,
        "see_also": also,
        "editorial": list(EDITORIAL_FIELDS),
    }
    if total > len(also):  # thousands of codes on the same topics: the first few, and how many
        out["see_also_total"] = total
    return out


def editorial_notes(p: Principle) -> list[str]:
    """What peerethics says about a principle beyond its topics and key terms, each line to be
    shown marked editorial under the principle's text, in every face that shows the principle
    (show, a whole code, search, sanctions, the MCP tools and resources). One place: a new kind
    of note is added here, and every face draws it."""
    return [p.editorial_note] if p.editorial_note else []


def show_json(catalog: Catalog, items: Iterable[Principle | Code]) -> list[Any]:
    """What ``show`` prints, always an array whatever it was given: a principle object for each
    principle, and a code object (``"kind": "code"``, :func:`document_json`) for each code id."""
    from .model import Principle

    return [principle_json(catalog, i) if isinstance(i, Principle) else document_json(catalog, i)
            for i in items]


def search_hit_json(catalog: Catalog, hit: SearchHit, rank: int) -> SearchHitJSON:
    """A result as ``search`` prints it (``rank`` counts from 1): the principle, then its rank,
    score and why it matched."""
    from .matches import match_json

    return {**principle_json(catalog, hit.principle), "rank": rank, "score": hit.score,
            "weak": hit.weak, "matched": [match_json(m) for m in hit.matched]}


def search_json(catalog: Catalog, hits: Iterable[SearchHit]) -> list[SearchHitJSON]:
    return [search_hit_json(catalog, h, rank) for rank, h in enumerate(hits, 1)]


def code_json(code: Code) -> CodeJSON:
    return {
        "id": code.id,
        "title": code.title,
        "jurisdiction": code.jurisdiction,
        "label": code.short_name,
        "issuer": code.issuer,
        "credential": {"name": code.credential_name, "abbreviation": code.credential_abbreviation},
        "governs": code.governs,
        "principles": len(code.principles),
        "has_tiers": code.has_tiers,
        "has_sanctions": code.has_sanctions,
        "tiers": [t.level for t in code.tiers],
        "sanction_note": code.sanction_note,
        "source": source_json(code.source),
        "origin": code.origin,
        "replaces": code.replaces,
        "version": code.version,
        "effective_date": code.effective_date,
        "superseded_date": code.superseded_date,
        # The document's own front matter, word for word, and peerethics' notes on it.
        "preamble": list(code.preamble),
        "preamble_topics": list(code.preamble_topics),
        "notes": list(code.notes),
    }


def source_json(source: Source) -> SourceJSON:
    """Which document a code is, and which version: its title, file, revisions and effective
    date as the data states them."""
    return {"title": source.title, "file": source.file, "revisions": list(source.revisions),
            "effective": source.effective, "copying": source.copying}


def level_json(tier: Tier) -> LevelJSON:
    """A seriousness level and its sanction menu, word for word (``sanctions`` and
    ``show CODE``)."""
    return {"level": tier.level, "label": tier.label,
            "sanctions": [{"text": m.text, "note": m.note} for m in tier.sanctions]}


def named_sanction_json(sanction: NamedSanction) -> NamedSanctionJSON:
    """A sanction a code defines by name (CT's glossary)."""
    return {"name": sanction.name, "definition": sanction.definition}


def document_json(catalog: Catalog, code: Code) -> DocumentJSON:
    """A whole code as ``show CODE`` prints it: every part of the document in its order, word for
    word, with peerethics' editorial fields named in ``editorial``; its principles are principle
    objects (:func:`principle_json`)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "code",
        "id": code.id,
        "title": code.title,
        "jurisdiction": code.jurisdiction,
        "label": code.short_name,
        "issuer": code.issuer,
        "credential": {"name": code.credential_name, "abbreviation": code.credential_abbreviation},
        "source": source_json(code.source),
        "origin": code.origin,
        "replaces": code.replaces,
        "version": code.version,
        "effective_date": code.effective_date,
        "superseded_date": code.superseded_date,
        "preamble": list(code.preamble),
        "introduction": list(code.introduction),
        "seriousness_note": list(code.seriousness_note),
        "legend": list(code.legend),
        "glossary": [{"term": g.term, "definition": g.definition} for g in code.glossary],
        "purposes_heading": code.purposes_heading,
        "purposes_intro": code.purposes_intro,
        "purposes": list(code.purposes),
        "principles_intro": code.principles_intro,
        "principles": [principle_json(catalog, p) for p in code.principles],
        "tiers": [level_json(t) for t in code.tiers],
        "sanctions": [named_sanction_json(s) for s in code.sanctions],
        "sanction_note": code.sanction_note,
        "closing": list(code.closing),
        "marker": ({"symbol": code.marker.symbol, "note": code.marker.note}
                   if code.marker else None),
        "notes": list(code.notes),
        "preamble_topics": list(code.preamble_topics),
        "editorial": list(DOCUMENT_EDITORIAL),
    }


def source_line(code: Code) -> str:
    """The document a code comes from and the dates it states, in one line."""
    dates = code.source.dates
    return f"{code.source.title}; {dates}" if dates else code.source.title


def definition_json(code: Code, entry: GlossaryEntry, matched: str = "term") -> DefinitionJSON:
    return {"code": code.id, "term": entry.term, "definition": entry.definition,
            "matched": matched, "code_title": code.title, "source": source_line(code)}


def define_json(lookup: Lookup) -> DefineJSON:
    """What ``define`` found: the glossary entries for the query in the codes searched, and
    which of those codes have no glossary at all (so silence is never read as "not defined")."""
    return {
        "schema_version": SCHEMA_VERSION,
        "query": lookup.query,
        "codes": [c.id for c in lookup.codes],
        "definitions": [definition_json(c, e, m) for c, e, m in lookup.found],
        "no_glossary": [c.id for c in lookup.without_glossary],
    }


def codes_json(catalog: Catalog) -> list[CodeJSON]:
    return [code_json(c) for c in catalog.codes]


def topic_json(catalog: Catalog, topic: Topic) -> TopicJSON:
    counts = {c.id: sum(topic.id in p.topics for p in c.principles) for c in catalog.codes}
    return {
        "id": topic.id,
        "label": topic.label,
        "description": topic.description,
        "phrases": list(topic.phrases),
        "counts": counts,
        "principles": [p.id for p in catalog.principles() if topic.id in p.topics],
    }


def topics_json(catalog: Catalog) -> list[TopicJSON]:
    return [topic_json(catalog, t) for t in catalog.topics]


def sanctions_json(catalog: Catalog, menu: SanctionMenu) -> SanctionsJSON:
    """A sanction menu: what the principle's code publishes for it, and nothing it does not."""
    return _menu_json(menu, principle_json(catalog, menu.principle),
                      {t.level: [menu.principle.id] for t in menu.levels})


def code_sanctions_json(catalog: Catalog, menu: CodeMenu) -> SanctionsJSON:
    """``sanctions CODE``: the code's menus by level (or the one asked), and in ``rated`` the
    principles it rates at each; ``principle`` is null. Same keys as :func:`sanctions_json`."""
    return _menu_json(menu, None, {t.level: [p.id for p in rated]
                                   for t, rated in zip(menu.levels, menu.rated, strict=True)})


def _menu_json(menu: SanctionMenu | CodeMenu, principle: PrincipleJSON | None,
               rated: dict[str, list[str]]) -> SanctionsJSON:
    """The one shape of ``sanctions``, for a principle's menu and a code's alike."""
    return {
        "schema_version": SCHEMA_VERSION,
        "principle": principle,
        "code": menu.code.id,
        "kind": menu.kind,
        "levels": [level_json(t) for t in menu.levels],
        "sanctions": [named_sanction_json(s) for s in menu.sanctions],
        "note": menu.note,
        "source": menu.source,
        # The board's own note on what its levels and menus are, word for word (MO); ``note``
        # above is peerethics' one-line summary.
        "board_note": list(menu.code.seriousness_note) if menu.kind == "tiers" else [],
        "rated": rated,
        "editorial": ["note"],
    }


def compare_json(comp: Comparison, *, full: bool = False) -> CompareJSON:
    """A comparison; ``full`` adds each row's principle texts (``texts``)."""
    ids = [c.id for c in comp.codes]
    rows: list[CompareRowJSON] = []
    for r in comp.rows:
        row: CompareRowJSON = {
            "topic": r.topic.id,
            "label": r.topic.label,
            "cells": {cid: [p.id for p in r.cells[cid]] for cid in ids},
            "key_terms": {
                cid: [{"principle": p.id, "facet": k.facet, "value": k.value}
                      for p in r.cells[cid] for k in p.key_terms_for(r.topic.id)]
                for cid in ids
            },
            "differs": r.differs,
            "preamble": list(r.preamble),
            "substance": r.substance,
            "substantive": list(r.substantive),
        }
        if full:
            row["texts"] = {p.id: p.text for cid in ids for p in r.cells[cid]}
        rows.append(row)
    return {
        "schema_version": SCHEMA_VERSION,
        "codes": ids,
        "rows": rows,
        "coverage": {cid: {"topics": comp.coverage[cid], "of": comp.total_topics} for cid in ids},
        "editorial": list(COMPARE_EDITORIAL),
    }


def problem_json(problem: Problem) -> ProblemJSON:
    return {"file": problem.file, "line": problem.line, "column": problem.column,
            "message": problem.message}


def validate_json(files: Iterable[str], problems: Iterable[Problem]) -> ValidateJSON:
    """What ``validate`` found: the files read, and every problem in them (valid when none)."""
    found = [problem_json(p) for p in problems]
    return {"schema_version": SCHEMA_VERSION, "valid": not found, "files": list(files),
            "problems": found}


# ------------------------------------------------------------------------------------- encoding

_BYTE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\udc([89a-f][0-9a-f])")
_C1 = re.compile("[\u0080-\u009f\u2028\u2029\ud800-\udfff]")


def dumps(data: Any, *, indent: bool = True, ascii_only: bool = False) -> str:
    """UTF-8 JSON with every control character escaped (C0 by json itself, C1 here), so no
    escape sequence from a data file can reach a terminal through ``jq`` or ``cat``. A lone
    surrogate (a file name that was not UTF-8) is escaped too, so the text always encodes as UTF-8.

    ``indent=False`` gives one compact line: the same value, written by json's C encoder (the
    indenting encoder is pure Python, several milliseconds for a page of results).
    ``ascii_only=True`` escapes every non-ASCII character (``\\u2013``), for a stream that cannot
    carry UTF-8: the same value to any JSON parser."""
    import json

    if indent:
        text = json.dumps(data, ensure_ascii=ascii_only, indent=2)
    else:
        text = json.dumps(data, ensure_ascii=ascii_only, separators=(",", ":"))
    if not ascii_only:
        text = _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    # A byte that was not UTF-8 (in an argument, on stdin) reaches Python as a lone surrogate
    # U+DC80-U+DCFF; strict JSON parsers refuse "\udcff", so it is written as the text "\xff",
    # as file names are shown.
    return _BYTE_ESCAPE.sub(lambda m: m.group(1) + "\\\\x" + m.group(2), text)
