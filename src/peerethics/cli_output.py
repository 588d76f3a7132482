"""The one output path and error handler of every command: exit codes, writing a view in the
chosen format (:func:`emit`), one line on stderr (:func:`say`), and :func:`guarded`, which turns
every failure into a message and an exit code.

Apart from :mod:`peerethics.cli_commands` so that what a command does and how any command writes
are two modules, and the quiz session (:mod:`peerethics.cli_quiz`), which writes as it asks, needs
only this one: no import circle. Nothing here imports Typer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .errors import InputError, PeerEthicsError, error_lines
from .formats import Format

if TYPE_CHECKING:
    from .cli_render import View

EXIT_OK, EXIT_NOTHING, EXIT_BAD_INPUT = 0, 1, 2
EXIT_OUTPUT = 74  # EX_IOERR (sysexits.h): the answer could not be written (a full disk, ...)
EXIT_INTERRUPTED = 130


class OutputFailed(Exception):
    """Writing the answer to stdout failed. Not a :class:`PeerEthicsError`: the core did its work,
    the stream refused it. Not an ``OSError`` either, so Typer's own handler cannot catch it on
    the way to :func:`guarded`."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.strerror or str(cause))
        self.cause = cause


def guarded(run: Callable[[], int]) -> int:
    """Run a command inside the one error handler: every failure becomes a message and a code.

    Output too: the streams are fitted first (text degrades in any encoding, see
    :func:`peerethics.cli_render.fit_streams`), and stdout is flushed inside the handler, so a
    write that fails (a full disk, a closed stdout) is one line on stderr and exit 74 rather
    than a traceback at interpreter shutdown.
    """
    import gc

    from .cli_render import fit_streams

    fit_streams()
    # A call unpacks tens of thousands of objects from the cache and frees them at exit: the
    # cyclic collector walking them again and again was a few ms of every call (issue 28), so
    # it runs far less often while a command runs (cycles are still collected).
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 50_000), *threshold[1:])
    try:
        code = run()
        flush_stdout()
        return code
    except PeerEthicsError as exc:
        report(exc)
        return exc.exit_code
    except BrokenPipeError:
        _quiet_pipe()
        return EXIT_OK
    except OutputFailed as exc:
        return _output_failed(exc.cause)
    except OSError as exc:
        if exc.filename is not None:
            raise  # not a write to a stream: a bug to see, not to word as one
        return _output_failed(exc)  # Typer writing a command's --help to a full disk
    except KeyboardInterrupt:
        say("")
        return EXIT_INTERRUPTED
    except SystemExit as exc:
        if isinstance(exc.__context__, BrokenPipeError):
            # Rich's answer to a closed pipe while Typer prints --help (`| head -1`): exit 1.
            return _output_failed(exc.__context__)
        raise
    finally:
        gc.set_threshold(*threshold)
        from . import progress

        progress.install(None)


def _output_failed(exc: OSError) -> int:
    if isinstance(exc, BrokenPipeError):
        _quiet_pipe()
        return EXIT_OK
    say(f"peerethics: error: cannot write the output: {exc.strerror or exc}")
    _quiet_pipe()  # what is still buffered goes nowhere, so the exit-time flush cannot fail
    return EXIT_OUTPUT


