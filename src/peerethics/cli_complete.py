"""What a call's context holds: its global options (for every command, and for completion,
where no command runs), and shell completion from them: principle and code ids, topics,
levels, quiz kinds (a data folder's too). Typer calls the completions while the user presses
Tab; a data problem completes nothing rather than printing an error into the shell."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer  # Typer reads these functions' annotations at run time to know what to pass

from .errors import PeerEthicsError
from .options import OPTIONS, Globals, gather

if TYPE_CHECKING:
    from .model import Catalog


def globals_of(ctx: typer.Context) -> Globals:
    """The global options of this call, read from the root context's parsed parameters and the
    command's own: they are there both when a command runs and during shell completion, where
    no callback runs. Passed to :mod:`peerethics.cli_commands` explicitly: no global carries
    them. What was given before the command comes first, then what was given after it."""
    root, own = ctx.find_root().params, ctx.params if ctx.parent is not None else {}
    return gather((o, params.get(o.name)) for params in (root, own) for o in OPTIONS
                  if params.get(o.name) is not None)


def _catalog(ctx: typer.Context) -> Catalog | None:
    try:
        return globals_of(ctx).catalog()
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
