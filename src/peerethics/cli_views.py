"""One function per command: core results in, a :class:`~peerethics.cli_render.View` out.

Part of the CLI layer (it may import Rich); kept apart from ``cli.py`` so the command
definitions stay a thin layer of options, and apart from the core so the core never learns
about Rich. Rich is imported inside the drawing functions only.

Views only draw: a view's JSON comes from :mod:`peerethics.contract`, which library users call
too, so the CLI cannot print a shape the library cannot give. What is built here is the drawing
(tables, Markdown, CSV rows).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .cli_render import View, inert, markdown_table, text
from .contract import (
    codes_json,
    compare_json,
    sanctions_json,
    search_json,
    see_also,
    show_json,
    topics_json,
    validate_json,
)
from .model import Catalog, Code, Principle
from .search_words import stem

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from .comparison import Comparison, Row
    from .errors import Problem
    from .sanctions import SanctionMenu
    from .search_ranking import SearchHit

EDITORIAL = "editorial"


def _grid() -> Table:
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


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
            grid = _grid()
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
                block = text(_topic_label(catalog, topic), "italic")
                for k in p.key_terms_for(topic):
                    block.append("\n  " + inert(f"{k.facet}: {k.value}"))
                grid.add_row("Key terms" if first else "", block)
                first = False
            if p.key_terms:
                grid.add_row("", text(f"({EDITORIAL}: peerethics' summary, not the code's text)",
                                      "dim"))
            also = see_also(catalog, p)
            if also:
                grid.add_row("See also", text(", ".join(also)))
            con.print(grid)

    def markdown() -> str:
        out = []
        for p in principles:
            code = catalog.code(p.code)
            out.append(f"### {inert(p.id)}: {inert(_code_line(code))}\n")
            out.append(f"> {inert(p.text)}\n")
            if p.tiers:
                out.append(f"- **Seriousness:** {'/'.join(p.tiers)}")
            if p.importance:
                out.append(f"- **Importance:** {inert(p.importance)}")
            out.append(f"- **Topics** ({EDITORIAL}): {inert(', '.join(p.topics))}")
            for line in _key_terms_text(p):
                out.append(f"- **Key term** ({EDITORIAL}): {inert(line)}")
            out.append("")
        return "\n".join(out)

    return View(data, ["id", "code", "number", "text", "tiers", "importance", "topics"], rows,
                pretty, markdown)


# ---------------------------------------------------------------------------------------- codes


def codes_view(catalog: Catalog) -> View:
    data = codes_json(catalog)
    columns = ["id", "jurisdiction", "title", "credential", "principles", "tiers", "sanctions",
               "origin"]

    def sanctions_word(c: Code) -> str:
        if c.tiers:
            return "menu per tier"
        if c.sanctions:
            return f"{len(c.sanctions)} named"
        return "none published"

    rows = [[c.id, c.jurisdiction, c.title, c.credential_abbreviation, str(len(c.principles)),
             "/".join(t.level for t in c.tiers) or "none", sanctions_word(c), c.origin]
            for c in catalog.codes]

    def pretty(con: Console) -> None:
        from rich.table import Table

        table = Table(box=None, header_style="bold", pad_edge=False)
        for col in ["id", "jurisdiction", "credential", "principles", "tiers", "sanctions",
                    "title"]:
            table.add_column(col, overflow="fold", no_wrap=col != "title",
                             justify="right" if col == "principles" else "left")
        for c in catalog.codes:
            title = text(c.title)
            if c.origin != "bundled":
                title.append(f"\nfrom {inert(c.origin)}", style="dim")
            table.add_row(text(c.id, "bold cyan"), text(c.jurisdiction),
                          text(c.credential_abbreviation), text(str(len(c.principles))),
                          text("/".join(t.level for t in c.tiers) or "-"),
                          text(sanctions_word(c)), title)
        con.print(table)

    return View(data, columns, rows, pretty)


# --------------------------------------------------------------------------------------- search


def _highlighted(s: str, stems_: set[str]) -> Any:
    import re

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
    words: set[str] = set()
    for m in hit.matched:
        if m.get("via") in ("text", "importance"):
            words.update(stem(w.lower()) for w in m.get("words", []))
    return words


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
    shown = _as_typed(query)
    parts = []
    for m in hit.matched:
        via = m["via"]
        if via == "spelling":
            parts.append(f"read {m['from']!r} as {m['to']!r}")
        elif via == "topic":
            parts.append(f"topic {m['topic']} ({shown(m['words'])})")
        elif via == "related":
            parts.append(f"topic {m['topic']} (related to {m['from']})")
        else:
            parts.append(f"{via.replace('_', ' ')} ({shown(m['words'])})")
    return "; ".join(parts)


def search_view(catalog: Catalog, hits: list[SearchHit], explain: bool, query: str = "") -> View:
    data = search_json(catalog, hits)
    columns = ["rank", "id", "code", "score", "text"] + (["matched"] if explain else [])
    rows = [[str(i), h.id, h.principle.code, f"{h.score:.3f}", h.principle.text]
            + ([explain_line(h, query)] if explain else []) for i, h in enumerate(hits, 1)]

    def pretty(con: Console) -> None:
        from rich.table import Table

        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1, 1, 1))
        table.add_column(no_wrap=True)
        table.add_column(overflow="fold", ratio=1)
        for h in hits:
            body = _highlighted(h.principle.text, _matched_words(h))
            if h.principle.importance and any(m["via"] == "importance" for m in h.matched):
                body.append("\nImportance: ", style="dim")
                body.append_text(_highlighted(h.principle.importance, _matched_words(h)))
            if explain:
                body.append("\nmatched: " + inert(explain_line(h, query)), style="dim")
            code = catalog.code(h.principle.code)
            left = text(h.id, "bold cyan")
            left.append("\n" + inert(code.jurisdiction if code else ""), style="dim")
            table.add_row(left, body)
        con.print(table)

    return View(data, columns, rows, pretty)


# ------------------------------------------------------------------------------------ sanctions


def sanctions_view(menu: SanctionMenu) -> View:
    p, code = menu.principle, menu.code
    data = sanctions_json(menu)
    columns = ["principle", "level", "label", "sanction", "note"]
    rows: list[list[str]] = []
    for t in menu.levels:
        rows += [[p.id, t.level, t.label, m.text, m.note or ""] for m in t.sanctions]
    for s in menu.sanctions:
        rows.append([p.id, "", "", s.name, s.definition])

    def statement() -> str:
        if menu.kind in ("tiers", "glossary"):
            return menu.note
        return f"{code.id} publishes no sanction guidance. {menu.note}"

    if not rows:
        # A table of no rows would read as "no answer"; the answer is that the code has none.
        rows.append([p.id, "", "", "", statement()])

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
                con.print(text(f"{t.label} ({t.level})", "bold"))
                for m in t.sanctions:
                    line = Text("  • ")
                    line.append(inert(m.text))
                    if m.note:
                        line.append(f"  ({inert(m.note)})", style="dim")
                    con.print(line)
            con.print()
        elif menu.kind == "glossary":
            con.print(text(f"{code.id} defines {len(menu.sanctions)} sanctions "
                           "(ordered by peerethics, least to most severe):", "bold"))
            grid = _grid()
            for s in menu.sanctions:
                grid.add_row(text("  " + s.name), text(s.definition))
            con.print(grid)
            con.print()
        con.print(text(statement(), "italic" if menu.kind != "none" else "bold"))
        con.print(text(f"Source: {menu.source}", "dim"))

    def markdown() -> str:
        out = [f"### Sanctions for {inert(p.id)}: {inert(_code_line(code))}", "",
               f"> {inert(p.text)}", ""]
        for t in menu.levels:
            out.append(f"**{inert(t.label)} ({t.level})**")
            out += [f"- {inert(m.text)}" + (f" ({inert(m.note)})" if m.note else "")
                    for m in t.sanctions]
            out.append("")
        for s in menu.sanctions:
            out.append(f"- **{inert(s.name)}**: {inert(s.definition)}")
        out += ["", f"*{inert(statement())}*", "", f"Source: {inert(menu.source)}", ""]
        return "\n".join(out)

    return View(data, columns, rows, pretty, markdown)


# -------------------------------------------------------------------------------------- compare


def compare_view(catalog: Catalog, comp: Comparison, *, full: bool, wide: bool) -> View:
    ids = [c.id for c in comp.codes]
    data = compare_json(comp, full=full)
    silent, preamble = "(silent)", "(preamble)"

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

    def pretty(con: Console) -> None:
        from rich.table import Table

        show_terms = full or con.width >= 40 + 25 * len(ids)
        table = Table(show_lines=True, header_style="bold", show_footer=True,
                      title="Codes compared by topic", caption=(
                          "Topics and key terms are editorial (peerethics' summary); "
                          "ids are the codes' own. (silent) = no principle on this topic"
                          + ("; (preamble) = none, but the code's preamble speaks to it."
                             if any(r.preamble for r in comp.rows) else ".")),
                      caption_style="dim")
        table.add_column("topic", footer="coverage", overflow="fold")
        for cid in ids:
            table.add_column(cid, overflow="fold",
                             footer=f"{comp.coverage[cid]}/{comp.total_topics} topics")
        for r in comp.rows:
            cells = []
            for cid in ids:
                value = cell(r, cid, show_terms, full)
                cells.append(text(value, "dim" if value in (silent, preamble) else ""))
            label = text(r.topic.label, "bold")
            if r.differs:
                label.append("\n(differ)", style="yellow")
            table.add_row(label, *cells)
        con.print(table)

    def markdown() -> str:
        md_rows = [[r.topic.label, *[cell(r, cid, True, full) for cid in ids]] for r in comp.rows]
        md_rows.append(["**Coverage**", *[f"{comp.coverage[cid]}/{comp.total_topics}"
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
        from rich.table import Table

        table = Table(box=None, header_style="bold", pad_edge=False,
                      caption="Topics are editorial: peerethics' taxonomy, not the boards'.",
                      caption_style="dim")
        table.add_column("topic", style="bold cyan", no_wrap=True)
        table.add_column("label / description", overflow="fold")
        for c in ids:
            table.add_column(c, justify="right")
        for d in data:
            body = text(d["label"], "bold")
            body.append("\n" + inert(d["description"]), style="dim")
            table.add_row(text(d["id"]), body,
                          *[text(str(d["counts"][c]) if d["counts"][c] else "-") for c in ids])
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
