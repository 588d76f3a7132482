"""The views of ``define``, ``codes``, ``compare``, ``topics`` and ``validate``: core results in,
a :class:`~peerethics.cli_render.View` out. The other commands' views have modules of their own
(``cli_view_show.py``, ``cli_view_search.py``, ``cli_view_sanctions.py``), over the drawing they
share (``cli_layout.py``).

Part of the CLI layer (it may import Rich); kept apart from ``cli.py`` so the command
definitions stay a thin layer of options, and apart from the core so the core never learns
about Rich. Rich is imported inside the drawing functions only.

Views only draw: a view's JSON comes from :mod:`peerethics.contract`, which library users call
too, so the CLI cannot print a shape the library cannot give. What is built here is the drawing
(tables, Markdown, CSV rows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cli_render import View, inert, kit, markdown_table, md, text
from .contract import (
    codes_json,
    compare_json,
    define_json,
    source_line,
    topics_json,
    validate_json,
)
from .model import Catalog, Code, GlossaryEntry

if TYPE_CHECKING:
    from rich.console import Console

    from .comparison import Comparison, Row
    from .errors import Problem
    from .glossary import Lookup

from .cli_layout import (
    _Col,
    _fields,
    _fit,
    _plain_table,
)

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

    # The source is said once under a run of one code's terms (every term of CT's glossary
    # has the same source), not repeated under each of them.
    last = {c.id: i for i, (c, _) in enumerate(found)}

    def pretty(con: Console) -> None:
        Padding = kit().Padding

        for i, (c, e) in enumerate(found):
            if i:
                con.print()
            head = text(e.term, "bold")
            head.append(f"  {inert(c.id)} glossary · {inert(c.short_name)}", style="dim")
            con.print(head)
            con.print(Padding(text(e.definition), (0, 0, 0, 2)))
            if last[c.id] == i:
                con.print(Padding(text(_source_of(c, found), "dim"), (0, 0, 0, 2)))
        if silent:
            if found:
                con.print()
            con.print(text(silent, "dim"))

    def markdown() -> str:
        asked = lookup.query.strip() or "every term"
        out = [f"### Glossary: {md(asked)}", ""]
        for i, (c, e) in enumerate(found):
            out.append(f"- **{md(e.term)}** ({md(c.id)}): {md(e.definition)}")
            if last[c.id] == i:
                out[-1] += f"  \n  *{md(_source_of(c, found))}*"
        if silent:
            out += ["", f"*{md(silent)}*"]
        return "\n".join(out) + "\n"

    return View(data, columns, rows, pretty, markdown)


def _source_of(code: Code, found: list[tuple[Code, GlossaryEntry]]) -> str:
    """The source line under the last of a code's terms: for several, it says it is theirs."""
    n = sum(c.id == code.id for c, _ in found)
    whose = f" (all {n} {code.id} terms above)" if n > 1 else ""
    return f"Source{whose}: {source_line(code)}"


# ---------------------------------------------------------------------------------------- codes


def _dates_short(code: Code) -> str:
    """Which version of the document this is, as it states it, and what it says about copying
    (its provenance, shown under each title)."""
    copying = "copying: " + (code.source.copying or "not stated")
    return f"{code.source.dates or 'no date stated'}; {copying}"


