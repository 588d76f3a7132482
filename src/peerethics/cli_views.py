"""One function per command: core results in, a :class:`~peerethics.cli_render.View` out.

Part of the CLI layer (it may import Rich); kept apart from ``cli.py`` so the command
definitions stay a thin layer of options, and apart from the core so the core never learns
about Rich. Rich is imported inside the drawing functions only.

Views only draw: a view's JSON comes from :mod:`peerethics.contract`, which library users call
too, so the CLI cannot print a shape the library cannot give. What is built here is the drawing
(tables, Markdown, CSV rows).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .cli_render import View, inert, markdown_table, md, text
from .contract import (
    codes_json,
    compare_json,
    define_json,
    sanctions_json,
    search_json,
    see_also,
    show_json,
    source_line,
    topics_json,
    validate_json,
)
from .model import Catalog, Code, Principle, Tier
from .search_words import stem

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .comparison import Comparison, Row
    from .errors import Problem
    from .glossary import Lookup
    from .sanctions import SanctionMenu
    from .search_ranking import SearchHit

EDITORIAL = "editorial"


# ------------------------------------------------------------------------------------- layout
# Tables wrap at word boundaries only, and never cut an id: a column is never made narrower than
# its longest word. When the columns do not fit at their narrowest, the view changes layout (one
# record per block, fields under it) rather than squeeze columns to slivers. Widths are computed
# here and given to Rich as fixed widths, so Rich never shrinks a column by itself.


def _width(s: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for line in s.split("\n")), default=0)


def _longest_word(s: str) -> int:
    from rich.cells import cell_len

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
    from rich.table import Table

    return Table(box=None, header_style="bold", pad_edge=False, **kwargs)


def _fields(width: int, pairs: list[tuple[str, Any]], indent: int = 0) -> Any:
    """Labelled fields: a two-column grid when the values have room, else each label on its own
    line with its value under it (narrow terminals, long words). A value is a Text, or any
    renderable with a ``plain`` attribute giving its words."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table

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
    return f"{code.jurisdiction} · {title}"


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

    def __rich_console__(self, console: Console, options: Any) -> Any:
        from rich.padding import Padding

        yield self.head
        for item in self.items:
            yield Padding(text(item), (0, 0, 0, 2))


# ------------------------------------------------------------------------------------------ show


def _topic_label(catalog: Catalog, topic_id: str) -> str:
    topic = catalog.topic(topic_id)
    return topic.label if topic else topic_id


def show_view(catalog: Catalog, principles: list[Principle]) -> View:
    data = show_json(catalog, principles)
    rows = [[p.id, p.code, str(p.number), p.text, "/".join(p.tiers), p.importance or "",
             ";".join(p.topics)] for p in principles]

    def pretty(con: Console) -> None:
        from rich.text import Text

        for i, p in enumerate(principles):
            code = catalog.code(p.code)
            if i:
                con.print()
            head = Text()
            head.append(inert(p.id), style="bold cyan")
            head.append("  " + inert(_code_line(code)), style="dim")
            con.print(head)
            con.print(text(p.text), style="", soft_wrap=False)
            con.print()
            grid = _Fields()
            if code is not None and code.tiers:
                labels = ", ".join(f"{t.level} ({t.label})" for t in code.tiers
                                   if t.level in p.tiers)
                grid.add_row("Seriousness", text(f"{labels}  ->  peerethics sanctions {p.id}"))
            elif code is not None:
                grid.add_row("Seriousness", text(f"{code.id} rates no principle by seriousness",
                                                 "dim"))
            if p.importance:
                grid.add_row("Importance", text(p.importance))
            if code is not None and code.marker:
                grid.add_row("Marked", text(f"{code.marker.symbol} in the document "
                                            "(unexplained there)", "dim"))
            grid.add_row("Topics", text(", ".join(_topic_label(catalog, t) for t in p.topics)
                                        + f"  ({EDITORIAL})"))
            first = True
            for topic in dict.fromkeys(k.topic for k in p.key_terms):
                grid.add_row("Key terms" if first else "", _Block(
                    text(_topic_label(catalog, topic), "italic"),
                    [f"{k.facet}: {k.value}" for k in p.key_terms_for(topic)]))
                first = False
            if p.key_terms:
                grid.add_row("", text(f"({EDITORIAL}: peerethics' summary, not the code's text)",
                                      "dim"))
            also = see_also(catalog, p)
            if also:
                grid.add_row("See also", text(", ".join(also)))
            con.print(_fields(con.width, grid.rows))

    def markdown() -> str:
        out = []
        for p in principles:
            code = catalog.code(p.code)
            out.append(f"### {md(p.id)}: {md(_code_line(code))}\n")
            out.append(f"> {md(p.text)}\n")
            if p.tiers:
                out.append(f"- **Seriousness:** {md('/'.join(p.tiers))}")
            if p.importance:
                out.append(f"- **Importance:** {md(p.importance)}")
            labels = ", ".join(_topic_label(catalog, t) for t in p.topics)
            out.append(f"- **Topics** ({EDITORIAL}): {md(labels)}")
            for topic in dict.fromkeys(k.topic for k in p.key_terms):
                out.append(f"- **Key terms** ({EDITORIAL}), {md(_topic_label(catalog, topic))}:")
                out += [f"  - {md(k.facet)}: {md(k.value)}" for k in p.key_terms_for(topic)]
            also = see_also(catalog, p)
            if also:
                out.append(f"- **See also** ({EDITORIAL}): {md(', '.join(also))}")
            out.append("")
        return "\n".join(out)

    return View(data, ["id", "code", "number", "text", "tiers", "importance", "topics"], rows,
                pretty, markdown)


