"""The views of ``show``: principles word for word with their fields, and whole codes in document
order (``show CODE``), as a table, Markdown and CSV; the JSON is :mod:`peerethics.contract`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cli_render import View, inert, kit, md, text
from .contract import editorial_notes, show_json
from .model import Catalog, Code, Principle
from .see_also import see_also, see_also_total

if TYPE_CHECKING:
    from rich.console import Console


from .cli_layout import (
    EDITORIAL,
    _Block,
    _code_line,
    _draw_tier,
    _Fields,
    _fields,
)

# ------------------------------------------------------------------------------------------ show


def _topic_label(catalog: Catalog, topic_id: str) -> str:
    topic = catalog.topic(topic_id)
    return topic.label if topic else topic_id


def show_view(catalog: Catalog, principles: list[Principle]) -> View:
    data = show_json(catalog, principles)
    rows = [[p.id, p.code, str(p.number), p.text, "/".join(p.tiers), p.importance or "",
             ";".join(p.topics), " ".join(editorial_notes(p))] for p in principles]

    def pretty(con: Console) -> None:
        for i, p in enumerate(principles):
            if i:
                con.print()
            _draw_principle(con, catalog, p)

    def markdown() -> str:
        return "\n".join(line for p in principles for line in _principle_markdown(catalog, p))

    return View(data, ["id", "code", "number", "text", "tiers", "importance", "topics",
                       "editorial_note"], rows,
                pretty, markdown)


def _draw_principle(con: Console, catalog: Catalog, p: Principle) -> None:
    Text = kit().Text

    code = catalog.code(p.code)
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
    for note in editorial_notes(p):
        grid.add_row("Note", text(f"{note}  ({EDITORIAL})"))
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
    also = _see_also_line(catalog, p)
    if also:
        grid.add_row("See also", text(also))
    con.print(_fields(con.width, grid.rows))


def _see_also_line(catalog: Catalog, p: Principle) -> str:
    """The see-also ids, and how many there are when only the first are listed."""
    also = see_also(catalog, p)
    total = see_also_total(catalog, p)
    more = f" (the first {len(also)} of {total:,})" if total > len(also) else ""
    return ", ".join(also) + more


def _principle_markdown(catalog: Catalog, p: Principle) -> list[str]:
    code = catalog.code(p.code)
    out = [f"### {md(p.id)}: {md(_code_line(code))}\n", f"> {md(p.text)}\n"]
    if p.tiers:
        out.append(f"- **Seriousness:** {md('/'.join(p.tiers))}")
    if p.importance:
        out.append(f"- **Importance:** {md(p.importance)}")
    out += [f"- **Note** ({EDITORIAL}): {md(n)}" for n in editorial_notes(p)]
    labels = ", ".join(_topic_label(catalog, t) for t in p.topics)
    out.append(f"- **Topics** ({EDITORIAL}): {md(labels)}")
    for topic in dict.fromkeys(k.topic for k in p.key_terms):
        out.append(f"- **Key terms** ({EDITORIAL}), {md(_topic_label(catalog, topic))}:")
        out += [f"  - {md(k.facet)}: {md(k.value)}" for k in p.key_terms_for(topic)]
    also = _see_also_line(catalog, p)
    if also:
        out.append(f"- **See also** ({EDITORIAL}): {md(also)}")
    out.append("")
    return out


# ------------------------------------------------------------------------------ show CODE (whole)


def _in_force_md(code: Code) -> list[str]:
    from .versions import in_force_line

    line = in_force_line(code)
    return [f"In force: {md(line)}"] if line else []


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
            rows += [[item.code, "editorial_note", item.id, "", n, "yes"]
                     for n in editorial_notes(item)]

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
    if code.source.copying:
        rows.append([c, "copying", "", "", code.source.copying, ""])
    for part in ("preamble", "introduction", "seriousness_note", "legend"):
        rows += [[c, part, "", "", t, ""] for t in getattr(code, part)]
    rows += [[c, "glossary", "", g.term, g.definition, ""] for g in code.glossary]
    if code.purposes_heading:
        rows.append([c, "purposes_heading", "", "", code.purposes_heading, ""])
    if code.purposes_intro:
        rows.append([c, "purposes_intro", "", "", code.purposes_intro, ""])
    rows += [[c, "purpose", "", str(n), t, ""] for n, t in enumerate(code.purposes, 1)]
    if code.principles_intro:
        rows.append([c, "principles_intro", "", "", code.principles_intro, ""])
    for p in code.principles:
        rows.append([c, "principle", p.id, "/".join(p.tiers), p.text, ""])
        if p.importance:
            rows.append([c, "importance", p.id, "", p.importance, ""])
        rows += [[c, "editorial_note", p.id, "", n, "yes"] for n in editorial_notes(p)]
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
    """The whole code, in the document's order (docs/data-format.md): front matter, the
    principles, the sanctions, the closing, then peerethics' notes."""
    _draw_front_matter(con, code)
    _draw_principles(con, code)
    _heading(con, _sanctions_heading(code))
    if code.tiers:
        for n, t in enumerate(code.tiers):
            if n:
                con.print()
            _draw_tier(con, t)
        con.print()
    elif code.sanctions:
        _editorial_line(con, _glossary_sanctions_line(code))
    _editorial_line(con, code.sanction_note)
    if code.closing:
        _heading(con, "Closing")
        _paragraphs(con, code.closing)
    if code.notes:
        _heading(con, "Notes", editorial=True)
        _paragraphs(con, code.notes, "dim")


