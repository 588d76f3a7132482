"""What each command does once its arguments are parsed: call the core, render, pick an exit code.

Two parsers lead here. ``cli.py`` declares the commands for Typer (help, completion, every
error message about a bad option); ``cli_fast.py`` parses the plain calls scripts make in a loop
without importing Typer at all. Both call these functions with the same values, and both turn
errors into output through :func:`guarded`, so a command cannot answer differently depending on
which parser read it. Nothing here imports Typer; Rich is imported only to draw a table.

These functions take every value explicitly and declare no defaults: the defaults are declared
once, in ``cli.py``, and reach the fast path through the table generated from it
(``cli_table.py``). A command that reads the catalog takes ``data_dirs`` (the ``--data-dir``
directories) as its first argument rather than reading a global, so nothing is left over from
one call to the next in a process that makes many (tests, a shell's completion).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from .errors import InputError, PeerEthicsError, error_lines
from .formats import Format

if TYPE_CHECKING:
    from collections.abc import Sequence
    from os import PathLike

    # Typer gives paths, the fast path strings: both are paths to the core.
    Paths = Sequence[str | PathLike[str]]
    from .cli_render import View
    from .model import Catalog

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
    from .cli_render import fit_streams

    fit_streams()
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


def catalog(data_dirs: Paths) -> Catalog:
    """The catalog a command answers from: bundled codes, PEERETHICS_DATA, then ``data_dirs``
    (``--data-dir``)."""
    from .catalog import load_catalog
    from .discover import env_data_dirs

    return load_catalog(env_data_dirs() + list(data_dirs))


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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def check_format(fmt: Format | None, as_json: bool) -> None:
    """``--format csv --json`` asks for two formats: refuse it rather than pick one silently."""
    if as_json and fmt not in (None, Format.json):
        raise InputError(f"--json and --format {fmt.value} ask for two formats",
                         hint="give one of them")


# -------------------------------------------------------------------------------------- commands


def search(data_dirs: Paths, query: list[str], code: list[str] | None, limit: int,
           explain: bool, fmt: Format | None, as_json: bool) -> int:
    from .cli_views import search_view, show_view
    from .ids import code_of, looks_like_ids, resolve_code, resolve_principle, split_codes
    from .search_ranking import search as run_search
    from .search_spelling import suggestions

    check_format(fmt, as_json)
    text = " ".join(query)
    if not text.strip():
        raise InputError("the query is empty", hint='give words to look for, e.g. '
                         'peerethics search "a client offered to buy me lunch"')
    cat = catalog(data_dirs)
    codes = [resolve_code(cat, c).id for given in code or [] for c in split_codes(cat, given)]
    # A person who typed an id (MO-13) wants that principle, not words like it.
    as_ids = looks_like_ids(text)
    if as_ids:
        try:
            principles = [resolve_principle(cat, i) for i in as_ids]
        except InputError:
            if all(code_of(cat, i) for i in as_ids):
                raise  # a code's id and a number past its end: say its range, not "no words"
            principles = []
        if principles:
            command = "peerethics show " + " ".join(p.id for p in principles)
            if as_json or fmt not in (None, Format.table):
                # Scripts get no other shape than a search's: point to the command instead.
                raise InputError(f"{text.strip()[:60]!r} is a principle id, not words to search "
                                 "for", hint=f"run {command}")
            emit(show_view(cat, principles), fmt, as_json)
            sys.stderr.write(f"peerethics: {text.strip()[:60]!r} is a principle id, so this is "
                             f"what `{command}` prints; search takes words\n")
            return EXIT_OK
    hits = run_search(cat, text, codes=codes or None, limit=limit)
    if hits:
        emit(search_view(cat, hits, explain, text), fmt, as_json)
        return EXIT_OK
    if as_json or fmt not in (None, Format.table):
        emit(search_view(cat, [], explain, text), fmt, as_json)  # `[]`, or a header only
    elsewhere = run_search(cat, text, limit=3) if codes else []
    near = [] if elsewhere else suggestions(cat, text)
    hint = (f"other codes do: {', '.join(h.id for h in elsewhere)}; search without --code"
            if elsewhere
            else f"closest words in the codes: {', '.join(near)}" if near
            else "try fewer or other words" if len(query) > 1 or " " in text
            else "try another word")
    where = f" in {', '.join(codes)}" if codes else ""
    say(plain(f"peerethics: nothing found{where} for {text[:80]!r}; {hint}"))
    return EXIT_NOTHING


def show(data_dirs: Paths, ids: list[str], fmt: Format | None, as_json: bool) -> int:
    from .cli_views import document_view, show_view
    from .ids import resolve_item, split_items
    from .model import Principle

    check_format(fmt, as_json)
    cat = catalog(data_dirs)
    wanted: list[str] = []
    for item in ids:
        if item == "-":
            wanted += [ln.strip() for ln in _stdin_lines() if ln.strip() and not ln.startswith("#")]
        else:
            wanted.append(item)
    if not wanted:
        raise InputError("no ids given on stdin",
                         hint="e.g. printf 'MO-13\\nCT-12\\n' | peerethics show -")
    items = [resolve_item(cat, i) for item in wanted for i in split_items(cat, item)]
    principles = [i for i in items if isinstance(i, Principle)]
    if len(principles) == len(items):
        emit(show_view(cat, principles), fmt, as_json)
    else:  # a code's id alone: the whole code, in document order
        emit(document_view(cat, items), fmt, as_json)
    return EXIT_OK


def _stdin_lines() -> list[str]:
    """The lines of stdin for ``show -``: none if stdin is closed (``<&-``, where Python sets it to
    None) or unreadable; a UTF-8 byte-order mark at the start (Windows editors) is dropped, and
    bytes that are not UTF-8 reach the id check as escapes instead of stopping the read."""
    from .stdin import read_text

    return read_text(sys.stdin).splitlines()


def sanctions(data_dirs: Paths, principle_id: list[str], level: str | None, fmt: Format | None,
              as_json: bool) -> int:
    from .cli_views import sanctions_view
    from .ids import looks_like_ids, resolve_principle, split_ids
    from .sanctions import parse_level, sanction_menu

    check_format(fmt, as_json)
    cat = catalog(data_dirs)
    given = [i for item in principle_id for i in split_ids(item)]
    words = given[0].split() if len(given) == 1 else []
    if len(words) == 2 and looks_like_ids(words[0]) and not looks_like_ids(given[0]):
        given = words  # "MO-13 VS" in one argument: an id and (probably) a level
    principle = resolve_principle(cat, given[0])
    if len(given) > 1:
        extra = given[1]
        if len(given) == 2 and not looks_like_ids(extra):
            code = cat.code(principle.code)
            try:
                as_level = parse_level(code, extra) if code is not None else extra
            except InputError:
                as_level = extra.strip()[:20]
            raise InputError(f"unexpected {extra.strip()[:20]!r} after the id; a level is an "
                             "option", hint=f"peerethics sanctions {principle.id} "
                                            f"--level {as_level}")
        raise InputError(f"sanctions takes one principle id (got {len(given)})",
                         hint=f"run it once per id, e.g. peerethics sanctions {principle.id}")
    emit(sanctions_view(sanction_menu(cat, principle, level)), fmt, as_json)
    return EXIT_OK


def define(data_dirs: Paths, term: list[str] | None, code: list[str] | None,
           fmt: Format | None, as_json: bool) -> int:
    from .cli_views import define_view, no_glossary_line
    from .glossary import define as look_up
    from .glossary import near_terms
    from .ids import resolve_code, split_codes

    check_format(fmt, as_json)
    cat = catalog(data_dirs)
    codes = [resolve_code(cat, c) for given in code or [] for c in split_codes(cat, given)]
    query = " ".join(term or [])
    lookup = look_up(cat, query, list(dict.fromkeys(codes)) or None)
    if lookup.found:
        emit(define_view(lookup), fmt, as_json)
        return EXIT_OK
    if as_json or fmt not in (None, Format.table):
        emit(define_view(lookup), fmt, as_json)  # no definitions, and which codes have none
    with_glossary = [c for c in lookup.codes if c.glossary]
    if not with_glossary:
        say(plain(f"peerethics: {no_glossary_line(list(lookup.codes))}"))
        others = [c.id for c in cat.codes if c.glossary]
        if others:
            say(plain(f"peerethics: codes with a glossary: {', '.join(others)}"))
        return EXIT_NOTHING
    near = near_terms(lookup)
    where = ", ".join(c.id for c in with_glossary)
    hint = (f"did you mean {' or '.join(repr(t) for t in near)}?" if near
            else f"peerethics define --code {with_glossary[0].id} lists its terms")
    say(plain(f"peerethics: {query.strip()[:60]!r} is not a term the glossary of {where} "
              f"defines; {hint}"))
    return EXIT_NOTHING


def compare(data_dirs: Paths, codes: list[str] | None, topic: str | None, differences: bool,
            full: bool, fmt: Format | None, as_json: bool) -> int:
    from .cli_views import compare_view
    from .comparison import compare as run_compare
    from .ids import split_codes

    check_format(fmt, as_json)
    cat = catalog(data_dirs)
    codes = [c for given in codes or [] for c in split_codes(cat, given)]
    comp = run_compare(cat, codes or None, topic=topic, differences=differences)
    wide = (fmt in (Format.markdown, Format.csv)) or full
    if comp.rows or as_json or fmt not in (None, Format.table):
        # An empty table would read as an answer; for a person, the message below is the answer
        # (scripts still get their JSON or CSV shape, with no rows).
        emit(compare_view(cat, comp, full=full, wide=wide), fmt, as_json)
    if not comp.rows:
        say("peerethics: the codes do not differ on any topic shown")
        return EXIT_NOTHING
    return EXIT_OK


def codes(data_dirs: Paths, fmt: Format | None, as_json: bool) -> int:
    from .cli_views import codes_view

    check_format(fmt, as_json)
    emit(codes_view(catalog(data_dirs)), fmt, as_json)
    return EXIT_OK


def topics(data_dirs: Paths, fmt: Format | None, as_json: bool) -> int:
    from .cli_views import topics_view

    check_format(fmt, as_json)
    emit(topics_view(catalog(data_dirs)), fmt, as_json)
    return EXIT_OK


def quiz(data_dirs: Paths, code: list[str] | None, topic: str | None, questions: int,
         seed: int | None, kind: list[str] | None, fmt: Format | None, as_json: bool) -> int:
    from .cli_quiz import run

    check_format(fmt, as_json)
    return run(catalog(data_dirs), code, topic, questions, seed, kind, fmt, as_json)


def validate(paths: Paths, fmt: Format | None, as_json: bool) -> int:
    from .cli_views import validate_view
    from .validate import validate_paths

    check_format(fmt, as_json)
    files, problems = validate_paths(paths)
    if problems or as_json or fmt not in (None, Format.table):
        emit(validate_view(files, problems), fmt, as_json)  # valid: the summary line says so
    if problems:
        where = {p.file for p in problems}  # a missing path is "a file" with a problem too
        say(f"peerethics: {_plural(len(problems), 'problem')} in {_plural(len(where), 'file')}")
        return EXIT_BAD_INPUT
    say(f"peerethics: {_plural(len(files), 'file')} valid")
    return EXIT_OK


def mcp(data_dirs: Paths) -> int:
    """Serve the codes over the Model Context Protocol on stdio (:mod:`peerethics.mcp_server`),
    from the bundled codes, PEERETHICS_DATA and ``data_dirs``, until the client hangs up."""
    import errno

    from .discover import env_data_dirs
    from .mcp_server import serve

    # The protocol runs on the standard streams: a closed one is said in one line up front, and
    # a stream that fails mid-session (a full disk) ends it as any failed write does.
    if sys.stdin is None or getattr(sys.stdin, "buffer", None) is None:
        raise InputError("peerethics mcp reads its client's requests on stdin, which is closed",
                         hint="start it from an MCP client (see docs/mcp.md)")
    if sys.stdout is None or getattr(sys.stdout, "buffer", None) is None:
        raise OutputFailed(OSError(errno.EBADF, "stdout is closed"))
    try:
        return serve([*env_data_dirs(), *(os.fspath(d) for d in data_dirs)])
    except OSError as exc:
        raise OutputFailed(exc) from None
    except BaseExceptionGroup as group:  # the SDK's task group wraps what failed in it
        failed, _ = group.split(OSError)
        if failed is None:
            raise
        first: BaseException = failed
        while isinstance(first, BaseExceptionGroup):
            first = first.exceptions[0]
        assert isinstance(first, OSError)
        raise OutputFailed(first) from None
