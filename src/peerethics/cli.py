"""The command line as Typer declares it: arguments, options, help, and every message about a
malformed call. The work lives in :mod:`peerethics.cli_commands`, completion in cli_complete.

Errors from the core (:class:`~peerethics.errors.PeerEthicsError`) are turned into one line on
stderr and an exit code in exactly one place, :func:`peerethics.cli_output.guarded`, which
:class:`_Group.invoke` wraps around every command, so every command, ``typer.testing.CliRunner``
and the Typer-free fast path (:mod:`peerethics.cli_fast`) behave the same: 0 found, 1 nothing
found, 2 bad input."""

from __future__ import annotations

import functools
import inspect
import sys
import typing
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from . import __version__, cli_commands, cli_output
from . import cli_complete as complete
from .cli_complete import globals_of as _globals
from .formats import Format
from .options import OPTIONS, PATH, TEXT, Option


class _Group(TyperGroup):
    """Runs every command inside the one error and broken-pipe handler."""

    def invoke(self, ctx: Any) -> Any:
        def run() -> int:
            super(_Group, self).invoke(ctx)
            return cli_output.EXIT_OK

        _exit(cli_output.guarded(run))

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:
        # --help and --version are written while the call is parsed, outside any command. Typer
        # would exit 1 on a broken pipe (`peerethics --help | head -1`) and let any other failed
        # write escape as a traceback: hand both to cli_output.guarded instead.
        try:
            return super().make_context(info_name, args, parent, **extra)
        except OSError as exc:
            raise cli_output.OutputFailed(exc) from None


def _exit(code: int) -> None:
    if code:
        raise typer.Exit(code)


app = typer.Typer(
    name="peerethics",
    cls=_Group,
    help=(
        "A reference for the codes of ethics US peer specialists work under: search them, "
        "show a principle word for word, print a sanction menu, compare codes topic by topic, "
        "print a case file or a decision worksheet, quiz yourself on them.\n\n"
        "Example: peerethics search \"can I give someone a ride home\""
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"peerethics {__version__}\n")
        raise typer.Exit(cli_output.EXIT_OK)


# ------------------------------------------------------------------------------ global options
# Declared once, in peerethics/options.py: each becomes a Typer option of the program (before the
# command) and of every command that reads the catalog (after it), added by @_reads_catalog.


def _typer_option(option: Option) -> inspect.Parameter:
    """The Typer parameter a global option declaration stands for."""
    info = typer.Option(*option.tokens, help=option.help, show_default=False)
    if option.kind == PATH:
        return inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY, default=None,
                                 annotation=Annotated[list[str] | None, info])
    if option.kind == TEXT:
        return inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY, default=None,
                                 annotation=Annotated[str | None, info])
    return inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY, default=False,
                             annotation=Annotated[bool, info])


def _with_globals(fn: Callable[..., None]) -> Callable[..., None]:
    """``fn`` with every global option added to its parameters for Typer to parse; the values
    reach ``fn`` through its context (:func:`_globals`), never as arguments."""
    signature = inspect.signature(fn, eval_str=True)
    added = [_typer_option(o) for o in OPTIONS]

    @functools.wraps(fn)
    def command(*args: Any, **kwargs: Any) -> None:
        for option in OPTIONS:
            kwargs.pop(option.name, None)
        fn(*args, **kwargs)

    command.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *added])
    command.__annotations__ = {**typing.get_type_hints(fn, include_extras=True),
                               **{p.name: p.annotation for p in added}}
    return command


def _unwrapped(fn: Callable[..., None]) -> Callable[..., None]:
    """``fn`` with its docstring's paragraphs each on one line: the help is wrapped to the
    terminal by Rich, and a line break kept from the source would break a line mid-sentence
    (at 60 columns, "--format markdown" came out split over two lines)."""
    doc = inspect.cleandoc(fn.__doc__ or "")
    fn.__doc__ = "\n\n".join(" ".join(para.split()) for para in doc.split("\n\n"))
    return fn


def _reads_catalog(fn: Callable[..., None]) -> Callable[..., None]:
    """Register a command that reads the catalog: it takes the global options after it too."""
    return app.command()(_with_globals(_unwrapped(fn)))


@app.callback()
@_with_globals
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True,
                     help="Print the version and exit."),
    ] = False,
) -> None:
    """Options of the whole program; a command reads the global ones from its context
    (:func:`_globals`)."""


# ----------------------------------------------------------------------------------- shared options

