"""Faults, round 3 (issue 23): each test reproduces what an adversarial run broke, through the
public surface (the command line in a real process where the fault is about processes, streams
or files; the library through its API)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from peerethics import DataError, InputError, load_catalog, resolve_code, resolve_principle

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = (REPO / "examples" / "EX-AGENCY.yaml").read_text(encoding="utf-8")
CMD = [sys.executable, "-m", "peerethics"]


def cli(*args: str, timeout: float = 30, **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CMD, *args], capture_output=True, timeout=timeout,
                          **kw)  # type: ignore[call-overload]


def agency(folder: Path, code_id: str, name: str = "ag.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(EXAMPLE.replace("\nid: EXA\n", f"\nid: {code_id}\n"),
                               encoding="utf-8")
    return folder


# 1. A user code may not take over a bundled id, nor be unreachable beside one.

@pytest.mark.parametrize("code_id, other", [("M-O", "MO"), ("MODMH", "MO-DMH"), ("C-T", "CT")])
def test_a_code_id_differing_only_in_hyphens_is_refused_naming_both(
        tmp_path: Path, run, code_id: str, other: str) -> None:
    folder = agency(tmp_path / "sq", code_id)
    with pytest.raises(DataError) as caught:
        load_catalog([folder], cache=False)
    (problem,) = caught.value.problems
    assert problem.file.endswith("ag.yaml") and f"{code_id} differs from {other}" in problem.message
    assert f"data/codes/{other}.yaml" in problem.message
    result = run("--data-dir", str(folder), "show", f"{other}-1")
    assert result.exit_code == 2 and "only in hyphens" in result.stderr
    assert run("validate", str(folder)).exit_code == 2


def test_a_loose_id_never_crosses_to_another_code(tmp_path: Path, run) -> None:
    cat = load_catalog([agency(tmp_path / "d", "MOCT")], cache=False)
    assert resolve_code(cat, "MOCT").id == "MOCT"
    assert resolve_code(cat, "mo-dmh").id == resolve_code(cat, "modmh").id == "MO-DMH"
    assert resolve_principle(cat, "mo dmh 4").id == "MO-DMH-4"
    with pytest.raises(InputError):
        resolve_code(cat, "MO CT")
    shown = run.json("--data-dir", str(tmp_path / "d"), "show", "MO CT", "--json")
    assert [c["id"] for c in shown] == ["MO", "CT"]  # type: ignore[index]
    shown = run.json("--data-dir", str(tmp_path / "d"), "show", "MOCT-1", "--json")
    assert [p["id"] for p in shown] == ["MOCT-1"]  # type: ignore[index,union-attr]


# 2. Reads of standard input are bounded.

def _limit_memory() -> None:  # an unbounded read then fails fast, not by the OOM killer
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))


@pytest.mark.skipif(not Path("/dev/zero").exists() or sys.platform != "linux",
                    reason="needs /dev/zero and RLIMIT_AS")
@pytest.mark.parametrize("args, message", [
    (["show", "-"], "the text on standard input is too large (more than 1,000,000 bytes)"),
    (["quiz", "-n", "1"], "a line on standard input is too large (more than 10,000 bytes)"),
])
def test_endless_stdin_is_one_line_not_a_memory_error(args: list[str], message: str) -> None:
    with open("/dev/zero", "rb") as zero:
        result = cli(*args, stdin=zero, preexec_fn=_limit_memory)
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr[-500:]
    assert lines[0].startswith(f"peerethics: error: {message}")


def test_a_long_stdin_below_the_bound_still_reads(run) -> None:
    ids = "# a comment\n" * 50_000 + "MO-1\nCT-2\n"
    shown = run.json("show", "-", "--json", input=ids)
    assert [p["id"] for p in shown] == ["MO-1", "CT-2"]  # type: ignore[union-attr,index]


# 3. One catalog shared between threads.

def test_threads_sharing_one_cached_catalog_all_get_answers() -> None:
    import threading

    load_catalog()  # the cache is warm: later catalogs build their codes lazily, on first use
    for _ in range(30):  # the race lost most rounds before the fix
        cat = load_catalog()
        barrier = threading.Barrier(16)
        errors: list[BaseException] = []

        def work(cat: object = cat, barrier: threading.Barrier = barrier,
                 errors: list[BaseException] = errors) -> None:
            barrier.wait()
            try:
                assert None not in cat.codes  # type: ignore[attr-defined]
            except BaseException as exc:  # noqa: BLE001 - any failure in a thread fails the test
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors[0]


# 4. The cache under umask 000, in a folder others can write, and entries moved between keys.

@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_the_cache_tree_is_private_whatever_the_umask(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PEERETHICS_CACHE_DIR", "XDG_CACHE_HOME")}
    result = cli("codes", env={**env, "HOME": str(home)}, preexec_fn=lambda: os.umask(0))
    assert result.returncode == 0
    for folder in (home / ".cache", home / ".cache" / "peerethics"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    assert list((home / ".cache" / "peerethics").glob("catalog-*.bin"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
@pytest.mark.parametrize("where", ["folder", "parent"])
def test_a_cache_folder_others_can_write_is_not_used(tmp_path: Path, monkeypatch,
                                                     where: str) -> None:
    parent = tmp_path / "shared"
    folder = parent / "cache"
    folder.mkdir(parents=True)
    (folder if where == "folder" else parent).chmod(0o777)
    monkeypatch.setenv("PEERETHICS_CACHE_DIR", str(folder))
    assert load_catalog().code("MO") is not None
    assert list(folder.iterdir()) == []


def test_an_entry_moved_to_another_key_is_not_believed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PEERETHICS_CACHE_DIR", str(tmp_path / "cache"))
    first, second = agency(tmp_path / "a", "EXA"), agency(tmp_path / "b", "EXB")
    assert load_catalog([first]).code("EXA") is not None
    before = set((tmp_path / "cache").glob("catalog-*.bin"))
    assert load_catalog([second]).code("EXB") is not None
    (theirs,) = set((tmp_path / "cache").glob("catalog-*.bin")) - before
    (ours,) = before
    os.replace(ours, theirs)  # a neighbour with write access to the folder swaps the entries
    cat = load_catalog([second])
    assert cat.code_ids == tuple(sorted({*load_catalog([], cache=False).code_ids, "EXB"}))


# 7. define with no term in its words finds nothing, and says so.

@pytest.mark.parametrize("query", ["???", "what is a", "é", "  ?  "])
def test_define_without_a_term_finds_nothing_and_says_so(run, query: str) -> None:
    result = run("define", query)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("peerethics: ") and "is not a term" in result.stderr
    result = run("define", query, "--json")
    assert result.exit_code == 1 and json.loads(result.stdout)["definitions"] == []


def test_define_folds_fullwidth_and_still_lists_everything_when_asked(run) -> None:
    found = run.json("define", "ＣＬＩＥＮＴ", "--json")
    assert [d["term"] for d in found["definitions"]] == ["Client"]  # type: ignore[index]
    for args in ([], ["CT"], ["--code", "CT"]):
        listed = run.json("define", *args, "--json")
        assert len(listed["definitions"]) == 18  # type: ignore[index]


# 8. The library's search() refuses what it cannot answer, with one error of the family.

@pytest.mark.parametrize("kwargs, message", [
    ({"limit": 0}, "the limit must be a whole number of at least 1"),
    ({"limit": -1}, "the limit must be a whole number of at least 1"),
    ({"limit": "3"}, "the limit must be"),
    ({"limit": 2.5}, "the limit must be"),
    ({"limit": True}, "the limit must be"),
    ({"codes": "MO"}, "codes must be a list of code ids"),
    ({"codes": [1]}, "codes must be a list of code ids"),
])
def test_search_refuses_wrong_arguments_with_input_error(catalog, kwargs: dict[str, object],
                                                         message: str) -> None:
    from peerethics import search

    with pytest.raises(InputError, match=message):
        search(catalog, "gifts", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("query", [None, 3, b"gifts"])
def test_search_refuses_a_query_that_is_not_text_with_type_error(catalog, query: object) -> None:
    from peerethics import search

    with pytest.raises(TypeError, match="the query must be a str"):
        search(catalog, query)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="the catalog must be a Catalog"):
        search(None, "gifts")  # type: ignore[arg-type]
    assert search(catalog, "gifts", limit=None) and search(catalog, "gifts", codes=("mo",))


# 5. User data is content-checked: a change no stat can see is still read.

@pytest.mark.skipif(os.name != "posix", reason="a shared mmap's mtime semantics are POSIX's")
def test_a_write_through_a_shared_mmap_is_read_though_the_stat_is_the_same(tmp_path: Path,
                                                                           monkeypatch) -> None:
    import mmap

    from peerethics import cache

    monkeypatch.setenv("PEERETHICS_CACHE_DIR", str(tmp_path / "cache"))
    # Every file counts as old enough to be remembered by its stat (cache.SETTLED_NS) at once,
    # rather than after a 2.2 s sleep: the stamp is filed as it would be two seconds later.
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    folder = agency(tmp_path / "d", "EXA")
    path = folder / "ag.yaml"
    at = path.read_bytes().index(b"Coaches will respect the privacy")
    with path.open("r+b") as fh, mmap.mmap(fh.fileno(), 0) as shared:
        shared[at:at + 7] = b"COACHES"  # the first write through the map moves the mtime
        before = os.stat(path)
        for _ in range(2):  # the second call finds the catalog by the files' stamp
            code = load_catalog([folder]).code("EXA")
            assert code is not None and code.principles[0].text.startswith("COACHES")
        shared[at:at + 7] = b"Helpers"  # a second write to the dirty page: no new mtime
        after = os.stat(path)
        if (before.st_mtime_ns, before.st_ctime_ns) != (after.st_mtime_ns, after.st_ctime_ns):
            pytest.skip("this kernel moved the mtime on the second write")
        code = load_catalog([folder]).code("EXA")
        assert code is not None and code.principles[0].text.startswith("Helpers will respect")



def test_the_recheck_window_outlasts_this_kernels_writeback() -> None:
    """A user file is known by its stat once its last change is older than cache.RECHECK_NS:
    by then the kernel has written back every page a shared mmap dirtied at that change, so a
    later write moves the times again. The window must outlast this machine's settings."""
    from peerethics import cache

    vm = Path("/proc/sys/vm")
    if not (vm / "dirty_expire_centisecs").is_file():
        pytest.skip("no Linux writeback settings here")
    expire, interval = (int((vm / name).read_text()) for name in
                        ("dirty_expire_centisecs", "dirty_writeback_centisecs"))
    # 0 turns periodic writeback off: a dirty page may then stay unwritten, and a write to it
    # unseen by the file's times, for as long as the machine runs (docs/troubleshooting.md).
    assert interval > 0, "periodic writeback is off (vm.dirty_writeback_centisecs = 0)"
    assert cache.RECHECK_NS > (expire + interval) * 10_000_000