# ------------------------------------------------------------------------------ show CODE (whole)


def _dates(code: Code) -> str:
    return code.source.dates or "none stated in the document"


def _sanctions_heading(code: Code) -> str:
    if code.tiers:
        return "Sanctions: a menu per level of seriousness"
    if code.sanctions:
        return "Sanctions: those the glossary defines"
    return "Sanctions"


def _glossary_sanctions_line(code: Code) -> str:
    return (f"The glossary's {len(code.sanctions)} sanctions, least to most severe as peerethics "
            "orders them: " + ", ".join(s.name for s in code.sanctions)
            + " (each defined in the Glossary above).")


def _marker_line(code: Code) -> str:
    assert code.marker is not None
    note = code.marker.note
    return note if code.marker.symbol in note else f"Marked {code.marker.symbol}: {note}"


def document_view(catalog: Catalog, items: list[Code | Principle]) -> View:
    """``show`` given code ids (and perhaps principle ids too): each code whole, in document
    order, each part labelled; a principle among them as ``show`` draws it."""
    data = show_json(catalog, items)
    columns = ["code", "part", "id", "label", "text", "editorial"]
    rows: list[list[str]] = []
    for item in items:
        if isinstance(item, Code):
            rows += _document_rows(item)
        else:
            rows.append([item.code, "principle", item.id, "", item.text, ""])
            if item.importance:
                rows.append([item.code, "importance", item.id, "", item.importance, ""])

    def pretty(con: Console) -> None:
        for i, item in enumerate(items):
            if i:
                con.print()
            if isinstance(item, Code):
                _draw_document(con, item)
            else:
                show_view(catalog, [item]).pretty(con)

    def markdown() -> str:
        out = []
        for item in items:
            if isinstance(item, Code):
                out.append(_document_markdown(item))
            else:
                body = show_view(catalog, [item]).markdown
                assert body is not None
                out.append(body())
        return "\n".join(out)

    return View(data, columns, rows, pretty, markdown)


def _document_rows(code: Code) -> list[list[str]]:
    """The CSV rows of a whole code: one per paragraph, term, principle and sanction."""
    c = code.id
    rows = [[c, "title", "", "", code.title, ""], [c, "issuer", "", "", code.issuer, ""],
            [c, "credential", "", code.credential_abbreviation, code.credential_name, ""],
            [c, "source", "", "", code.source.title, ""]]
    rows += [[c, "revision", "", "", r, ""] for r in code.source.revisions]
    if code.source.effective:
        rows.append([c, "effective", "", "", code.source.effective, ""])
    for part in ("preamble", "introduction", "seriousness_note", "legend"):
        rows += [[c, part, "", "", t, ""] for t in getattr(code, part)]
    rows += [[c, "glossary", "", g.term, g.definition, ""] for g in code.glossary]
    if code.purposes_intro:
        rows.append([c, "purposes_intro", "", "", code.purposes_intro, ""])
    rows += [[c, "purpose", "", str(n), t, ""] for n, t in enumerate(code.purposes, 1)]
    if code.principles_intro:
        rows.append([c, "principles_intro", "", "", code.principles_intro, ""])
    for p in code.principles:
        rows.append([c, "principle", p.id, "/".join(p.tiers), p.text, ""])
        if p.importance:
            rows.append([c, "importance", p.id, "", p.importance, ""])
    for t in code.tiers:
        rows += [[c, "tier_sanction", "", f"{t.level} ({t.label})", m.text, ""]
                 for m in t.sanctions]
        rows += [[c, "tier_sanction_note", "", f"{t.level} ({t.label})", m.note, "yes"]
                 for m in t.sanctions if m.note]
    rows += [[c, "sanction", "", s.name, s.definition, ""] for s in code.sanctions]
    rows.append([c, "sanction_note", "", "", code.sanction_note, "yes"])
    rows += [[c, "closing", "", "", t, ""] for t in code.closing]
    if code.marker:
        rows.append([c, "marker", "", code.marker.symbol, code.marker.note, "yes"])
    rows += [[c, "note", "", "", t, "yes"] for t in code.notes]
    return rows


