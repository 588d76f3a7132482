"""The view of ``search``: results with the words that matched highlighted, and ``--explain``'s line
saying why each matched (every kind of :mod:`peerethics.matches` record, in words).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .cli_render import View, inert, kit, markdown_table, md, text
from .contract import (
    editorial_notes,
    search_json,
)
from .model import Catalog, Code
from .search_words import stem

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from .search_ranking import SearchHit

from .cli_layout import (
    EDITORIAL,
    _Col,
    _fit,
)

# --------------------------------------------------------------------------------------- search


def _where(code: Code | None) -> str:
    """A result's code, as its second line shows it: its short name (the code file's label, else
    its jurisdiction), and the version of the
    code the text is from when its file names one."""
    if code is None:
        return ""
    return f"{code.short_name} · version {code.version}" if code.version else code.short_name


def _highlighted(s: str, stems_: set[str]) -> Any:

    Text = kit().Text

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

    from .matches import Learned, Reading, Related, Spelling, TopicWords, Words

    shown = _as_typed(query)
    parts = []
    for m in hit.matched:
        if isinstance(m, Reading):
            parts.append(f"reading ({m.line})")
        elif isinstance(m, Spelling):
            parts.append(f"read {m.typed!r} as {m.read_as!r}")
        elif isinstance(m, TopicWords):
            parts.append(f"topic {m.topic} ({shown(list(m.words))})")
        elif isinstance(m, Learned):
            parts.append(f"topic {m.topic} (learned reader {m.probability:.0%})")
        elif isinstance(m, Related):
            parts.append(f"topic {m.topic} (related to {m.source})")
        elif isinstance(m, Words):
            parts.append(f"{m.field.replace('_', ' ')} ({shown(list(m.words))})")
        else:
            assert_never(m)
    return "; ".join(parts)


def search_view(catalog: Catalog, hits: list[SearchHit], explain: bool, query: str = "") -> View:
    data = search_json(catalog, hits)
    # `weak` and, under a Markdown table, the reading line: a handout or a spreadsheet must say,
    # as the table does, when these are only the nearest principles (nothing speaks to it).
    columns = ["rank", "id", "code", "score", "weak", "text"] + (["matched"] if explain else [])
    rows = [[str(i), h.id, h.principle.code, f"{h.score:.3f}", "weak" if h.weak else "",
             h.principle.text]
            + ([explain_line(h, query)] if explain else []) for i, h in enumerate(hits, 1)]

    def markdown() -> str:
        table = markdown_table(columns, rows)
        if not hits or not hits[0].reading:
            return table
        return f"{table}\n*Read as: {md(hits[0].reading)}*\n"

    def pretty(con: Console) -> None:
        Padding = kit().Padding
        Table = kit().Table

        if hits and hits[0].reading:
            # How the query was read, so a miss is visible and can be refined (--code, other
            # words); said plainly when no principle speaks to it and these are only the nearest.
            how = text(f"Read as: {hits[0].reading}", "dim" if hits[0].direct else "bold")
            con.print(how)
            con.print()
        lefts, bodies = _search_cells(catalog, hits, explain, query)
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
                head.append("  " + inert(_where(code)), style="dim")
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

    return View(data, columns, rows, pretty, markdown)


def _search_cells(catalog: Catalog, hits: list[SearchHit], explain: bool,
                  query: str) -> tuple[list[Text], list[Text]]:
    """Each result's left cell (id, jurisdiction, weak) and its body (the text with the matched
    words highlighted, the importance when it matched, editorial notes, --explain's line)."""
    lefts, bodies = [], []
    for h in hits:
        body = _highlighted(h.principle.text, _matched_words(h))
        if h.weak:
            body.stylize("dim")
        if h.principle.importance and any(m.via == "importance" for m in h.matched):
            body.append("\nImportance: ", style="dim")
            body.append_text(_highlighted(h.principle.importance, _matched_words(h)))
        for note in editorial_notes(h.principle):
            body.append(f"\nNote ({EDITORIAL}): {inert(note)}", style="dim")
        if explain:
            body.append("\nmatched: " + inert(explain_line(h, query)), style="dim")
        code = catalog.code(h.principle.code)
        left = text(h.id, "bold cyan")
        left.append("\n" + inert(_where(code)), style="dim")
        if h.weak:
            left.append("\nweak match", style="dim italic")
        lefts.append(left)
        bodies.append(body)
    return lefts, bodies
