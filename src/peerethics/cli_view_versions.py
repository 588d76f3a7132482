"""The views of ``versions`` and ``diff``: the versions of a code on file, and the differences
between two of them with the changed words marked.

Part of the CLI layer (Rich is imported inside the drawing only). The JSON comes from
:mod:`peerethics.contract`; what is built here is the drawing. Changed words carry their marks in
the text itself (``[-removed-]``, ``{+added+}``, as ``wdiff`` writes them), coloured in a
terminal, so a pipe, ``NO_COLOR`` or a screen reader still sees what changed; Markdown strikes
the removed words through and puts the added ones in bold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cli_render import View, inert, kit, md, text
from .contract_texts import diff_json, versions_json

if TYPE_CHECKING:
    from rich.console import Console

    from .diff import Change, Difference, Segment
    from .model import Code

MARKS = {"same": ("", ""), "removed": ("[-", "-]"), "added": ("{+", "+}")}
STYLES = {"same": "", "removed": "red strike", "added": "green bold"}


def _name(code: Code) -> str:
    from .versions import in_force_line, label

    when = in_force_line(code)
    return f"{code.id} {label(code)}" + (f" (in force {when})" if when else " (no date stated)")


def versions_view(code_id: str, versions: tuple[Code, ...], day: str, *, today: bool) -> View:
    """Each version of a code on file: label, dates as stated, document, file (``today``: the
    day is today's, not an ``--as-of`` one, and is called so)."""
    from .versions import in_force, in_force_line, label

    rows = [[code_id, v.version or "", v.effective_date or "", v.superseded_date or "",
             "yes" if in_force(v, day) else "no", v.source.title, v.source.dates, v.origin]
            for v in versions]

    def pretty(con: Console) -> None:
        from .cli_layout import _fields

        for i, v in enumerate(versions):
            if i:
                con.print()
            head = text(f"{code_id}  {label(v, len(versions) == 1)}", "bold cyan")
            if in_force(v, day):
                head.append(inert("  in force today" if today else f"  in force on {day}"),
                            style="green")
            con.print(head)
            con.print(_fields(con.width, [
                ("In force", text(in_force_line(v) or "no date stated in the document or by a "
                                  "board", "" if in_force_line(v) else "dim")),
                ("Source", text(v.source.title)),
                ("Dates", text(v.source.dates or "none stated in the document")),
                ("From", text(v.origin))]))

    def markdown() -> str:
        out = [f"# Versions of {md(code_id)} on file", ""]
        for v in versions:
            out += [f"## {md(label(v, len(versions) == 1))}", "",
                    f"In force: {md(in_force_line(v) or 'no date stated')}  ",
                    f"Source: {md(v.source.title)}  ",
                    f"Dates: {md(v.source.dates or 'none stated in the document')}  ",
                    f"From: {md(v.origin)}", ""]
        return "\n".join(out)

    return View(versions_json(code_id, versions, day),
                ["code", "version", "effective_date", "superseded_date", "in_force",
                 "source", "dates", "origin"], rows, pretty, markdown)


def marked_text(segments: tuple[Segment, ...]) -> str:
    """The words with wdiff's marks: ``keep [-old-] {+new+}``."""
    return " ".join(MARKS[s.op][0] + s.text + MARKS[s.op][1] for s in segments)


def _what(change: Change) -> str:
    moved = (f", renumbered from {change.old.id}"
             if change.renumbered and change.old is not None else "")
    return ("unchanged" if change.status == "unchanged" and not moved else
            f"{change.status}{moved}").removeprefix("unchanged, ")


def diff_view(d: Difference, day: str) -> View:
    """Every principle of either version, in the newer one's order, its changed words marked."""
    rows = [[c.status, "yes" if c.renumbered else "", c.old.id if c.old else "",
             c.new.id if c.new else "", c.old.text if c.old else "", c.new.text if c.new else "",
             marked_text(c.text)] for c in d.changes]
    summary = ", ".join(f"{d.count(k)} {k}" for k in ("changed", "added", "removed",
                                                       "renumbered", "unchanged"))

    def pretty(con: Console) -> None:
        Text = kit().Text

        con.print(text(f"{_name(d.old)}  ->  {_name(d.new)}", "bold"))
        con.print(text(summary, "dim"))
        for c in d.changes:
            con.print()
            head = text(c.id, "bold cyan")
            head.append(inert(f"  {_what(c)}"), style="dim")
            con.print(head)
            body = Text()
            for i, s in enumerate(c.text):
                body.append((" " if i else "") + inert(MARKS[s.op][0] + s.text + MARKS[s.op][1]),
                            style=STYLES[s.op])
            con.print(body)
            if any(s.op != "same" for s in c.importance):
                con.print(text("Importance: " + marked_text(c.importance), "dim"))

    def markdown() -> str:
        out = [f"# {md(_name(d.old))} -> {md(_name(d.new))}", "", md(summary), ""]
        for c in d.changes:
            out += [f"## {md(c.id)} ({md(_what(c))})", "", _md_marked(c.text), ""]
        return "\n".join(out)

    return View(diff_json(d, day), ["status", "renumbered", "from", "to", "old_text", "new_text",
                                    "marked"], rows, pretty, markdown)


def _md_marked(segments: tuple[Segment, ...]) -> str:
    wrap = {"same": "{}", "removed": "~~{}~~", "added": "**{}**"}
    return " ".join(wrap[s.op].format(md(s.text)) for s in segments)
