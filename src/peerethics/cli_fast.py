"""The console-script entry point: plain calls are parsed here without importing Typer.

Why: scripts call ``peerethics show MO-13 --json`` in loops, and importing Typer (with the
vendored Click and ``typing`` machinery) costs more than everything peerethics itself does on
such a call. So a call made only of a command, its positional arguments and options spelt out in
full (``--limit 5``, ``-n 5``) with values Typer would accept as they are is parsed by the table
below and handed straight to :mod:`peerethics.cli_commands`, the same functions the Typer commands
call. Anything else (help, completion, ``--version``, ``--limit=5``, ``--``, a value Typer would
reject, an unknown command or option, no arguments) goes to the Typer application in
:mod:`peerethics.cli`, which answers and words every error. This parser therefore never reports
a malformed call itself: when in doubt, it defers.

The table is not written by hand: :mod:`peerethics.cli_table` is generated from the Typer app by
``tools/update_cli_table.py``, so an option and its default are declared once, in ``cli.py``.
Tests hold the two together: the generated table must be what the script writes now, and random
command lines must give the same output and exit code through both parsers.
"""

from __future__ import annotations

import sys

# Ctrl-C from here until a command's own handler (imports): no traceback (peerethics.interrupt).
sys.excepthook = lambda kind, value, tb: (None if issubclass(kind, KeyboardInterrupt)
                                          else sys.__excepthook__(kind, value, tb))

import os  # noqa: E402
from typing import Any, NamedTuple  # noqa: E402

from . import cli_table, options  # noqa: E402
from .formats import Format  # noqa: E402

FLAG, TEXT, MANY, COUNT, FORMAT, PATH = "flag", "text", "many", "count", "format", "path"


class Spec(NamedTuple):
    """A command as the fast path knows it: its positional parameter (and of what kind), how
    many values it takes, its options (token -> parameter name and kind), the defaults of what a
    call may leave out, and whether it reads the catalog (and so takes the global options)."""

    positional: str | None
    positional_kind: str
    fewest: int
    most: int | None
    options: dict[str, tuple[str, str]]
    defaults: dict[str, Any]
    reads_catalog: bool


COMMANDS: dict[str, Spec] = {name: Spec(*row) for name, row in cli_table.COMMANDS.items()}
# Commands always left to Typer: ``mcp`` is a server a client starts once, not a call in a loop,
# and it must never be run by a parser test as a plain call would be; ``html`` writes a whole
# page once (a second of work, so start-up is lost in it) and writes files a parser test must not.
TYPER_ONLY = frozenset({"mcp", "html"})
# The global options, read from their one declaration (peerethics/options.py), as Typer reads it.
GLOBAL_OPTIONS: dict[str, options.Option] = options.BY_TOKEN
_FORMATS = {f.value for f in Format}


class Call(NamedTuple):
    """A plain call: its command, its global options, and every other argument the command's
    function takes (those the call omits at their defaults)."""

    command: str
    globals: options.Globals
    arguments: dict[str, Any]


def _global(argv: list[str], at: int, given: list[tuple[options.Option, Any]]) -> int | None:
    """Read the global option at ``argv[at]`` into ``given``; the index after it, or None when
    Typer should judge its value."""
    option = GLOBAL_OPTIONS[argv[at]]
    if option.kind == options.FLAG:
        given.append((option, True))
        return at + 1
    value = _value(argv, at + 1, TEXT if option.kind == options.TEXT else PATH)
    if value is None:
        return None
    given.append((option, value))
    return at + 2


def parse(argv: list[str]) -> Call | None:
    """The call ``argv`` makes, or None when Typer should handle it."""
    if not argv or "_PEERETHICS_COMPLETE" in os.environ:
        return None
    at: int | None = 0
    given: list[tuple[options.Option, Any]] = []
    while at is not None and at < len(argv) and argv[at] in GLOBAL_OPTIONS:
        at = _global(argv, at, given)
    if at is None:
        return None
    spec = COMMANDS.get(argv[at]) if at < len(argv) else None
    if spec is None or argv[at] in TYPER_ONLY:
        return None
    command = argv[at]
    arguments: dict[str, Any] = dict(spec.defaults)
    positional: list[Any] = []
    at += 1
    while at < len(argv):
        token = argv[at]
        if token in GLOBAL_OPTIONS and spec.reads_catalog:
            next_at = _global(argv, at, given)  # after the command, as Typer takes it
            if next_at is None:
                return None
            at = next_at
            continue
        if token.startswith("-") and token != "-":
            if token not in spec.options:
                return None  # --help, --, --opt=value, -n5, an unknown option: Typer's to answer
            name, kind = spec.options[token]
            if kind == FLAG:
                arguments[name] = True
                at += 1
                continue
            value = _value(argv, at + 1, kind)
            if value is None:
                return None
            if kind == MANY:
                if arguments.get(name) is None:
                    arguments[name] = []
                arguments[name].append(value)
            else:
                arguments[name] = value  # given twice, the last one counts, as in Click
            at += 2
        else:
            value = _value(argv, at, spec.positional_kind)
            if value is None:
                return None
            positional.append(value)
            at += 1
    if len(positional) < spec.fewest or (spec.most is not None and len(positional) > spec.most):
        return None
    if spec.positional is not None and positional:
        arguments[spec.positional] = positional[0] if spec.most == 1 else positional
    if arguments.get("output") is not None:
        return None  # writes a file (case -o): a person's call, once; never a parser test's
    if command == "quiz" and arguments.get("seed") is None:
        # A quiz without --seed is a person at a keyboard (start-up time is lost in it) and
        # differs each time, so the two parsers could not be held to the same answer: Typer's.
        return None
    return Call(command, options.gather(given), arguments)


def _value(argv: list[str], at: int, kind: str) -> Any:
    """An option's or argument's value converted as Typer would, or None if Typer might not
    take it as it is (missing, looks like an option, out of range, an unreadable path)."""
    if at >= len(argv):
        return None
    raw = argv[at]
    if raw.startswith("-") and raw != "-":
        return None
    if kind == FORMAT:
        name = raw.lower() if raw.isascii() else ""
        return Format(name) if name in _FORMATS else None
    if kind == COUNT:
        if not (raw.isascii() and raw.isdigit() and len(raw) < 10 and int(raw) >= 1):
            return None
        return int(raw)
    if kind == PATH:
        if not raw or raw == "-":
            return None
        try:
            os.stat(raw)
        except ValueError:
            return None  # a NUL byte: no real command line has one; Typer's to judge
        except OSError:
            return raw  # a missing path is the command's to report, as through Typer
        return raw if os.access(raw, os.R_OK) else None
    return raw


def main() -> None:
    """``peerethics``: a plain call runs here; everything else goes through Typer."""
    from .interrupt import exit_on_interrupt

    exit_on_interrupt(_main)


def _main() -> None:
    call = parse(sys.argv[1:])
    if call is None:
        if os.environ.get("NO_COLOR"):
            # Typer draws help with Rich, whose bold and dim survive NO_COLOR; plain help has
            # no escape codes at all (https://no-color.org). Read by Typer at its import.
            os.environ.setdefault("TYPER_USE_RICH", "0")
        from .cli import main as typer_main

        typer_main()
        return
    from . import cli_commands
    from .cli_output import guarded

    run = getattr(cli_commands, call.command)
    arguments = call.arguments
    if COMMANDS[call.command].reads_catalog:
        arguments = {"opts": call.globals, **arguments}
    sys.exit(guarded(lambda: int(run(**arguments))))
