"""Read code and topic YAML files into the model, validating everything.

Why it walks YAML nodes instead of calling ``yaml.safe_load``: every node carries its line and
column, so each problem can be reported as ``FILE:LINE:COLUMN: message``; and with YAML's implicit
typing switched off, every scalar comes out as the string that was written (``NO`` stays ``NO``,
``1.0`` stays ``1.0``), and numbers are parsed only where a number belongs. Aliases are refused
(no "billion laughs"), nesting is bounded, and nothing is ever constructed from a tag.

All problems in all files are collected and raised together as one :class:`DataError`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataError, Problem
from .model import (
    Catalog,
    Code,
    KeyTerm,
    Marker,
    MenuItem,
    NamedSanction,
    Principle,
    Source,
    Tier,
    Topic,
)

if TYPE_CHECKING:
    import yaml

MAX_DEPTH = 32
MAX_FILE_BYTES = 5_000_000
SEVERITY_LEVELS = ("S", "VS", "ES")
CODE_ID_RE = re.compile(r"^[A-Z](?:[A-Z0-9-]*[A-Z])?$")
TOPIC_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_NULLS = {"", "~", "null", "Null", "NULL"}
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


@dataclass
class _Ctx:
    """Where problems go while one file is being read."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def err(self, node: yaml.Node | None, message: str) -> None:
        if node is None:
            self.problems.append(Problem(self.file, 1, 1, message))
        else:
            mark = node.start_mark
            self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, message))


# ---------------------------------------------------------------------------------- reading YAML


def _yaml_loader() -> type:
    import yaml

    class _StringLoader(yaml.SafeLoader):
        """A safe loader whose plain scalars are all strings: no implicit bool/int/float/null."""

    _StringLoader.yaml_implicit_resolvers = {}
    return _StringLoader


def read_yaml(path: Path, display: str | None = None) -> tuple[yaml.Node | None, list[Problem]]:
    """Parse one file into a YAML node tree, or return the problems that prevent it."""
    import yaml

    ctx = _Ctx(display or str(path))
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        ctx.err(None, "is a directory, not a YAML file")
        return None, ctx.problems
    except OSError as exc:
        ctx.err(None, f"cannot read the file: {exc.strerror or exc}")
        return None, ctx.problems
    if len(raw) > MAX_FILE_BYTES:
        ctx.err(None, f"file is too large ({len(raw)} bytes; the limit is {MAX_FILE_BYTES})")
        return None, ctx.problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        ctx.problems.append(
            Problem(
                ctx.file,
                line,
                col,
                f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            )
        )
        return None, ctx.problems
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        ctx.err(None, "file is empty; a code file needs at least `id` and `principles`")
        return None, ctx.problems
    loader = _yaml_loader()
    try:
        depth = 0
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                ctx.problems.append(_mark_problem(ctx.file, event.start_mark,
                    "YAML aliases (*name) are not allowed in peerethics data; write the value out"))
                return None, ctx.problems
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    ctx.problems.append(_mark_problem(ctx.file, event.start_mark,
                        f"nesting is deeper than {MAX_DEPTH} levels; this is not a code file"))
                    return None, ctx.problems
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        what = " ".join(s for s in (exc.context, exc.problem) if s) or "invalid YAML"
        mark, start = exc.problem_mark or exc.context_mark, exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            what += f" (it starts at line {start.line + 1}, column {start.column + 1})"
        ctx.problems.append(_mark_problem(ctx.file, mark, f"YAML syntax error: {what}"))
        return None, ctx.problems
    except yaml.YAMLError as exc:
        ctx.err(None, f"YAML error: {exc}")
        return None, ctx.problems
    if node is None:
        ctx.err(None, "file is empty; a code file needs at least `id` and `principles`")
        return None, ctx.problems
    return node, ctx.problems


def _mark_problem(file: str, mark: Any, message: str) -> Problem:
    if mark is None:
        return Problem(file, 1, 1, message)
    return Problem(file, mark.line + 1, mark.column + 1, message)


# ------------------------------------------------------------------------------ node validation


def _kind(node: yaml.Node) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"the text {node.value!r}"