def _draw_document(con: Console, code: Code) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    def heading(label: str, editorial: bool = False) -> None:
        con.print()
        head = text(label, "bold underline")
        if editorial:
            head.append(f"  ({EDITORIAL})", style="dim")
        con.print(head)

    def paragraphs(items: tuple[str, ...] | list[str], style: str = "") -> None:
        for n, para in enumerate(items):
            if n:
                con.print()
            con.print(text(para, style))

    def editorial_line(line: str) -> None:
        con.print(text(f"({EDITORIAL}) {line}", "dim italic"))

    head = Text()
    head.append(inert(code.id), style="bold cyan")
    head.append("  " + inert(_code_line(code)), style="bold")
    con.print(head)
    pairs = [("Issuer", text(code.issuer)),
             ("Credential", text(f"{code.credential_name} ({code.credential_abbreviation})")),
             ("Source", text(code.source.title)),
             ("Dates", text(_dates(code), "" if code.source.dates else "dim"))]
    if code.origin != "bundled":
        pairs.append(("From", text(code.origin)))
    con.print(_fields(con.width, pairs))
    if code.preamble:
        heading("Preamble")
        paragraphs(code.preamble)
    if code.introduction:
        heading("Introduction")
        paragraphs(code.introduction)
    if code.seriousness_note or code.legend:
        heading("Note on seriousness (the board's own)")
        paragraphs(code.seriousness_note)
        for line in code.legend:
            con.print(Padding(text(line), (0, 0, 0, 2)))
    if code.glossary:
        heading("Glossary")
        for g in code.glossary:
            con.print(text(g.term, "bold"))
            con.print(Padding(text(g.definition), (0, 0, 0, 2)))
    if code.purposes:
        heading("Purposes")
        if code.purposes_intro:
            con.print(text(code.purposes_intro))
        items = Table.grid(padding=(0, 1))
        items.add_column(no_wrap=True)
        items.add_column()
        for n, purpose in enumerate(code.purposes, 1):
            items.add_row(Text(f"  {n}."), text(purpose))
        con.print(items)
    heading("Principles")
    if code.principles_intro:
        con.print(text(code.principles_intro))
        con.print()
    if code.marker:
        editorial_line(_marker_line(code))
        con.print()
    width = max(len(p.id) for p in code.principles)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, width=width)
    grid.add_column()
    for n, p in enumerate(code.principles):
        body = text(p.text)
        if p.tiers:
            body.append("\nSeriousness: " + "/".join(p.tiers), style="dim")
        if p.importance:
            body.append("\nImportance: ", style="bold")
            body.append(inert(p.importance))
        if n + 1 < len(code.principles):
            body.append("\n")
        grid.add_row(text(p.id, "bold cyan"), body)
    con.print(grid)
    heading(_sanctions_heading(code))
    if code.tiers:
        for n, t in enumerate(code.tiers):
            if n:
                con.print()
            _draw_tier(con, t)
        con.print()
    elif code.sanctions:
        editorial_line(_glossary_sanctions_line(code))
    editorial_line(code.sanction_note)
    if code.closing:
        heading("Closing")
        paragraphs(code.closing)
    if code.notes:
        heading("Notes", editorial=True)
        paragraphs(code.notes, "dim")


