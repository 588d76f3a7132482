"""The Typer declarations of ``case`` and ``decide``: arguments, options, help.

Part of the Typer application (:mod:`peerethics.cli`, which imports this module at its end, so
the commands are registered wherever the app is), declared the same way, with the same option
aliases and the global options; kept apart only so cli.py stays under 450 lines. Every option
and its default is declared here and only here; the work is in :mod:`peerethics.cli_worksheets`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from . import cli_commands
from . import cli_complete as complete
from .cli import CodesOpt, FormatOpt, JsonOpt, _exit, _reads_catalog
from .cli_complete import globals_of as _globals

OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", show_default=False,
                 help="Write the worksheet to this file (Markdown, or by its ending: .json, "
                      ".csv, .txt) instead of printing it."),
]


@_reads_catalog
def case(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(
        metavar="ID...", help="The principles the complaint cites (MO-13, 'MO-13, MO-19').",
        autocompletion=complete.items, show_default=False)],
    level: Annotated[
        str | None,
        typer.Option("--level", "-l", autocompletion=complete.levels, show_default=False,
                     help="The level of seriousness suggested: S, VS or ES (or serious, "
                          "very-serious, extremely-serious)."),
    ] = None,
    incident_date: Annotated[str | None, typer.Option(
        "--incident-date", show_default=False,
        help="When it happened, YYYY-MM-DD: each principle is quoted from the version of its "
             "code in force that day.")] = None,
    allegation: Annotated[str | None, typer.Option(
        "--allegation", show_default=False, help="The allegation, in a sentence.")] = None,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Print an investigator's case file: the principles cited word for word, the levels each
    permits, the Board's menu for the level as boxes to tick, and the parts to fill in.

    Example: peerethics case MO-13 --level VS -o case.md
    """
    _exit(cli_commands.case(_globals(ctx), ids, level, incident_date, allegation, output, fmt,
                            as_json))


@_reads_catalog
def decide(
    ctx: typer.Context,
    situation: Annotated[list[str], typer.Argument(
        help="The situation, in your own words.", show_default=False)],
    code: CodesOpt = None,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Print a worksheet for supervision or class: the situation, the principles that may apply
    word for word (or that a code is silent), and the steps of a decision with room to write.

    Example: peerethics decide "a client asked me for a ride home" --code MO -o ride.md
    """
    _exit(cli_commands.decide(_globals(ctx), situation, code, output, fmt, as_json))