def _mapping(
    ctx: _Ctx,
    node: yaml.Node,
    what: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
) -> dict[str, yaml.Node] | None:
    """A mapping's keys, checked: required present, none unknown, none repeated."""
    import yaml

    if not isinstance(node, yaml.MappingNode) or node.tag != _MAP:
        ctx.err(node, f"{what} must be a mapping of `key: value` lines, not {_kind(node)}")
        return None
    allowed = list(required) + list(optional)
    out: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
            ctx.err(key_node, f"{what} has a key that is not plain text")
            continue
        key = key_node.value
        if key in out:
            ctx.err(key_node, f"{what} repeats the key `{key}`")
            continue
        if key not in allowed:
            near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"; did you mean `{near[0]}`?" if near else f"; allowed: {', '.join(allowed)}"
            ctx.err(key_node, f"{what} has an unknown key `{key}`{hint}")
            continue
        out[key] = value_node
    for key in required:
        if key not in out:
            ctx.err(node, f"{what} is missing the required key `{key}`")
    return out


def _text(ctx: _Ctx, node: yaml.Node | None, what: str) -> str | None:
    """A non-empty string exactly as written (``NO``, ``1.0`` and ``yes`` stay text)."""
    import yaml

    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode):
        ctx.err(node, f"{what} must be text, not {_kind(node)}")
        return None
    if node.tag != _STR:
        ctx.err(node, f"{what}: YAML tags such as `{node.tag}` are not allowed; write plain text")
        return None
    value: str = node.value
    if node.style is None and value in _NULLS or not value.strip():
        ctx.err(node, f"{what} is empty")
        return None
    return value


def _opt_text(ctx: _Ctx, node: yaml.Node | None, what: str) -> str | None:
    return None if node is None else _text(ctx, node, what)


def _list(ctx: _Ctx, node: yaml.Node | None, what: str) -> list[yaml.Node]:
    import yaml

    if node is None:
        return []
    if isinstance(node, yaml.ScalarNode) and node.style is None and node.value in _NULLS:
        return []
    if not isinstance(node, yaml.SequenceNode) or node.tag != _SEQ:
        ctx.err(node, f"{what} must be a list (lines starting with `- `), not {_kind(node)}")
        return []
    return list(node.value)


def _texts(ctx: _Ctx, node: yaml.Node | None, what: str) -> tuple[str, ...]:
    """A list of texts; a single text is accepted as a list of one."""
    import yaml

    if isinstance(node, yaml.ScalarNode) and not (node.style is None and node.value in _NULLS):
        one = _text(ctx, node, what)
        return (one,) if one is not None else ()
    out = []
    for i, item in enumerate(_list(ctx, node, what), 1):
        value = _text(ctx, item, f"{what} item {i}")
        if value is not None:
            out.append(value)
    return tuple(out)


def _whole_number(ctx: _Ctx, node: yaml.Node | None, what: str) -> int | None:
    value = _text(ctx, node, what)
    if value is None:
        return None
    if not re.fullmatch(r"[1-9][0-9]{0,5}", value.strip()):
        ctx.err(node, f"{what} must be a whole number from 1, not {value!r}")
        return None
    return int(value)


# --------------------------------------------------------------------------------- topics file


def parse_topics(node: yaml.Node, file: str) -> tuple[tuple[Topic, ...], list[Problem]]:
    ctx = _Ctx(file)
    top = _mapping(ctx, node, "the topics file", ["topics"])
    topics: list[Topic] = []
    seen: set[str] = set()
    links: list[tuple[str, yaml.Node, tuple[str, ...]]] = []
    if top is None or "topics" not in top:
        return (), ctx.problems
    for i, item in enumerate(_list(ctx, top["topics"], "`topics`"), 1):
        what = f"topic {i}"
        keys = _mapping(ctx, item, what, ["id", "label", "description"], ["phrases", "related"])
        if keys is None:
            continue
        tid = _text(ctx, keys.get("id"), f"{what} `id`")
        if tid is not None:
            what = f"topic `{tid}`"
            if not TOPIC_ID_RE.match(tid):
                ctx.err(keys["id"], f"{what}: an id is lowercase words joined by hyphens")
            elif tid in seen:
                ctx.err(keys["id"], f"{what} is defined twice")
            seen.add(tid)
        label = _text(ctx, keys.get("label"), f"{what} `label`")
        description = _text(ctx, keys.get("description"), f"{what} `description`")
        phrases = _texts(ctx, keys.get("phrases"), f"{what} `phrases`")
        related = _texts(ctx, keys.get("related"), f"{what} `related`")
        if related:
            links.append((what, keys["related"], related))
        if tid and label and description:
            topics.append(Topic(tid, label, description, tuple(p.lower() for p in phrases),
                                related))
    for what, node, related in links:
        for rid in related:
            if rid not in seen:
                ctx.err(node, f"{what}: `related` names unknown topic `{rid}`; "
                        f"the topics are {', '.join(sorted(seen))}")
    return tuple(topics), ctx.problems


# ----------------------------------------------------------------------------------- code file