def _document_markdown(code: Code) -> str:
    def section(title: str, body: list[str]) -> list[str]:
        return [f"## {title}", "", *body, ""]

    def paras(items: tuple[str, ...]) -> list[str]:
        return [x for para in items for x in (md(para), "")][:-1]

    out = [f"# {md(code.title)}", "",
           f"**{md(code.jurisdiction)}**, {md(code.issuer)}  ",
           f"Credential: {md(code.credential_name)} ({md(code.credential_abbreviation)})  ",
           f"Source: {md(code.source.title)}  ",
           f"Dates: {md(_dates(code))}", ""]
    if code.preamble:
        out += section("Preamble", paras(code.preamble))
    if code.introduction:
        out += section("Introduction", paras(code.introduction))
    if code.seriousness_note or code.legend:
        legend = [f"- {md(line)}" for line in code.legend]
        body = paras(code.seriousness_note) + ([""] if code.seriousness_note and legend else [])
        out += section("Note on seriousness (the board's own)", body + legend)
    if code.glossary:
        out += section("Glossary", [f"- **{md(g.term)}**: {md(g.definition)}"
                                    for g in code.glossary])
    if code.purposes:
        intro = [md(code.purposes_intro), ""] if code.purposes_intro else []
        out += section("Purposes", intro + [f"{n}. {md(x)}"
                                            for n, x in enumerate(code.purposes, 1)])
    body = [md(code.principles_intro), ""] if code.principles_intro else []
    if code.marker:
        body += [f"*{md(_marker_line(code))} ({EDITORIAL})*", ""]
    for p in code.principles:
        line = f"**{md(p.id)}** {md(p.text)}"
        extra = []
        if p.tiers:
            extra.append(f"*Seriousness: {md('/'.join(p.tiers))}*")
        if p.importance:
            extra.append(f"*Importance:* {md(p.importance)}")
        body += ["  \n".join([line, *extra]), ""]
    out += section("Principles", body[:-1])
    body = []
    for t in code.tiers:
        body += [f"**{md(t.label)} ({md(t.level)})**", ""]
        body += [f"- {md(m.text)}" + (f" ({EDITORIAL}: {md(m.note)})" if m.note else "")
                 for m in t.sanctions]
        body.append("")
    if code.sanctions:
        body += [f"*{md(_glossary_sanctions_line(code))} ({EDITORIAL})*", ""]
    body.append(f"*{md(code.sanction_note)} ({EDITORIAL})*")
    out += section(md(_sanctions_heading(code)), body)
    if code.closing:
        out += section("Closing", paras(code.closing))
    if code.notes:
        out += section(f"Notes ({EDITORIAL}: peerethics', not the document's)", paras(code.notes))
    return "\n".join(out)


# --------------------------------------------------------------------------------------- define


def no_glossary_line(codes: list[Code]) -> str:
    """What a code without a glossary says: that it defines no terms (not that a term is not
    defined there)."""
    ids = [c.id for c in codes if not c.glossary]
    if not ids:
        return ""
    verb = "has" if len(ids) == 1 else "have"
    return (f"{', '.join(ids)} {verb} no glossary: "
            f"{'its document defines' if len(ids) == 1 else 'their documents define'} no terms.")


def define_view(lookup: Lookup) -> View:
    data = define_json(lookup)
    columns = ["code", "term", "definition", "matched", "source"]
    found = [(c, e) for c, e, _ in lookup.found]
    rows = [[c.id, e.term, e.definition, m, source_line(c)] for c, e, m in lookup.found]
    silent = no_glossary_line(list(lookup.codes))

    def pretty(con: Console) -> None:
        from rich.padding import Padding

        for i, (c, e) in enumerate(found):
            if i:
                con.print()
            head = text(e.term, "bold")
            head.append(f"  {inert(c.id)} glossary · {inert(c.jurisdiction)}", style="dim")
            con.print(head)
            con.print(Padding(text(e.definition), (0, 0, 0, 2)))
            con.print(Padding(text(f"Source: {source_line(c)}", "dim"), (0, 0, 0, 2)))
        if silent:
            if found:
                con.print()
            con.print(text(silent, "dim"))

    def markdown() -> str:
        asked = lookup.query.strip() or "every term"
        out = [f"### Glossary: {md(asked)}", ""]
        out += [f"- **{md(e.term)}** ({md(c.id)}): {md(e.definition)}  \n"
               f"  *Source: {md(source_line(c))}*" for c, e in found]
        if silent:
            out += ["", f"*{md(silent)}*"]
        return "\n".join(out) + "\n"

    return View(data, columns, rows, pretty, markdown)


# ---------------------------------------------------------------------------------------- codes


def _dates_short(code: Code) -> str:
    """Which version of the document this is, as it states it (shown under each title)."""
    return code.source.dates or "no date stated"


