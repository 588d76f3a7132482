"""The installed tool as a user runs it: a real process, pipes, terminals, any directory."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

CMD = [sys.executable, "-m", "peerethics"]


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
        input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CMD, *args], capture_output=True, text=True, cwd=cwd, input=input,
                          env={**os.environ, **(env or {})}, timeout=60)


def test_runs_from_any_directory(tmp_path: Path) -> None:
    result = run("show", "MO-13", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "MO-13"


def test_closed_pipe_ends_quietly() -> None:
    """`peerethics search the | head -1`: no traceback, no 'Broken pipe' message."""
    proc = subprocess.run(
        f"{sys.executable} -m peerethics search the --limit 80 | head -1; "
        f"exit ${{PIPESTATUS[0]}}",
        shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=60)
    assert proc.stdout.count("\n") == 1
    assert proc.stderr == ""
    assert proc.returncode == 0


def test_json_is_the_only_thing_on_stdout() -> None:
    result = run("search", "gifts", "--json")
    assert result.returncode == 0 and result.stderr == ""
    json.loads(result.stdout)


def in_pty(args: list[str], env: dict[str, str | None],
           columns: int | None = None) -> tuple[int, str]:
    """Run with stdout on a pseudo-terminal (``columns`` wide if given), as in a real shell;
    return the exit code and what it printed. ``env`` adds to the environment; None removes."""
    main, child = pty.openpty()
    if columns is not None:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    full = {**os.environ, "TERM": "xterm-256color"}
    for key, value in env.items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    proc = subprocess.Popen([*CMD, *args], stdout=child, stderr=subprocess.DEVNULL, env=full)
    os.close(child)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    code = proc.wait(timeout=60)
    os.close(main)
    return code, out.decode("utf-8", "replace")


def _in_terminal(*args: str, env: dict[str, str]) -> str:
    """What a command prints in a terminal (see :func:`in_pty`)."""
    return in_pty(list(args), dict(env))[1]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_colour_only_in_a_terminal_and_never_with_no_color() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    coloured = _in_terminal("show", "MO-13", env={**env, "NO_COLOR": ""})
    assert "\x1b[" in coloured
    plain = _in_terminal("show", "MO-13", env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "CPS will not exchange gifts" in plain
    piped = run("show", "MO-13")
    assert "\x1b[" not in piped.stdout


def test_errors_are_one_line_without_traceback() -> None:
    result = run("show", "MO-99")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_shell_completion_offers_principle_and_code_ids() -> None:
    env = {"_PEERETHICS_COMPLETE": "complete_bash", "COMP_WORDS": "peerethics show MO-2",
           "COMP_CWORD": "2"}
    result = run(env=env)
    assert result.stdout.split() == ["MO-2", "MO-20", "MO-21"]
    env = {"_PEERETHICS_COMPLETE": "complete_bash", "COMP_WORDS": "peerethics compare MO",
           "COMP_CWORD": "2"}
    assert run(env=env).stdout.split() == ["MO", "MO-DMH"]


def test_completion_reads_the_data_dirs_of_the_line_being_completed() -> None:
    """Completion gets --data-dir from its own context (no global, no callback run)."""
    examples = str(Path(__file__).resolve().parents[1] / "examples")
    env = {"_PEERETHICS_COMPLETE": "complete_bash",
           "COMP_WORDS": f"peerethics --data-dir {examples} show EXA", "COMP_CWORD": "4"}
    assert run(env=env).stdout.split() == ["EXA", "EXA-1", "EXA-2", "EXA-3"]  # the code too
    env = {"_PEERETHICS_COMPLETE": "complete_bash", "COMP_WORDS": "peerethics show EXA",
           "COMP_CWORD": "2"}
    assert run(env=env).stdout.split() == []
    # --data-dir given after the command counts too
    env = {"_PEERETHICS_COMPLETE": "complete_bash",
           "COMP_WORDS": f"peerethics sanctions --data-dir {examples} EXA", "COMP_CWORD": "4"}
    assert run(env=env).stdout.split() == ["EXA", "EXA-1", "EXA-2", "EXA-3"]


def test_topic_completion_offers_topic_ids_not_files() -> None:
    env = {"_PEERETHICS_COMPLETE": "complete_bash",
           "COMP_WORDS": "peerethics compare MO CT --topic gi", "COMP_CWORD": "5"}
    assert run(env=env).stdout.split() == ["gifts"]


def test_core_never_imports_the_cli_frameworks() -> None:
    """`from peerethics import ...` answers without Typer or Rich (and without PyYAML on a warm
    cache): the library is usable on its own, and start-up stays cheap."""
    code = (
        "import sys, peerethics as p\n"
        "[getattr(p, n) for n in p.__all__]\n"
        "c = p.load_catalog([])\n"
        "p.search(c, 'gifts'); p.compare(c, ['MO', 'CT'])\n"
        "p.sanction_menu(c, p.resolve_principle(c, 'MO-13'), 'VS')\n"
        "print(sorted(m for m in ('typer', 'rich', 'click', 'yaml') if m in sys.modules))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # warm cache
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("argv", [["show", "MO-13", "--json"], ["search", "gifts", "--json"],
                                  ["sanctions", "MO-13", "--level", "VS", "--json"]])
def test_plain_calls_do_not_import_typer_or_rich(argv: list[str]) -> None:
    """The calls scripts make in loops skip Typer (see peerethics.cli_fast): it costs more to
    import than all the rest of such a call."""
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['peerethics', *{argv!r}]\n"
        "try:\n    runpy.run_module('peerethics', run_name='__main__')\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted(m for m in ('typer', 'rich', 'click', 'yaml') if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # warm cache
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip() == "[]", result.stderr
    assert json.loads(result.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_matching_words_are_highlighted_in_a_terminal() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    out = _in_terminal("search", "gifts", "--code", "MO", "-n", "1", env={**env, "NO_COLOR": ""})
    # "gifts" in MO-13's text is styled (an escape code right before it), "exchange" is not.
    assert "Read as: topics gifts" in out
    result = out.split("MO-13", 1)[1]
    before_gifts = result.split("gifts", 1)[0]
    assert before_gifts.endswith("m"), repr(before_gifts[-20:])
    assert not result.split("exchange", 1)[0].endswith("m")


@pytest.mark.parametrize(("args", "message"), [
    (["search", "gifts", "--bogus"], "No such option: --bogus"),
    (["search", "-n", "0", "x"], "Invalid value for '--limit'"),
    (["show"], "Missing argument"),
    (["serch", "x"], "No such command 'serch'. Did you mean 'search'?"),
])
def test_a_malformed_call_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert result.stderr.startswith("peerethics: error: ")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_no_color_help_in_a_terminal_has_no_escape_codes() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    out = _in_terminal("--help", env={**env, "NO_COLOR": "1"})
    assert "search" in out and "\x1b[" not in out


@pytest.mark.parametrize(("args", "workers"), [
    (["tests/test_quiz.py::test_csv_bank"], 0),
    (["tests/test_quiz.py", "tests/test_cli.py", "tests/test_faces.py::test_x"], 0),
    (["tests/test_quiz.py", "tests/test_cli.py", "tests/test_faces.py", "tests/test_mcp.py"],
     min(4, os.cpu_count() or 1)),
    (["tests"], None), ([], None),  # the whole suite: xdist's own count, one worker per core
])
def test_a_named_test_starts_no_worker(monkeypatch: pytest.MonkeyPatch, args: list[str],
                                       workers: int | None) -> None:
    """`-n auto` (addopts) starts no xdist worker for a few named test files: one test runs in
    about 1.5 s rather than 6 (tests/conftest.py)."""
    from types import SimpleNamespace

    from conftest import REPO, pytest_xdist_auto_num_workers

    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)
    config = SimpleNamespace(args=args or ["tests"],
                             invocation_params=SimpleNamespace(dir=REPO))
    assert pytest_xdist_auto_num_workers(config) == workers  # type: ignore[arg-type]