def codes_view(catalog: Catalog) -> View:
    data = codes_json(catalog)
    columns = ["id", "jurisdiction", "label", "title", "credential", "governs", "principles",
               "tiers", "sanctions", "origin", "revisions", "effective"]

    def sanctions_word(c: Code) -> str:
        if c.tiers:
            return "menu per tier"
        if c.sanctions:
            return f"{len(c.sanctions)} named"
        return "none published"

    rows = [[c.id, c.jurisdiction, c.short_name, c.title, c.credential_abbreviation, c.governs,
             str(len(c.principles)),
             "/".join(t.level for t in c.tiers) or "none", sanctions_word(c), c.origin,
             "; ".join(c.source.revisions), c.source.effective or ""]
            for c in catalog.codes]

    def pretty(con: Console) -> None:
        heads = ["id", "code", "credential", "principles", "tiers", "sanctions", "title"]
        cells = [[c.id, c.short_name, c.credential_abbreviation, str(len(c.principles)),
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
            # One code per block: the id and its short name, then every field under it.
            for i, (c, r) in enumerate(zip(catalog.codes, cells, strict=True)):
                if i:
                    con.print()
                head = text(c.id, "bold cyan")
                head.append("  " + inert(c.short_name))
                con.print(head)
                pairs = [(h, text(v)) for h, v in zip(heads[2:], r[2:], strict=True)]
                pairs.append(("governs", text(c.governs)))
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
        _governs(con, catalog)

    return View(data, columns, rows, pretty)


def _governs(con: Console, catalog: Catalog) -> None:
    """Under the codes table: which credential, issued by which body, each code governs, so a
    reader finds the code that applies to them (both Missouri codes are Missouri's)."""
    con.print()
    con.print(text("Which code is yours: the one for your credential and the body that "
                   "issued it", "bold"))
    cols = [_Col("", [c.id for c in catalog.codes]),
            _Col("", [inert(c.governs) for c in catalog.codes], wrap=True, floor=20)]
    widths = _fit(con.width, cols, 2) or [max(len(c.id) for c in catalog.codes), con.width]
    table = _plain_table()
    table.show_header = False
    table.add_column(width=widths[0], no_wrap=True)
    table.add_column(width=widths[1])
    for c in catalog.codes:
        table.add_row(text(c.id, "bold cyan"), text(c.governs))
    con.print(table)


# -------------------------------------------------------------------------------------- compare


SILENT, PREAMBLE = "(silent)", "(preamble)"


def compare_view(catalog: Catalog, comp: Comparison, *, full: bool, wide: bool) -> View:
    ids = [c.id for c in comp.codes]
    data = compare_json(comp, full=full)
    columns = ["topic", "label", *ids]
    rows = [[r.topic.id, r.topic.label, *[_cell(r, cid, wide or full, full) for cid in ids]]
            for r in comp.rows]
    coverage_row = ["coverage", "topics covered",
                    *[f"{comp.coverage[cid]}/{comp.total_topics}" for cid in ids]]
    return View(data, columns, rows + [coverage_row],
                lambda con: _draw_compare(con, comp, full), lambda: _compare_markdown(comp, full))


def _why_differs(comp: Comparison, r: Row) -> str:
    """Why a row differs, in a few words: which codes are silent, on which key terms the
    others part."""
    ids = [c.id for c in comp.codes]
    quiet = [cid for cid in ids if not r.cells[cid]]
    spoken = [cid for cid in ids if r.cells[cid]]
    by_code = {cid: {k.facet: " ".join(k.value.lower().split()) for k in r.key_terms(cid)}
               for cid in spoken}
    names = list(dict.fromkeys(f for terms in by_code.values() for f in terms))
    parting = [f for f in names if len({terms.get(f) for terms in by_code.values()}) > 1]
    parts = []
    if comp.differences:  # only what differs in substance, and how much
        quiet = [cid for cid in quiet if cid not in r.preamble]
        return "; ".join([f"in substance, {r.substance}",
                          *([f"{', '.join(quiet)} silent"] if quiet else []),
                          *([f"key terms: {', '.join(r.substantive)}"] if r.substantive
                            else [])])
    if quiet:
        parts.append(f"{', '.join(quiet)} silent")
    if parting and len(spoken) > 1:
        parts.append(f"key terms: {', '.join(parting)}")
    return "; ".join(parts) or "key terms differ"


def _cell(r: Row, cid: str, with_terms: bool, with_text: bool,
          substantive_only: bool = False) -> str:
    """One code's cell of a topic's row: its principles' ids, then their key terms (with
    ``compare --differences``, only those on which the codes differ in substance) and texts."""
    ps = r.cells[cid]
    if not ps:
        return PREAMBLE if cid in r.preamble else SILENT
    parts = [", ".join(p.id for p in ps)]
    if with_terms:
        many = len(ps) > 1
        parts += dict.fromkeys(
            f"{p.id} {k.facet}: {k.value}" if many else f"{k.facet}: {k.value}"
            for p in ps for k in p.key_terms_for(r.topic.id)
            if not substantive_only or k.facet in r.substantive)
    if with_text:
        parts += [f"{p.id}: {p.text}" for p in ps]
    return "\n".join(parts)


def _draw_compare(con: Console, comp: Comparison, full: bool) -> None:
    """Key terms are always shown (they are what a comparison is for): when the codes do not fit
    side by side with them, each topic becomes a block with its codes under it."""
    Table = kit().Table

    ids = [c.id for c in comp.codes]
    caption = ("Topics and key terms are editorial (peerethics' summary); ids are the codes' own. "
               "(silent) = no principle on this topic"
               + ("; (preamble) = none, but the code's preamble speaks to it."
                  if any(r.preamble for r in comp.rows) else ".")
               + ("" if full else " The principles' texts: --full."))
    cells = [[_cell(r, cid, True, full, comp.differences) for cid in ids] for r in comp.rows]
    labels = [r.topic.label + (f"\n(differ: {_why_differs(comp, r)})" if r.differs else "")
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
                head.append(f"  (differ: {inert(_why_differs(comp, r))})", style="yellow")
            con.print(head)
            con.print(_fields(con.width, [
                (cid, text(v, "dim" if v in (SILENT, PREAMBLE) else ""))
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
            topic.append(f"\n(differ: {inert(_why_differs(comp, r))})", style="yellow")
        table.add_row(topic, *[text(v, "dim" if v in (SILENT, PREAMBLE) else "")
                               for v in row])
    con.print(table)


def _compare_markdown(comp: Comparison, full: bool) -> str:
    ids = [c.id for c in comp.codes]
    md_rows = [[r.topic.label, *[_cell(r, cid, True, full, comp.differences) for cid in ids]]
               for r in comp.rows]
    md_rows.append(["Coverage (topics covered)", *[f"{comp.coverage[cid]}/{comp.total_topics}"
                                                   for cid in ids]])
    note = ("; (preamble) = no principle, but the code's preamble speaks to it"
            if any(r.preamble for r in comp.rows) else "")
    return (markdown_table(["Topic", *ids], md_rows)
            + "\n*Topics and key terms are editorial (peerethics' summary); "
              f"ids are the codes' own{note}.*\n")


# --------------------------------------------------------------------------------------- topics


def topics_view(catalog: Catalog) -> View:
    data = topics_json(catalog)
    ids = list(catalog.code_ids)
    columns = ["id", "label", "description", *ids]
    rows = [[d["id"], d["label"], d["description"], *[str(d["counts"][c]) for c in ids]]
            for d in data]

    def pretty(con: Console) -> None:
        Padding = kit().Padding

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
