"""The schema of one principle (docs/data-format.md, "Keys of a principle"): its number, text,
seriousness tiers, topics and key terms, each checked node by node, and the numbering of a
code's principles. :mod:`peerethics.schema` reads the rest of a code file."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from . import yamlnodes as yn
from .model import KeyTerm, Principle
from .yamlnodes import Reader

if TYPE_CHECKING:
    import yaml

SEVERITY_LEVELS = ("S", "VS", "ES")
_PRINCIPLE_REQUIRED = ("number", "text", "topics")
_PRINCIPLE_OPTIONAL = ("tiers", "importance", "key_terms", "editorial_note")


def _parse_principles(r: Reader, keys: dict[str, yaml.Node], code_id: str, levels: set[str],
                      known_topics: set[str] | None) -> list[Principle]:
    """The principles, each checked, then their numbers: 1, 2, 3... with no gap or repeat."""
    principles: list[Principle] = []
    items = yn.items(r, keys.get("principles"), "`principles`")
    if "principles" in keys and not items:
        r.err(keys["principles"], "`principles` is empty; a code needs at least one principle")
    numbers: dict[int, yaml.Node] = {}
    for i, item in enumerate(items, 1):
        p = _parse_principle(r, item, i, code_id, levels, known_topics, numbers)
        if p is not None:
            principles.append(p)
    expected = 1
    for n in sorted(numbers):
        if n != expected:
            missing = f"{expected}" if n == expected + 1 else f"{expected}-{n - 1}"
            r.err(numbers[n], f"principle numbers must run 1, 2, 3...: "
                    f"{'number' if n == expected + 1 else 'numbers'} {missing} "
                    f"{'is' if n == expected + 1 else 'are'} missing before {n}")
            break
        expected += 1
    return principles


def _parse_principle(
    r: Reader,
    node: yaml.Node,
    index: int,
    code_id: str,
    levels: set[str],
    known_topics: set[str] | None,
    numbers: dict[int, yaml.Node],
) -> Principle | None:

    what = f"principle {index}"
    keys = yn.mapping(r, node, what, _PRINCIPLE_REQUIRED, _PRINCIPLE_OPTIONAL)
    if keys is None:
        return None
    number = yn.whole_number(r, keys.get("number"), f"{what} `number`")
    if number is not None:
        what = f"{code_id}-{number}"
        if number in numbers:
            line = numbers[number].start_mark.line + 1
            r.err(keys["number"],
                    f"principle number {number} is used twice (also on line {line})")
            number = None
        else:
            numbers[number] = keys["number"]
    text = yn.text(r, keys.get("text"), f"{what} `text`")
    importance = yn.optional_text(r, keys.get("importance"), f"{what} `importance`")
    note = yn.optional_text(r, keys.get("editorial_note"), f"{what} `editorial_note`")

    tiers = _principle_tiers(r, keys, what, levels)
    topics = _principle_topics(r, keys, what, known_topics)
    key_terms = _principle_key_terms(r, keys, what, topics)
    if number is None or text is None:
        return None
    return Principle(
        code=code_id,
        number=number,
        text=text,
        tiers=tuple(tiers),
        importance=importance,
        topics=tuple(topics),
        key_terms=tuple(key_terms),
        editorial_note=note,
    )


def _principle_tiers(r: Reader, keys: dict[str, yaml.Node], what: str,
                     levels: set[str]) -> list[str]:
    tiers: list[str] = []
    for t in yn.items(r, keys.get("tiers"), f"{what} `tiers`"):
        level = yn.text(r, t, f"{what} tier")
        if level is None:
            continue
        if level not in SEVERITY_LEVELS:
            r.err(t, f"{what}: tier {level!r} is not one of {', '.join(SEVERITY_LEVELS)}")
        elif level not in levels:
            defined = ", ".join(sorted(levels, key=SEVERITY_LEVELS.index)) or "none"
            r.err(t, f"{what}: tier {level} has no sanction menu in this file's `tiers` "
                    f"(defined: {defined}); add one or remove the tier")
        elif level in tiers:
            r.err(t, f"{what}: tier {level} is listed twice")
        else:
            tiers.append(level)
    return tiers


def _principle_topics(r: Reader, keys: dict[str, yaml.Node], what: str,
                      known_topics: set[str] | None) -> list[str]:
    topics: list[str] = []
    topic_nodes = yn.items(r, keys.get("topics"), f"{what} `topics`")
    if "topics" in keys and not topic_nodes:
        r.err(keys["topics"], f"{what} has no topics; tag it with at least one "
                "(see `peerethics topics`)")
    for t in topic_nodes:
        tid = yn.text(r, t, f"{what} topic")
        if tid is None:
            continue
        if known_topics is not None and tid not in known_topics:
            near = difflib.get_close_matches(tid, sorted(known_topics), n=1, cutoff=0.5)
            hint = f"; did you mean `{near[0]}`?" if near else "; see `peerethics topics`"
            r.err(t, f"{what}: unknown topic `{tid}`{hint}")
        elif tid in topics:
            r.err(t, f"{what}: topic `{tid}` is listed twice")
        else:
            topics.append(tid)
    return topics


def _principle_key_terms(r: Reader, keys: dict[str, yaml.Node], what: str,
                         topics: list[str]) -> list[KeyTerm]:
    import yaml

    key_terms: list[KeyTerm] = []
    kt_node = keys.get("key_terms")
    if kt_node is not None:
        kt = yn.mapping(r, kt_node, f"{what} `key_terms` (keyed by this principle's topics)",
                      (), topics)
        for topic, facets_node in (kt or {}).items():
            if not isinstance(facets_node, yaml.MappingNode) or facets_node.tag != yn.MAP:
                r.err(facets_node, f"{what} key terms for `{topic}` must be `facet: value` lines")
                continue
            facets: set[str] = set()
            for fk, fv in facets_node.value:
                facet = yn.text(r, fk, f"{what} key term name")
                if facet is not None and facet in facets:
                    r.err(fk, f"{what} key terms for `{topic}` repeat the facet `{facet}`")
                    continue
                facets.add(facet or "")
                value = yn.text(r, fv, f"{what} key term `{facet}`")
                if facet and value:
                    key_terms.append(KeyTerm(topic, facet, value))
    return key_terms