def codes_view(catalog: Catalog) -> View:
    data = codes_json(catalog)
    columns = ["id", "jurisdiction", "title", "credential", "principles", "tiers", "sanctions",
               "origin", "revisions", "effective"]

    def sanctions_word(c: Code) -> str:
        if c.tiers:
            return "menu per tier"
        if c.sanctions:
            return f"{len(c.sanctions)} named"
        return "none published"

    rows = [[c.id, c.jurisdiction, c.title, c.credential_abbreviation, str(len(c.principles)),
             "/".join(t.level for t in c.tiers) or "none", sanctions_word(c), c.origin,
             "; ".join(c.source.revisions), c.source.effective or ""]
            for c in catalog.codes]

    def pretty(con: Console) -> None:
        heads = ["id", "jurisdiction", "credential", "principles", "tiers", "sanctions", "title"]
        cells = [[c.id, c.jurisdiction, c.credential_abbreviation, str(len(c.principles)),
                  "/".join(t.level for t in c.tiers) or "-", sanctions_word(c),
                  c.title + f"\n{_dates_short(c)}"
                  + ("" if c.origin == "bundled" else f"\nfrom {c.origin}")]
                 for c in catalog.codes]
        wraps = [False, True, True, False, False, True, True]
        floors = [0, 12, 0, 0, 0, 9, 24]
        cols = [_Col(h, [inert(r[i]) for r in cells], wrap=wraps[i], floor=floors[i])
                for i, h in enumerate(heads)]
        widths = _fit(con.width, cols, 2 * (len(cols) - 1))
        if widths is None:
            # One code per block: the id and jurisdiction, then every field under it.
            for i, (c, r) in enumerate(zip(catalog.codes, cells, strict=True)):
                if i:
                    con.print()
                head = text(c.id, "bold cyan")
                head.append("  " + inert(c.jurisdiction))
                con.print(head)
                pairs = [(h, text(v)) for h, v in zip(heads[2:], r[2:], strict=True)]
                con.print(_fields(con.width, pairs, indent=2))
            return
        table = _plain_table()
        for h, col, w in zip(heads, cols, widths, strict=True):
            table.add_column(h, width=w, no_wrap=not col.wrap,
                             justify="right" if h == "principles" else "left")
        for c, r in zip(catalog.codes, cells, strict=True):
            title = text(c.title)
            title.append(f"\n{inert(_dates_short(c))}", style="dim")
            if c.origin != "bundled":
                title.append(f"\nfrom {inert(c.origin)}", style="dim")
            table.add_row(text(c.id, "bold cyan"), *[text(v) for v in r[1:-1]], title)
        con.print(table)

    return View(data, columns, rows, pretty)


# --------------------------------------------------------------------------------------- search


def _highlighted(s: str, stems_: set[str]) -> Any:

    from rich.text import Text

    out = Text(inert(s))
    if not stems_:
        return out
    for m in re.finditer(r"[A-Za-z0-9']+", out.plain):
        if stem(m.group().lower()) in stems_:
            out.stylize("bold yellow", m.start(), m.end())
    return out


def _matched_words(hit: SearchHit) -> set[str]:
    """The stems of the query's words that matched the text: what the table highlights."""
    from .matches import Words

    return {stem(w.lower()) for m in hit.matched
            if isinstance(m, Words) and m.field in ("text", "importance") for w in m.words}


def _as_typed(query: str) -> Callable[[list[str]], str]:
    """Words as search matched them (stems, ``"bui lunch"``) put back as the user typed them
    (``"buy lunch"``): a stem, or a word of a quoted pair, becomes the query's word with that
    stem; what the query does not hold is left as it is."""
    from .search_words import phrase_word
    from .search_words import words as split_words

    typed: dict[str, str] = {}
    for w in split_words(query):
        for form in (w, stem(w), phrase_word(w)):
            typed.setdefault(form, w)

    def word(w: str) -> str:
        return typed.get(w) or typed.get(stem(w)) or typed.get(phrase_word(w)) or w

    def shown(found: list[str]) -> str:
        out: dict[str, None] = {}
        for item in found:
            if item.startswith('"') and item.endswith('"') and len(item) > 1:
                item = '"' + " ".join(word(w) for w in item[1:-1].split()) + '"'
            else:
                item = word(item)
            out.setdefault(item)
        return ", ".join(out)

    return shown


def explain_line(hit: SearchHit, query: str = "") -> str:
    """Why a result matched, for ``--explain``: every kind of match, in words."""
    from typing import assert_never

    from .matches import Reading, Related, Spelling, TopicWords, Words

    shown = _as_typed(query)
    parts = []
    for m in hit.matched:
        if isinstance(m, Reading):
            parts.append(f"reading ({m.line})")
        elif isinstance(m, Spelling):
            parts.append(f"read {m.typed!r} as {m.read_as!r}")
        elif isinstance(m, TopicWords):
            parts.append(f"topic {m.topic} ({shown(list(m.words))})")
        elif isinstance(m, Related):
            parts.append(f"topic {m.topic} (related to {m.source})")
        elif isinstance(m, Words):
            parts.append(f"{m.field.replace('_', ' ')} ({shown(list(m.words))})")
        else:
            assert_never(m)
    return "; ".join(parts)


