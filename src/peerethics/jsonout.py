"""The JSON contract: one function per object kind, shared by the CLI and library users.

Documented in docs/json.md. Keys are snake_case and stable; objects with a top level carry
``schema_version``. Editorial fields (topics, key terms, see-also) are listed under ``editorial``
so a script can tell the board's words from ours.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Catalog, Code, Principle, Topic

SCHEMA_VERSION = 1
EDITORIAL_FIELDS = ["topics", "key_terms", "see_also"]

_C1 = re.compile("[\u0080-\u009f\u2028\u2029]")


def dumps(data: Any, *, indent: bool = True) -> str:
    """UTF-8 JSON with every control character escaped (C0 by json itself, C1 here), so no
    escape sequence from a data file can reach a terminal through ``jq`` or ``cat``.

    ``indent=False`` gives one compact line: the same value, written by json's C encoder (the
    indenting encoder is pure Python, several milliseconds for a page of results)."""
    import json

    if indent:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def see_also(catalog: Catalog, principle: Principle) -> list[str]:
    """Principles of other codes that share a topic with this one, in catalog order."""
    mine = set(principle.topics)
    return [
        p.id for p in catalog.principles()
        if p.code != principle.code and mine.intersection(p.topics)
    ]


def principle_dict(catalog: Catalog, p: Principle, *, with_see_also: bool = True) -> dict[str, Any]:
    code = catalog.code(p.code)
    out: dict[str, Any] = {
        "id": p.id,
        "code": p.code,
        "number": p.number,
        "text": p.text,
        "tiers": list(p.tiers),
        "importance": p.importance,
        "topics": list(p.topics),
        "key_terms": [{"topic": k.topic, "facet": k.facet, "value": k.value} for k in p.key_terms],
        "code_title": code.title if code else None,
        "jurisdiction": code.jurisdiction if code else None,
    }
    if with_see_also:
        out["see_also"] = see_also(catalog, p)
    out["editorial"] = [f for f in EDITORIAL_FIELDS if f in out]
    return out


def code_dict(code: Code) -> dict[str, Any]:
    return {
        "id": code.id,
        "title": code.title,
        "jurisdiction": code.jurisdiction,
        "issuer": code.issuer,
        "credential": {"name": code.credential_name, "abbreviation": code.credential_abbreviation},
        "principles": len(code.principles),
        "has_tiers": code.has_tiers,
        "has_sanctions": code.has_sanctions,
        "tiers": [t.level for t in code.tiers],
        "sanction_note": code.sanction_note,
        "source": {
            "title": code.source.title,
            "file": code.source.file,
            "revisions": list(code.source.revisions),
            "effective": code.source.effective,
        },
        "origin": code.origin,
        "replaces": code.replaces,
        # The document's own front matter, word for word, and peerethics' notes on it.
        "preamble": list(code.preamble),
        "preamble_topics": list(code.preamble_topics),
        "notes": list(code.notes),
    }


def topic_dict(catalog: Catalog, topic: Topic) -> dict[str, Any]:
    counts = {c.id: sum(topic.id in p.topics for p in c.principles) for c in catalog.codes}
    return {
        "id": topic.id,
        "label": topic.label,
        "description": topic.description,
        "phrases": list(topic.phrases),
        "counts": counts,
        "principles": [p.id for p in catalog.principles() if topic.id in p.topics],
    }
