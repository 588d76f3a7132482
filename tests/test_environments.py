"""Output and process faults (issue 13): encodings that cannot carry the codes' characters,
output that cannot be written, closed or odd stdin, narrow terminals, CSV read by a spreadsheet,
and random environments and data dirs. Each test reproduces what once broke the tool, in a real
process where the fault is about processes, streams or files."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import EXAMPLES_VALID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_loader import VALID

from peerethics.cli_output import EXIT_OUTPUT
from peerethics.cli_render import csv_cell, lookalike

CMD = [sys.executable, "-m", "peerethics"]
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX streams and terminals")
DEV_FULL = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
DOCUMENTED = {0, 1, 2, EXIT_OUTPUT}


def cli(*args: str, env: dict[str, str | None] | None = None, stdin: bytes | None = None,
        timeout: float = 30) -> subprocess.CompletedProcess[bytes]:
    """Run peerethics; an env value of None removes that variable."""
    full = {**os.environ}
    for key, value in (env or {}).items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    return subprocess.run([*CMD, *args], capture_output=True, timeout=timeout, env=full,
                          input=stdin)


def shell(line: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run a shell line where ``PE`` is peerethics; the exit code is peerethics' own."""
    return subprocess.run(["/bin/bash", "-c", line], capture_output=True, timeout=30,
                          env={**os.environ, "PE": " ".join(CMD), **(env or {})})


