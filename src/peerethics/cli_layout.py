"""Drawing shared by every command's view: tables that wrap at word boundaries only and never cut
an id, a record's fields as a label column, and the small pieces of text every view uses.

Part of the CLI layer (it may import Rich, inside the functions that draw). Each command's view
lives in a module of its own (``cli_view_*.py``, ``cli_views.py``); what they share is here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .cli_render import inert, kit, text
from .model import Code, Principle, Tier

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


EDITORIAL = "editorial"


# ------------------------------------------------------------------------------------- layout
# Tables wrap at word boundaries only, and never cut an id: a column is never made narrower than
# its longest word. When the columns do not fit at their narrowest, the view changes layout (one
# record per block, fields under it) rather than squeeze columns to slivers. Widths are computed
# here and given to Rich as fixed widths, so Rich never shrinks a column by itself.


def _width(s: str) -> int:
    cell_len = kit().cell_len

    return max((cell_len(line) for line in s.split("\n")), default=0)


def _longest_word(s: str) -> int:
    cell_len = kit().cell_len

    return max((cell_len(w) for w in s.split()), default=0)


class _Col:
    """A column's content widths: never below ``least`` (its longest word, or its longest cell
    when it does not wrap), at most ``most`` (its longest line)."""

    __slots__ = ("least", "most", "wrap")

    def __init__(self, header: str, cells: list[str], *, wrap: bool = True,
                 floor: int = 0) -> None:
        self.most = max([_width(header), *(_width(c) for c in cells)])
        if wrap:
            word = max([_width(header), *(_longest_word(c) for c in cells)])
            self.least = max(word, min(self.most, floor))
        else:
            self.least = self.most
        self.wrap = wrap


def _fit(total: int, cols: list[_Col], overhead: int) -> list[int] | None:
    """Content widths for ``cols`` within ``total`` columns (``overhead``: borders and padding),
    or None when even the narrowest would not fit."""
    room = total - overhead
    least = [c.least for c in cols]
    if sum(least) > room:
        return None
    spare = room - sum(least)
    want = [c.most - c.least for c in cols]
    if sum(want) <= spare:
        return [c.most for c in cols]
    # A column a few columns short of its longest line gets them first (so "none published" is
    # not wrapped to give a long title two more columns); the rest is shared evenly, no column
    # given more than it wants (water-filling).
    widths = least[:]
    order = sorted(range(len(cols)), key=lambda i: want[i])
    for i in order:
        if want[i] <= 8 and want[i] <= spare:
            widths[i] += want[i]
            spare -= want[i]
            want[i] = 0
    order = [i for i in order if want[i]]
    for n, i in enumerate(order):
        share = min(want[i], spare // (len(order) - n))
        widths[i] += share
        spare -= share
    return widths


def _plain_table(**kwargs: Any) -> Table:
    table: Table = kit().Table(box=None, header_style="bold", pad_edge=False, **kwargs)
    return table


def _fields(width: int, pairs: list[tuple[str, Any]], indent: int = 0) -> Any:
    """Labelled fields: a two-column grid when the values have room, else each label on its own
    line with its value under it (narrow terminals, long words). A value is a Text, or any
    renderable with a ``plain`` attribute giving its words."""
    Group = kit().Group
    Padding = kit().Padding
    Table = kit().Table

    label = max((_width(k) for k, _ in pairs), default=0)
    word = max((_longest_word(str(getattr(v, "plain", ""))) for _, v in pairs), default=0)
    value = width - indent - label - 2
    if value >= max(word, min(24, width // 2)):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True, width=label)
        grid.add_column(width=value)
        for k, v in pairs:
            grid.add_row(text(k), v)
        return Padding(grid, (0, 0, 0, indent)) if indent else grid
    parts: list[Any] = []
    for k, v in pairs:
        if k:
            parts.append(Padding(text(k, "bold"), (0, 0, 0, indent)))
        parts.append(Padding(v, (0, 0, 0, indent + 2)))
    return Group(*parts)


def _code_line(code: Code | None) -> str:
    if code is None:
        return ""
    abbr = code.credential_abbreviation
    title = code.title if f"({abbr})" in code.title else f"{code.title} ({abbr})"
    version = f" · version {code.version}" if code.version else ""
    return f"{code.short_name} · {title}{version}"


def _key_terms_text(p: Principle, topic: str | None = None) -> list[str]:
    terms = p.key_terms_for(topic) if topic else p.key_terms
    return [f"{k.topic}: {k.facet} = {k.value}" if not topic else f"{k.facet}: {k.value}"
            for k in terms]


class _Fields:
    """Rows gathered for :func:`_fields` (drawn once the width is known)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, Any]] = []

    def add_row(self, label: str, value: Any) -> None:
        self.rows.append((label, value))


class _Block:
    """A heading with indented items under it, each wrapping under its own indent (key terms
    under their topic); ``plain`` holds its words for measuring."""

    def __init__(self, head: Text, items: list[str]) -> None:
        self.head = head
        self.items = items
        self.plain = " ".join([head.plain, *items])

    def parts(self) -> list[Any]:
        """What it draws, in order (cli_plain draws these as a group, Rich as below)."""
        Padding = kit().Padding
        return [self.head, *(Padding(text(item), (0, 0, 0, 2)) for item in self.items)]

    def __rich_console__(self, console: Console, options: Any) -> Any:
        yield from self.parts()


def _draw_tier(con: Console, tier: Tier) -> None:
    """A seriousness level and its sanction menu, each item word for word, a note on a blank in
    it marked editorial (``sanctions`` and ``show CODE`` draw menus alike)."""
    Table = kit().Table
    Text = kit().Text

    con.print(text(f"{tier.label} ({tier.level})", "bold"))
    items = Table.grid(padding=(0, 1))
    items.add_column(no_wrap=True)
    items.add_column()
    for m in tier.sanctions:
        line = text(m.text)
        if m.note:
            line.append(f"  ({EDITORIAL}: {inert(m.note)})", style="dim")
        items.add_row(Text("  •"), line)
    con.print(items)