def test_a_warm_call_reads_only_the_user_files_changed_in_the_last_minute(
        tmp_path: Path, monkeypatch) -> None:
    from peerethics import cache, catalog

    monkeypatch.setenv("PEERETHICS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    folder = agency(tmp_path / "d", "EXA")
    agency(folder, "EXB", "new.yaml")
    new = str(folder / "new.yaml")
    # ag.yaml changed over a minute ago (as cache.recent sees it), new.yaml just now.
    monkeypatch.setattr(cache, "recent_files",
                        lambda files, now: [i for i, f in enumerate(files) if f.path == new])
    load_catalog([folder])  # the first call reads both, and files the stamp
    real = catalog.read
    read: list[str] = []
    monkeypatch.setattr(catalog, "read", lambda f: read.append(f.path) or real(f))
    assert load_catalog([folder]).code("EXA") is not None
    assert read == [new]
    assert load_catalog([folder]).code("EXB") is not None and read == [new] * 2

# 9. Smaller findings.

@pytest.mark.parametrize("query", ["GİFTS", "ＧＩＦＴＳ", "ｇｉｆｔｓ"])
def test_search_folds_dotted_capital_i_and_fullwidth(catalog, run, query: str) -> None:
    from peerethics import search

    expected = [h.id for h in search(catalog, "gifts")]
    assert [h.id for h in search(catalog, query)] == expected
    assert [h["id"] for h in run.json("search", query, "--json")] == expected  # type: ignore[index,union-attr]


@pytest.mark.parametrize("topic", ["", "  "])
def test_an_empty_topic_is_refused_not_every_topic(catalog, run, topic: str) -> None:
    from peerethics import compare

    with pytest.raises(InputError, match="the topic is empty"):
        compare(catalog, topic=topic)
    result = run("compare", "--topic", topic)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("peerethics: error: the topic is empty")


def test_an_empty_data_path_is_refused_not_the_current_folder(tmp_path: Path, monkeypatch) -> None:
    agency(tmp_path, "EXA")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError, match="a data path is empty"):
        load_catalog([""])
    from peerethics import validate_paths

    _, problems = validate_paths([" "])
    assert [p.message for p in problems] == [
        "a data path is empty; name a folder or file (`.` for the current folder)"]


