"""The views of ``case`` and ``decide``: a worksheet as a terminal page, Markdown to print or
paste, CSV and JSON.

Why one list of items drawn three ways: a worksheet is a sequence of headings, quotes, notes,
boxes and blanks, and the table, the Markdown and the CSV must say the same things in the same
order, each quote marked as the code's words and each line of peerethics' marked as editorial.
So the worksheet (:mod:`peerethics.worksheets`) is first laid out as :class:`Item` records here,
then each format draws the items. Text from data reaches Markdown only through
:func:`peerethics.cli_render.md` and the terminal only as inert text (:func:`text`, or
:func:`inert` for what is appended to a line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .cli_render import View, inert, md, text

if TYPE_CHECKING:
    from rich.console import Console

    from .model import Catalog
    from .worksheets import CaseFile, Decision, Field, Guidance

from .cli_layout import EDITORIAL, _code_line

# Kinds of item: a title, a heading and a subheading (peerethics'), a principle's id line
# (``cite``), a quote (the document's words), a note (peerethics'), a box to tick, a labelled
# blank, room to write, and what the user gave (``given``: neither the code's nor ours).
TITLE, HEADING, SUB, CITE, QUOTE, NOTE, BOX, TICKED, BLANK, SPACE, GIVEN = (
    "title", "heading", "subheading", "cite", "quote", "note", "box", "ticked", "blank", "space",
    "given")
CSV_COLUMNS = ["section", "item", "id", "text", "editorial"]
CONVENTION = (f"Headings, instructions, prompts and notes are peerethics' own ({EDITORIAL}); "
              "quoted text{} is the codes' own words, verbatim.")


class Item(NamedTuple):
    kind: str
    text: str
    id: str = ""
    editorial: bool = True
    note: str = ""  # peerethics' note on a menu item (a blank in it), shown after it


def _field_items(f: Field) -> list[Item]:
    items = [Item(SUB, f.heading), Item(NOTE, f.prompt)]
    if f.kind == "boxes":  # a choice already made (--level) is ticked
        items += [Item(TICKED if f.given and c.split()[0] == f.given else BOX, c)
                  for c in f.choices]
        return items
    if f.given is not None:
        items.append(Item(GIVEN, f.given, editorial=False))
    if f.kind == "blanks":
        items += [Item(BLANK, c) for c in f.choices]
    elif f.given is None:
        items.append(Item(SPACE, ""))
    return items


# ------------------------------------------------------------------------------------ case file


def _case_items(case: CaseFile) -> list[Item]:
    from .contract import editorial_notes

    ids = ", ".join(c.principle.id for c in case.cited)
    items = [Item(TITLE, f"Case file: {ids}"),
             Item(NOTE, CONVENTION.format(" (and every sanction a box stands for)"))]
    if case.incident_date:
        items.append(Item(NOTE, f"Incident date: {case.incident_date}; each principle is "
                                "quoted from the version of its code in force that day."))
        items += [Item(NOTE, c.date_note) for c in case.cited if c.date_note]
    items.append(Item(HEADING, "Principles cited"))
    for c in case.cited:
        p = c.principle
        items += [Item(CITE, _code_line(c.code), p.id, False), Item(QUOTE, p.text, p.id, False)]
        if p.importance:
            items += [Item(NOTE, f"Why it matters, in {c.code.id}'s words:"),
                      Item(QUOTE, p.importance, p.id, False)]
        items += [Item(NOTE, n, p.id) for n in editorial_notes(p)]
        if c.code.tiers:
            items.append(Item(NOTE, f"Levels of seriousness {c.code.id} permits for {p.id}: "
                                    f"{'/'.join(p.tiers) or 'none'}", p.id))
    for g in case.guidance:
        items += _guidance_items(g, case.level)
    items.append(Item(HEADING, "To fill in"))
    for f in case.fields:
        items += _field_items(f)
    return items


def _guidance_items(g: Guidance, level: str | None) -> list[Item]:
    code = g.code.id
    items = [Item(HEADING, f"Sanction guidance: {code}")]
    if g.kind == "tiers":
        items.append(Item(NOTE, f"Level chosen: {level}" if level else
                          "No level chosen: the menus of every level the principles cited "
                          "permit (--level narrows them to one)."))
        for t in g.levels:
            items.append(Item(SUB, f"{t.label} ({t.level}): {code}'s menu; tick the "
                                   "sanctions chosen"))
            items += [Item(BOX, m.text, editorial=False, note=m.note or "")
                      for m in t.sanctions]
        if g.board_note:
            items.append(Item(SUB, "The Board's note on seriousness, word for word"))
            items += [Item(QUOTE, para, code, False) for para in (*g.board_note, *g.legend)]
        items += [Item(NOTE, f"Source: {g.source}"), Item(NOTE, f"Summary: {g.statement}")]
    elif g.kind == "glossary":
        items.append(Item(SUB, f"The {len(g.sanctions)} sanctions {code}'s glossary defines, "
                               "word for word; tick those chosen"))
        items += [Item(BOX, f"{s.name}: {s.definition}", editorial=False) for s in g.sanctions]
        items += [Item(NOTE, g.statement), Item(NOTE, f"Source: {g.source}")]
    else:
        items += [Item(NOTE, g.statement), Item(NOTE, f"Source: {g.source}")]
    return items


def case_view(case: CaseFile) -> View:
    from .contract_worksheets import case_json

    return _view(case_json(case), _case_items(case))


# ------------------------------------------------------------------------------------- decision


def _decide_items(ws: Decision) -> list[Item]:
    items = [Item(TITLE, "Decision worksheet"), Item(NOTE, CONVENTION.format("")),
             Item(HEADING, "The situation"), Item(GIVEN, ws.situation, editorial=False)]
    if ws.reading:
        items.append(Item(NOTE, f"How search read it: {ws.reading}"))
    if not any(f.hits for f in ws.findings):
        items.append(Item(NOTE, "Search found no principle for this situation in these codes: "
                                "try other words, or read the codes themselves."))
    elif not ws.direct:
        items.append(Item(NOTE, "No principle speaks to this directly: the principles below "
                                "are only the nearest, and a code may be silent on it."))
    items.append(Item(HEADING, "What the codes may say"))
    for f in ws.findings:
        items.append(Item(SUB, f"{f.code.id}: {f.code.short_name}"))
        if f.silent:
            items.append(Item(NOTE, f.silent, f.code.id))
        for h in f.hits:
            items.append(Item(CITE, "weak match" if h.weak else "", h.id, False))
            items.append(Item(QUOTE, h.principle.text, h.id, False))
    items += [Item(HEADING, "Work through it"),
              Item(NOTE, "Write under each step; the principles above are quoted in full.")]
    for step in ws.steps:
        items += _field_items(step)
    return items


def decide_view(catalog: Catalog, ws: Decision) -> View:
    from .contract_worksheets import decide_json

    return _view(decide_json(catalog, ws), _decide_items(ws))


# ---------------------------------------------------------------------------------- the drawing


def _view(data: object, items: list[Item]) -> View:
    return View(data, CSV_COLUMNS, _rows(items), lambda con: _draw(con, items),
                lambda: _markdown(items))


def _rows(items: list[Item]) -> list[list[str]]:
    """One CSV row per item, under the heading it is in (``section``)."""
    rows, section = [], ""
    for it in items:
        if it.kind in (TITLE, HEADING):
            section = it.text
        rows.append([section, it.kind, it.id, it.text, "yes" if it.editorial else ""])
        if it.note:
            rows.append([section, NOTE, it.id, it.note, "yes"])
    return rows


_LINE = "_" * 60  # a line to write on (in Markdown, a horizontal rule)


def _markdown(items: list[Item]) -> str:
    out: list[str] = []
    for it in items:
        s = md(it.text)
        if it.kind == TITLE:
            out.append(f"# {s}")
        elif it.kind == HEADING:
            out.append(f"## {s}")
        elif it.kind == SUB:
            out.append(f"### {s}")
        elif it.kind == CITE:
            out.append(f"**{md(it.id)}**" + (f" · {s}" if s else ""))
        elif it.kind == QUOTE:
            out.append(f"> {s}")
        elif it.kind == NOTE:
            out.append(f"*({EDITORIAL}) {s}*")
        elif it.kind == GIVEN:
            out.append(s)
        elif it.kind in (BOX, TICKED):
            out.append(f"- [{'x' if it.kind == TICKED else ' '}] {s}"
                       + (f" *({EDITORIAL}: {md(it.note)})*" if it.note else ""))
        elif it.kind == BLANK:
            out.append(f"- {s}: ____________________")
        else:  # SPACE: lines to write on
            out += [_LINE, _LINE, _LINE]
    return _join(out) + "\n"


def _join(lines: list[str]) -> str:
    """Markdown blocks separated by blank lines, except that the boxes and blanks of one list
    stay one list, and the paragraphs of one quote one quote."""
    out: list[str] = []
    for line in lines:
        if out and line.startswith("- ") and out[-1].startswith("- "):
            out.append(line)
        elif out and line.startswith("> ") and out[-1].startswith("> "):
            out += [">", line]
        else:
            out += ["", line] if out else [line]
    return "\n".join(out)


def _draw(con: Console, items: list[Item]) -> None:
    from rich.padding import Padding

    for it in items:
        if it.kind == TITLE:
            con.print(text(it.text, "bold"))
        elif it.kind == HEADING:
            con.print()
            con.print(text(it.text, "bold underline"))
        elif it.kind == SUB:
            con.print()
            con.print(text(it.text, "bold"))
        elif it.kind == CITE:
            head = text(it.id, "bold cyan")
            if it.text:
                head.append("  " + inert(it.text.replace("\n", " ")), style="dim")
            con.print(head)
        elif it.kind in (QUOTE, GIVEN):
            con.print(Padding(text(it.text), (0, 0, 0, 2)))
        elif it.kind == NOTE:
            con.print(text(f"({EDITORIAL}) {it.text}", "dim"))
        elif it.kind in (BOX, TICKED):
            line = text(f"{'[x]' if it.kind == TICKED else '[ ]'} {it.text}")
            if it.note:
                line.append(f"  ({EDITORIAL}: {inert(it.note)})", style="dim")
            con.print(Padding(line, (0, 0, 0, 2)))
        elif it.kind == BLANK:
            con.print(Padding(text(f"{it.text}: ____________________"), (0, 0, 0, 2)))
        else:
            con.print(Padding(text("\n".join([_LINE[:40]] * 3)), (0, 0, 0, 2)))
