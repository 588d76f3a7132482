"""Turn core results into output: one :class:`View` per command, four formats, one writer.

A view carries the same answer three ways: ``data`` (the JSON contract, built by
:mod:`peerethics.contract`), ``rows`` (a flat table, for CSV and Markdown), and ``pretty`` (a
function drawing it with Rich, for people). :func:`render` handles every :class:`Format` or fails
loudly: a new format that no branch draws is a type error (mypy) and an error at run time, never
an empty answer. Rich is
imported only when a table is drawn, so ``--json`` never pays for it. Every string from data is
made inert before output: Rich only ever receives :class:`rich.text.Text` built from plain
strings (never markup), and control characters are shown as visible escapes.
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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def inert(text: str) -> str:
    """Control characters (ESC and the rest) made visible, so data cannot drive the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def use_colour(stream: Any = None) -> bool:
    """Colour only for a real terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return not os.environ.get("NO_COLOR") and _isatty(stream)


def console(stream: Any = None) -> Console:
    from rich.console import Console

    stream = stream or sys.stdout
    colour = use_colour(stream)
    return Console(
        file=stream,
        force_terminal=colour,
        no_color=not colour,
        color_system="auto" if colour else None,
        highlight=False,
        markup=False,
        emoji=False,
        width=None if colour else _columns(),
    )


def render(view: View, fmt: Format) -> str | None:
    """The text for ``fmt``, or None for a table drawn straight to a terminal (by
    :func:`peerethics.cli_commands.emit`, which is the only caller that gets None)."""
    if fmt is Format.table:
        if use_colour():
            return None
        # Not a terminal: draw without colour into a string, and drop Rich's padding spaces.
        buf = io.StringIO()
        view.pretty(console(buf))
        return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"
    if fmt is Format.json:
        # Indented for a person at a terminal; one compact line for scripts and pipes.
        return dumps(view.data, indent=_isatty()) + "\n"
    if fmt is Format.csv:
        import csv

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(view.columns)
        writer.writerows([[inert(c) for c in row] for row in view.rows])
        return buf.getvalue()
    if fmt is Format.markdown:
        if view.markdown is not None:
            return view.markdown()
        return markdown_table(view.columns, view.rows)
    assert_never(fmt)


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def cell(s: str) -> str:
        return inert(s).replace("|", "\\|").replace("\n", "<br>")

    lines = ["| " + " | ".join(cell(c) for c in columns) + " |",
             "| " + " | ".join("---" for _ in columns) + " |"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def text(s: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(inert(s), style=style)


def _isatty(stream: Any = None) -> bool:
    isatty = getattr(stream or sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def _columns() -> int:
    import shutil

    return max(40, min(shutil.get_terminal_size((100, 24)).columns, 400))
