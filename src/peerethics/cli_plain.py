"""Rich's drawing of a table without colour, without importing Rich (issue 28).

Why: through a pipe, or with ``NO_COLOR``, a table is plain text, yet importing Rich to draw it
was about half of such a call. This module draws the few things the views use (text wrapped at
words, tables of fixed or measured columns with no box, padding, groups) with the same
algorithms as Rich (``rich._wrap.divide_line``, ``Table._calculate_column_widths``,
``Padding``), so the bytes are the same as Rich's (``tests/test_plain_tables.py`` draws every
command both ways at several widths).

Anything it does not draw exactly as Rich does raises :class:`NeedsRich`, and the caller
(:func:`peerethics.cli_render.render`) draws the view with Rich instead: a character whose width
in cells is not plainly one (wide or combining scripts, emoji, tabs), a stream that cannot carry
UTF-8, a table with a box, a title or lines, a column that must shrink past its words. Styles
are ignored: without colour Rich draws none.
"""

from __future__ import annotations

import re
from typing import Any

# One cell wide in Rich's own table (Rich's single-cell ranges, plus the punctuation the codes
# use: dashes, curly quotes, bullets, ellipses, arrows); the test checks each against Rich.
_NARROW = re.compile(
    "[\n\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u2010-\u2027\u2030-\u205e\u2190-\u21ff"
    "\u2500-\u25fc]*")
_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


class NeedsRich(Exception):
    """What this module cannot draw byte for byte as Rich does: draw it with Rich."""


def _check(s: str) -> str:
    if not _NARROW.fullmatch(s):
        raise NeedsRich("a character of another width")
    return s


def cell_len(s: str) -> int:
    """Cells taken by ``s``: its length, every character being one cell wide (else Rich)."""
    return len(_check(s))


class Text:
    """A string; its styles are dropped (nothing is coloured here)."""

    __slots__ = ("plain",)

    def __init__(self, text: str = "", style: str = "", **unsupported: Any) -> None:
        if unsupported:
            raise NeedsRich("text options")
        self.plain = _check(text)

    def append(self, text: str | Text, style: str | None = None) -> Text:
        self.plain += text.plain if isinstance(text, Text) else _check(text)
        return self

    def append_text(self, text: Text) -> Text:
        self.plain += text.plain
        return self

    def __add__(self, other: str | Text) -> Text:
        return Text(self.plain).append(other)

    def stylize(self, *args: Any, **kwargs: Any) -> None:
        """Styles are not drawn without colour."""


def _unpack(pad: int | tuple[int, ...]) -> tuple[int, int, int, int]:
    """CSS-like padding, as Rich's ``Padding.unpack`` reads it."""
    if isinstance(pad, int):
        return (pad, pad, pad, pad)
    if len(pad) == 1:
        return (pad[0],) * 4
    if len(pad) == 2:
        return (pad[0], pad[1], pad[0], pad[1])
    if len(pad) == 4:
        return (pad[0], pad[1], pad[2], pad[3])
    raise NeedsRich("padding")


class Padding:
    __slots__ = ("renderable", "top", "right", "bottom", "left")

    def __init__(self, renderable: Any, pad: int | tuple[int, ...] = (0, 0, 0, 0)) -> None:
        self.renderable = renderable
        self.top, self.right, self.bottom, self.left = _unpack(pad)


class Group:
    __slots__ = ("renderables",)

    def __init__(self, *renderables: Any) -> None:
        self.renderables = renderables


class _Column:
    __slots__ = ("header", "width", "no_wrap", "justify", "cells")

    def __init__(self, header: Any, width: int | None, no_wrap: bool, justify: str) -> None:
        self.header = header
        self.width = width
        self.no_wrap = no_wrap
        self.justify = justify
        self.cells: list[Any] = []


_UNSET: Any = object()