_CODE_REQUIRED = (
    "id", "jurisdiction", "title", "issuer", "credential", "source", "sanction_note", "principles",
)
_CODE_OPTIONAL = (
    "replaces", "preamble", "introduction", "purposes", "closing", "notes", "marker", "tiers",
    "sanctions", "preamble_topics",
)
_PRINCIPLE_REQUIRED = ("number", "text", "topics")
_PRINCIPLE_OPTIONAL = ("tiers", "importance", "key_terms")


def parse_code(
    node: yaml.Node, file: str, topic_ids: Iterable[str] | None, origin: str = "bundled"
) -> tuple[Code | None, list[Problem]]:
    """Validate one code file's node tree. ``topic_ids`` None skips topic checks."""
    ctx = _Ctx(file)
    known_topics = set(topic_ids) if topic_ids is not None else None
    keys = _mapping(ctx, node, "a code file", _CODE_REQUIRED, _CODE_OPTIONAL)
    if keys is None:
        return None, ctx.problems
    code_id = _text(ctx, keys.get("id"), "`id`")
    if code_id is not None and not CODE_ID_RE.match(code_id):
        ctx.err(keys["id"], f"`id` {code_id!r} must be capital letters, digits and hyphens, "
                "starting and ending with a letter (like MO or MO-DMH)")
        code_id = None
    replaces = _opt_text(ctx, keys.get("replaces"), "`replaces`")
    jurisdiction = _text(ctx, keys.get("jurisdiction"), "`jurisdiction`")
    title = _text(ctx, keys.get("title"), "`title`")
    issuer = _text(ctx, keys.get("issuer"), "`issuer`")
    sanction_note = _text(ctx, keys.get("sanction_note"), "`sanction_note`")

    cred_name = cred_abbr = None
    if "credential" in keys:
        cred = _mapping(ctx, keys["credential"], "`credential`", ["name", "abbreviation"])
        if cred is not None:
            cred_name = _text(ctx, cred.get("name"), "`credential.name`")
            cred_abbr = _text(ctx, cred.get("abbreviation"), "`credential.abbreviation`")

    source = None
    if "source" in keys:
        src = _mapping(ctx, keys["source"], "`source`", ["title"],
                       ["file", "revisions", "effective"])
        if src is not None:
            stitle = _text(ctx, src.get("title"), "`source.title`")
            if stitle is not None:
                source = Source(
                    title=stitle,
                    file=_opt_text(ctx, src.get("file"), "`source.file`"),
                    revisions=_texts(ctx, src.get("revisions"), "`source.revisions`"),
                    effective=_opt_text(ctx, src.get("effective"), "`source.effective`"),
                )

    marker = None
    if "marker" in keys:
        mk = _mapping(ctx, keys["marker"], "`marker`", ["symbol", "note"])
        if mk is not None:
            symbol = _text(ctx, mk.get("symbol"), "`marker.symbol`")
            mnote = _text(ctx, mk.get("note"), "`marker.note`")
            if symbol and mnote:
                marker = Marker(symbol, mnote)

    tiers = _parse_tiers(ctx, keys.get("tiers"))
    levels = {t.level for t in tiers}
    sanctions = _parse_named_sanctions(ctx, keys.get("sanctions"))

    principles: list[Principle] = []
    items = _list(ctx, keys.get("principles"), "`principles`")
    if "principles" in keys and not items:
        ctx.err(keys["principles"], "`principles` is empty; a code needs at least one principle")
    numbers: dict[int, yaml.Node] = {}
    for i, item in enumerate(items, 1):
        p = _parse_principle(ctx, item, i, code_id or "?", levels, known_topics, numbers)
        if p is not None:
            principles.append(p)
    if numbers:
        expected = 1
        for n in sorted(numbers):
            if n != expected:
                missing = f"{expected}" if n == expected + 1 else f"{expected}-{n - 1}"
                ctx.err(numbers[n], f"principle numbers must run 1, 2, 3...: "
                        f"{'number' if n == expected + 1 else 'numbers'} {missing} "
                        f"{'is' if n == expected + 1 else 'are'} missing before {n}")
                break
            expected += 1

    front = {k: _texts(ctx, keys.get(k), f"`{k}`")
             for k in ("preamble", "introduction", "purposes", "closing", "notes")}
    preamble_topics = _texts(ctx, keys.get("preamble_topics"), "`preamble_topics`")
    if preamble_topics and not front["preamble"]:
        ctx.err(keys["preamble_topics"], "`preamble_topics` needs a `preamble` to point at")
    for tid in preamble_topics:
        if known_topics is not None and tid not in known_topics:
            ctx.err(keys["preamble_topics"], f"`preamble_topics` names unknown topic `{tid}`; "
                    "run `peerethics topics` to list them")
    if ctx.problems:
        return None, ctx.problems
    assert code_id and jurisdiction and title and issuer and cred_name and cred_abbr
    assert source and sanction_note
    principles.sort(key=lambda p: p.number)
    return Code(
        id=code_id,
        jurisdiction=jurisdiction,
        title=title,
        issuer=issuer,
        credential_name=cred_name,
        credential_abbreviation=cred_abbr,
        source=source,
        sanction_note=sanction_note,
        principles=tuple(principles),
        tiers=tiers,
        sanctions=sanctions,
        preamble=front["preamble"],
        introduction=front["introduction"],
        purposes=front["purposes"],
        closing=front["closing"],
        notes=front["notes"],
        marker=marker,
        replaces=replaces,
        origin=origin,
        preamble_topics=preamble_topics,
    ), ctx.problems