def no_traceback(result: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in result.stderr, result.stderr.decode("utf-8", "replace")
    assert b"Exception ignored" not in result.stderr, result.stderr


def in_parallel(commands: list[list[str]], env: dict[str, str] | None = None,
                stdout: int | None = subprocess.PIPE,
                ) -> list[subprocess.CompletedProcess[bytes]]:
    """Run several processes at once (this suite runs on two cores): each is independent, so
    reading one's output while another waits on a full pipe cannot deadlock."""
    procs = [subprocess.Popen(c, stdout=stdout, stderr=subprocess.PIPE,
                              env={**os.environ, "PE": " ".join(CMD), **(env or {})})
             for c in commands]
    done = []
    for command, proc in zip(commands, procs, strict=True):
        out, err = proc.communicate(timeout=60)
        done.append(subprocess.CompletedProcess(command, proc.returncode, out or b"", err))
    return done


# ------------------------------------------------------------------ 1. streams that are not UTF-8

def test_text_degrades_on_a_stream_that_is_not_utf8() -> None:
    """`PYTHONIOENCODING=ascii peerethics codes` (or an ISO-8859-1 locale: Python then writes
    Latin-1 just the same) once crashed with UnicodeEncodeError: now characters the stream
    cannot carry become ASCII lookalikes, and JSON is ASCII-escaped."""
    calls = [("ascii", ["codes"]), ("ascii", ["sanctions", "MO-8"]),
             ("latin-1", ["compare", "MO", "CT"]), ("ascii", ["show", "CT-1", "--json"]),
             ("latin-1", ["codes", "--json"])]
    results = in_parallel([["env", f"PYTHONIOENCODING={enc}", *CMD, *args]
                           for enc, args in calls])
    for (encoding, args), result in zip(calls, results, strict=True):
        no_traceback(result)
        assert result.returncode == 0 and result.stderr == b"", (args, result.stderr)
        out = result.stdout.decode(encoding)  # nothing the stream cannot carry
        if args == ["codes"]:
            assert "Code of Ethical Conduct -" in out  # an en dash, as a hyphen
        if args == ["sanctions", "MO-8"]:
            assert "Missouri (MCB CPS) - Certified" in out and "* Revocation" in out
        if "--json" in args:
            assert result.stdout.isascii() and json.loads(result.stdout)
    assert b"Conduct \\u2013 Certified" in results[3].stdout


@pytest.mark.parametrize("charset, fmt", [("ascii", "table"), ("ascii", "markdown"),
                                          ("ascii", "csv"), ("ascii", "json"),
                                          ("latin-1", "table"), ("latin-1", "json")])
@pytest.mark.parametrize("args", [["codes"], ["sanctions", "XB-2"], ["compare", "XA", "XB"],
                                  ["show", "XB-2"], ["topics"],
                                  ["search", "borrow money", "-c", "XB", "-n", "2"]],
                         ids=" ".join)
def test_every_format_fits_the_stream(charset: str, fmt: str, args: list[str]) -> None:
    """The same in-process, for every command and format: the stream's bytes decode in its own
    encoding, and JSON, ASCII-escaped, parses to the same value as UTF-8 JSON. The answers are
    tests/examples/valid's codes, whose every part carries characters beyond ASCII (dashes,
    curly quotes, an accent), so each case has something the stream cannot carry."""
    from typer.testing import CliRunner

    from peerethics.cli import app

    args = ["--data-dir", str(EXAMPLES_VALID), *args, "-f", fmt]
    utf8 = CliRunner().invoke(app, args)
    assert utf8.exit_code == 0, utf8.output
    assert not utf8.stdout_bytes.isascii(), "a case the narrow stream has nothing to change in"
    narrow = CliRunner(charset=charset).invoke(app, args)
    assert narrow.exception is None or isinstance(narrow.exception, SystemExit), narrow.exception
    assert narrow.exit_code == 0, narrow.output
    narrow.stdout_bytes.decode(charset)
    if charset == "ascii" or fmt == "json":
        assert narrow.stdout_bytes.isascii()
    if fmt == "json":
        assert json.loads(narrow.stdout_bytes) == json.loads(utf8.stdout_bytes)


def test_messages_on_stderr_degrade_too() -> None:
    """Python escaped them as \\u2013; they now read as the same lookalikes as stdout."""
    from typer.testing import CliRunner

    from peerethics.cli import app

    result = CliRunner(charset="ascii").invoke(app, ["search", "zzq\u2013x"])
    assert result.exit_code == 1 and result.stderr_bytes.count(b"\n") == 1
    assert b"'zzq-x'" in result.stderr_bytes


def test_lookalikes() -> None:
    assert [lookalike(c) for c in "\u00b7\u2022\u2013\u2014\u2019\u201c\u2026\u00e9\u2500"] == \
        ["-", "*", "-", "--", "'", '"', "...", "e", "-"]
    assert lookalike("\u4e2d") == "?" and lookalike("\udcff") == "\\xff"


def test_json_never_holds_a_lone_surrogate() -> None:
    """A byte that was not UTF-8 reaches JSON as the text "\\xff" (as file names are shown),
    never as a lone surrogate: no stream can encode one, and strict parsers refuse its escape."""
    from peerethics.contract import dumps

    for indent in (True, False):
        text = dumps({"origin": "bad\udcffname"}, indent=indent)
        text.encode("utf-8")
        assert json.loads(text) == {"origin": "bad\\xffname"}


# ---------------------------------------------------------------- 2. output that cannot be written


FULL = "peerethics: error: cannot write the output: No space left on device\n"
CLOSED = "peerethics: error: cannot write the output: stdout is closed\n"


@DEV_FULL
def test_unwritable_output_is_one_line_and_exit_74() -> None:
    """`peerethics codes > /dev/full` and `>&-` (Python then sets sys.stdout to None) were
    tracebacks; so were help and --version written there."""
    cases = [("codes > /dev/full", FULL), ("show MO-8 --json > /dev/full", FULL),
             ("--help > /dev/full", FULL), ("search --help > /dev/full", FULL),
             ("codes >&-", CLOSED), ("--version >&-", CLOSED), ("codes >/dev/full 2>&-", "")]
    results = in_parallel([["/bin/bash", "-c", f"$PE {line}"] for line, _ in cases])
    for (line, message), result in zip(cases, results, strict=True):
        assert (result.returncode, result.stderr.decode()) == (EXIT_OUTPUT, message), line


@DEV_FULL
def test_an_unwritable_stderr_keeps_the_exit_code() -> None:
    """With `2>/dev/full`, `show MO-99` exited 1 (the traceback's code) instead of 2."""
    cases = [("show MO-99 2>/dev/full", 2), ("search zzqxv 2>/dev/full", 1),
             ("show MO-99 2>&-", 2)]
    results = in_parallel([["/bin/bash", "-c", f"$PE {line}"] for line, _ in cases])
    assert [r.returncode for r in results] == [code for _, code in cases]


@POSIX
def test_help_to_a_reader_that_goes_away_ends_quietly_with_0() -> None:
    """`peerethics --help | head -1` exited 1 (Rich's answer to a closed pipe). A command's
    output into `| head -1` is tests/test_process.py's."""
    result = shell("$PE --help | head -1; exit ${PIPESTATUS[0]}")
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.count(b"\n") == 1


# ------------------------------------------------------------------------------------- 4. CSV


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "=HYPERLINK(\"x\")"])
def test_csv_cells_that_start_like_a_formula_are_neutralised(cell: str) -> None:
    assert csv_cell(cell) == "'" + cell
    assert csv_cell("a=1") == "a=1" and csv_cell("") == ""
    assert csv_cell("\rx") == "\\x0dx"  # a carriage return is made inert before the check


