"""Progress of a long build on stderr (issue 28): for a person at a terminal only, never in a
pipe or with JSON, and wiped when done."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from peerethics import cli_output, progress

NE = Path(__file__).resolve().parents[1] / "data" / "codes" / "NE.yaml"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _none_left() -> object:
    yield
    progress.install(None)


@pytest.mark.parametrize(("out_tty", "err_tty", "as_json", "shown"), [
    (True, True, False, True), (True, True, True, False), (False, True, False, False),
    (True, False, False, False)])
def test_only_a_table_for_a_terminal_shows_progress(monkeypatch, out_tty: bool, err_tty: bool,
                                                    as_json: bool, shown: bool) -> None:
    monkeypatch.setattr(sys, "stdout", _Tty() if out_tty else io.StringIO())
    monkeypatch.setattr(sys, "stderr", _Tty() if err_tty else io.StringIO())
    cli_output.check_format(None, as_json)
    assert (progress.reporter("reading data files", 3600) is not None) == shown
    assert progress.reporter("reading data files", 20) is None  # too little to report


def test_the_line_is_rewritten_then_wiped(monkeypatch) -> None:
    err = _Tty()
    monkeypatch.setattr(sys, "stderr", err)
    shown = cli_output._Progress()
    now = [100.0]
    shown.clock = lambda: now[0]
    for done in range(300):
        now[0] += 0.01
        shown.report("reading data files", done, 300)
    text = err.getvalue()
    assert "\rpeerethics: reading data files 51/300" in text  # after half a second
    assert "peerethics: reading data files 1/300" not in text
    assert text.endswith("\r" + " " * len("peerethics: reading data files 300/300") + "\r")
    assert "\x1b" not in text


def test_a_large_build_through_a_pipe_writes_nothing_on_stderr(tmp_path: Path) -> None:
    text = NE.read_text(encoding="utf-8")
    for i in range(220):
        code = "NE" + "".join(chr(65 + int(d)) for d in f"{i:03d}")
        (tmp_path / f"{code}.yaml").write_text(text.replace("\nid: NE\n", f"\nid: {code}\n", 1),
                                               encoding="utf-8")
    env = {**os.environ, "PEERETHICS_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "peerethics", "--data-dir", str(tmp_path),
                             "search", "gifts", "-n", "1"], capture_output=True, text=True,
                            env=env)
    assert result.returncode == 0 and result.stderr == ""
