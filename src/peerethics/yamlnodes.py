"""A safe YAML reader that keeps every value's line and column, and typed checks on its nodes.

Why nodes and not ``yaml.safe_load``: every node carries where it was written, so each problem
is reported as ``FILE:LINE:COLUMN: message``; and with YAML's implicit typing off, every scalar
is the string that was written (``NO`` stays ``NO``, ``1.0`` stays ``1.0``): numbers are parsed
only where the schema wants a number.

Why a composer of our own: the file is parsed once, by libyaml's C parser where PyYAML has it
(about twenty times faster than the pure-Python parser, which it falls back to), and nodes are
composed from its events here, in the same pass that refuses aliases (no "billion laughs"),
bounds nesting (no C stack to overflow) and never constructs anything from a tag. Nothing in
this module knows what a peerethics file holds: that is :mod:`peerethics.schema`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .errors import Problem

if TYPE_CHECKING:
    import yaml

MAX_DEPTH = 32
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
_SURROGATE = re.compile("[\ud800-\udfff]")
_TOO_DEEP = f"nesting is deeper than {MAX_DEPTH} levels; this is not a peerethics data file"


# Problems reported for one file; the last line says there were more.
MAX_PROBLEMS = 101


class Reader:
    """Where problems go while one file is read: every check adds to ``problems`` and goes on,
    so a file's problems are all reported at once."""

    __slots__ = ("file", "problems")

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    @property
    def full(self) -> bool:
        """Whether this file has as many problems as are reported (:data:`MAX_PROBLEMS`)."""
        return len(self.problems) >= MAX_PROBLEMS

    def err(self, node: Any, message: str) -> None:
        """A problem at ``node`` (anything with a ``start_mark``), or at 1:1 for None. Past
        :data:`MAX_PROBLEMS` in one file, one last line says there are more, and the rest are
        not kept (a file of 100,000 unknown keys is not 100,000 lines, nor minutes of hints)."""
        if self.full:
            return
        if len(self.problems) == MAX_PROBLEMS - 1:
            message = (f"more than {MAX_PROBLEMS - 1} problems in this file; fix those above "
                       "and run again")
            node = None
        mark = getattr(node, "start_mark", None)
        if mark is None:
            self.problems.append(Problem(self.file, 1, 1, message))
        else:
            self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, message))


# ---------------------------------------------------------------------------------------- parsing


def _events(text: str) -> Any:
    """The parser's event source: libyaml's C parser when PyYAML was built with it."""
    try:
        from yaml._yaml import CParser  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        import yaml

        return yaml.SafeLoader(text)  # its get_event() is the pure-Python parser's
    return CParser(text)


