"""Turn core results into output: one :class:`View` per command, four formats, one writer.

A view carries the same answer three ways: ``data`` (the JSON contract, built by
:mod:`peerethics.contract`), ``rows`` (a flat table, for CSV and Markdown), and ``pretty`` (a
function drawing it with Rich, for people). :func:`render` handles every :class:`Format` or fails
loudly: a new format that no branch draws is a type error (mypy) and an error at run time, never
an empty answer. Rich is
imported only when a table is drawn, so ``--json`` never pays for it. Every string from data is
made inert before output: Rich only ever receives :class:`rich.text.Text` built from plain
strings (never markup), and control characters are shown as visible escapes.

This module also owns the standard streams (:func:`fit_streams`): whatever their encoding, text
degrades rather than crashing (a character the stream cannot carry is written as an ASCII
lookalike, else ``?``), and JSON is ASCII-escaped when stdout cannot carry UTF-8, so it parses
whatever the locale. CSV cells that a spreadsheet would run as a formula are neutralised
(:func:`csv_cell`).
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, assert_never

from .contract import dumps
from .formats import Format
from .inert import inert as inert  # one definition; the faces import it from here

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


class View:
    """One command's answer, ready for any format (a plain class: cheaper to define at start-up
    than a dataclass, and this module is on every command's path)."""

    __slots__ = ("data", "columns", "rows", "pretty", "markdown")

    def __init__(
        self,
        data: Any,
        columns: list[str],
        rows: list[list[str]],
        pretty: Callable[[Console], None],
        markdown: Callable[[], str] | None = None,  # a richer Markdown than the flat table
    ) -> None:
        self.data = data
        self.columns = columns
        self.rows = rows
        self.pretty = pretty
        self.markdown = markdown


# What a stream that cannot carry a character writes instead: an ASCII lookalike, else "?".
ERRORS = "peerethics.lookalike"
_LOOKALIKES = {
    "\u00b7": "-", "\u2022": "*", "\u2023": "*", "\u2043": "-", "\u25aa": "*", "\u25cf": "*",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "--", "\u2015": "--",
    "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2026": "...", "\u2192": "->", "\u2190": "<-", "\u2194": "<->",
    "\u21d2": "=>", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ",
    "\u200b": "", "\ufeff": "", "\u00d7": "x", "\u2264": "<=", "\u2265": ">=", "\u2260": "!=",
    "\u00a7": "S", "\u00b6": "P", "\u00a9": "(c)", "\u00ae": "(R)", "\u2122": "(TM)",
    "\u2713": "v", "\u2714": "v", "\u2717": "x", "\u2718": "x",
}
_BOX = {"\u2500": "-", "\u2501": "-", "\u2502": "|", "\u2503": "|", "\u2550": "=", "\u2551": "|"}


