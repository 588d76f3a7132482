"""Faults, round 6 (an adversarial run against issue 28's second round: a user file known by its
stat once its last change is a minute old, listing by os.listdir, see-also paged from sorted
positions): each test reproduces what broke, through the public surface."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

EXAMPLES_VALID = Path(__file__).resolve().parent / "examples" / "valid"


def test_a_user_file_named_bundled_is_the_users_code(run, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A code file given as ``--data-dir bundled`` (a path as typed, in the current folder) took
    the origin ``bundled``, the package's own: `codes` called the user's code bundled,
    `validate` did not count it, and the cache knew it by its stat alone at once, as the
    package's files are (cache.recent), never reading it again however recently it changed."""
    from peerethics import cache
    from peerethics.discover import discover

    shutil.copy(EXAMPLES_VALID / "topics.yaml", tmp_path)
    shutil.copy(EXAMPLES_VALID / "XB.yaml", tmp_path / "bundled")
    monkeypatch.chdir(tmp_path)
    codes = run.json("--data-dir", "topics.yaml", "--data-dir", "bundled", "codes", "--json")
    [xb] = [c for c in codes if c["id"] == "XB"]  # type: ignore[union-attr]
    assert xb["origin"] != "bundled"
    assert "2 files valid" in run("validate", "topics.yaml", "bundled").stderr
    [user] = [f for f in discover(["bundled"]).files if f.origin != "bundled"]
    assert user.display == "bundled"  # messages still name it as typed
    assert cache.recent(user, user.stat.st_ctime_ns)


@pytest.mark.parametrize("damage", [b"\x00garbage", 5, ([1], ["x"])])
def test_a_see_also_table_that_passed_its_crc_but_will_not_unpack_is_rebuilt(
        run, damage: object) -> None:
    """Each topic's members are packed apart in the catalog's cache entry and unpacked when a
    principle of that topic is shown. One that passed the entry's CRC but would not unpack (its
    owner's forgery, or damage the CRC cannot see) was a traceback; as for a code's block, it is
    never believed, never a traceback: the table is built from the codes."""
    import marshal

    from peerethics import load_catalog
    from peerethics.cache_records import _entry_blocks, catalog_data, store_catalog

    args = ("--data-dir", str(EXAMPLES_VALID), "show", "MO-13", "XB-1", "--json")
    want = run.json(*args)
    key = load_catalog([EXAMPLES_VALID]).key
    assert key is not None
    data, found = catalog_data(key), _entry_blocks(key)
    assert data is not None and found is not None
    packed = damage if isinstance(damage, bytes) else marshal.dumps(damage)
    table = marshal.loads(found[1].get(1))
    store_catalog(key, {**data, "see_also": marshal.dumps(dict.fromkeys(table, packed))})
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == want


def test_a_call_that_meets_a_reload_on_another_thread_never_keeps_the_old_catalog(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The MCP server runs tools on worker threads. A call that had taken the kept catalog when
    another thread, having seen the same edit, reloaded and stored the new stamp, compared its
    stamp with the new one, found them equal, and answered from the old catalog: the text
    before the edit, after the server had read the edit. (The race is made certain here by
    pausing that call just after it takes the kept catalog.)"""
    import os
    import sys
    import threading
    from types import FrameType
    from typing import Any

    from peerethics import cache
    from peerethics.served import ServedCatalog

    monkeypatch.setattr(cache, "SETTLED_NS", -10**12)
    monkeypatch.setattr(cache, "RECHECK_NS", -10**12)
    shutil.copy(EXAMPLES_VALID / "topics.yaml", tmp_path)
    xb = tmp_path / "XB.yaml"
    shutil.copy(EXAMPLES_VALID / "XB.yaml", xb)
    served = ServedCatalog([str(tmp_path)])
    assert served().code("XB").principle(3).text.startswith("Mentors will not")  # type: ignore[union-attr]
    text = xb.read_text(encoding="utf-8").replace("Mentors will not meet", "Mentors never meet")
    before = xb.stat().st_mtime
    xb.write_text(text, encoding="utf-8")
    os.utime(xb, (before + 10, before + 10))  # another time even on a coarse clock
    paused, reloaded = threading.Event(), threading.Event()

    def pause(frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_name != "__call__" or "served" not in frame.f_code.co_filename:
            return None
        if event == "line" and "kept" in frame.f_locals and not paused.is_set():
            paused.set()
            reloaded.wait(10)
        return pause

    answers = []

    def slow() -> None:
        sys.settrace(pause)
        try:
            answers.append(served())
        finally:
            sys.settrace(None)

    worker = threading.Thread(target=slow)
    worker.start()
    assert paused.wait(10)
    fresh = served()  # another call reloads meanwhile
    reloaded.set()
    worker.join(10)
    assert fresh.code("XB").principle(3).text.startswith("Mentors never meet")  # type: ignore[union-attr]
    assert answers[0].code("XB").principle(3).text.startswith("Mentors never meet")  # type: ignore[union-attr]


def test_a_file_name_with_a_line_break_is_shown_on_one_line(
        run, tmp_path: Path) -> None:
    """A data file's name is shown in every message about it. A name with a line break in it
    (a shared folder of codes someone else named) split the one-line message in two, the
    second line starting with no file name (the CLI made the escape inert, not the break).
    A name's control characters are shown escaped, as its undecodable bytes already were."""
    (tmp_path / "odd\nname\x1b[31m.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    checked = run("validate", str(tmp_path))  # the report on stdout
    loaded = run("--data-dir", str(tmp_path), "codes")  # the error on stderr
    for result, out in ((checked, checked.stdout), (loaded, loaded.stderr)):
        assert result.exit_code == 2
        [line] = [s for s in out.splitlines() if "odd" in s]
        assert line.startswith(f"{tmp_path}/odd\\x0aname\\x1b[31m.yaml:2:1: YAML syntax error")


def test_search_answers_the_same_whatever_pythons_hash_seed() -> None:
    """Found by the adversarial run of 7 December 2026: four results at exactly 0.4 of the best
    score flipped between weak and not weak with PYTHONHASHSEED, because word pairs were summed
    in a set's order. A script must get the same answer on every call."""
    import os
    import subprocess
    import sys

    query = ("A peer specialist tells a participant, 'If you don't take your meds, I'll have you "
             "committed.' Identify the violations.")
    outputs = set()
    for seed in ("0", "2", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "peerethics", "search", query, "--limit",
                               "20", "--json", "--explain"], capture_output=True, env=env,
                              check=True, timeout=60)
        outputs.add(done.stdout)
    assert len(outputs) == 1 and json.loads(outputs.pop())


def test_a_bytes_data_path_is_a_type_error_that_says_so() -> None:
    from peerethics import load_catalog

    with pytest.raises(TypeError, match="a data path must be text"):
        load_catalog([b"/tmp"])  # type: ignore[list-item]
