"""The JSON of the worksheets: ``case`` (an investigator's case file) and ``decide`` (a worksheet
for a situation). Part of the contract (docs/json.md documents them; the shapes are in
contract_types.py), kept apart from contract.py only so that no module of the contract grows
past 450 lines. A principle is :func:`peerethics.contract.principle_json` here as everywhere, a
search result :func:`peerethics.contract.search_hit_json`, a menu's level
:func:`peerethics.contract.level_json`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .contract import (
    SCHEMA_VERSION,
    level_json,
    named_sanction_json,
    principle_json,
    search_hit_json,
)

if TYPE_CHECKING:
    from .contract_types import (
        CaseGuidanceJSON,
        CaseJSON,
        DecideCodeJSON,
        DecideJSON,
        WorksheetFieldJSON,
    )
    from .model import Catalog
    from .worksheets import CaseFile, Decision, Field, Guidance

# peerethics' own words in a case file and a decision worksheet (the rest is the documents').
CASE_EDITORIAL = ("date_notes", "guidance.statement", "fields")
DECIDE_EDITORIAL = ("reading", "codes.silent", "steps")


def field_json(f: Field) -> WorksheetFieldJSON:
    return {"name": f.name, "heading": f.heading, "prompt": f.prompt, "kind": f.kind,
            "choices": list(f.choices), "given": f.given}


def guidance_json(g: Guidance) -> CaseGuidanceJSON:
    return {"code": g.code.id, "kind": g.kind, "statement": g.statement,
            "levels": [level_json(t) for t in g.levels],
            "sanctions": [named_sanction_json(s) for s in g.sanctions],
            "board_note": list(g.board_note), "legend": list(g.legend), "source": g.source}


def case_json(case: CaseFile) -> CaseJSON:
    """The answer of ``case``: each principle from the version of its code the case is judged
    by (on ``--incident-date``), what each code publishes about sanctions, the parts to fill
    in."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "case",
        "incident_date": case.incident_date,
        "level": case.level,
        "allegation": case.allegation,
        "principles": [principle_json(case.catalog, c.principle) for c in case.cited],
        "date_notes": [c.date_note for c in case.cited if c.date_note],
        "guidance": [guidance_json(g) for g in case.guidance],
        "fields": [field_json(f) for f in case.fields],
        "editorial": list(CASE_EDITORIAL),
    }


def decide_json(catalog: Catalog, worksheet: Decision) -> DecideJSON:
    """The answer of ``decide``: the situation, search's reading of it, each code's principles
    that may apply (or its silence) and the steps to work through."""
    codes: list[DecideCodeJSON] = [
        {"code": f.code.id, "label": f.code.short_name,
         "principles": [search_hit_json(catalog, h, rank) for rank, h in enumerate(f.hits, 1)],
         "silent": f.silent}
        for f in worksheet.findings]
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "decide",
        "situation": worksheet.situation,
        "reading": worksheet.reading,
        "direct": worksheet.direct,
        "codes": codes,
        "steps": [field_json(f) for f in worksheet.steps],
        "editorial": list(DECIDE_EDITORIAL),
    }