class Table:
    """Rich's ``Table`` with no box (Rich's default box is not drawn here)."""

    def __init__(self, *, box: Any = _UNSET, show_header: bool = True,
                 header_style: str | None = None, pad_edge: bool = True,
                 padding: int | tuple[int, ...] = (0, 1), collapse_padding: bool = False,
                 show_edge: bool = True, **unsupported: Any) -> None:
        if box is not None or unsupported:
            raise NeedsRich("a box, a title, a caption or lines")
        self.show_header = show_header
        self.pad_edge = pad_edge
        self.padding = _unpack(padding)
        self.collapse_padding = collapse_padding
        self.columns: list[_Column] = []

    @classmethod
    def grid(cls, *, padding: int | tuple[int, ...] = 0) -> Table:
        return cls(box=None, padding=padding, collapse_padding=True, show_header=False,
                   show_edge=False, pad_edge=False)

    def add_column(self, header: Any = "", *, style: str | None = None,
                   width: int | None = None, no_wrap: bool = False, justify: str = "left",
                   **unsupported: Any) -> None:
        if unsupported or justify not in ("left", "right"):
            raise NeedsRich("column options")
        self.columns.append(_Column(header, width, no_wrap, justify))

    def add_row(self, *cells: Any) -> None:
        if len(cells) > len(self.columns):
            raise NeedsRich("more cells than columns")
        for column, cell in zip(self.columns, [*cells, *[""] * len(self.columns)], strict=False):
            column.cells.append(cell)

    # ----------------------------------------------------------------- Rich's layout, in short

    def _padding_width(self, index: int) -> int:
        _, right, _, left = self.padding
        if self.collapse_padding:
            left = 0  # as Rich computes it (pad_left is zeroed before it is subtracted)
        if not self.pad_edge:
            left = 0 if index == 0 else left
            right = 0 if index == len(self.columns) - 1 else right
        return left + right

    def _cells(self, index: int) -> list[Any]:
        """A column's cells, each in its padding (Rich's ``_get_cells``)."""
        column = self.columns[index]
        raw = ([column.header] if self.show_header else []) + column.cells
        if not any(self.padding):
            return raw
        first_col, last_col = index == 0, index == len(self.columns) - 1
        out = []
        for n, cell in enumerate(raw):
            first_row, last_row = n == 0, n == len(raw) - 1
            top, right, bottom, left = self.padding
            if self.collapse_padding:
                if not first_col:
                    left = max(0, left - right)
                if not last_row:
                    bottom = max(0, top - bottom)
            if not self.pad_edge:
                left = 0 if first_col else left
                right = 0 if last_col else right
                top = 0 if first_row else top
                bottom = 0 if last_row else bottom
            out.append(Padding(cell, (top, right, bottom, left)))
        return out

    def _measure(self, index: int, max_width: int) -> tuple[int, int]:
        column = self.columns[index]
        if column.width is not None:
            w = min(column.width + self._padding_width(index), max_width)
            return (w, w)
        found = [_measure(cell, max_width) for cell in self._cells(index)]
        low = max((m[0] for m in found), default=1)
        high = max((m[1] for m in found), default=max_width)
        return (min(low, max_width), min(high, max_width))

    def widths(self, max_width: int) -> list[int]:
        widths = [self._measure(i, max_width)[1] or 1 for i in range(len(self.columns))]
        if sum(widths) > max_width:
            widths = _collapse(widths, [c.width is None and not c.no_wrap
                                        for c in self.columns], max_width)
            if sum(widths) > max_width:
                widths = _ratio_reduce(sum(widths) - max_width, [1] * len(widths), widths,
                                       widths)
            widths = [self._measure(i, w)[1] or 0 for i, w in enumerate(widths)]
        return widths

    def lines(self, max_width: int) -> list[str]:
        if not self.columns:
            return [""]
        widths = self.widths(max_width)
        columns = [self._cells(i) for i in range(len(self.columns))]
        out: list[str] = []
        for r, row in enumerate(zip(*columns, strict=True)):
            drawn = [_lines(cell, w, justify=c.justify, no_wrap=c.no_wrap, pad=True)
                     for cell, w, c in zip(row, widths, self.columns, strict=True)]
            height = max(len(d) for d in drawn)
            header = r == 0 and self.show_header
            for i, d in enumerate(drawn):
                blank = [" " * widths[i]] * (height - len(d))
                drawn[i] = blank + d if header else d + blank
            out += ["".join(parts) for parts in zip(*drawn, strict=True)]
        return out


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """Rich's ``Table._collapse_widths``: shrink the widest wrapping columns first."""
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            widest = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
            second = max(w if ok and w != widest else 0
                         for w, ok in zip(widths, wrapable, strict=True))
            ratios = [1 if (w == widest and ok) else 0
                      for w, ok in zip(widths, wrapable, strict=True)]
            if not any(ratios) or not widest - second:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(widths),
                                   widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int],
                  values: list[int]) -> list[int]:
    """Rich's ``_ratio.ratio_reduce``."""
    ratios = [r if m else 0 for r, m in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            given = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - given)
            remaining -= given
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _as_text(obj: Any) -> Any:
    if isinstance(obj, str):
        return Text(obj)
    parts = getattr(obj, "parts", None)
    if callable(parts):  # a renderable of the views' own, drawn as a group of its parts
        return Group(*parts())
    return obj