def test_csv_formula_injection_from_a_data_file(run, tmp_path: Path) -> None:
    title = '=HYPERLINK("http://evil.example","click")'
    (tmp_path / "ag.yaml").write_text(
        VALID.replace("title: Example Agency Peer Code\n", f"title: '{title}'\n")
        .replace("jurisdiction: Example County", "jurisdiction: '@SUM(1+1)'"), encoding="utf-8")
    out = run("--data-dir", str(tmp_path), "codes", "-f", "csv")
    assert out.exit_code == 0, out.stderr
    rows = {r[0]: r for r in csv.reader(io.StringIO(out.stdout))}
    assert "'" + title in rows["AG"] and "'@SUM(1+1)" in rows["AG"]
    data = run.json("--data-dir", str(tmp_path), "codes", "--json")
    ag = next(c for c in data if c["id"] == "AG")  # type: ignore[union-attr]
    assert ag["title"] == title and ag["jurisdiction"] == "@SUM(1+1)"
    markdown = run("--data-dir", str(tmp_path), "codes", "-f", "markdown").stdout
    assert "| @SUM(1+1) |" in markdown and "'@" not in markdown
    table = run("--data-dir", str(tmp_path), "codes").stdout
    assert "'@" not in table and "@SUM(1+1)" in table


# --------------------------------------------------------------------------- 5. narrow terminals


def _in_pty(*args: str, columns: int, env: dict[str, str | None]) -> tuple[int, str]:
    """Run with stdout on a pseudo-terminal ``columns`` wide; return the exit code and output."""
    from test_process import in_pty

    return in_pty(list(args), env, columns)


@POSIX
@pytest.mark.parametrize("columns, env", [(80, {"COLUMNS": "5"}), (8, {"COLUMNS": None})])
def test_a_very_narrow_terminal_still_prints_the_words(columns: int,
                                                       env: dict[str, str | None]) -> None:
    """In a pty with COLUMNS <= 10, `search` printed blank lines and exited 0."""
    code, out = _in_pty("search", "gifts", "-n", "1", columns=columns,
                        env={**env, "NO_COLOR": None})
    assert code == 0
    assert "\x1b[" in out  # coloured: the path that drew nothing
    out = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "accept gifts" in out and "NE-14" in out


# ----------------------------------------------------------------------------------- 6. stdin


def test_a_byte_order_mark_on_stdin_is_dropped(run) -> None:
    """A file saved by a Windows editor: the first id was `\\ufeffMO-1`, not an id."""
    bom = b"\xef\xbb\xbfMO-1\r\nCT-2\r\n"
    data = run.json("show", "-", "--json", input=bom)  # type: ignore[arg-type]
    assert [p["id"] for p in data] == ["MO-1", "CT-2"]  # type: ignore[union-attr]


def test_bytes_on_stdin_that_are_not_utf8_are_an_unknown_id(run) -> None:
    """They stopped the read with UnicodeDecodeError."""
    result = run("show", "-", input=b"MO-1\n\xff\xfe\n")  # type: ignore[arg-type]
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "is not a principle id" in result.stderr


@POSIX
def test_a_closed_stdin_is_no_ids_not_a_traceback() -> None:
    """`show - <&-` was a TypeError traceback (Python sets sys.stdin to None)."""
    result = shell("$PE show - <&-")
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.startswith(b"peerethics: error: no ids given on stdin")
    assert result.stderr.count(b"\n") == 1


