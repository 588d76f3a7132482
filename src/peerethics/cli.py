"""The command line: parse, call the core, render. Nothing else lives here.

Errors from the core (:class:`~peerethics.errors.PeerEthicsError`) are turned into one line on
stderr and an exit code in exactly one place, :class:`_Group.invoke`, so every command, and
``typer.testing.CliRunner``, behaves the same: 0 found, 1 nothing found, 2 bad input.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import DataError, PeerEthicsError
from .formats import Format

if TYPE_CHECKING:
    from .render import View

EXIT_OK, EXIT_NOTHING, EXIT_BAD_INPUT = 0, 1, 2


class _Group(TyperGroup):
    """Runs every command inside the one error and broken-pipe handler."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PeerEthicsError as exc:
            report(exc)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            _quiet_pipe()
            raise typer.Exit(EXIT_OK) from None
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            raise typer.Exit(130) from None


def report(exc: PeerEthicsError) -> None:
    """Print an error for a person: problem lines first (FILE:LINE:COL), then one summary."""
    err = sys.stderr
    if isinstance(exc, DataError):
        for problem in exc.problems:
            err.write(_plain(str(problem)) + "\n")
        n = len(exc.problems)
        err.write(f"peerethics: error: {n} problem{'s' if n != 1 else ''} in data files; "
                  "fix the file(s) named above and retry\n")
        return
    line = f"peerethics: error: {exc.message}"
    if exc.hint:
        line += f"; {exc.hint}"
    err.write(_plain(line) + "\n")


def _plain(s: str) -> str:
    from .render import inert

    return inert(s)


def _quiet_pipe() -> None:
    """The reader went away (``| head -1``): stop writing, and let exit-time flushes succeed."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


app = typer.Typer(
    name="peerethics",
    cls=_Group,
    help=(
        "A reference for the codes of ethics US peer specialists work under: search them, "
        "show a principle word for word, print a sanction menu, compare codes topic by topic.\n\n"
        "Example: peerethics search \"can I give someone a ride home\""
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _State:
    data_dirs: list[Path] | None = None


_state = _State()


def _catalog() -> Any:
    from .catalog import env_data_dirs, load_catalog

    dirs = env_data_dirs() + list(_state.data_dirs or [])
    return load_catalog(dirs)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"peerethics {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    data_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--data-dir",
            help="Add a directory of code YAML files (repeatable; also PEERETHICS_DATA).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True,
                     help="Print the version and exit."),
    ] = False,
) -> None:
    _state.data_dirs = list(data_dir or [])


# --------------------------------------------------------------------------- shared output option

FormatOpt = Annotated[
    Format | None,
    typer.Option("--format", "-f", case_sensitive=False, show_default=False,
                 help="Output format: table (default), json, markdown or csv."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]


def emit(view: View, fmt: Format | None, as_json: bool) -> None:
    """Write a view in the chosen format to stdout: the one output path of every command."""
    from .render import console, render

    chosen = Format.json if as_json else (fmt or Format.table)
    out = render(view, chosen)
    if out is None:
        if view.pretty is not None:
            view.pretty(console())
    else:
        sys.stdout.write(out)
    sys.stdout.flush()


def _complete_ids(incomplete: str) -> list[str]:
    try:
        catalog = _catalog()
    except PeerEthicsError:
        return []
    ids = [p.id for p in catalog.principles()]
    return [i for i in ids if i.lower().startswith(incomplete.lower())]


def _complete_codes(incomplete: str) -> list[str]:
    try:
        catalog = _catalog()
    except PeerEthicsError:
        return []
    return [c for c in catalog.code_ids if c.lower().startswith(incomplete.lower())]


def _complete_levels(incomplete: str) -> list[str]:
    return [lv for lv in ("S", "VS", "ES") if lv.lower().startswith(incomplete.lower())]


# ---------------------------------------------------------------------------------------- search


@app.command()
def search(
    query: Annotated[list[str], typer.Argument(help="What to look for, in your own words.",
                                               show_default=False)],
    code: Annotated[
        list[str] | None,
        typer.Option("--code", "-c", help="Only this code (repeatable).",
                     autocompletion=_complete_codes, show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most results to show.")] = 10,
    explain: Annotated[bool, typer.Option("--explain", help="Say why each result matched.")]
    = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Find principles across all codes, best first; typos and everyday words are fine.

    Example: peerethics search "a client offered to buy me lunch" --code MO --code CT
    """
    from .catalog import resolve_code
    from .ranking import search as run_search
    from .ranking import suggestions

    catalog = _catalog()
    text = " ".join(query)
    codes = [resolve_code(catalog, c).id for c in code or []]
    hits = run_search(catalog, text, codes=codes or None, limit=limit)
    from .cli_views import search_view

    if not hits:
        if as_json or fmt not in (None, Format.table):
            emit(search_view(catalog, [], explain), fmt, as_json)  # `[]`, or a header only
        near = suggestions(catalog, text)
        hint = (f"closest words in the codes: {', '.join(near)}" if near
                else "try fewer or other words" if len(query) > 1 or " " in text
                else "try another word")
        sys.stderr.write(_plain(f"peerethics: nothing found for {text[:80]!r}; {hint}") + "\n")
        raise typer.Exit(EXIT_NOTHING)
    emit(search_view(catalog, hits, explain), fmt, as_json)


# ------------------------------------------------------------------------------------------ show


