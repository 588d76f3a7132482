"""Tables through a pipe are drawn without Rich (peerethics.cli_plain, issue 28), and are the
very bytes Rich draws: every command, at several widths, with the bundled codes and with a code
whose words are long; and Rich is not imported to draw them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from peerethics import cli_plain, cli_render
from tests.test_widths import LONG_CODE

EXAMPLES = str(Path(__file__).resolve().parents[1] / "examples")

COMMANDS = [
    ["search", "can I give someone a ride home", "-n", "3"],
    ["search", "confidentality", "--explain", "-n", "4"],
    ["search", "a guy I support offered to buy me lunch", "--explain"],
    ["search", "zzzz unheard of words"],
    ["show", "MO-8", "MO-13", "CT-3", "NE-1"],
    ["show", "MO"], ["show", "CT"], ["show", "MA"], ["show", "NE"], ["show", "MO-DMH"],
    ["sanctions", "MO-13"], ["sanctions", "MO-13", "--level", "VS"], ["sanctions", "CT"],
    ["define", "client", "--code", "CT"], ["define", "client"],
    ["codes"], ["topics"],
    ["compare", "MO", "CT", "NE", "--topic", "gifts"],
    ["verify", "CPS will not accept gifts", "--code", "MO"],
]
# The views a plain table must be drawn for without Rich (the calls scripts make in loops).
WITHOUT_RICH = ["search", "show", "sanctions", "define", "codes"]


@pytest.fixture(scope="module")
def long_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long-plain")
    (folder / "LNG.yaml").write_text(LONG_CODE, encoding="utf-8")
    return folder


def _both(run, monkeypatch: pytest.MonkeyPatch, args: list[str], width: int) -> tuple[str, str]:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setattr(cli_render, "PLAIN_TABLES", True)
    plain = run(*args)
    monkeypatch.setattr(cli_render, "PLAIN_TABLES", False)
    rich = run(*args)
    assert plain.exit_code == rich.exit_code
    return plain.stdout, rich.stdout


@pytest.mark.parametrize("width", [40, 67, 100])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[:40])
def test_a_plain_table_is_the_bytes_rich_draws(run, monkeypatch, args: list[str],
                                                width: int) -> None:
    plain, rich = _both(run, monkeypatch, args, width)
    assert plain == rich


@pytest.mark.parametrize("width", [40, 63, 100])
@pytest.mark.parametrize("args", [["search", "gifts from representatives"], ["show", "LNG-1"],
                                  ["show", "LNG"], ["sanctions", "LNG-1"], ["codes"]])
def test_long_words_are_drawn_as_rich_draws_them(run, monkeypatch, long_dir: Path,
                                                 args: list[str], width: int) -> None:
    plain, rich = _both(run, monkeypatch, ["--data-dir", str(long_dir), *args], width)
    assert plain == rich


def test_the_plain_drawing_is_used_for_the_common_views(run, monkeypatch) -> None:
    """It does not fall back to Rich for the views scripts call (a fallback would pass the
    comparison above while keeping Rich's cost)."""
    used: list[bool] = []
    drawing = cli_render._plain_drawing

    def spy(view, encoding):
        out = drawing(view, encoding)
        used.append(out is not None)
        return out

    monkeypatch.setattr(cli_render, "_plain_drawing", spy)
    for args in COMMANDS:
        if args[0] in WITHOUT_RICH:
            used.clear()
            run(*args)
            assert used == [True], args


def test_every_character_counted_narrow_is_one_cell_for_rich() -> None:
    chars = [chr(c) for c in range(0x20, 0x2600) if cli_plain._NARROW.fullmatch(chr(c))]
    assert len(chars) > 900
    assert all(cell_len(c) == 1 for c in chars), [c for c in chars if cell_len(c) != 1][:5]
    with pytest.raises(cli_plain.NeedsRich):
        cli_plain.Text("wide: \u4e2d")


@pytest.mark.parametrize("args", [["search", "gifts"], ["show", "MO-13"], ["show", "NE"]])
@pytest.mark.parametrize("no_color", [False, True])
def test_a_piped_table_does_not_import_rich(args: list[str], no_color: bool) -> None:
    code = (
        "import os, sys, runpy\n"
        f"sys.argv = ['peerethics', *{args!r}]\n"
        "try:\n    runpy.run_module('peerethics', run_name='__main__')\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted(m for m in ('typer', 'rich', 'click') if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "NO_COLOR"}
    if no_color:
        env["NO_COLOR"] = "1"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.stderr.strip() == "[]", result.stderr
    assert args[1] in result.stdout


@pytest.mark.parametrize("columns", [None, "", "0", "-3", "abc", "20", "57", "1000"])
def test_the_width_is_the_one_shutil_gives(monkeypatch, columns: str | None) -> None:
    import shutil

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    expected = max(cli_render.MIN_WIDTH, min(shutil.get_terminal_size((100, 24)).columns, 400))
    assert cli_render._columns() == expected