def parse(raw: bytes, file: str) -> tuple[yaml.Node | None, list[Problem]]:
    """One file's bytes as a node tree, or None and the problems that prevent it."""
    import yaml

    r = Reader(file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        r.problems.append(Problem(file, line, col, f"file is not UTF-8 (byte "
                                  f"0x{raw[exc.start]:02x}); save it as UTF-8"))
        return None, r.problems
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        r.problems.append(Problem(file, line, col, "file holds a NUL byte (\\x00); this is not "
                                  "a text file"))
        return None, r.problems
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        r.err(None, "file is empty; a code file needs at least `id` and `principles`")
        return None, r.problems
    try:
        node = _compose(_events(text), r)
    except yaml.MarkedYAMLError as exc:
        what = " ".join(s for s in (exc.context, exc.problem) if s) or "invalid YAML"
        if "maximum nesting depth" in what:  # libyaml's own bound, met before ours
            r.err(_At(exc.problem_mark), _TOO_DEEP)
            return None, r.problems
        mark, start = exc.problem_mark or exc.context_mark, exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            what += f" (it starts at line {start.line + 1}, column {start.column + 1})"
        r.err(_At(mark), f"YAML syntax error: {what}")
        return None, r.problems
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (a raw control character): one line, where it is.
        at = min(max(exc.position, 0), len(text))
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        r.problems.append(Problem(file, line, col, f"the character U+{ord(char):04X} is not "
                                  f"allowed in YAML ({exc.reason}); remove it or write it as an "
                                  "escape in double quotes"))
        return None, r.problems
    except yaml.YAMLError as exc:
        r.err(None, "YAML error: " + " ".join(str(exc).split()))
        return None, r.problems
    if node is None and not r.problems:
        r.err(None, "file is empty; a code file needs at least `id` and `principles`")
    return node, r.problems


class _At:
    """A mark wrapped to look like a node to :meth:`Reader.err`."""

    __slots__ = ("start_mark",)

    def __init__(self, mark: Any) -> None:
        self.start_mark = mark


def _compose(parser: Any, r: Reader) -> yaml.Node | None:
    """Nodes from parser events, without recursion: aliases and deep nesting stop the file at
    once, and only one document is allowed. Tags are kept as written (never constructed).

    Longer than 60 lines on purpose: one loop over the event stream, its cases side by side, so
    every limit on what a file may hold (aliases, depth, documents, tags) is checked in one
    place."""
    import yaml

    root: yaml.Node | None = None
    stack: list[yaml.Node] = []
    keys: list[yaml.Node | None] = []  # per open mapping: the key waiting for its value
    documents = 0
    anchored: Any = None  # the first event with an anchor (&name)

    def attach(node: yaml.Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, yaml.SequenceNode):
            parent.value.append(node)
        elif keys[-1] is None:
            keys[-1] = node
        else:
            parent.value.append((keys[-1], node))
            keys[-1] = None

    while True:
        event = parser.get_event()
        kind = type(event)
        if anchored is None and kind is not yaml.AliasEvent and getattr(event, "anchor", None):
            anchored = event  # refused at the end, unless an alias is refused first
        if kind is yaml.ScalarEvent:
            tag = event.tag if event.tag not in (None, "!") else STR
            value = event.value
            if not value.isascii() and _SURROGATE.search(value):
                r.err(event, "text holds a lone surrogate (an invalid \\ud800-\\udfff escape); "
                      "write the character itself")
                return None
            attach(yaml.ScalarNode(tag, value, event.start_mark, event.end_mark,
                                   event.style or None))
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if len(stack) >= MAX_DEPTH:
                r.err(event, _TOO_DEEP)
                return None
            mapping = kind is yaml.MappingStartEvent
            tag = event.tag if event.tag not in (None, "!") else (MAP if mapping else SEQ)
            cls = yaml.MappingNode if mapping else yaml.SequenceNode
            node = cls(tag, [], event.start_mark, None, event.flow_style)
            attach(node)
            stack.append(node)
            keys.append(None)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop().end_mark = event.end_mark
            keys.pop()
        elif kind is yaml.AliasEvent:
            r.err(event, "YAML aliases (*name) are not allowed in peerethics data; write the "
                  "value out")
            return None
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                r.err(event, "a file holds one YAML document; remove the second `---`")
                return None
        elif kind is yaml.StreamEndEvent:
            if anchored is not None:
                r.err(anchored, "YAML anchors (&name) are not allowed in peerethics data; "
                      f"remove `&{anchored.anchor}`")
                return None
            return root


# ------------------------------------------------------------------------------- typed checks


def kind(node: yaml.Node) -> str:
    """What a node is, for a message: ``a mapping``, ``a list`` or ``the text 'x'``."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"the text {node.value!r}"


def mapping(
    r: Reader,
    node: yaml.Node,
    what: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
) -> dict[str, yaml.Node] | None:
    """A mapping's keys, checked: required present, none unknown, none repeated."""
    import yaml

    if not isinstance(node, yaml.MappingNode) or node.tag != MAP:
        r.err(node, f"{what} must be a mapping of `key: value` lines, not {kind(node)}")
        return None
    allowed = list(required) + list(optional)
    out: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != STR:
            r.err(key_node, f"{what} has a key that is not plain text")
            continue
        key = key_node.value
        if key in out:
            r.err(key_node, f"{what} repeats the key `{key}`")
            continue
        if key not in allowed:
            if r.full:
                continue
            near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"; did you mean `{near[0]}`?" if near else f"; allowed: {', '.join(allowed)}"
            r.err(key_node, f"{what} has an unknown key `{key}`{hint}")
            continue
        out[key] = value_node
    for key in required:
        if key not in out:
            r.err(node, f"{what} is missing the required key `{key}`")
    return out


def is_null(node: yaml.Node | None) -> bool:
    """An unquoted empty value, ``~`` or ``null``: YAML's way of writing nothing."""
    import yaml

    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value in NULLS


def text(r: Reader, node: yaml.Node | None, what: str) -> str | None:
    """A non-empty string exactly as written (``NO``, ``1.0`` and ``yes`` stay text)."""
    import yaml

    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode):
        r.err(node, f"{what} must be text, not {kind(node)}")
        return None
    if node.tag != STR:
        r.err(node, f"{what}: YAML tags such as `{node.tag}` are not allowed; write plain text")
        return None
    value: str = node.value
    if is_null(node) or not value.strip():
        r.err(node, f"{what} is empty")
        return None
    return value


def optional_text(r: Reader, node: yaml.Node | None, what: str) -> str | None:
    return None if node is None else text(r, node, what)


def items(r: Reader, node: yaml.Node | None, what: str) -> list[yaml.Node]:
    """A list's items; nothing for a missing or null value."""
    import yaml

    if node is None or is_null(node):
        return []
    if not isinstance(node, yaml.SequenceNode) or node.tag != SEQ:
        r.err(node, f"{what} must be a list (lines starting with `- `), not {kind(node)}")
        return []
    return list(node.value)


def texts(r: Reader, node: yaml.Node | None, what: str) -> tuple[str, ...]:
    """A list of texts; a single text is accepted as a list of one."""
    import yaml

    if isinstance(node, yaml.ScalarNode) and not is_null(node):
        one = text(r, node, what)
        return (one,) if one is not None else ()
    out = []
    for i, item in enumerate(items(r, node, what), 1):
        value = text(r, item, f"{what} item {i}")
        if value is not None:
            out.append(value)
    return tuple(out)


def whole_number(r: Reader, node: yaml.Node | None, what: str) -> int | None:
    """A whole number from 1, written as digits (YAML's implicit typing is off)."""
    value = text(r, node, what)
    if value is None:
        return None
    if not re.fullmatch(r"[1-9][0-9]{0,5}", value.strip()):
        r.err(node, f"{what} must be a whole number from 1, not {value!r}")
        return None
    return int(value)
