"""A damaged learned reader (``data/search/reader.json``) in a copy of the package: one line
naming the file and what to do, exit 2, never a traceback or a hang (adversarial run, round 4).
Before, a truncated, empty or non-UTF-8 file, a directory or a FIFO in its place, and weights
of the wrong inner shape ended in JSONDecodeError, UnicodeDecodeError, IndexError, ValueError
or TypeError tracebacks, and the FIFO hung the search for ever."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from peerethics.errors import DataError
from peerethics.search_reader import load_reader

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "data" / "search" / "reader.json"


def _data(tmp_path: Path, text: str | bytes) -> Path:
    folder = tmp_path / "data"
    (folder / "search").mkdir(parents=True)
    target = folder / "search" / "reader.json"
    target.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return folder


def _shipped_with(change: str) -> str:
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    if change == "bias-short":
        data["bias"] = data["bias"][:3]
    elif change == "row-index":
        data["weights"] = {w: [999, 1.0] for w in list(data["weights"])[:50]}
    elif change == "row-odd":
        data["weights"] = {"lunch": [1]}
    elif change == "row-text":
        data["weights"] = {"lunch": "abc"}
    elif change == "bias-text":
        data["bias"] = ["x" for _ in data["bias"]]
    elif change == "classes-numbers":
        data["classes"] = list(range(len(data["classes"])))
    return json.dumps(data)


@pytest.mark.parametrize("text", [
    SHIPPED.read_bytes()[:5000], b"", b"\xff\xfe{", "[" * 100_000,
    *(_shipped_with(c) for c in ("bias-short", "row-index", "row-odd", "row-text", "bias-text",
                                 "classes-numbers"))],
    ids=["truncated", "empty", "not-utf8", "deep", "bias-short", "row-index", "row-odd",
         "row-text", "bias-text", "classes-numbers"])
def test_a_damaged_reader_is_one_problem(tmp_path: Path, text: str | bytes) -> None:
    folder = _data(tmp_path, text)
    with pytest.raises(DataError) as caught:
        load_reader(str(folder))
    (problem,) = caught.value.problems
    assert "reader.json" in problem.file and "train_reader.py" in problem.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_or_a_folder_in_its_place_is_one_problem_not_a_hang(tmp_path: Path) -> None:
    for name, make in (("fifo", os.mkfifo), ("dir", os.mkdir)):
        target = tmp_path / name / "search" / "reader.json"
        target.parent.mkdir(parents=True)
        make(target)
        with pytest.raises(DataError):
            load_reader(str(tmp_path / name))


def test_the_command_line_says_so_in_a_copy_of_the_package(tmp_path: Path) -> None:
    """The whole way: a copy of the installed package whose reader.json was cut short."""
    package = tmp_path / "site" / "peerethics"
    shutil.copytree(REPO / "src" / "peerethics", package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "data", package / "data",
                    ignore=shutil.ignore_patterns("corpus"))
    reader = package / "data" / "search" / "reader.json"
    reader.write_bytes(SHIPPED.read_bytes()[:5000])
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"),
           "PEERETHICS_CACHE_DIR": str(tmp_path / "cache")}
    fifo = hasattr(os, "mkfifo")
    for damage in ("cut short", "a FIFO") if fifo else ("cut short",):
        if damage == "a FIFO":  # the search index's cache key read it too, and waited for ever
            reader.unlink()
            os.mkfifo(reader)
        result = subprocess.run([sys.executable, "-m", "peerethics", "search", "gifts", "--json"],
                                capture_output=True, text=True, env=env, timeout=60,
                                cwd=tmp_path)
        assert result.returncode == 2 and result.stdout == "", (damage, result.stderr[-2000:])
        assert "Traceback" not in result.stderr and "reader.json" in result.stderr, damage


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_in_place_of_the_frame_data_is_one_problem_not_a_hang(tmp_path: Path) -> None:
    package = tmp_path / "site" / "peerethics"
    shutil.copytree(REPO / "src" / "peerethics", package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "data", package / "data",
                    ignore=shutil.ignore_patterns("corpus"))
    frames = package / "data" / "search" / "frames.yaml"
    frames.unlink()
    os.mkfifo(frames)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"),
           "PEERETHICS_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "peerethics", "search", "gifts"],
                            capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path)
    assert result.returncode == 2 and "frames.yaml" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