def search_view(catalog: Catalog, hits: list[SearchHit], explain: bool, query: str = "") -> View:
    data = search_json(catalog, hits)
    columns = ["rank", "id", "code", "score", "text"] + (["matched"] if explain else [])
    rows = [[str(i), h.id, h.principle.code, f"{h.score:.3f}", h.principle.text]
            + ([explain_line(h, query)] if explain else []) for i, h in enumerate(hits, 1)]

    def pretty(con: Console) -> None:
        from rich.padding import Padding
        from rich.table import Table

        if hits and hits[0].reading:
            # How the query was read, so a miss is visible and can be refined (--code, other
            # words); said plainly when no principle speaks to it and these are only the nearest.
            how = text(f"Read as: {hits[0].reading}", "dim" if hits[0].direct else "bold")
            con.print(how)
            con.print()
        lefts, bodies = [], []
        for h in hits:
            body = _highlighted(h.principle.text, _matched_words(h))
            if h.weak:
                body.stylize("dim")
            if h.principle.importance and any(m.via == "importance" for m in h.matched):
                body.append("\nImportance: ", style="dim")
                body.append_text(_highlighted(h.principle.importance, _matched_words(h)))
            if explain:
                body.append("\nmatched: " + inert(explain_line(h, query)), style="dim")
            code = catalog.code(h.principle.code)
            left = text(h.id, "bold cyan")
            left.append("\n" + inert(code.jurisdiction if code else ""), style="dim")
            if h.weak:
                left.append("\nweak match", style="dim italic")
            lefts.append(left)
            bodies.append(body)
        left_col = _Col("", [t.plain for t in lefts], floor=14)
        # A long jurisdiction wraps in its column rather than take the text's room.
        left_col.most = max(left_col.least, min(left_col.most, 20))
        body_col = _Col("", [t.plain for t in bodies], floor=40)
        widths = _fit(con.width, [left_col, body_col], 2)
        if widths is None:
            # Stacked: the id and jurisdiction on a line, the text under it.
            for i, (h, body) in enumerate(zip(hits, bodies, strict=True)):
                if i:
                    con.print()
                code = catalog.code(h.principle.code)
                head = text(h.id, "bold cyan")
                head.append("  " + inert(code.jurisdiction if code else ""), style="dim")
                if h.weak:
                    head.append("  weak match", style="dim italic")
                con.print(head)
                con.print(Padding(body, (0, 0, 0, 2)))
            return
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1, 1, 1))
        table.add_column(width=widths[0])
        table.add_column(width=widths[1])
        for left, body in zip(lefts, bodies, strict=True):
            table.add_row(left, body)
        con.print(table)

    return View(data, columns, rows, pretty)


# ------------------------------------------------------------------------------------ sanctions


def _draw_tier(con: Console, tier: Tier) -> None:
    """A seriousness level and its sanction menu, each item word for word, a note on a blank in
    it marked editorial (``sanctions`` and ``show CODE`` draw menus alike)."""
    from rich.table import Table
    from rich.text import Text

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


def sanctions_view(catalog: Catalog, menu: SanctionMenu) -> View:
    p, code = menu.principle, menu.code
    data = sanctions_json(catalog, menu)
    def statement() -> str:
        if menu.kind in ("tiers", "glossary"):
            return menu.note
        return f"{code.id} publishes no sanction guidance. {menu.note}"

    summary = f"({EDITORIAL} summary) {statement()}"

    # Each column holds one thing for every code: a tier's sanction and the note on its blank
    # (MO), a glossary sanction and its definition (CT); what the menu is (the Board's "not a
    # determination" caveat, or that the code publishes none) and its source on every row.
    columns = ["principle", "level", "level_label", "sanction", "sanction_note", "definition",
               "menu_note", "source", "board_note"]
    board_note = code.seriousness_note if menu.kind == "tiers" else ()
    legend = code.legend if board_note else ()  # "S = Serious"...: the note's last words
    about = [statement(), menu.source, "\n\n".join(board_note)]
    rows: list[list[str]] = []
    for t in menu.levels:
        rows += [[p.id, t.level, t.label, m.text, m.note or "", "", *about]
                 for m in t.sanctions]
    for s in menu.sanctions:
        rows.append([p.id, "", "", s.name, "", s.definition, *about])
    if not rows:
        # A table of no rows would read as "no answer"; the answer is that the code has none.
        rows.append([p.id, "", "", "", "", "", *about])

    def pretty(con: Console) -> None:
        from rich.text import Text

        head = Text()
        head.append(inert(p.id), style="bold cyan")
        head.append("  " + inert(_code_line(code)), style="dim")
        con.print(head)
        con.print(text(p.text))
        con.print()
        if menu.kind == "tiers":
            allowed = ", ".join(f"{t}" for t in p.tiers)
            con.print(text(f"Seriousness levels {code.id} permits for {p.id}: {allowed}", "bold"))
            for t in menu.levels:
                con.print()
                _draw_tier(con, t)
            con.print()
        elif menu.kind == "glossary":
            con.print(text(f"{code.id} defines {len(menu.sanctions)} sanctions "
                           "(ordered by peerethics, least to most severe):", "bold"))
            con.print(_fields(con.width, [(s.name, text(s.definition)) for s in menu.sanctions],
                              indent=2))
            con.print()
        if board_note:
            con.print(text("The Board's note on seriousness, word for word:", "bold"))
            for para in board_note:
                con.print(text(para))
            for entry in legend:
                con.print(text("  " + entry))
            con.print(text(f"Source: {menu.source}", "dim"))
            con.print()
            con.print(text(summary, "dim italic"))
            return
        # peerethics' own words about what the code publishes, marked as such; the source line
        # names the document the sanctions above (if any) are quoted from.
        con.print(text(f"({EDITORIAL}) {statement()}", "italic" if menu.kind != "none" else "bold"))
        con.print(text(f"Source: {menu.source}", "dim"))

    def markdown() -> str:
        blocks = [f"### Sanctions for {md(p.id)}: {md(_code_line(code))}", f"> {md(p.text)}"]
        for t in menu.levels:
            blocks.append("\n".join([f"**{md(t.label)} ({md(t.level)})**", *[
                f"- {md(m.text)}" + (f" ({EDITORIAL}: {md(m.note)})" if m.note else "")
                for m in t.sanctions]]))
        if menu.sanctions:
            blocks.append("\n".join(f"- **{md(s.name)}**: {md(s.definition)}"
                                    for s in menu.sanctions))
        if board_note:
            blocks += ["**The Board's note on seriousness, word for word:**",
                       *[f"> {md(para)}" for para in board_note],
                       *(["\n".join(f"- {md(line)}" for line in legend)] if legend else []),
                       f"Source: {md(menu.source)}", f"*{md(summary)}*"]
        else:
            blocks += [f"*({EDITORIAL}) {md(statement())}*", f"Source: {md(menu.source)}"]
        return "\n\n".join(blocks) + "\n"

    return View(data, columns, rows, pretty, markdown)