def _heading(con: Console, label: str, editorial: bool = False) -> None:
    con.print()
    head = text(label, "bold underline")
    if editorial:
        head.append(f"  ({EDITORIAL})", style="dim")
    con.print(head)


def _paragraphs(con: Console, items: tuple[str, ...] | list[str], style: str = "") -> None:
    for n, para in enumerate(items):
        if n:
            con.print()
        con.print(text(para, style))


def _editorial_line(con: Console, line: str) -> None:
    con.print(text(f"({EDITORIAL}) {line}", "dim italic"))


def _draw_front_matter(con: Console, code: Code) -> None:
    """Title, issuer and dates, then what comes before the principles: preamble, introduction,
    the board's note on seriousness, glossary, purposes."""
    Padding = kit().Padding
    Table = kit().Table
    Text = kit().Text

    head = Text()
    head.append(inert(code.id), style="bold cyan")
    head.append("  " + inert(_code_line(code)), style="bold")
    con.print(head)
    pairs = [("Issuer", text(code.issuer)),
             ("Credential", text(f"{code.credential_name} ({code.credential_abbreviation})")),
             ("Source", text(code.source.title)),
             ("Dates", text(_dates(code), "" if code.source.dates else "dim")),
             ("Copying", text(code.source.copying or "not stated in the document",
                              "" if code.source.copying else "dim"))]
    from .versions import in_force_line

    if in_force_line(code):
        pairs.append(("In force", text(in_force_line(code))))
    if code.origin != "bundled":
        pairs.append(("From", text(code.origin)))
    con.print(_fields(con.width, pairs))
    if code.preamble:
        _heading(con, "Preamble")
        _paragraphs(con, code.preamble)
    if code.introduction:
        _heading(con, "Introduction")
        _paragraphs(con, code.introduction)
    if code.seriousness_note or code.legend:
        _heading(con, "Note on seriousness (the board's own)")
        _paragraphs(con, code.seriousness_note)
        for line in code.legend:
            con.print(Padding(text(line), (0, 0, 0, 2)))
    if code.glossary:
        _heading(con, "Glossary")
        for g in code.glossary:
            con.print(text(g.term, "bold"))
            con.print(Padding(text(g.definition), (0, 0, 0, 2)))
    if code.purposes:
        _heading(con, "Purposes")
        if code.purposes_heading:
            con.print(text(code.purposes_heading, "bold"))
        if code.purposes_intro:
            con.print(text(code.purposes_intro))
        items = Table.grid(padding=(0, 1))
        items.add_column(no_wrap=True)
        items.add_column()
        for n, purpose in enumerate(code.purposes, 1):
            items.add_row(Text(f"  {n}."), text(purpose))
        con.print(items)


def _draw_principles(con: Console, code: Code) -> None:
    Table = kit().Table

    _heading(con, "Principles")
    if code.principles_intro:
        con.print(text(code.principles_intro))
        con.print()
    if code.marker:
        _editorial_line(con, _marker_line(code))
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
        for note in editorial_notes(p):
            body.append(f"\nNote ({EDITORIAL}): {inert(note)}", style="dim")
        if n + 1 < len(code.principles):
            body.append("\n")
        grid.add_row(text(p.id, "bold cyan"), body)
    con.print(grid)


def _document_markdown(code: Code) -> str:
    def section(title: str, body: list[str]) -> list[str]:
        return [f"## {title}", "", *body, ""]

    def paras(items: tuple[str, ...]) -> list[str]:
        return [x for para in items for x in (md(para), "")][:-1]

    out = [f"# {md(code.title)}", "",
           f"**{md(code.jurisdiction)}**, {md(code.issuer)}  ",
           f"Credential: {md(code.credential_name)} ({md(code.credential_abbreviation)})  ",
           f"Source: {md(code.source.title)}  ",
           f"Dates: {md(_dates(code))}  ",
           f"Copying: {md(code.source.copying or 'not stated in the document')}"
           + ("  " if _in_force_md(code) else ""),
           *_in_force_md(code), ""]
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
        intro = [f"**{md(code.purposes_heading)}**", ""] if code.purposes_heading else []
        intro += [md(code.purposes_intro), ""] if code.purposes_intro else []
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
        extra += [f"*Note ({EDITORIAL}):* {md(n)}" for n in editorial_notes(p)]
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