def _parse_tiers(ctx: _Ctx, node: yaml.Node | None) -> tuple[Tier, ...]:
    tiers: list[Tier] = []
    seen: set[str] = set()
    for i, item in enumerate(_list(ctx, node, "`tiers`"), 1):
        keys = _mapping(ctx, item, f"tier {i}", ["level", "label", "sanctions"])
        if keys is None:
            continue
        level = _text(ctx, keys.get("level"), f"tier {i} `level`")
        if level is not None:
            if level not in SEVERITY_LEVELS:
                ctx.err(keys["level"], f"tier level {level!r} is not one of "
                        f"{', '.join(SEVERITY_LEVELS)} (Serious, Very Serious, Extremely Serious)")
                level = None
            elif level in seen:
                ctx.err(keys["level"], f"tier {level} is defined twice")
                level = None
            else:
                seen.add(level)
        label = _text(ctx, keys.get("label"), f"tier {i} `label`")
        items: list[MenuItem] = []
        menu = _list(ctx, keys.get("sanctions"), f"tier {level or i} `sanctions`")
        if "sanctions" in keys and not menu:
            ctx.err(keys["sanctions"], f"tier {level or i} has an empty sanction menu")
        for j, entry in enumerate(menu, 1):
            what = f"tier {level or i} sanction {j}"
            import yaml

            if isinstance(entry, yaml.MappingNode):
                ek = _mapping(ctx, entry, what, ["text"], ["note"])
                if ek is not None:
                    text = _text(ctx, ek.get("text"), f"{what} `text`")
                    note = _opt_text(ctx, ek.get("note"), f"{what} `note`")
                    if text:
                        items.append(MenuItem(text, note))
            else:
                text = _text(ctx, entry, what)
                if text:
                    items.append(MenuItem(text))
        if level and label and items:
            tiers.append(Tier(level, label, tuple(items)))
    order = {lv: i for i, lv in enumerate(SEVERITY_LEVELS)}
    return tuple(sorted(tiers, key=lambda t: order[t.level]))


def _parse_named_sanctions(ctx: _Ctx, node: yaml.Node | None) -> tuple[NamedSanction, ...]:
    out: list[NamedSanction] = []
    for i, item in enumerate(_list(ctx, node, "`sanctions`"), 1):
        keys = _mapping(ctx, item, f"sanction {i}", ["name", "definition"])
        if keys is None:
            continue
        name = _text(ctx, keys.get("name"), f"sanction {i} `name`")
        definition = _text(ctx, keys.get("definition"), f"sanction {i} `definition`")
        if name and definition:
            out.append(NamedSanction(name, definition))
    return tuple(out)