def lookalike(char: str) -> str:
    """An ASCII stand-in for ``char``: a lookalike (an en dash as ``-``, a bullet as ``*``), the
    letter without its accent, ``\\xff`` for a byte that was not UTF-8 (a surrogate escape), else
    ``?``."""
    if char in _LOOKALIKES:
        return _LOOKALIKES[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    if 0x2500 <= code <= 0x257F:  # box drawing: lines stay lines, corners and joints are "+"
        return _BOX.get(char, "+")
    import unicodedata

    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return plain if plain.isprintable() and plain else "?"


def _lookalikes(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(lookalike(c) for c in exc.object[exc.start:exc.end]), exc.end


def fit_streams() -> None:
    """Make stdout and stderr degrade instead of crashing on a character they cannot carry (an
    ASCII or Latin-1 locale, ``PYTHONIOENCODING=ascii``), and make a closed stdout (``>&-``) an
    error a write reports rather than ``None``. Idempotent; called by
    :func:`peerethics.cli_output.guarded` before any command writes."""
    import codecs

    try:
        codecs.lookup_error(ERRORS)
    except LookupError:
        codecs.register_error(ERRORS, _lookalikes)
    if sys.stdout is None:
        sys.stdout = ClosedStream()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", ERRORS) != ERRORS:
            try:
                reconfigure(errors=ERRORS)
            except (OSError, ValueError):
                pass  # closed, or not reconfigurable: a write will say so


def file_bytes(text: str) -> bytes:
    """``text`` as UTF-8 for a file (``-o``), a byte that was not UTF-8 in an argument (a lone
    surrogate) written ``\\xff`` as stdout shows it, rather than a UnicodeEncodeError."""
    import codecs

    try:
        codecs.lookup_error(ERRORS)
    except LookupError:
        codecs.register_error(ERRORS, _lookalikes)
    return text.encode("utf-8", ERRORS)


class ClosedStream(io.TextIOBase):
    """What stands for stdout when the process was started without one (``peerethics codes
    >&-``, where Python sets ``sys.stdout`` to None): every write fails as writing to a closed
    descriptor does, so the one output-failure path reports it."""

    encoding = "utf-8"

    def write(self, s: str) -> int:
        import errno

        raise OSError(errno.EBADF, "stdout is closed")

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        pass


def carries_utf8(stream: Any = None) -> bool:
    """Whether ``stream`` (stdout) encodes every character: UTF-8 (or another UTF)."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "utf-8"
    return encoding.lower().replace("_", "-").startswith("utf")


def use_colour(stream: Any = None) -> bool:
    """Colour only for a real terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return not os.environ.get("NO_COLOR") and is_terminal(stream or sys.stdout)


def console(stream: Any = None) -> Console:
    from rich.console import Console

    stream = stream or sys.stdout
    colour = use_colour(stream)
    drawn = Console(
        file=stream,
        force_terminal=colour,
        no_color=not colour,
        color_system="auto" if colour else None,
        highlight=False,
        markup=False,
        emoji=False,
        width=None if colour else _columns(),
    )
    if drawn.width < MIN_WIDTH:
        # A terminal a few columns wide (or COLUMNS=5) would get Rich's columns squeezed to
        # nothing (blank lines): draw at a sane width and let the terminal wrap.
        drawn.width = MIN_WIDTH
    return drawn


def render(view: View, fmt: Format) -> str | None:
    """The text for ``fmt``, or None for a table drawn straight to a terminal (by
    :func:`peerethics.cli_output.emit`, which is the only caller that gets None)."""
    if fmt is Format.table:
        if use_colour():
            return None
        # Not a terminal: draw without colour into a string, and drop Rich's padding spaces.
        # Without Rich when the view holds nothing cli_plain cannot draw as Rich would.
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"  # ASCII boxes if need be
        drawn = _plain_drawing(view, encoding) if PLAIN_TABLES else None
        if drawn is None:
            buf = _Buffer()
            buf.encoding = encoding
            view.pretty(console(buf))
            drawn = buf.getvalue()
        return "\n".join(line.rstrip() for line in drawn.splitlines()) + "\n"
    if fmt is Format.json:
        # Indented for a person at a terminal; one compact line for scripts and pipes.
        # ASCII-escaped (\\uXXXX) when stdout cannot carry UTF-8, so it parses in any locale.
        return dumps(view.data, indent=is_terminal(sys.stdout),
                     ascii_only=not carries_utf8()) + "\n"
    if fmt is Format.csv:
        import csv

        sheet = io.StringIO()
        writer = csv.writer(sheet, lineterminator="\n")
        writer.writerow([csv_cell(c) for c in view.columns])
        writer.writerows([[csv_cell(c) for c in row] for row in view.rows])
        return sheet.getvalue()
    if fmt is Format.markdown:
        if view.markdown is not None:
            return view.markdown()
        return markdown_table(view.columns, view.rows)
    assert_never(fmt)


# Plain tables are drawn by cli_plain (no Rich import); False draws them with Rich, as the test
# that compares the two does.
PLAIN_TABLES = True


class _Drawing:
    """Whether a plain table is being drawn: :func:`kit` hands the views cli_plain's classes
    then, Rich's otherwise (a table for a terminal, the quiz)."""

    plain = False


def kit() -> Any:
    """The drawing classes the views use (``Text``, ``Table``, ``Padding``, ``Group``,
    ``cell_len``): cli_plain's while :func:`render` draws a plain table, else Rich's."""
    if _Drawing.plain:
        from . import cli_plain

        return cli_plain
    from types import SimpleNamespace

    from rich.cells import cell_len
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    return SimpleNamespace(Text=Text, Table=Table, Padding=Padding, Group=Group,
                           cell_len=cell_len)


def _plain_drawing(view: View, encoding: str) -> str | None:
    """The view drawn by cli_plain, or None when it holds what only Rich draws exactly."""
    from . import cli_plain

    _Drawing.plain = True
    try:
        con = cli_plain.Console(_columns(), encoding)
        view.pretty(con)  # type: ignore[arg-type]  # cli_plain.Console draws as Rich's does
    except cli_plain.NeedsRich:
        return None
    finally:
        _Drawing.plain = False
    return "".join(line + "\n" for line in con.out)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(s: str) -> str:
    """A CSV cell a spreadsheet shows as text: control characters made inert, and a cell that
    starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) prefixed with a single
    quote, as OWASP advises against CSV injection. Only CSV does this; JSON, Markdown and tables
    keep the text exactly."""
    s = inert(s)
    return "'" + s if s.startswith(_FORMULA_START) else s


class _Buffer(io.StringIO):
    """A string buffer that says which encoding its text is bound for, so Rich draws ASCII boxes
    and ellipses for a stream that cannot carry Unicode ones."""

    encoding: str = "utf-8"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~&])")


def md(s: str) -> str:
    """Data made inert for Markdown outside a table: control characters shown, every character
    Markdown or HTML gives a meaning escaped (``*``, ``_``, ``#``, ``[``, ``<``, ``>``...), a
    list or heading marker at the start neutralised, and newlines kept as ``<br>``, so no data
    can start a heading, a quote, a list or a tag."""
    out = _MD_SPECIAL.sub(r"\\\1", inert(s))
    out = re.sub(r"^(\s*)([-+=])", r"\1\\\2", out)
    out = re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", out)
    return "<br>".join(" ".join(line.split()) for line in out.split("\n"))


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table whose cells are data made inert as :func:`md` makes it (a ``|``, a tag or
    a link in a cell is text, never structure)."""

    def cell(s: str) -> str:
        return md(s)

    lines = ["| " + " | ".join(cell(c) for c in columns) + " |",
             "| " + " | ".join("---" for _ in columns) + " |"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def text(s: str, style: str = "") -> Text:
    return kit().Text(inert(s), style=style)  # type: ignore[no-any-return]


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is a terminal; false for None, a stream without ``isatty`` or one
    already closed (its ``isatty`` raising), as a test's or a caller's replacement may be."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


MIN_WIDTH = 40  # narrowest drawing; a narrower terminal wraps the lines


def _columns() -> int:
    """``shutil.get_terminal_size((100, 24)).columns``, without importing shutil (which brings
    fnmatch, bz2 and lzma: a tenth of a piped table's call)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 100
    return max(MIN_WIDTH, min(columns, 400))
