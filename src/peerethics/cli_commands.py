"""What each command does once its arguments are parsed: call the core, render, pick an exit code.

Two parsers lead here. ``cli.py`` declares the commands for Typer (help, completion, every
error message about a bad option); ``cli_fast.py`` parses the plain calls scripts make in a loop
without importing Typer at all. Both call these functions with the same values, and both turn
errors into output through :func:`guarded`, so a command cannot answer differently depending on
which parser read it. Nothing here imports Typer; Rich is imported only to draw a table.

These functions take every value explicitly and declare no defaults: the defaults are declared
once, in ``cli.py``, and reach the fast path through the table generated from it
(``cli_table.py``). A command that reads the catalog takes the global options
(:class:`peerethics.options.Globals`) as its first argument rather than reading a global, so
nothing is left over from one call to the next in a process that makes many (tests, a shell's
completion).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .cli_output import (
    EXIT_BAD_INPUT,
    EXIT_NOTHING,
    EXIT_OK,
    OutputFailed,
    check_format,
    emit,
    plain,
    say,
)
from .cli_worksheets import case as case  # their own module (see its docstring)
from .cli_worksheets import decide as decide
from .errors import InputError
from .formats import Format

if TYPE_CHECKING:
    from collections.abc import Sequence
    from os import PathLike

    # Typer gives paths, the fast path strings: both are paths to the core.
    Paths = Sequence[str | PathLike[str]]
    from .model import Catalog
    from .options import Globals


def _catalog(opts: Globals, *, say_absent: bool = True) -> Catalog:
    """The call's catalog; with ``--as-of``, a note on stderr naming the codes left out (no text
    on file in force that day) and those whose date could not be checked (``say_absent`` false
    for ``show``, whose error for such a code says it in full)."""
    cat = opts.catalog()
    day = cat.as_of_date
    if day is not None and cat.absent and say_absent:
        ids = ", ".join(cat.absent)
        say(plain(f"peerethics: note: no text on file in force on {day} for {ids}, so it is "
                  f"left out; `peerethics versions CODE` lists the versions on file"))
    if day is not None and cat.unchecked:
        ids = ", ".join(cat.unchecked)
        say(plain(f"peerethics: note: {ids} state{'s' if len(cat.unchecked) == 1 else ''} no "
                  f"date they took effect, so whether the text was in force on {day} could not "
                  "be checked"))
    return cat


def _code_option(cat: Catalog, code: list[str] | None) -> list[str] | None:
    """``--code`` as given, else ``PEERETHICS_CODES``'s default
    (:func:`peerethics.options.default_codes`); a code the variable names that does not exist
    is an error that says where it came from."""
    from .ids import resolve_code, split_codes
    from .options import ENV_CODES, default_codes

    chosen = default_codes(code)
    if chosen and not code:
        try:
            for given in chosen:
                for c in split_codes(cat, given):
                    resolve_code(cat, c)
        except InputError as exc:
            raise InputError(f"{ENV_CODES}: {exc.message}",
                             hint=f"fix or unset {ENV_CODES} (an explicit --code wins)") from None
    return chosen


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


# -------------------------------------------------------------------------------------- commands


def search(opts: Globals, query: list[str], code: list[str] | None, limit: int,
           explain: bool, fmt: Format | None, as_json: bool) -> int:
    from .cli_view_search import search_view
    from .cli_view_show import show_view
    from .id_or_query import not_words_error, principles_named, require_words
    from .ids import resolve_code, split_codes
    from .search_ranking import search as run_search
    from .search_spelling import suggestions

    check_format(fmt, as_json)
    text = " ".join(query)
    require_words(text, 'peerethics search "a client offered to buy me lunch"')
    cat = _catalog(opts)
    from_env = not code
    code = _code_option(cat, code)
    from_env = from_env and code is not None
    codes = [resolve_code(cat, c).id for given in code or [] for c in split_codes(cat, given)]
    principles = principles_named(cat, text)
    if principles:
        command = "peerethics show " + " ".join(p.id for p in principles)
        if as_json or fmt not in (None, Format.table):
            raise not_words_error(text, f"run {command}")  # a search's shape, or nothing
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
    without = "PEERETHICS_CODES= (empty)" if from_env else "without --code"
    hint = (f"other codes do: {', '.join(h.id for h in elsewhere)}; search {without}"
            if elsewhere
            else f"closest words in the codes: {', '.join(near)}" if near
            else "try fewer or other words" if len(query) > 1 or " " in text
            else "try another word")
    where = f" in {', '.join(codes)}" if codes else ""
    say(plain(f"peerethics: nothing found{where} for {text[:80]!r}; {hint}"))
    return EXIT_NOTHING


def show(opts: Globals, ids: list[str], fmt: Format | None, as_json: bool) -> int:
    from .cli_view_show import document_view, show_view
    from .ids import resolve_item, split_items
    from .model import Principle

    check_format(fmt, as_json)
    cat = _catalog(opts, say_absent=False)
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


def html(opts: Globals, output: str | None, code: list[str] | None) -> int:
    """The offline page (peerethics.html_page), to ``output`` or to stdout when that is not a
    terminal. The catalog is ``opts.catalog()``, as every command's: a global option (the data
    folders, and any later one such as ``--as-of``) reaches the page through it."""
    from .html_page import page
    from .ids import split_codes
    from .output_file import check_folder

    to_stdout = output in (None, "-")
    if to_stdout and sys.stdout.isatty():
        raise InputError("the page is a whole HTML file; give a file to write it to",
                         hint="peerethics html -o ethics.html")
    if not to_stdout:
        check_folder(str(output), opts.data_paths())
    cat = opts.catalog()
    codes = [c for given in code or [] for c in split_codes(cat, given)]
    data = page(cat, codes or None).encode("utf-8")
    if to_stdout:
        try:
            sys.stdout.flush()
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is not None:
                buffer.write(data)
            else:  # a text stream with no bytes beneath it (a test's StringIO)
                sys.stdout.write(data.decode("utf-8"))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None
        return EXIT_OK
    assert output is not None
    from .output_file import write_file

    write_file(output, data)
    say(plain(f"peerethics: wrote {output} ({len(data) / 1e6:.1f} MB): open it in any browser"))
    return EXIT_OK


def _stdin_lines() -> list[str]:
    """The lines of stdin for ``show -``: none if stdin is closed (``<&-``, where Python sets it to
    None) or unreadable; a UTF-8 byte-order mark at the start (Windows editors) is dropped, and
    bytes that are not UTF-8 reach the id check as escapes instead of stopping the read."""
    from .stdin import read_text

    return read_text(sys.stdin).splitlines()


def sanctions(opts: Globals, principle_id: list[str], level: str | None, fmt: Format | None,
              as_json: bool) -> int:
    from .cli_view_sanctions import code_menu_view, sanctions_view
    from .ids import looks_like_ids, resolve_item, resolve_principle, split_ids
    from .model import Code
    from .sanctions import code_menu, parse_level, sanction_menu

    check_format(fmt, as_json)
    cat = _catalog(opts)
    given = [i for item in principle_id for i in split_ids(item)]
    words = given[0].split() if len(given) == 1 else []
    if len(words) == 2 and looks_like_ids(words[0]) and not looks_like_ids(given[0]):
        given = words  # "MO-13 VS" in one argument: an id and (probably) a level
    if len(given) == 1:
        item = resolve_item(cat, given[0])
        if isinstance(item, Code):  # a code alone: its menus by level, and what each is for
            emit(code_menu_view(cat, code_menu(item, level)), fmt, as_json)
            return EXIT_OK
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
    emit(sanctions_view(cat, sanction_menu(cat, principle, level)), fmt, as_json)
    return EXIT_OK


def define(opts: Globals, term: list[str] | None, code: list[str] | None,
           fmt: Format | None, as_json: bool) -> int:
    from .cli_views import define_view, no_glossary_line
    from .glossary import define as look_up
    from .glossary import near_terms
    from .ids import resolve_code, split_codes

    check_format(fmt, as_json)
    cat = _catalog(opts)
    code = _code_option(cat, code)
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


def compare(opts: Globals, codes: list[str] | None, topic: str | None, differences: bool,
            full: bool, fmt: Format | None, as_json: bool) -> int:
    from .cli_views import compare_view
    from .comparison import compare as run_compare
    from .ids import split_codes

    check_format(fmt, as_json)
    cat = _catalog(opts)
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


def codes(opts: Globals, fmt: Format | None, as_json: bool) -> int:
    from .cli_views import codes_view

    check_format(fmt, as_json)
    emit(codes_view(_catalog(opts)), fmt, as_json)
    return EXIT_OK


def topics(opts: Globals, fmt: Format | None, as_json: bool) -> int:
    from .cli_views import topics_view

    check_format(fmt, as_json)
    emit(topics_view(_catalog(opts)), fmt, as_json)
    return EXIT_OK


def versions(opts: Globals, code: str, fmt: Format | None, as_json: bool) -> int:
    from datetime import date

    from .cli_view_versions import versions_view
    from .ids import resolve_code

    check_format(fmt, as_json)
    cat = _catalog(opts, say_absent=False)
    code_id = next((i for i in cat.absent if i.casefold() == code.strip().casefold()), None)
    code_id = code_id or resolve_code(cat, code).id
    day = cat.as_of_date or date.today().isoformat()
    emit(versions_view(code_id, cat.versions(code_id), day, today=cat.as_of_date is None),
         fmt, as_json)
    return EXIT_OK


def diff(opts: Globals, versions: list[str], fmt: Format | None, as_json: bool) -> int:
    from datetime import date

    from .cli_view_versions import diff_view
    from .diff import diff as run_diff

    check_format(fmt, as_json)
    if len(versions) > 2:
        raise InputError(f"diff takes two versions, not {len(versions)}",
                         hint="e.g. peerethics diff XV@2019 XV@2024")
    cat = _catalog(opts, say_absent=False)
    old, new = versions[0], versions[-1] if len(versions) == 2 else versions[0].partition("@")[0]
    difference = run_diff(cat, old, new)
    emit(diff_view(difference, cat.as_of_date or date.today().isoformat()), fmt, as_json)
    return EXIT_OK


def quiz(opts: Globals, code: list[str] | None, topic: str | None, questions: int,
         seed: int | None, kind: list[str] | None, fmt: Format | None, as_json: bool) -> int:
    from .cli_quiz import run

    check_format(fmt, as_json)
    cat = _catalog(opts)
    return run(cat, _code_option(cat, code), topic, questions, seed, kind, fmt, as_json)


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


def verify(opts: Globals, quote: str, principle_id: str | None, fmt: Format | None,
           as_json: bool) -> int:
    from .cli_view_verify import verify_view
    from .verify import verify_quote

    check_format(fmt, as_json)
    found = verify_quote(opts.catalog(), quote, principle_id)
    emit(verify_view(found), fmt, as_json)
    return EXIT_OK if found.status == "verified" else EXIT_NOTHING


def mcp(opts: Globals, http: bool, address: str | None, host: str | None,
        port: int | None) -> int:
    """Serve the codes over the Model Context Protocol on stdio (:mod:`peerethics.mcp_server`),
    with this call's global options, until the client hangs up; or over HTTP at ``address``
    (``[HOST:]PORT``, or ``--host``/``--port``: :func:`peerethics.mcp_http.listen_address`)
    until interrupted."""
    import errno

    from .mcp_server import serve

    if http or address is not None or host is not None or port is not None:
        from .mcp_http import listen_address
        from .mcp_http import serve as serve_http

        return serve_http(opts, *listen_address(http, address, host, port))

    # The protocol runs on the standard streams: a closed one is said in one line up front, and
    # a stream that fails mid-session (a full disk) ends it as any failed write does.
    if sys.stdin is None or getattr(sys.stdin, "buffer", None) is None:
        raise InputError("peerethics mcp reads its client's requests on stdin, which is closed",
                         hint="start it from an MCP client (see docs/mcp.md)")
    if sys.stdout is None or getattr(sys.stdout, "buffer", None) is None:
        raise OutputFailed(OSError(errno.EBADF, "stdout is closed"))
    try:
        return serve(opts)
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
