"""Faults in files, folders and the cache (issue 13): each reproduces what once broke the tool,
in a real process where the fault is about processes or files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_loader import VALID

from peerethics import DataError, load_catalog, validate_paths

CMD = [sys.executable, "-m", "peerethics"]
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX special files")


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 30,
        **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CMD, *args], capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, **kw)  # type: ignore[call-overload]


@POSIX
def test_a_fifo_named_yaml_is_reported_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.yaml")
    for args in (["--data-dir", str(tmp_path), "codes"], ["validate", str(tmp_path)],
                 ["validate", str(tmp_path / "x.yaml")]):
        result = cli(*args, timeout=20)  # a blocking read would hang here
        assert result.returncode == 2, args
        assert b"is not a regular file" in result.stdout + result.stderr


@POSIX
def test_a_yaml_linked_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").symlink_to("/dev/zero")
    start = time.monotonic()
    _, problems = validate_paths([tmp_path])
    assert time.monotonic() - start < 5
    assert [p.message for p in problems] == ["is not a regular file; only regular files are data"]


def test_a_big_file_is_not_read_past_the_limit(tmp_path: Path) -> None:
    from peerethics.discover import MAX_FILE_BYTES

    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (MAX_FILE_BYTES + 10) + b"\n")
    _, problems = validate_paths([big])
    assert len(problems) == 1 and "file is too large" in problems[0].message


def test_a_lone_surrogate_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "ag.yaml").write_text(VALID.replace("title: Example Agency Peer Code\n",
                                                    'title: "bad \\ud800"\n'), encoding="utf-8")
    _, problems = validate_paths([tmp_path])
    assert len(problems) == 1 and problems[0].line == 3
    result = cli("--data-dir", str(tmp_path), "codes")
    assert result.returncode == 2 and b"Traceback" not in result.stderr


def test_an_id_with_a_trailing_newline_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ag.yaml").write_text(VALID.replace("id: AG\n", 'id: "AG\\n"\n'),
                                      encoding="utf-8")
    _, problems = validate_paths([tmp_path])
    assert len(problems) == 1 and "must be capital letters" in problems[0].message


def test_a_nul_byte_is_reported_where_it_is_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "ag.yaml").write_bytes(VALID.replace("Example County", "Exam\0ple").encode())
    _, problems = validate_paths([tmp_path])
    assert [(p.line, p.column) for p in problems] == [(2, 19)]
    assert "\n" not in problems[0].message


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = os.path.join(os.fsencode(tmp_path), b"bad\xffname")
    os.mkdir(folder)
    with open(os.path.join(folder, b"ag.yaml"), "w", encoding="utf-8") as fh:
        fh.write(VALID)
    name = os.fsdecode(folder)
    result = cli("--data-dir", name, "codes", "--json")
    assert result.returncode == 0, result.stderr
    codes = {c["id"]: c for c in json.loads(result.stdout.decode("utf-8"))}
    assert codes["AG"]["origin"].endswith("bad\\xffname/ag.yaml")
    result = cli("validate", name, "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout.decode("utf-8"))["valid"] is True


def test_no_home_directory_runs_without_a_cache(run, monkeypatch) -> None:
    """`docker run -u 12345`: no passwd entry and no HOME. Nothing is cached, nothing is said."""
    import pwd

    from peerethics import cache

    def no_entry(uid: int) -> object:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    for var in ("HOME", "PEERETHICS_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    assert cache.cache_dir() is None
    assert load_catalog().code("MO").principle(13).id == "MO-13"
    result = run("show", "MO-13", "--json")
    assert result.exit_code == 0 and result.stderr == ""


@POSIX
def test_a_cache_file_replaced_by_a_fifo_or_dev_zero(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"PEERETHICS_CACHE_DIR": str(cache)}
    good = cli("show", "MO-8", "--json", env=env)
    entries = sorted(cache.glob("*.bin"))
    assert entries
    for i, entry in enumerate(entries):
        entry.unlink()
        if i % 2:
            os.mkfifo(entry)
        else:
            entry.symlink_to("/dev/zero")
    again = cli("show", "MO-8", "--json", env=env, timeout=20)
    assert again.returncode == 0 and again.stdout == good.stdout and again.stderr == b""


def test_temporary_files_of_killed_writers_are_cleaned_up(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    left = cache / ".catalog-abc123.tmp"
    left.write_bytes(b"")
    old = time.time() - 7200
    os.utime(left, (old, old))
    fresh = cache / ".catalog-def456.tmp"  # a writer at work right now: left alone
    fresh.write_bytes(b"")
    theirs = cache / ".notes.tmp"
    theirs.write_bytes(b"someone else's")
    os.utime(theirs, (old, old))
    assert cli("show", "MO-8", env={"PEERETHICS_CACHE_DIR": str(cache)}).returncode == 0
    assert not left.exists() and fresh.exists() and theirs.exists()


def test_an_unreadable_codes_folder_is_one_problem(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "codes").mkdir()
    (tmp_path / "ag.yaml").write_text(VALID, encoding="utf-8")
    real = os.listdir

    def locked(path: object) -> object:
        if os.fspath(path) == str(tmp_path / "codes"):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "listdir", locked)
    with pytest.raises(DataError) as caught:
        load_catalog([tmp_path])
    assert [p.message for p in caught.value.problems] == [
        "directory cannot be read (Permission denied); check its permissions"]
    _, problems = validate_paths([tmp_path])
    assert problems == list(caught.value.problems)


def test_load_reports_every_problem_at_once_as_validate_does(tmp_path: Path) -> None:
    from peerethics.discover import MAX_FILE_BYTES

    (tmp_path / "big.yaml").write_bytes(b"# " + b"x" * (MAX_FILE_BYTES + 10) + b"\n")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "x.yaml")
    _, problems = validate_paths([tmp_path])
    with pytest.raises(DataError) as caught:
        load_catalog([tmp_path])
    assert sorted(caught.value.problems) == sorted(problems)
    assert len(problems) == (2 if hasattr(os, "mkfifo") else 1)


def test_an_id_that_is_not_utf8_is_shown_as_file_names_are(tmp_path: Path) -> None:
    result = subprocess.run([*CMD, "show", "-"], input=b"ab\xff\n", capture_output=True,
                            timeout=30)
    assert result.returncode == 2
    assert b"'ab\\xff' is not a principle id" in result.stderr


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x7f", "\ufffe"])
def test_a_control_character_is_one_problem_where_it_is(tmp_path: Path, char: str) -> None:
    (tmp_path / "ag.yaml").write_text(VALID.replace("Example County", f"Exam{char}ple"),
                                      encoding="utf-8")
    _, problems = validate_paths([tmp_path])
    assert [(p.line, p.column) for p in problems] == [(2, 19)], problems
    assert "\n" not in problems[0].message and f"U+{ord(char):04X}" in problems[0].message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-7", "cp037"])
def test_json_is_utf8_whatever_the_stream_encoding(encoding: str) -> None:
    result = cli("show", "CT-1", "--json", env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 0
    assert json.loads(result.stdout.decode("utf-8"))[0]["id"] == "CT-1"


def test_bytes_that_are_not_utf8_in_an_argument_reach_json_as_text() -> None:
    """Strict JSON parsers refuse lone surrogates: a byte that was not UTF-8 is "\\xff" text."""
    result = subprocess.run([*CMD, "define", os.fsdecode(b"x\xff"), "--json"],
                            capture_output=True, timeout=30)
    assert b"\\udc" not in result.stdout
    assert json.loads(result.stdout.decode("utf-8"))["query"] == "x\\xff"
    from peerethics.contract import dumps

    assert json.loads(dumps({"q": "literal \\udc80"})) == {"q": "literal \\udc80"}