FormatOpt = Annotated[
    Format | None,
    typer.Option("--format", "-f", case_sensitive=False, show_default=False,
                 help="Output format: table (default), json, markdown or csv."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
# --code on the commands that default to PEERETHICS_CODES (search, quiz, decide).
CodesOpt = Annotated[
    list[str] | None,
    typer.Option("--code", "-c", help="Only this code (repeatable; default: "
                 "PEERETHICS_CODES, else all).",
                 autocompletion=complete.codes, show_default=False),
]


# -------------------------------------------------------------------------------------- commands
# Every option and its default is declared here and only here. tools/update_cli_table.py writes
# them into cli_table.py for the Typer-free fast path (tests/test_cli_fast.py fails on drift), and
# the functions in cli_commands.py declare no defaults. A command that reads the catalog takes the
# context (``ctx``), which is how the table knows to pass it ``--data-dir``.


@_reads_catalog
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help="What to look for, in your own words.",
                                               show_default=False)],
    code: CodesOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most results to show.")] = 10,
    explain: Annotated[bool, typer.Option("--explain", help="Say why each result matched.")]
    = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Find principles across all codes, best first; typos and everyday words are fine.

    Example: peerethics search "a client offered to buy me lunch" --code MO --code CT
    """
    _exit(cli_commands.search(_globals(ctx), query, code, limit, explain, fmt, as_json))


@_reads_catalog
def show(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(help="Principle ids (MO-13, mo13, 'MO 13'), or a code id (MO) for the "
                       "whole code; '-' reads ids from stdin.",
                       autocompletion=complete.items, show_default=False),
    ],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show principles word for word, with tiers, importance, topics and see-also; a code id
    shows the whole code, in document order.

    Example: peerethics show MO-13 CT-12 (or: peerethics show MO)
    """
    _exit(cli_commands.show(_globals(ctx), ids, fmt, as_json))


