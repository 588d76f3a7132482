"""The sanction menu for a principle: what its code publishes, and nothing it does not.

MO lists sanctions per seriousness tier (S, VS, ES) and rates each principle with the tiers it
permits; CT defines four sanctions in its glossary but rates no principle; the other bundled codes
publish no sanctions at all. A :class:`SanctionMenu` says which of these holds, so no caller can
mistake silence for "no sanctions apply".
"""

from __future__ import annotations

from typing import NamedTuple

from .errors import InputError
from .model import Catalog, Code, NamedSanction, Principle, Tier


class SanctionMenu(NamedTuple):
    principle: Principle
    code: Code
    kind: str  # "tiers" (menu per seriousness level), "glossary" (named, unrated), "none"
    levels: tuple[Tier, ...]  # the tiers shown (all the principle permits, or the one asked)
    sanctions: tuple[NamedSanction, ...]  # "glossary" codes only
    note: str  # the code's own statement of what its sanctions are (editorial summary)

    @property
    def source(self) -> str:
        return source_line(self.code)


class CodeMenu(NamedTuple):
    """A code's sanction menus by level, with the principles it rates at each
    (``sanctions MO --level ES``): what a panel can impose at a level, and for what. For a code
    without levels it holds what the code publishes instead (``kind`` as in
    :class:`SanctionMenu`)."""

    code: Code
    kind: str
    levels: tuple[Tier, ...]  # every level, or the one asked
    rated: tuple[tuple[Principle, ...], ...]  # for each of ``levels``, the principles rated at it
    sanctions: tuple[NamedSanction, ...]
    note: str

    @property
    def source(self) -> str:
        return source_line(self.code)


def source_line(code: Code) -> str:
    """The document a menu is quoted from: its title, revisions and effective date."""
    s = code.source
    parts = [s.title]
    if s.revisions:
        parts.append("revisions: " + ", ".join(s.revisions))
    if s.effective:
        parts.append("effective " + s.effective)
    return "; ".join(parts)


def code_menu(code: Code, level: str | None = None) -> CodeMenu:
    """A code's menus by level (``level`` narrows to one), each with the principles the code
    rates at it, in their order. Raises :class:`InputError` for ``level`` when the code has no
    levels, as :func:`sanction_menu` does."""
    if not code.tiers:
        if level is not None:
            raise InputError(_no_tiers_reason(code),
                             hint=f"omit --level to see what {code.id} publishes")
        kind = "glossary" if code.sanctions else "none"
        return CodeMenu(code, kind, (), (), code.sanctions, code.sanction_note)
    wanted = parse_level(code, level) if level is not None else None
    levels = tuple(t for t in code.tiers if wanted in (None, t.level))
    rated = tuple(tuple(p for p in code.principles if t.level in p.tiers) for t in levels)
    return CodeMenu(code, "tiers", levels, rated, (), code.sanction_note)


def parse_level(code: Code, text: str) -> str:
    """``vs``, ``VS``, ``very-serious``, ``Very Serious`` -> ``VS`` (from the code's own tiers)."""
    wanted = "-".join(text.strip().lower().replace("_", "-").split())
    for tier in code.tiers:
        if wanted in (tier.level.lower(), tier.slug):
            return tier.level
    if not code.tiers:
        raise InputError(_no_tiers_reason(code),
                         hint=f"omit --level to see what {code.id} publishes")
    names = ", ".join(f"{t.level} ({t.slug})" for t in code.tiers)
    raise InputError(f"unknown level {text.strip()[:40]!r}; {code.id} levels are {names}")


def statement(code: Code, kind: str) -> str:
    """What a code publishes about sanctions, in peerethics' words (editorial): its own note
    for a code with a menu per level or named sanctions (``kind`` as in :class:`SanctionMenu`),
    and for a code that publishes none, that said plainly first, so no reader takes silence for
    "no sanction applies". Worded here once for ``sanctions`` and the worksheets."""
    if kind in ("tiers", "glossary"):
        return code.sanction_note
    return f"{code.id} publishes no sanction guidance. {code.sanction_note}"


def _no_tiers_reason(code: Code) -> str:
    if code.sanctions:
        return (f"{code.id} rates no principle by seriousness, so --level does not apply; "
                f"its {len(code.sanctions)} sanctions are not tied to levels")
    return f"{code.id} publishes no sanctions and no seriousness levels, so --level does not apply"


def sanction_menu(catalog: Catalog, principle: Principle, level: str | None = None) -> SanctionMenu:
    """The menu for ``principle``; ``level`` (any spelling :func:`parse_level` takes) narrows it.

    Raises :class:`InputError` for a level the principle's code lacks or the principle does not
    permit (MO-8 is ES only), naming the levels that do apply.
    """
    code = catalog.code(principle.code)
    assert code is not None
    if code.tiers:
        permitted = tuple(t for t in code.tiers if t.level in principle.tiers)
        if level is not None:
            wanted = parse_level(code, level)
            if wanted not in principle.tiers:
                allowed = "/".join(principle.tiers) or "none"
                raise InputError(
                    f"{principle.id} is not rated {wanted}; it permits {allowed}",
                    hint=f"try --level {principle.tiers[0]}" if principle.tiers else None,
                )
            permitted = tuple(t for t in permitted if t.level == wanted)
        return SanctionMenu(principle, code, "tiers", permitted, (), code.sanction_note)
    if level is not None:
        raise InputError(_no_tiers_reason(code),
                         hint=f"omit --level to see what {code.id} publishes")
    kind = "glossary" if code.sanctions else "none"
    return SanctionMenu(principle, code, kind, (), code.sanctions, code.sanction_note)
