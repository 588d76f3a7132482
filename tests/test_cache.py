"""The compiled cache is invisible: never stale, safe under concurrency, rebuilt when damaged."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from test_loader import VALID

CMD = [sys.executable, "-m", "peerethics"]


def run_cli(
    args: list[str], cache: Path, data: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PEERETHICS_CACHE_DIR": str(cache)}
    env.pop("PEERETHICS_DATA", None)
    if data is not None:
        env["PEERETHICS_DATA"] = str(data)
    return subprocess.run([*CMD, *args], capture_output=True, text=True, env=env, timeout=120)


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


def test_concurrent_cold_calls_agree(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ["search", "a client offered to buy me lunch", "--json"]
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: run_cli(args, cache), range(16)))
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


def test_old_cache_files_are_pruned(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for i in range(20):
        (cache / f"catalog-{i:032d}.bin").write_bytes(b"old")
        (cache / f"index1-x-{i:032d}.bin").write_bytes(b"old")
    assert run_cli(["search", "gifts", "--json"], cache).returncode == 0
    assert len(list(cache.glob("catalog-*.bin"))) <= 8
    assert len(list(cache.glob("index*.bin"))) <= 8