@_reads_catalog
def sanctions(
    ctx: typer.Context,
    principle_id: Annotated[list[str], typer.Argument(
        metavar="ID", help="A principle id (MO-13), or a code id (MO) for its menus by level "
        "and the principles it rates at each.", autocompletion=complete.items,
        show_default=False)],
    level: Annotated[
        str | None,
        typer.Option("--level", "-l", autocompletion=complete.levels, show_default=False,
                     help="S, VS or ES (or serious, very-serious, extremely-serious)."),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Print the sanction menu a code publishes for a principle, per seriousness level; for a
    code, each level's menu and the principles it rates at that level.

    Example: peerethics sanctions MO-13 --level VS (or: peerethics sanctions MO --level ES)
    """
    _exit(cli_commands.sanctions(_globals(ctx), principle_id, level, fmt, as_json))


@_reads_catalog
def define(
    ctx: typer.Context,
    term: Annotated[
        list[str] | None,
        typer.Argument(help="A term, or a question about one ('who is a client'); none lists "
                       "every term.", show_default=False),
    ] = None,
    code: Annotated[
        list[str] | None,
        typer.Option("--code", "-c", help="Only this code's glossary (repeatable; "
                     "default: PEERETHICS_CODES, else all).",
                     autocompletion=complete.codes, show_default=False),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Look a term up in the codes' glossaries, word for word (a code with none says so).

    Example: peerethics define client --code CT
    """
    _exit(cli_commands.define(_globals(ctx), term, code, fmt, as_json))


@_reads_catalog
def compare(
    ctx: typer.Context,
    codes: Annotated[
        list[str] | None,
        typer.Argument(help="Two or more codes (default: all).", autocompletion=complete.codes,
                       show_default=False),
    ] = None,
    topic: Annotated[str | None, typer.Option("--topic", "-t", show_default=False,
                                              autocompletion=complete.topics,
                                              help="Only this topic (id or label).")] = None,
    differences: Annotated[bool, typer.Option(
        "--differences", "-d", help="Only topics where the codes differ.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Print the principles' texts too.")]
    = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Line codes up topic by topic: which principles each has, and where they differ.

    Example: peerethics compare MO CT NE --topic gifts
    """
    _exit(cli_commands.compare(_globals(ctx), codes, topic, differences, full, fmt, as_json))


@_reads_catalog
def codes(ctx: typer.Context, fmt: FormatOpt = None, as_json: JsonOpt = False) -> None:
    """List the codes: title, issuer, credential, principle count, tiers, sanctions, source.

    Example: peerethics codes --json
    """
    _exit(cli_commands.codes(_globals(ctx), fmt, as_json))


@_reads_catalog
def topics(ctx: typer.Context, fmt: FormatOpt = None, as_json: JsonOpt = False) -> None:
    """List the topic taxonomy (editorial) with how many principles each code has on it.

    Example: peerethics topics --format markdown
    """
    _exit(cli_commands.topics(_globals(ctx), fmt, as_json))


@_reads_catalog
def html(
    ctx: typer.Context,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", show_default=False,
                     help="Write the page to this file (needed when stdout is a terminal)."),
    ] = None,
    code: Annotated[
        list[str] | None,
        typer.Option("--code", "-c", help="Only this code (repeatable).",
                     autocompletion=complete.codes, show_default=False),
    ] = None,
) -> None:
    """Write every code, with search, into one HTML file that works offline and prints.

    The file needs nothing beside it and makes no request; its search answers as search does.

    Example: peerethics html -o ethics.html
    """
    _exit(cli_commands.html(_globals(ctx), output, code))


@_reads_catalog
def quiz(
    ctx: typer.Context,
    code: CodesOpt = None,
    topic: Annotated[str | None, typer.Option("--topic", "-t", show_default=False,
                                              autocompletion=complete.topics,
                                              help="Only this topic (id or label).")] = None,
    questions: Annotated[int, typer.Option("--questions", "-n", min=1,
                                           help="How many questions.")] = 10,
    seed: Annotated[int | None, typer.Option(
        "--seed", min=0, show_default=False,
        help="Ask the same questions again (the seed a quiz ends with).")] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", "-k", autocompletion=complete.kinds, show_default=False,
                     help="Only this kind (repeatable): blank, situation, which-code, tiers, "
                          "sanctions, importance."),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Study for the exam: multiple-choice questions built from the codes' own words.

    Asks one question at a time and answers with the source word for word; answers are read
    from stdin (a letter or a number a line), so a pipe works too. --json prints the question
    bank, --format markdown a worksheet with its answer key.

    Example: peerethics quiz --code MO -n 5
    """
    _exit(cli_commands.quiz(_globals(ctx), code, topic, questions, seed, kind, fmt, as_json))


@_reads_catalog
def versions(ctx: typer.Context, code: Annotated[str, typer.Argument(
        help="A code id.", autocompletion=complete.codes, show_default=False)],
        fmt: FormatOpt = None, as_json: JsonOpt = False) -> None:
    """List the versions of a code on file: label, the dates stated, document, file.

    Example: peerethics versions CT
    """
    _exit(cli_commands.versions(_globals(ctx), code, fmt, as_json))


@_reads_catalog
def diff(ctx: typer.Context, versions: Annotated[list[str], typer.Argument(
        metavar="CODE@V1 [CODE@V2]", show_default=False,
        help="Two versions: CODE@LABEL, CODE@YYYY-MM-DD (in force that day) or CODE (in force "
             "now); one alone is compared with CODE in force now.")],
        fmt: FormatOpt = None, as_json: JsonOpt = False) -> None:
    """Show what changed between two versions of a code, principle by principle.

    Example: peerethics diff CT@2016 CT --data-dir ~/older-ct (a file with version: "2016")
    """
    _exit(cli_commands.diff(_globals(ctx), versions, fmt, as_json))


@app.command()
@_unwrapped
def validate(
    paths: Annotated[list[str], typer.Argument(help="Code YAML files or directories.",
                                                show_default=False)],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check code files as --data-dir would load them; print every problem as FILE:LINE:COL.

    Example: peerethics validate my-agency-code.yaml
    """
    _exit(cli_commands.validate(paths, fmt, as_json))


@_reads_catalog
def verify(
    ctx: typer.Context,
    quote: Annotated[str, typer.Argument(help="The words to check, as quoted.",
                                         show_default=False)],
    principle_id: Annotated[str | None, typer.Option(
        "--id", show_default=False, autocompletion=complete.codes,
        help="Where the quote says it comes from: a principle (MO-13) or a code (CT).")] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check a quotation against the codes' own words: verified, close (what differs, word by
    word) or not found. Exit 0 only when verified.

    Example: peerethics verify "will not enter into dual relationships" --id MA-10
    """
    _exit(cli_commands.verify(_globals(ctx), quote, principle_id, fmt, as_json))


@_reads_catalog
def mcp(
    ctx: typer.Context,
    address: Annotated[str | None, typer.Argument(
        metavar="[[HOST:]PORT]", show_default=False,
        help="With --http: where to listen, as --http [HOST:]PORT: 8000, 0.0.0.0:8000, "
             "[::1]:8000; default 127.0.0.1:8000.")] = None,
    http: Annotated[bool, typer.Option(
        "--http", help="Serve over HTTP (Streamable HTTP at /mcp) instead of stdio.")] = False,
    host: Annotated[str | None, typer.Option(
        "--host", show_default=False,
        help="With --http, as HOST in [HOST:]PORT (other than loopback: reachable).")] = None,
    port: Annotated[int | None, typer.Option(
        "--port", min=1, max=65535, show_default=False,
        help="With --http, as PORT in [HOST:]PORT.")] = None,
) -> None:
    """Serve the codes to AI assistants over the Model Context Protocol (stdio, or --http).

    Needs the mcp extra: from a clone, pip install '.\\[mcp]'; with pipx, pipx inject
    peerethics mcp (see docs/mcp.md).

    Example: peerethics --data-dir ~/agency-codes mcp --http 8000
    """
    _exit(cli_commands.mcp(_globals(ctx), http, address, host, port))


def main() -> None:
    """Run the full Typer application (``peerethics.cli_fast.main`` comes here for anything but
    a plain call).

    A malformed call (an unknown option, a missing argument, a value out of range) is reported
    like every other error: one line on stderr, exit 2, rather than Click's usage block. The whole
    run is inside :func:`peerethics.cli_output.guarded`, so help and ``--version`` written to a
    closed pipe, a full disk or a closed stdout end like a command's output would.
    """
    sys.exit(cli_output.guarded(lambda: cli_output.run_app(app)))


# case and decide are declared in cli_app_worksheets.py (this module would pass 450 lines): it
# registers them on ``app`` when imported, here, once everything it uses above is defined.
from .cli_app_worksheets import case, decide  # noqa: E402, F401