def test_a_folder_named_with_its_codes_folder_does_not_clash_with_itself(tmp_path: Path,
                                                                         run) -> None:
    agency(tmp_path / "d" / "codes", "EXA")
    both = [str(tmp_path / "d"), str(tmp_path / "d" / "codes")]
    assert load_catalog(both, cache=False).code("EXA") is not None
    assert run("validate", *both).exit_code == 0
    listed = run.json("--data-dir", both[0], "--data-dir", both[1], "codes", "--json")
    assert [c["id"] for c in listed].count("EXA") == 1  # type: ignore[union-attr,index]
    files = len(list((REPO / "data" / "codes").glob("*.yaml"))) + 1  # and topics.yaml
    assert run("validate", str(REPO / "data")).stderr == f"peerethics: {files} files valid\n"


@pytest.mark.skipif(os.name != "posix", reason="a deleted working folder is POSIX's")
@pytest.mark.parametrize("args", [["--data-dir", "rel", "codes"], ["validate", "rel"],
                                  ["--data-dir", "rel", "mcp"]])
def test_a_relative_data_dir_in_a_deleted_folder_says_so(tmp_path: Path, args: list[str]) -> None:
    import shlex

    gone = tmp_path / "gone"
    gone.mkdir()
    line = " ".join(shlex.quote(a) for a in [*CMD, *args])
    result = subprocess.run(f"cd {shlex.quote(str(gone))} && rmdir ../gone && exec {line}",
                            shell=True, capture_output=True, text=True, timeout=30,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 2, result.stderr
    said = result.stdout + result.stderr  # validate lists problems on stdout, as its answer
    assert said.startswith("rel:1:1: the current folder no longer exists"), said
    assert "cannot write the output" not in said


# Ctrl-C while the command line starts, made exact: an import raises KeyboardInterrupt, as a
# SIGINT arriving during it does.
_INTERRUPT_AT = """
import builtins, sys
real = builtins.__import__
def interrupting(name, globals=None, locals=None, fromlist=(), level=0):
    if name in {target!r} or set(fromlist or ()) & {target!r}:
        raise KeyboardInterrupt
    return real(name, globals, locals, fromlist, level)
builtins.__import__ = interrupting
sys.argv = ["peerethics", *{argv!r}]
from peerethics.cli_fast import main
main()
"""


@pytest.mark.parametrize("target, argv, codes", [
    (("typer",), ["search"], (130,)),  # Typer loading: main's handler, exit 130
    (("cli_commands",), ["show", "MO-13", "--json"], (130,)),  # a command's modules loading
    (("cli_table",), ["show", "MO-13"], (130, -2)),  # cli_fast's own imports: by SIGINT, quietly
])
def test_ctrl_c_while_starting_is_exit_130_without_a_traceback(
        target: tuple[str, ...], argv: list[str], codes: tuple[int, ...]) -> None:
    result = subprocess.run([sys.executable, "-c", _INTERRUPT_AT.format(target=set(target),
                                                                       argv=argv)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode in codes, result.stderr
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr


# The data format as docs/data-format.md states it: no anchors, no tags, no repeated facets.

_GIFTS = "    topics: [gifts]\n"


@pytest.mark.parametrize("change, line, message", [
    (_GIFTS + "    key_terms:\n      gifts:\n        value: a\n        value: b\n", 21,
     "key terms for `gifts` repeat the facet `value`"),
    (_GIFTS + "    key_terms:\n      gifts: !facets {value: a}\n", 19,
     "key terms for `gifts` must be `facet: value` lines"),
    ("    topics: &t [gifts]\n", 17, "YAML anchors (&name) are not allowed"),
])
def test_what_the_format_refuses_is_refused(tmp_path: Path, change: str, line: int,
                                            message: str) -> None:
    from test_loader import VALID

    from peerethics import validate_paths

    (tmp_path / "ag.yaml").write_text(VALID.replace(_GIFTS, change), encoding="utf-8")
    _, problems = validate_paths([tmp_path])
    assert len(problems) == 1 and message in problems[0].message, problems
    assert problems[0].line == line, problems


def test_a_code_id_too_long_to_address_is_refused_and_the_longest_allowed_works(
        tmp_path: Path, run) -> None:
    from peerethics import validate_paths
    from peerethics.schema import MAX_CODE_ID

    agency(tmp_path / "long", "A" * 199)
    _, problems = validate_paths([tmp_path / "long"])
    assert len(problems) == 1 and "199 characters long" in problems[0].message
    longest = "A" * (MAX_CODE_ID - 2) + "-B"
    folder = agency(tmp_path / "ok", longest)
    shown = run.json("--data-dir", str(folder), "show", f"{longest}-3", "--json")
    assert [p["id"] for p in shown] == [f"{longest}-3"]  # type: ignore[union-attr,index]


def test_a_file_of_unknown_keys_is_a_hundred_problems_not_a_hundred_thousand(
        tmp_path: Path) -> None:
    from peerethics import validate_paths
    from peerethics.yamlnodes import MAX_PROBLEMS

    lines = ["id: AG", *(f"unknown_key_{i:06d}: some value" for i in range(20_000))]
    (tmp_path / "k.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = validate_paths([tmp_path / "k.yaml"])
    assert len(problems) == MAX_PROBLEMS
    assert "unknown key `unknown_key_000000`" in problems[0].message
    assert problems[-1].message.startswith("more than 100 problems in this file")


@pytest.mark.skipif(os.name != "posix", reason="a directory as stdin is POSIX's")
def test_a_directory_as_stdin_is_pythons_own_refusal_as_documented(tmp_path: Path) -> None:
    """Not peerethics' to fix (CPython stops before any of its code): pinned so that
    docs/troubleshooting.md stays true."""
    folder = os.open(tmp_path, os.O_RDONLY)
    try:
        result = cli("codes", stdin=folder)
    finally:
        os.close(folder)
    assert result.returncode == 1
    assert b"<stdin> is a directory, cannot continue" in result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_folder_only_the_users_private_group_can_write_is_used(tmp_path: Path,
                                                                       monkeypatch) -> None:
    from peerethics.cache import _private_group

    if not _private_group(os.getgid(), os.getuid()):
        pytest.skip("this user has no private group (user-private groups, umask 002)")
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o770)  # as umask 002 leaves it on such systems
    monkeypatch.setenv("PEERETHICS_CACHE_DIR", str(folder))
    assert load_catalog().code("MO") is not None
    assert list(folder.glob("catalog-*.bin"))


@pytest.mark.parametrize("args", [["--data-dir", "", "codes"],
                                  ["search", "gifts", "--data-dir", ""]])
def test_an_empty_data_dir_on_the_command_line_is_refused(run, args) -> None:  # type: ignore
    result = run(*args)
    assert result.exit_code == 2
    assert "a data path is empty" in result.stderr
