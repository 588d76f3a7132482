"""The view of ``sanctions``: a principle's sanction menu per seriousness level, the glossary's
named sanctions, or the statement that a code publishes none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .cli_render import View, inert, kit, md, text
from .contract import (
    editorial_notes,
    sanctions_json,
)
from .model import Catalog, Code, NamedSanction, Principle, Tier

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from .sanctions import CodeMenu, SanctionMenu

from .cli_layout import (
    EDITORIAL,
    _code_line,
    _draw_tier,
    _fields,
)

# ------------------------------------------------------------------------------------ sanctions




CSV_COLUMNS = ["row", "principle", "level", "level_label", "sanction", "sanction_note",
               "definition", "text"]


def sanctions_view(catalog: Catalog, menu: SanctionMenu) -> View:
    p = menu.principle
    data = sanctions_json(catalog, menu)
    # CSV (docs/json.md): what is said once comes first, once, each on a row of its own named
    # by `row` (the principle, peerethics' notes on it, what the menu is, its source, the
    # Board's note), its words in `text`; then one `sanction` row per sanction, with only the
    # columns that vary from one sanction to the next.
    rows = [_csv_row("principle", p.id, text=p.text),
            *[_csv_row("editorial_note", p.id, text=n) for n in editorial_notes(p)],
            *_csv_notes(menu, p.id)]
    for t in menu.levels:
        rows += [_csv_row("sanction", p.id, t.level, t.label, m.text, m.note or "")
                 for m in t.sanctions]
    for s in menu.sanctions:
        rows.append(_csv_row("sanction", p.id, sanction=s.name, definition=s.definition))
    return View(data, CSV_COLUMNS, rows, lambda con: _draw(con, menu), lambda: _markdown(menu))


def _csv_row(row: str, principle: str = "", level: str = "", level_label: str = "",
             sanction: str = "", sanction_note: str = "", definition: str = "",
             text: str = "") -> list[str]:
    return [row, principle, level, level_label, sanction, sanction_note, definition, text]


def _csv_notes(menu: SanctionMenu | CodeMenu, principle: str = "") -> list[list[str]]:
    """The rows said once: what the menu is (peerethics' words), its source, and the Board's
    own note on seriousness (MO), paragraph by paragraph with its legend."""
    board = [*_board_note(menu), *(menu.code.legend if _board_note(menu) else ())]
    return [_csv_row("menu_note", principle, text=_statement(menu)),
            _csv_row("source", principle, text=menu.source),
            *[_csv_row("board_note", principle, text=para) for para in board]]


def _statement(menu: SanctionMenu | CodeMenu) -> str:
    """What the code publishes about sanctions, in peerethics' words."""
    from .sanctions import statement

    return statement(menu.code, menu.kind)


def _board_note(menu: SanctionMenu | CodeMenu) -> tuple[str, ...]:
    """The Board's own note on seriousness (MO), for a menu of tiers; else nothing."""
    return menu.code.seriousness_note if menu.kind == "tiers" else ()


def _draw(con: Console, menu: SanctionMenu) -> None:
    Text = kit().Text

    p, code = menu.principle, menu.code
    head = Text()
    head.append(inert(p.id), style="bold cyan")
    head.append("  " + inert(_code_line(code)), style="dim")
    con.print(head)
    con.print(text(p.text))
    for note in editorial_notes(p):
        con.print(text(f"Note ({EDITORIAL}): {note}", "dim"))
    con.print()
    if menu.kind == "tiers":
        allowed = ", ".join(f"{t}" for t in p.tiers)
        con.print(text(f"Seriousness levels {code.id} permits for {p.id}: {allowed}", "bold"))
        for t in menu.levels:
            con.print()
            _draw_tier(con, t)
        con.print()
    elif menu.kind == "glossary":
        _draw_named(con, code, menu.sanctions)
        con.print()
    _draw_notes(con, menu)


def _draw_notes(con: Console, menu: SanctionMenu | CodeMenu) -> None:
    """Under a menu: the Board's own note on seriousness with its source, then peerethics'
    summary, marked editorial; for a code without levels, what it publishes and the source."""
    code = menu.code
    board_note = _board_note(menu)
    if board_note:
        con.print(text("The Board's note on seriousness, word for word:", "bold"))
        for para in board_note:
            con.print(text(para))
        for entry in code.legend:  # "S = Serious"...: the note's last words
            con.print(text("  " + entry))
        con.print(text(f"Source: {menu.source}", "dim"))
        con.print()
        con.print(text(f"({EDITORIAL} summary) {_statement(menu)}", "dim italic"))
        return
    # peerethics' own words about what the code publishes, marked as such; the source line
    # names the document the sanctions above (if any) are quoted from.
    style = "italic" if menu.kind != "none" else "bold"
    con.print(text(f"({EDITORIAL}) {_statement(menu)}", style))
    con.print(text(f"Source: {menu.source}", "dim"))


def _markdown(menu: SanctionMenu) -> str:
    p, code = menu.principle, menu.code
    blocks = [f"### Sanctions for {md(p.id)}: {md(_code_line(code))}", f"> {md(p.text)}",
              *(f"*Note ({EDITORIAL}):* {md(n)}" for n in editorial_notes(p))]
    for t in menu.levels:
        blocks.append("\n".join([f"**{md(t.label)} ({md(t.level)})**", *[
            f"- {md(m.text)}" + (f" ({EDITORIAL}: {md(m.note)})" if m.note else "")
            for m in t.sanctions]]))
    if menu.sanctions:
        blocks.append("\n".join(f"- **{md(s.name)}**: {md(s.definition)}"
                                for s in menu.sanctions))
    blocks += _markdown_notes(menu)
    return "\n\n".join(blocks) + "\n"


def _markdown_notes(menu: SanctionMenu | CodeMenu) -> list[str]:
    board_note = _board_note(menu)
    if board_note:
        legend = menu.code.legend
        return ["**The Board's note on seriousness, word for word:**",
                *[f"> {md(para)}" for para in board_note],
                *(["\n".join(f"- {md(line)}" for line in legend)] if legend else []),
                f"Source: {md(menu.source)}",
                f"*{md(f'({EDITORIAL} summary) {_statement(menu)}')}*"]
    return [f"*({EDITORIAL}) {md(_statement(menu))}*", f"Source: {md(menu.source)}"]


# ------------------------------------------------------------------------ a code's menus by level


def code_menu_view(catalog: Catalog, menu: CodeMenu) -> View:
    """``sanctions MO --level ES``: the level's menu and the principles the code rates at it
    (every level when none is asked). The CSV is the principle menu's (:data:`CSV_COLUMNS`),
    with a ``rated`` row per principle rated at a level."""
    from .contract import code_sanctions_json

    rows = _csv_notes(menu)
    for t, rated in zip(menu.levels, menu.rated, strict=True):
        rows += [_csv_row("sanction", "", t.level, t.label, m.text, m.note or "")
                 for m in t.sanctions]
        rows += [_csv_row("rated", p.id, t.level, t.label, text=p.text) for p in rated]
    for s in menu.sanctions:
        rows.append(_csv_row("sanction", sanction=s.name, definition=s.definition))
    return View(code_sanctions_json(catalog, menu), CSV_COLUMNS, rows,
                lambda con: _draw_code(con, menu), lambda: _markdown_code(menu))


def _rated_line(menu: CodeMenu, tier: Tier, rated: tuple[Principle, ...]) -> str:
    return (f"Principles {menu.code.id} rates {tier.label} ({tier.level}): {len(rated)} of "
            f"{len(menu.code.principles)}")


def _draw_code(con: Console, menu: CodeMenu) -> None:
    Padding = kit().Padding

    code = menu.code
    head = text(code.id, "bold cyan")
    head.append("  " + inert(_code_line(code)), style="dim")
    con.print(head)
    if not menu.levels:
        con.print()
    one = len(menu.levels) == 1
    for t, rated in zip(menu.levels, menu.rated, strict=True):
        con.print()
        _draw_tier(con, t)
        con.print()
        con.print(text(_rated_line(menu, t, rated), "bold"))
        if one:  # one level asked: the principles' words, each with every level it permits
            con.print(_fields(con.width, [(p.id, _with_levels(p)) for p in rated], indent=2))
        else:
            con.print(Padding(text(", ".join(p.id for p in rated)), (0, 0, 0, 2)))
    if menu.kind == "glossary":
        _draw_named(con, code, menu.sanctions)
    con.print()
    if one:
        con.print(text("A principle rated at several levels is on several menus; "
                       "peerethics sanctions ID gives one principle's.", "dim"))
        con.print()
    _draw_notes(con, menu)


def _with_levels(p: Principle) -> Text:
    """A principle's words, then (apart, dim) every level the code permits for it."""
    body = text(p.text)
    body.append(f"\nlevels permitted: {'/'.join(p.tiers)}", style="dim")
    return body


def _markdown_code(menu: CodeMenu) -> str:
    code = menu.code
    blocks = [f"### Sanctions by level: {md(code.id)}, {md(_code_line(code))}"]
    for t, rated in zip(menu.levels, menu.rated, strict=True):
        blocks.append("\n".join([f"**{md(t.label)} ({md(t.level)})**", *[
            f"- {md(m.text)}" + (f" ({EDITORIAL}: {md(m.note)})" if m.note else "")
            for m in t.sanctions]]))
        blocks.append("\n".join([f"*{md(_rated_line(menu, t, rated))}*", "", *[
            f"- **{md(p.id)}**: {md(p.text)} *(levels permitted: {md('/'.join(p.tiers))})*"
            for p in rated]]))
    if menu.sanctions:
        blocks.append("\n".join(f"- **{md(s.name)}**: {md(s.definition)}"
                                for s in menu.sanctions))
    blocks += _markdown_notes(menu)
    return "\n\n".join(blocks) + "\n"


def _draw_named(con: Console, code: Code, sanctions: Sequence[NamedSanction]) -> None:
    """The sanctions a code's glossary defines (CT), each with its definition, word for word."""
    con.print(text(f"{code.id} defines {len(sanctions)} sanctions "
                   "(ordered by peerethics, least to most severe):", "bold"))
    con.print(_fields(con.width, [(s.name, text(s.definition)) for s in sanctions], indent=2))