def _parse_principle(
    ctx: _Ctx,
    node: yaml.Node,
    index: int,
    code_id: str,
    levels: set[str],
    known_topics: set[str] | None,
    numbers: dict[int, yaml.Node],
) -> Principle | None:
    import yaml

    what = f"principle {index}"
    keys = _mapping(ctx, node, what, _PRINCIPLE_REQUIRED, _PRINCIPLE_OPTIONAL)
    if keys is None:
        return None
    number = _whole_number(ctx, keys.get("number"), f"{what} `number`")
    if number is not None:
        what = f"{code_id}-{number}"
        if number in numbers:
            line = numbers[number].start_mark.line + 1
            ctx.err(keys["number"],
                    f"principle number {number} is used twice (also on line {line})")
            number = None
        else:
            numbers[number] = keys["number"]
    text = _text(ctx, keys.get("text"), f"{what} `text`")
    importance = _opt_text(ctx, keys.get("importance"), f"{what} `importance`")

    tiers: list[str] = []
    for t in _list(ctx, keys.get("tiers"), f"{what} `tiers`"):
        level = _text(ctx, t, f"{what} tier")
        if level is None:
            continue
        if level not in SEVERITY_LEVELS:
            ctx.err(t, f"{what}: tier {level!r} is not one of {', '.join(SEVERITY_LEVELS)}")
        elif level not in levels:
            defined = ", ".join(sorted(levels, key=SEVERITY_LEVELS.index)) or "none"
            ctx.err(t, f"{what}: tier {level} has no sanction menu in this file's `tiers` "
                    f"(defined: {defined}); add one or remove the tier")
        elif level in tiers:
            ctx.err(t, f"{what}: tier {level} is listed twice")
        else:
            tiers.append(level)

    topics: list[str] = []
    topic_nodes = _list(ctx, keys.get("topics"), f"{what} `topics`")
    if "topics" in keys and not topic_nodes:
        ctx.err(keys["topics"], f"{what} has no topics; tag it with at least one "
                "(see `peerethics topics`)")
    for t in topic_nodes:
        tid = _text(ctx, t, f"{what} topic")
        if tid is None:
            continue
        if known_topics is not None and tid not in known_topics:
            near = difflib.get_close_matches(tid, sorted(known_topics), n=1, cutoff=0.5)
            hint = f"; did you mean `{near[0]}`?" if near else "; see `peerethics topics`"
            ctx.err(t, f"{what}: unknown topic `{tid}`{hint}")
        elif tid in topics:
            ctx.err(t, f"{what}: topic `{tid}` is listed twice")
        else:
            topics.append(tid)

    key_terms: list[KeyTerm] = []
    kt_node = keys.get("key_terms")
    if kt_node is not None:
        kt = _mapping(ctx, kt_node, f"{what} `key_terms` (keyed by this principle's topics)",
                      (), topics)
        for topic, facets_node in (kt or {}).items():
            if not isinstance(facets_node, yaml.MappingNode):
                ctx.err(facets_node, f"{what} key terms for `{topic}` must be `facet: value` lines")
                continue
            for fk, fv in facets_node.value:
                facet = _text(ctx, fk, f"{what} key term name")
                value = _text(ctx, fv, f"{what} key term `{facet}`")
                if facet and value:
                    key_terms.append(KeyTerm(topic, facet, value))
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
    )


# ------------------------------------------------------------------------------ whole catalogs


def load_topics(path: Path, display: str | None = None) -> tuple[Topic, ...]:
    node, problems = read_yaml(path, display)
    if node is None:
        raise DataError(problems)
    topics, problems = parse_topics(node, display or str(path))
    if problems:
        raise DataError(problems)
    return topics


def load_codes(
    files: Sequence[tuple[Path, str, str]], topics: Sequence[Topic]
) -> tuple[list[tuple[Code, str]], list[Problem]]:
    """Load ``(path, display name, origin)`` files; returns (code, display) pairs and problems."""
    topic_ids = [t.id for t in topics]
    codes: list[tuple[Code, str]] = []
    problems: list[Problem] = []
    for path, display, origin in files:
        node, probs = read_yaml(path, display)
        problems.extend(probs)
        if node is None:
            continue
        code, probs = parse_code(node, display, topic_ids, origin)
        problems.extend(probs)
        if code is not None:
            codes.append((code, display))
    return codes, problems


def combine(
    codes: Sequence[tuple[Code, str]], topics: tuple[Topic, ...], problems: Sequence[Problem] = ()
) -> Catalog:
    """Merge bundled and user codes, in order: a later code may replace an earlier one with the
    same id only if it says ``replaces: ID``; any other clash is an error, never a silent pick.
    The catalog lists codes sorted by id, whatever the files are called."""
    found = list(problems)
    by_id: dict[str, tuple[Code, str]] = {}
    order: list[str] = []
    for code, display in codes:
        old = by_id.get(code.id)
        if old is None:
            if code.replaces:
                found.append(Problem(display, 1, 1, f"`replaces: {code.replaces}` but no "
                    "earlier code has that id; remove `replaces`"))
            by_id[code.id] = (code, display)
            order.append(code.id)
        elif code.replaces == code.id:
            by_id[code.id] = (code, display)
        else:
            found.append(Problem(display, 1, 1,
                f"code id {code.id} is already defined by {old[1]}; give this code another "
                f"id, or add `replaces: {code.id}` to replace it on purpose"))
    for code, display in codes:
        if code.replaces and code.replaces != code.id:
            found.append(Problem(display, 1, 1,
                f"`replaces: {code.replaces}` must name this file's own id ({code.id})"))
    if found:
        raise DataError(found)
    return Catalog(tuple(by_id[i][0] for i in sorted(order)), topics)