@app.command()
def show(
    ids: Annotated[
        list[str],
        typer.Argument(help="Principle ids (MO-13, mo13, 'MO 13'); '-' reads ids from stdin.",
                       autocompletion=_complete_ids, show_default=False),
    ],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show principles word for word, with tiers, importance, topics and see-also.

    Example: peerethics show MO-13 CT-12
    """
    from .catalog import resolve_principle
    from .cli_views import show_view

    catalog = _catalog()
    wanted: list[str] = []
    for item in ids:
        if item == "-":
            wanted += [ln.strip() for ln in sys.stdin if ln.strip() and not ln.startswith("#")]
        else:
            wanted.append(item)
    if not wanted:
        _bad("no ids given on stdin", "e.g. printf 'MO-13\\nCT-12\\n' | peerethics show -")
    principles = [resolve_principle(catalog, i) for i in wanted]
    emit(show_view(catalog, principles), fmt, as_json)


# ------------------------------------------------------------------------------------- sanctions


@app.command()
def sanctions(
    principle_id: Annotated[str, typer.Argument(metavar="ID", help="A principle id, e.g. MO-13.",
                                                autocompletion=_complete_ids,
                                                show_default=False)],
    level: Annotated[
        str | None,
        typer.Option("--level", "-l", autocompletion=_complete_levels, show_default=False,
                     help="S, VS or ES (or serious, very-serious, extremely-serious)."),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Print the sanction menu a code publishes for a principle, per seriousness level.

    Example: peerethics sanctions MO-13 --level VS
    """
    from .catalog import resolve_principle
    from .cli_views import sanctions_view
    from .sanctions import sanction_menu

    catalog = _catalog()
    principle = resolve_principle(catalog, principle_id)
    emit(sanctions_view(sanction_menu(catalog, principle, level)), fmt, as_json)


# --------------------------------------------------------------------------------------- compare


@app.command()
def compare(
    codes: Annotated[
        list[str] | None,
        typer.Argument(help="Two or more codes (default: all).", autocompletion=_complete_codes,
                       show_default=False),
    ] = None,
    topic: Annotated[str | None, typer.Option("--topic", "-t", show_default=False,
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
    from .cli_views import compare_view
    from .comparison import compare as run_compare

    catalog = _catalog()
    comp = run_compare(catalog, codes or None, topic=topic, differences=differences)
    wide = (fmt in (Format.markdown, Format.csv)) or full
    emit(compare_view(catalog, comp, full=full, wide=wide), fmt, as_json)
    if not comp.rows:
        sys.stderr.write("peerethics: the codes do not differ on any topic shown\n")
        raise typer.Exit(EXIT_NOTHING)


# ----------------------------------------------------------------------------------------- codes


@app.command()
def codes(fmt: FormatOpt = None, as_json: JsonOpt = False) -> None:
    """List the codes: title, issuer, credential, principle count, tiers, sanctions, source.

    Example: peerethics codes --json
    """
    from .cli_views import codes_view

    emit(codes_view(_catalog()), fmt, as_json)


@app.command()
def topics(fmt: FormatOpt = None, as_json: JsonOpt = False) -> None:
    """List the topic taxonomy (editorial) with how many principles each code has on it.

    Example: peerethics topics --format markdown
    """
    from .cli_views import topics_view

    emit(topics_view(_catalog()), fmt, as_json)


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Code YAML files or directories.",
                                                show_default=False)],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check code files as --data-dir would load them; print every problem as FILE:LINE:COL.

    Example: peerethics validate my-agency-code.yaml
    """
    from .cli_views import validate_view
    from .validate import validate_paths

    files, problems = validate_paths(paths)
    emit(validate_view(files, problems), fmt, as_json)
    if problems:
        sys.stderr.write(f"peerethics: {len(problems)} problem{'s' if len(problems) != 1 else ''}"
                         f" in {len(files)} file{'s' if len(files) != 1 else ''}\n")
        raise typer.Exit(EXIT_BAD_INPUT)
    sys.stderr.write(f"peerethics: {len(files)} file{'s' if len(files) != 1 else ''} valid\n")


def _bad(message: str, hint: str | None = None) -> NoReturn:
    from .errors import InputError

    raise InputError(message, hint=hint)


_GLOBAL_OPTIONS_WITH_VALUE = {"--data-dir"}


def _only_command(argv: list[str]) -> str | None:
    """The subcommand a plain call names, or None when the full app is needed (help, completion,
    a misspelt command that deserves suggestions)."""
    if os.environ.get("_PEERETHICS_COMPLETE") or any(
        a in ("-h", "--help", "--version", "--install-completion", "--show-completion")
        for a in argv
    ):
        return None
    names = {c.name or c.callback.__name__ for c in app.registered_commands if c.callback}
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
        elif arg.startswith("-"):
            continue
        else:
            return arg if arg in names else None
    return None


def main() -> None:
    """Console-script entry point.

    Typer builds a Click command for every registered subcommand before running one; for a plain
    call, only the named subcommand is registered, which saves that work on every call (see
    docs/performance.md). Help, completion and mistakes go through the full app.
    """
    only = _only_command(sys.argv[1:])
    if only is None:
        app(prog_name="peerethics")
        return
    fast = typer.Typer(name="peerethics", cls=_Group, pretty_exceptions_enable=False,
                       add_completion=False,
                       context_settings={"help_option_names": ["-h", "--help"]})
    fast.registered_callback = app.registered_callback
    fast.registered_commands = [
        c for c in app.registered_commands
        if (c.name or getattr(c.callback, "__name__", "")) == only
    ]
    fast(prog_name="peerethics")