def _measure(obj: Any, max_width: int) -> tuple[int, int]:
    """Rich's ``Measurement.get``: the least and most cells ``obj`` can take."""
    if max_width < 1:
        return (0, 0)
    if isinstance(obj, str):
        obj = Text(obj)
    if isinstance(obj, Padding):
        inner = max_width - obj.left - obj.right
        if inner < 1:
            low, high = max_width, max_width
        else:
            low, high = _measure(obj.renderable, inner)
            low, high = low + obj.left + obj.right, high + obj.left + obj.right
            low, high = min(low, max_width), min(high, max_width)
    elif isinstance(obj, Text):
        lines = obj.plain.splitlines()
        high = max((len(line) for line in lines), default=0)
        words = obj.plain.split()
        low = max((len(w) for w in words), default=high)
    elif isinstance(obj, (Group, Table)):
        raise NeedsRich("a measured group or table")
    else:  # no measure of its own: Rich gives it the whole width
        return (0, max_width)
    low, high = _normal(low, high)
    low, high = min(low, max_width), min(high, max_width)
    if high < 1:
        return (0, 0)
    return _normal(low, high)


def _normal(low: int, high: int) -> tuple[int, int]:
    """Rich's ``Measurement.normalize``."""
    low = min(max(0, low), high)
    return (max(0, low), max(0, max(low, high)))


def _divide_line(text: str, width: int) -> list[int]:
    """Rich's ``_wrap.divide_line`` (with folding), for one-cell characters."""
    breaks: list[int] = []
    offset = 0
    for m in _WORD.finditer(text):
        start, word = m.start(), m.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            chunks = [word[i:i + width] for i in range(0, len(word), width)]
            for n, chunk in enumerate(chunks):
                if start:
                    breaks.append(start)
                if n == len(chunks) - 1:
                    offset = len(chunk)
                else:
                    start += len(chunk)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def _wrap(plain: str, width: int, justify: str | None, no_wrap: bool) -> list[str]:
    """Rich's ``Text.wrap``: each line divided at words, then justified and cut to ``width``."""
    out = []
    for line in plain.split("\n"):
        if "\t" in line:
            raise NeedsRich("a tab")
        if no_wrap:
            pieces = [line]
        else:
            cuts = _divide_line(line, width)
            pieces = [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]
            for i, piece in enumerate(pieces):
                if len(piece) > width:  # Rich's rstrip_end
                    space = _TRAILING_SPACE.search(piece)
                    if space is not None:
                        piece = piece[:len(piece) - min(len(space.group()), len(piece) - width)]
                pieces[i] = piece
        for piece in pieces:
            if justify == "right":
                piece = piece.rstrip()[:width]
                piece = " " * (width - len(piece)) + piece
            out.append(piece[:width])
    return out


def _lines(obj: Any, width: int, *, justify: str | None = None, no_wrap: bool = False,
           pad: bool = False) -> list[str]:
    """``obj`` drawn ``width`` cells wide, as Rich's ``Console.render_lines`` draws it (each line
    padded to ``width`` when ``pad``)."""
    obj = _as_text(obj)
    if width < 1:
        raise NeedsRich("no room")
    if isinstance(obj, Text):
        lines = _wrap(obj.plain, width, justify, no_wrap)
    elif isinstance(obj, Padding):
        inner = _lines(obj.renderable, width - obj.left - obj.right, justify=justify,
                       no_wrap=no_wrap, pad=True)
        left, right = " " * obj.left, " " * obj.right
        blank = [" " * width]
        lines = blank * obj.top + [left + line + right for line in inner] + blank * obj.bottom
    elif isinstance(obj, Group):
        lines = [line for part in obj.renderables
                 for line in _lines(part, width, justify=justify, no_wrap=no_wrap)]
    elif isinstance(obj, Table):
        lines = obj.lines(width)
    else:
        raise NeedsRich(f"a {type(obj).__name__}")
    if pad:
        lines = [line[:width] + " " * (width - len(line)) for line in lines]
    return lines


class Console:
    """What the views draw on: ``print`` and ``width``, as Rich's console without colour."""

    def __init__(self, width: int, encoding: str) -> None:
        if not encoding.lower().replace("_", "-").startswith("utf"):
            raise NeedsRich("a stream that cannot carry UTF-8")
        self.width = width
        self.out: list[str] = []

    def print(self, *objects: Any, style: str | None = None, soft_wrap: bool = False) -> None:
        if soft_wrap or len(objects) > 1:
            raise NeedsRich("soft wrapping")
        if not objects:
            self.out.append("")
            return
        self.out += [line[:self.width] for line in _lines(objects[0], self.width)]
