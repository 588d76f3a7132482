"""The JSON of the answers about texts: a code's versions and the differences between two, a
verified quote, quiz questions built from the codes' words. Part of the contract (docs/json.md
documents them; the shapes are in contract_types.py), kept apart from contract.py only so that
no module of the contract grows past 450 lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .contract import SCHEMA_VERSION, source_json

if TYPE_CHECKING:
    from .contract_types import (
        DiffJSON,
        QuestionJSON,
        VerifyJSON,
        VersionJSON,
        VersionsJSON,
    )
    from .diff import Difference
    from .model import Code
    from .quiz import Question
    from .verify import Verification


def verify_json(v: Verification) -> VerifyJSON:
    """The answer of ``verify`` (built from :func:`peerethics.verify.verify_quote`'s)."""
    from .verify import summary

    at = v.passage
    return {
        "schema_version": SCHEMA_VERSION, "status": v.status, "quote": v.quote,
        "given_id": v.given_id, "id": at.id if at else None, "code": at.code if at else None,
        "part": at.part if at else None, "label": at.label if at else None, "text": v.text,
        "full_text": at.text if at else None, "exact": v.exact,
        "differences": [{"quote": d.quote, "code": d.code} for d in v.differences],
        "parts": [{"id": p.passage.id, "part": p.passage.part, "label": p.passage.label,
                   "text": p.text} for p in v.parts],
        "also_in": [{"id": a.id, "part": a.part, "label": a.label} for a in v.also_in],
        "summary": summary(v),
    }


def question_json(q: Question) -> QuestionJSON:
    """A quiz question: ``choices[answer]`` is right; ``quote`` is the exact words of the source
    it was built from (``sources[0]``'s ``quote_from`` field); ``editorial`` names the keys
    peerethics wrote (a situation, a key-term summary)."""
    return {
        "kind": q.kind,
        "code": q.code,
        "question": q.question,
        "choices": list(q.choices),
        "answer": q.answer,
        "sources": list(q.sources),
        "quote": q.quote,
        "quote_from": q.quote_from,
        "level": q.level,
        "choice_sources": list(q.choice_sources),
        "editorial": list(q.editorial),
    }


def quiz_json(questions: Iterable[Question]) -> list[QuestionJSON]:
    """The question bank ``quiz --json`` prints."""
    return [question_json(q) for q in questions]


def version_json(code: Code, day: str) -> VersionJSON:
    """A version of a code on file, and whether it was in force on ``day``."""
    from .versions import in_force

    return {"version": code.version, "effective_date": code.effective_date,
            "superseded_date": code.superseded_date, "in_force": in_force(code, day),
            "principles": len(code.principles), "source": source_json(code.source),
            "origin": code.origin}


def versions_json(code_id: str, versions: Iterable[Code], day: str) -> VersionsJSON:
    """``versions CODE``: every version on file, oldest first."""
    return {"schema_version": SCHEMA_VERSION, "kind": "versions", "code": code_id, "as_of": day,
            "versions": [version_json(v, day) for v in versions]}


def diff_json(d: Difference, day: str) -> DiffJSON:
    """``diff``: the two versions, a count of each kind of change, and every principle of
    either version with its words marked (``same``, ``removed``, ``added``)."""
    return {"schema_version": SCHEMA_VERSION, "kind": "diff", "code": d.new.id,
            "old": version_json(d.old, day), "new": version_json(d.new, day),
            "summary": {k: d.count(k) for k in ("added", "removed", "changed", "renumbered",
                                                "unchanged")},
            "principles": [{"status": c.status, "renumbered": c.renumbered,
                            "from_id": c.old.id if c.old else None,
                            "to_id": c.new.id if c.new else None,
                            "text": [{"op": s.op, "text": s.text} for s in c.text],
                            "importance": [{"op": s.op, "text": s.text} for s in c.importance]}
                           for c in d.changes]}
