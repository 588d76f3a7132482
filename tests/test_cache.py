"""The compiled cache is invisible: never stale, safe under concurrency, rebuilt when damaged."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from test_loader import VALID

from peerethics import load_catalog

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

CMD = [sys.executable, "-m", "peerethics"]


def forge_blocks(entry: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite an entry read a block at a time (cache_blocks.py) with ``change(i, block)`` for
    each block, every CRC made right again: damage no CRC can see, or an owner's forgery."""
    import marshal
    import zlib

    raw = entry.read_bytes()
    size = int.from_bytes(raw[8:12], "little")
    name, sizes, _ = marshal.loads(raw[12:12 + size])
    blocks, at = [], 12 + size
    for n in sizes:
        blocks.append(raw[at:at + n])
        at += n
    blocks = [change(i, b) for i, b in enumerate(blocks)]
    head = marshal.dumps((name, [len(b) for b in blocks], [zlib.crc32(b) for b in blocks]))
    entry.write_bytes(raw[:4] + zlib.crc32(head).to_bytes(4, "little")
                      + len(head).to_bytes(4, "little") + head + b"".join(blocks))


def run_cli(
    args: list[str], cache: Path, data: Path | None = None, umask: int | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PEERETHICS_CACHE_DIR": str(cache)}
    env.pop("PEERETHICS_DATA", None)
    if data is not None:
        env["PEERETHICS_DATA"] = str(data)
    return subprocess.run([*CMD, *args], capture_output=True, text=True, env=env, timeout=120,
                          umask=-1 if umask is None else umask)


def test_editing_a_data_file_changes_the_next_answer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    code = data / "ag.yaml"
    code.write_text(VALID, encoding="utf-8")
    cache = tmp_path / "cache"
    first = run_cli(["show", "AG-2", "--json"], cache, data)
    assert first.returncode == 0 and "significant value" in first.stdout
    assert list(cache.glob("catalog-*.bin")), "the first call wrote the cache"
    code.write_text(VALID.replace("significant value", "any value"), encoding="utf-8")
    second = run_cli(["show", "AG-2", "--json"], cache, data)
    assert second.returncode == 0 and "any value" in second.stdout
    search = run_cli(["search", "any", "value", "--code", "AG", "--json"], cache, data)
    assert '"AG-2"' in search.stdout


# Cold calls started together: more than the cores, so their builds and their writes of the same
# entries interleave. Each is a whole cold build (0.4 s of CPU): 16 of them took 6.4 s of a
# 2-core machine's suite, and more calls than twice the cores add CPU, not races.
CONCURRENT = max(6, 2 * (os.cpu_count() or 1))


def test_concurrent_cold_calls_agree(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ["search", "a client offered to buy me lunch", "--json"]
    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        results = list(pool.map(lambda _: run_cli(args, cache), range(CONCURRENT)))
    assert all(r.returncode == 0 and r.stderr == "" for r in results)
    assert len({r.stdout for r in results}) == 1
    assert not list(cache.glob(".*.tmp")), "no temporary file is left behind"


def test_damaged_cache_is_rebuilt_not_believed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    good = run_cli(["search", "gifts", "--json"], cache)
    files = sorted(cache.glob("*.bin"))
    assert len(files) >= 2  # the catalog and its search index (and its spelling words)
    for damage in (lambda b: b[: len(b) // 2], lambda b: b"\x00garbage" * 50,
                   lambda b: b[:8] + bytes(reversed(b[8:])), lambda b: b""):
        for f in files:
            f.write_bytes(damage(f.read_bytes()))
        again = run_cli(["search", "gifts", "--json"], cache)
        assert again.returncode == 0 and again.stderr == ""
        assert again.stdout == good.stdout
        files = sorted(cache.glob("*.bin"))


def test_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    result = run_cli(["show", "MO-13", "--json"], blocker / "cache")
    assert result.returncode == 0 and result.stderr == "" and '"MO-13"' in result.stdout


def test_pruning_keeps_a_few_of_ours_and_never_touches_other_files(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert run_cli(["search", "gifts", "--json"], cache).returncode == 0
    entry = next(cache.glob("catalog-*.bin")).read_bytes()
    for i in range(20):
        (cache / f"catalog-{i:032x}.bin").write_bytes(entry)  # ours: our name and header
        os.utime(cache / f"catalog-{i:032x}.bin", (1_000_000 + i, 1_000_000 + i))
    foreign = [cache / f"index-{i}.bin" for i in range(1, 11)]
    foreign += [cache / f"catalog-{i + 100:032x}.bin" for i in range(3)]  # our name, not ours
    for f in foreign:
        f.write_bytes(b"someone else's file")
    data = tmp_path / "data"
    data.mkdir()
    (data / "ag.yaml").write_text(VALID, encoding="utf-8")
    assert run_cli(["search", "gifts", "--json"], cache, data).returncode == 0  # a new entry
    ours = [f for f in cache.glob("catalog-*.bin") if f.read_bytes()[:4] == entry[:4]]
    assert len(ours) == 8
    assert all(f.read_bytes() == b"someone else's file" for f in foreign)


def test_the_cache_holds_the_bytes_that_were_parsed(tmp_path: Path, monkeypatch) -> None:
    """A file replaced between finding it and reading it, then put back: the entry written for
    the replaced text is never served for the original."""
    from peerethics.catalog import assemble
    from peerethics.discover import discover

    monkeypatch.setenv("PEERETHICS_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    code = data / "ag.yaml"
    code.write_text(VALID, encoding="utf-8")
    found = discover([data])
    replaced = VALID.replace("significant value", "SIGNIFICANT VALUE")  # the same size
    code.write_text(replaced, encoding="utf-8")
    during = assemble(found.files)
    assert "SIGNIFICANT VALUE" in during.code("AG").principle(2).text  # what was read
    code.write_text(VALID, encoding="utf-8")
    for _ in range(3):
        after = load_catalog([data])
        assert "significant value" in after.code("AG").principle(2).text


def test_a_same_size_rewrite_in_the_same_clock_tick_is_seen(tmp_path: Path, monkeypatch) -> None:
    """The stat shortcut: a file rewritten with the same size and its old modification time
    still gives the new text (its change time moved)."""
    from peerethics import cache

    monkeypatch.setenv("PEERETHICS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "SETTLED_NS", 0)  # every file counts as settled at once
    data = tmp_path / "data"
    data.mkdir()
    code = data / "ag.yaml"
    code.write_text(VALID, encoding="utf-8")
    st = code.stat()
    assert "significant value" in load_catalog([data]).code("AG").principle(2).text
    assert list((tmp_path / "cache").glob("stamp-*.bin")), "the stamp was filed"
    assert "significant value" in load_catalog([data]).code("AG").principle(2).text
    code.write_text(VALID.replace("significant value", "SIGNIFICANT VALUE"), encoding="utf-8")
    os.utime(code, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert code.stat().st_size == st.st_size and code.stat().st_mtime_ns == st.st_mtime_ns
    assert "SIGNIFICANT VALUE" in load_catalog([data]).code("AG").principle(2).text


def test_a_cache_file_others_can_write_is_not_believed(tmp_path: Path) -> None:

    cache = tmp_path / "cache"
    good = run_cli(["show", "MO-8", "--json"], cache, umask=0)  # 0700 whatever the umask
    assert good.returncode == 0
    assert (cache.stat().st_mode & 0o777) == 0o700
    assert all(f.stat().st_mode & 0o022 == 0 for f in cache.glob("*.bin"))
    for entry in cache.glob("catalog-*.bin"):  # every CRC right: only the mode gives it away
        forge_blocks(entry, lambda i, block: block.replace(b"sexual", b"FORGED"))
        entry.chmod(0o666)
    again = run_cli(["show", "MO-8", "--json"], cache)
    assert again.stdout == good.stdout and "FORGED" not in again.stdout


def test_cached_records_equal_freshly_parsed_ones(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PEERETHICS_CACHE_DIR", str(tmp_path / "cache"))
    fresh = load_catalog([EXAMPLES], cache=False)
    load_catalog([EXAMPLES])  # writes the entry
    cached = load_catalog([EXAMPLES])  # reads it
    assert cached.code_ids == fresh.code_ids and cached.topics == fresh.topics
    assert cached.codes == fresh.codes


def test_editing_a_code_keeps_the_topic_part_of_the_index(tmp_path: Path) -> None:
    """Nearly all of an index's build is the taxonomy's; a code edit must not redo it."""
    cache = tmp_path / "cache"
    data = tmp_path / "data"
    data.mkdir()
    (data / "ag.yaml").write_text(VALID, encoding="utf-8")
    first = run_cli(["search", "coaches", "--json"], cache, data)
    topic_parts = sorted(cache.glob("topics*.bin"))
    assert len(topic_parts) == 1
    stamp = topic_parts[0].stat().st_mtime_ns
    (data / "ag.yaml").write_text(VALID.replace("Coaches will not", "Coaches shall not"),
                                  encoding="utf-8")
    second = run_cli(["search", "coaches", "--json"], cache, data)
    assert second.returncode == 0 and "Coaches shall not" in second.stdout
    assert first.stdout != second.stdout
    assert sorted(cache.glob("topics*.bin")) == topic_parts
    assert topic_parts[0].stat().st_mtime_ns == stamp


def test_the_bundled_search_data_is_part_of_every_key(tmp_path: Path, monkeypatch) -> None:
    """Editing data/search/frames.yaml in a checkout must not meet an index built from the old
    file: the stamp every key starts from changes with it."""
    from peerethics import cache
    from peerethics.discover import bundled_data_dir

    frames = Path(bundled_data_dir()) / "search" / "frames.yaml"
    before = cache._code_stamp()
    st = frames.stat()
    try:
        os.utime(frames, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert cache._code_stamp() != before
    finally:
        os.utime(frames, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_an_entry_that_will_not_decode_is_rebuilt_not_a_traceback(tmp_path: Path) -> None:
    """An entry with a valid CRC but content that is not a code (damage the CRC cannot see, or
    its owner's forgery): the code comes from the files, and the entry is rebuilt."""
    import marshal

    cache = tmp_path / "cache"
    good = run_cli(["show", "MO-13", "--json"], cache)
    nested: list[object] = []
    for _ in range(1500):  # deep enough for a RecursionError when decoded, not for marshal
        nested = [nested]
    for bad in (b"\x00", marshal.dumps(nested), marshal.dumps((0, "x"))):
        for entry in cache.glob("catalog-*.bin"):  # the code blocks come after three others
            forge_blocks(entry, lambda i, block, bad=bad: bad if i >= 3 else block)
        again = run_cli(["show", "MO-13", "--json"], cache)
        assert again.returncode == 0 and again.stderr == "", again.stderr
        assert again.stdout == good.stdout


def test_an_index_field_that_will_not_unpack_is_one_line_then_rebuilt(tmp_path: Path) -> None:
    """The search index's fields are unpacked when first used (issue 28), so a forged field is
    found late: one line and exit 2, never a traceback, and the next call rebuilds it."""
    import marshal
    import zlib

    cache = tmp_path / "cache"
    good = run_cli(["search", "gifts", "--json"], cache)
    for entry in cache.glob("index*-*.bin"):
        if "words" in entry.name:
            continue
        name, body = marshal.loads(entry.read_bytes()[8:])
        body["fields"] = b"\x00"
        raw = marshal.dumps((name, body))
        entry.write_bytes(b"PEC3" + zlib.crc32(raw).to_bytes(4, "little") + raw)
    bad = run_cli(["search", "gifts", "--json"], cache)
    assert bad.returncode == 2 and bad.stdout == "", bad.stderr
    assert bad.stderr.count("\n") == 1 and "damaged" in bad.stderr, bad.stderr
    again = run_cli(["search", "gifts", "--json"], cache)
    assert again.returncode == 0 and again.stdout == good.stdout


def test_the_readers_rows_missing_or_damaged_are_rebuilt(tmp_path: Path) -> None:
    """The learned reader's rows are read a bucket at a time from their own entry: a bucket
    cut short or changed fails its CRC and the rows come from the bundled weights again."""
    cache = tmp_path / "cache"
    good = run_cli(["search", "a guy I support offered to buy me lunch", "--json"], cache)
    (rows,) = cache.glob("reader-rows*.bin")
    raw = rows.read_bytes()
    for damaged in (raw[:-100], raw[:-5000] + bytes(5000), b"", None):
        if damaged is None:
            rows.unlink()
        else:
            rows.write_bytes(damaged)
        again = run_cli(["search", "a guy I support offered to buy me lunch", "--json"], cache)
        assert again.returncode == 0 and again.stderr == "", again.stderr
        assert again.stdout == good.stdout
        assert rows.read_bytes()[:4] == b"PEB1"  # written again
        assert len(rows.read_bytes()) > len(raw) // 2