# -------------------------------------------------------------------------------------- compare


def compare_view(catalog: Catalog, comp: Comparison, *, full: bool, wide: bool) -> View:
    ids = [c.id for c in comp.codes]
    data = compare_json(comp, full=full)
    silent, preamble = "(silent)", "(preamble)"

    def why_differs(r: Row) -> str:
        """Why a row differs, in a few words: which codes are silent, on which key terms the
        others part."""
        quiet = [cid for cid in ids if not r.cells[cid]]
        spoken = [cid for cid in ids if r.cells[cid]]
        by_code = {cid: {k.facet: " ".join(k.value.lower().split()) for k in r.key_terms(cid)}
                   for cid in spoken}
        names = list(dict.fromkeys(f for terms in by_code.values() for f in terms))
        parting = [f for f in names if len({terms.get(f) for terms in by_code.values()}) > 1]
        parts = []
        if quiet:
            parts.append(f"{', '.join(quiet)} silent")
        if parting and len(spoken) > 1:
            parts.append(f"key terms: {', '.join(parting)}")
        return "; ".join(parts) or "key terms differ"

    def cell(r: Row, cid: str, with_terms: bool, with_text: bool) -> str:
        ps = r.cells[cid]
        if not ps:
            return preamble if cid in r.preamble else silent
        parts = [", ".join(p.id for p in ps)]
        if with_terms:
            many = len(ps) > 1
            parts += dict.fromkeys(
                f"{p.id} {k.facet}: {k.value}" if many else f"{k.facet}: {k.value}"
                for p in ps for k in p.key_terms_for(r.topic.id))
        if with_text:
            parts += [f"{p.id}: {p.text}" for p in ps]
        return "\n".join(parts)

    columns = ["topic", "label", *ids]
    rows = [[r.topic.id, r.topic.label, *[cell(r, cid, wide or full, full) for cid in ids]]
            for r in comp.rows]
    coverage_row = ["coverage", "topics covered",
                    *[f"{comp.coverage[cid]}/{comp.total_topics}" for cid in ids]]

    caption = ("Topics and key terms are editorial (peerethics' summary); ids are the codes' own. "
               "(silent) = no principle on this topic"
               + ("; (preamble) = none, but the code's preamble speaks to it."
                  if any(r.preamble for r in comp.rows) else ".")
               + ("" if full else " The principles' texts: --full."))

    def pretty(con: Console) -> None:
        from rich.table import Table

        # Key terms are always shown (they are what a comparison is for): when the codes do not
        # fit side by side with them, each topic becomes a block with its codes under it.
        cells = [[cell(r, cid, True, full) for cid in ids] for r in comp.rows]
        labels = [r.topic.label + (f"\n(differ: {why_differs(r)})" if r.differs else "")
                  for r in comp.rows]
        footers = [f"{comp.coverage[cid]}/{comp.total_topics} topics" for cid in ids]
        cols = [_Col("topic", [*labels, "coverage"], floor=14),
                *[_Col(cid, [*[row[i] for row in cells], footers[i]], floor=18)
                  for i, cid in enumerate(ids)]]
        widths = _fit(con.width, cols, (len(cols) + 1) + 2 * len(cols))
        if widths is None:
            con.print(text("Codes compared by topic", "bold"))
            for r, row in zip(comp.rows, cells, strict=True):
                con.print()
                head = text(r.topic.label, "bold")
                if r.differs:
                    head.append(f"  (differ: {inert(why_differs(r))})", style="yellow")
                con.print(head)
                con.print(_fields(con.width, [
                    (cid, text(v, "dim" if v in (silent, preamble) else ""))
                    for cid, v in zip(ids, row, strict=True)], indent=2))
            con.print()
            con.print(_fields(con.width, [("coverage", text("; ".join(
                f"{cid} {f}" for cid, f in zip(ids, footers, strict=True))))]))
            con.print(text(caption, "dim"))
            return
        table = Table(show_lines=True, header_style="bold", show_footer=True,
                      title="Codes compared by topic", caption=caption, caption_style="dim")
        table.add_column("topic", footer="coverage", width=widths[0])
        for cid, footer, w in zip(ids, footers, widths[1:], strict=True):
            table.add_column(cid, footer=footer, width=w)
        for r, row in zip(comp.rows, cells, strict=True):
            topic = text(r.topic.label, "bold")
            if r.differs:
                topic.append(f"\n(differ: {inert(why_differs(r))})", style="yellow")
            table.add_row(topic, *[text(v, "dim" if v in (silent, preamble) else "")
                                   for v in row])
        con.print(table)

    def markdown() -> str:
        md_rows = [[r.topic.label, *[cell(r, cid, True, full) for cid in ids]] for r in comp.rows]
        md_rows.append(["Coverage (topics covered)", *[f"{comp.coverage[cid]}/{comp.total_topics}"
                                          for cid in ids]])
        note = ("; (preamble) = no principle, but the code's preamble speaks to it"
                if any(r.preamble for r in comp.rows) else "")
        return (markdown_table(["Topic", *ids], md_rows)
                + "\n*Topics and key terms are editorial (peerethics' summary); "
                  f"ids are the codes' own{note}.*\n")

    return View(data, columns, rows + [coverage_row], pretty, markdown)


