"""The view of ``verify``: the answer's one-line summary, the document's exact words, and what
differs, word by word (or each part of a quote joined from several passages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cli_render import View, md, text
from .contract_texts import verify_json
from .verify import place

if TYPE_CHECKING:
    from rich.console import Console

    from .verify import Verification

_STYLE = {"verified": "green", "close": "yellow", "not_found": "red"}


def verify_view(v: Verification) -> View:
    data = verify_json(v)
    columns = ["status", "id", "part", "label", "text", "exact", "summary"]
    rows = [[v.status, data["id"] or "", data["part"] or "", data["label"] or "",
             v.text or "", "yes" if v.exact else "no", data["summary"]]]
    lines = _lines(v)

    def pretty(con: Console) -> None:
        con.print(text(data["summary"], _STYLE[v.status]))
        for label, value in lines:
            con.print(text(f"{label}: ", "dim") + text(value))

    def markdown() -> str:
        out = [f"### Quote {md(v.status.replace('_', ' '))}", "", md(data["summary"]), ""]
        out += [f"- {md(label)}: {md(value)}" for label, value in lines]
        return "\n".join(out) + "\n"

    return View(data, columns, rows, pretty, markdown)


def _lines(v: Verification) -> list[tuple[str, str]]:
    """What follows the summary: the document's words, each difference, each part."""
    out: list[tuple[str, str]] = []
    if v.passage is not None and v.text is not None:
        out.append((f"{place(v.passage)}, word for word", v.text))
        if v.text != v.passage.text:
            out.append(("the whole passage", v.passage.text))
    for d in v.differences:
        out.append(("differs", f"quote {d.quote!r} / code {d.code!r}"))
    for p in v.parts:
        out.append((f"part from {place(p.passage)}", p.text))
    return out
