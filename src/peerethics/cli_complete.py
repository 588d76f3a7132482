"""Shell completion for the command line: principle and code ids, topics, levels, quiz kinds
(a data folder's too). Typer calls these while the user presses Tab; a data problem completes
nothing rather than printing an error into the shell."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer  # Typer reads these functions' annotations at run time to know what to pass

from .errors import PeerEthicsError

if TYPE_CHECKING:
    from .model import Catalog


def _catalog(ctx: typer.Context) -> Catalog | None:
    from .cli import _globals

    try:
        return _globals(ctx).catalog()
    except PeerEthicsError:
        return None


def ids(ctx: typer.Context, incomplete: str) -> list[str]:
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    ids = [p.id for p in catalog.principles()]
    return [i for i in ids if i.lower().startswith(incomplete.lower())]


def items(ctx: typer.Context, incomplete: str) -> list[str]:
    """For ``show``: code ids (the whole code) and principle ids."""
    return codes(ctx, incomplete) + ids(ctx, incomplete)


def codes(ctx: typer.Context, incomplete: str) -> list[str]:
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    return [c for c in catalog.code_ids if c.lower().startswith(incomplete.lower())]


def topics(ctx: typer.Context, incomplete: str) -> list[str]:
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    return [t.id for t in catalog.topics if t.id.startswith(incomplete.lower())]


def levels(incomplete: str) -> list[str]:
    return [lv for lv in ("S", "VS", "ES") if lv.lower().startswith(incomplete.lower())]


def kinds(incomplete: str) -> list[str]:
    from .quiz import KINDS

    return [k for k in KINDS if k.startswith(incomplete.lower())]