# ------------------------------------------------------------------------- 7. random everything


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (a FIFO opened for reading waits for a writer forever)."""
    def ring(signum: int, frame: object) -> None:
        raise TimeoutError("hung on a special file")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# Hidden names (skipped by design) and `topics` (a taxonomy, not a code) have outcomes of their own.
NAME = st.binary(min_size=1, max_size=16).filter(
    lambda b: b"/" not in b and b"\x00" not in b and not b.startswith(b".") and b != b"topics")


@POSIX
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAME, min_size=1, max_size=3, unique=True),
       suffix=st.sampled_from([b"", b".yaml", b".yml"]), valid=st.booleans())
def test_any_file_names_give_documented_outcomes(run, names: list[bytes], suffix: bytes,
                                                 valid: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(os.fsencode(tmp), names[0])
        os.mkdir(folder)
        for i, name in enumerate(names):
            body = VALID.replace("id: AG", f"id: AG{chr(65 + i)}") if valid else "id: [\n"
            with open(os.path.join(folder, name + suffix), "w", encoding="utf-8") as fh:
                fh.write(body.replace("AG-", f"AG{chr(65 + i)}-"))
        where = os.fsdecode(folder)
        loaded = run("--data-dir", where, "codes", "--json")
        checked = run("validate", where, "--json")
        assert "Traceback" not in loaded.stderr + checked.stderr
        report = json.loads(checked.stdout)
        ours = {f"AG{chr(65 + i)}" for i in range(len(names))}
        if not suffix:  # no file is a code file: the folder itself is the one problem
            assert loaded.exit_code == checked.exit_code == 2
            assert [p["message"] for p in report["problems"]] == [
                "directory holds no .yaml code files (nor a topics.yaml)"]
        elif valid:  # every file loads, whatever its name
            assert loaded.exit_code == checked.exit_code == 0, (loaded.stderr, checked.stdout)
            assert ours <= {c["id"] for c in json.loads(loaded.stdout)}
            assert report["valid"] and len(report["files"]) == len(names)
        else:  # every file is reported, under its own name
            assert loaded.exit_code == checked.exit_code == 2
            assert loaded.stdout == "" and not report["valid"]
            assert len({p["file"] for p in report["problems"]}) == len(names)


def _special(folder: Path, kind: str, name: str) -> None:
    path = folder / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "dangling":
        path.symlink_to(folder / "nowhere")
    elif kind == "loop":
        path.symlink_to(path)
    else:
        path.write_text(VALID, encoding="utf-8")


@POSIX
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.tuples(st.sampled_from(["fifo", "dev-zero", "directory", "empty",
                                                  "dangling", "loop", "valid"]),
                                 st.sampled_from(["x.yaml", "y.yml", "codes", "topics.yaml",
                                                  "z.yaml"])),
                       min_size=1, max_size=4, unique_by=lambda f: f[1]),
       command=st.sampled_from([["codes", "--json"], ["show", "AG-1", "--json"],
                                ["search", "gifts", "--json"]]))
def test_any_special_files_in_a_data_dir_give_documented_outcomes(
        run, files: list[tuple[str, str]], command: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp, alarm(20):
        folder = Path(tmp)
        for kind, name in files:
            _special(folder, kind, name)
        result = run("--data-dir", tmp, *command)
        assert result.exit_code in (0, 1, 2), (files, result.exit_code, result.stderr)
        assert "Traceback" not in result.stderr
        if result.exit_code != 2:  # a data error prints its problems on stderr only
            json.loads(result.stdout)
        checked = run("validate", tmp, "--json")
        assert checked.exit_code in (0, 2)
        json.loads(checked.stdout)


ENCODINGS = st.sampled_from([None, "ascii", "latin-1", "utf-8"])
LOCALES = st.sampled_from([None, "C", "POSIX", "C.UTF-8", "en_US.ISO-8859-1", "xx_XX.nonsense"])
COLUMNS = st.one_of(st.none(), st.integers(1, 300).map(str), st.sampled_from(["0", "-3", "abc"]))
HOMES = st.sampled_from([None, "", "/nonexistent/home", "/dev/null", "relative/home"])
CALLS = st.sampled_from([["codes"], ["sanctions", "MO-8"], ["compare", "MO", "CT"],
                         ["show", "CT-1"], ["search", "gifts"], ["show", "MO-99"],
                         ["search", "zzqxv"], ["topics", "-f", "csv"]])


@POSIX
@settings(max_examples=6, deadline=None)
@given(encoding=ENCODINGS, locale=LOCALES, columns=COLUMNS, home=HOMES,
       no_color=st.booleans(), call=CALLS, as_json=st.booleans())
def test_any_environment_gives_documented_outcomes(
        encoding: str | None, locale: str | None, columns: str | None, home: str | None,
        no_color: bool, call: list[str], as_json: bool) -> None:
    env: dict[str, str | None] = {
        "PYTHONIOENCODING": encoding, "LC_ALL": locale, "LANG": locale, "COLUMNS": columns,
        "NO_COLOR": "1" if no_color else None,
    }
    if home is not None:  # an odd HOME, and no cache dir given: the cache follows HOME or is off
        env.update(HOME=home, PEERETHICS_CACHE_DIR=None, XDG_CACHE_HOME=None)
    json_out = as_json
    full = {**os.environ}
    for key, value in env.items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    with tempfile.TemporaryDirectory() as tmp:  # the working directory, for a relative HOME
        result = subprocess.run([*CMD, *call, *(["--json"] if json_out else [])],
                                capture_output=True, timeout=30, cwd=tmp, env=full)
    assert result.returncode in DOCUMENTED, (env, call, result.stderr)
    no_traceback(result)
    if json_out and result.returncode in (0, 1):
        json.loads(result.stdout)
    if result.returncode == 2 and call[0] == "show":
        assert result.stderr.count(b"\n") == 1