def flush_stdout() -> None:
    """Flush stdout now, so a failure is reported here rather than at interpreter shutdown."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputFailed(exc) from None


def say(line: str) -> None:
    """Write one line to stderr. If stderr itself cannot be written (``2>/dev/full``, closed),
    the line is lost but the exit code still tells what happened."""
    err = sys.stderr
    if err is None:
        return
    try:
        err.write(line + "\n")
        err.flush()
    except (OSError, ValueError):
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, err.fileno())
        except (OSError, ValueError):
            pass


def report(exc: PeerEthicsError) -> None:
    """Print an error for a person: problem lines first (FILE:LINE:COL), then one summary
    (worded by :func:`peerethics.errors.error_lines`, which ``peerethics mcp`` shares)."""
    for line in error_lines(exc):
        say(plain(line))


def plain(s: str) -> str:
    from .cli_render import inert

    return inert(s)


def _quiet_pipe() -> None:
    """The reader went away (``| head -1``) or the disk is full: stop writing, and let
    exit-time flushes succeed."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def emit(view: View, fmt: Format | None, as_json: bool) -> None:
    """Write a view in the chosen format to stdout: the one output path of every command."""
    from .cli_render import console, render

    chosen = Format.json if as_json else (fmt or Format.table)
    out = render(view, chosen)
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if out is None:
            view.pretty(console())
        elif chosen is Format.json and buffer is not None:
            # JSON is UTF-8 bytes whatever the stream's encoding (PYTHONIOENCODING=utf-16 would
            # otherwise make it unreadable to every JSON parser).
            sys.stdout.flush()
            buffer.write(out.encode("utf-8", "backslashreplace"))
            buffer.flush()
        else:
            sys.stdout.write(out)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputFailed(exc) from None


def check_format(fmt: Format | None, as_json: bool) -> None:
    """``--format csv --json`` asks for two formats: refuse it rather than pick one silently.
    A table for a person at a terminal (stdout and stderr both terminals) shows the progress of
    long work on stderr (:mod:`peerethics.progress`); JSON and pipes never do."""
    if as_json and fmt not in (None, Format.json):
        raise InputError(f"--json and --format {fmt.value} ask for two formats",
                         hint="give one of them")
    from .cli_render import is_terminal

    if (not as_json and fmt in (None, Format.table) and is_terminal(sys.stdout)
            and is_terminal(sys.stderr)):
        from . import progress

        progress.install(_Progress().report)


class _Progress:
    """``peerethics: reading data files 1,200/3,600`` on one line of stderr, rewritten at most
    ten times a second, shown only once the work has taken half a second, and wiped when done."""

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.start: float | None = None
        self.last = 0.0
        self.width = 0

    def report(self, label: str, done: int, total: int) -> None:
        now = self.clock()
        if self.start is None:
            self.start = now
        if now - self.start < 0.5 or (now - self.last < 0.1 and done + 1 < total):
            return
        self.last = now
        line = plain(f"peerethics: {label} {done + 1:,}/{total:,}")
        end = done + 1 >= total
        text = "\r" + " " * self.width + "\r" if end else "\r" + line.ljust(self.width)
        self.width = 0 if end else max(self.width, len(line))
        try:
            sys.stderr.write(text)
            sys.stderr.flush()
        except (OSError, ValueError):
            pass


def run_app(app: Any) -> int:
    """Run the Typer application ``app`` on this call's arguments, turning a malformed call (an
    unknown option, a missing argument, a value out of range) into one line on stderr and Click's
    exit code, rather than Click's usage block."""
    try:
        code = app(prog_name="peerethics", standalone_mode=False)
    except Exception as exc:
        message = getattr(exc, "format_message", None)
        exit_code = getattr(exc, "exit_code", None)
        if message is None or not isinstance(exit_code, int):
            raise
        text = str(message()).strip().rstrip(".")
        if text:  # empty when the help was printed instead (no arguments at all)
            ctx = getattr(exc, "ctx", None)
            where = getattr(ctx, "command_path", None) or _command_called(app)
            say(plain(f"peerethics: error: {text}; see '{where} --help'"))
        return exit_code
    return code if isinstance(code, int) else EXIT_OK


def _command_called(app: Any) -> str:
    """``peerethics COMMAND`` for an error Click raises without the command's context (an
    option given without its value: ``case MO-13 -l``), so it too points to that command's
    help; ``peerethics`` when no command was named."""
    names = {(c.name or c.callback.__name__).replace("_", "-")
             for c in app.registered_commands if c.name or c.callback}
    command = next((a for a in sys.argv[1:] if a in names), None)
    return f"peerethics {command}" if command else "peerethics"