# --------------------------------------------------------------------------------------- topics


def topics_view(catalog: Catalog) -> View:
    data = topics_json(catalog)
    ids = list(catalog.code_ids)
    columns = ["id", "label", "description", *ids]
    rows = [[d["id"], d["label"], d["description"], *[str(d["counts"][c]) for c in ids]]
            for d in data]

    def pretty(con: Console) -> None:
        from rich.padding import Padding

        caption = text("Topics are editorial: peerethics' taxonomy, not the boards'.", "dim")
        counts = [[str(d["counts"][c]) if d["counts"][c] else "-" for c in ids] for d in data]
        cols = [_Col("topic", [d["id"] for d in data], wrap=False),
                _Col("label / description", [f"{d['label']}\n{d['description']}" for d in data],
                     floor=30),
                *[_Col(c, [r[i] for r in counts], wrap=False) for i, c in enumerate(ids)]]
        widths = _fit(con.width, cols, 2 * (len(cols) - 1))
        if widths is None:
            # One topic per block: id and label, the description, then the counts per code.
            for i, (d, r) in enumerate(zip(data, counts, strict=True)):
                if i:
                    con.print()
                head = text(d["id"], "bold cyan")
                head.append("  " + inert(d["label"]), style="bold")
                con.print(head)
                con.print(Padding(text(d["description"], "dim"), (0, 0, 0, 2)))
                per_code = "   ".join(f"{c}: {n}" for c, n in zip(ids, r, strict=True))
                con.print(Padding(text(per_code), (0, 0, 0, 2)))
            con.print()
            con.print(caption)
            return
        table = _plain_table(caption=caption)
        table.add_column("topic", style="bold cyan", no_wrap=True, width=widths[0])
        table.add_column("label / description", width=widths[1])
        for c, w in zip(ids, widths[2:], strict=True):
            table.add_column(c, justify="right", no_wrap=True, width=w)
        for d, r in zip(data, counts, strict=True):
            body = text(d["label"], "bold")
            body.append("\n" + inert(d["description"]), style="dim")
            table.add_row(text(d["id"]), body, *[text(n) for n in r])
        con.print(table)

    return View(data, columns, rows, pretty)


# ------------------------------------------------------------------------------------- validate


def validate_view(files: list[str], problems: list[Problem]) -> View:
    data = validate_json(files, problems)
    rows = [[p.file, str(p.line), str(p.column), p.message] for p in problems]

    def pretty(con: Console) -> None:
        # One problem per line, never wrapped: scripts read FILE:LINE:COL: message line by line.
        for p in problems:
            con.print(text(str(p)), soft_wrap=True)

    return View(data, ["file", "line", "column", "message"], rows, pretty)
