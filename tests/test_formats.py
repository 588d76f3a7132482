"""Formats that never lose information (issue 14): CSV columns named for what they hold, the
sanction caveat in every format, Markdown that data cannot turn into headings, quotes or HTML."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from peerethics.cli_render import md

HOSTILE = """\
id: HX
jurisdiction: "\\n\\n# X"
title: "Code <script>alert(1)</script> of *Ethics*"
issuer: Nobody
credential:
  name: Peer
  abbreviation: P
source:
  title: "[a link](http://example.com)"
sanction_note: "> quoted\\n- listed"
tiers:
  - level: S
    label: Serious
    sanctions:
      - "<b>bold</b> and | pipe"
principles:
  - number: 1
    text: "First line\\n> a quote\\n# a heading\\n1. a list"
    tiers: [S]
    topics: [gifts]
"""


@pytest.fixture
def hostile(tmp_path: Path) -> str:
    (tmp_path / "HX.yaml").write_text(HOSTILE, encoding="utf-8")
    return str(tmp_path)


def test_sanctions_csv_says_the_notes_once_and_a_row_per_sanction(run) -> None:
    out = run("sanctions", "MO-13", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["row", "principle", "level", "level_label", "sanction",
                             "sanction_note", "definition", "text"]
    kinds = [r["row"] for r in rows]
    assert kinds[:3] == ["principle", "menu_note", "source"]
    assert kinds.count("menu_note") == kinds.count("source") == 1
    assert out.count("it is not a determination") == 1
    assert out.count("Note: All of the principles") == 1
    assert [r["text"] for r in rows if r["row"] == "board_note"][1:] == [
        "S = Serious", "VS = Very Serious", "ES = Extremely Serious"]
    sanctions = [r for r in rows if r["row"] == "sanction"]
    assert len(sanctions) == 19 and not any(r["text"] for r in sanctions)
    assert {r["level"] for r in sanctions} == {"S", "VS", "ES"}
    assert len(out.encode()) < 4000  # the 1.1 KB of notes is not on each of the 19 rows
    es = next(r for r in rows if r["row"] == "sanction" and r["level"] == "ES")
    assert es["sanction_note"].startswith("The Board sets the period")
    ct = [r for r in csv.DictReader(io.StringIO(run("sanctions", "CT-12", "-f", "csv").stdout))
          if r["row"] == "sanction"]
    assert ct[0]["sanction"] == "Written Caution" and ct[0]["definition"].startswith("The least")
    assert ct[0]["sanction_note"] == ""


def test_sanctions_markdown_has_no_double_blank_line(run) -> None:
    for pid in ("MO-8", "CT-12", "NE-3"):
        out = run("sanctions", pid, "-f", "markdown").stdout
        assert "\n\n\n" not in out, pid
        assert out.endswith("\n") and not out.endswith("\n\n")


def test_show_markdown_prints_topic_labels_like_the_table(run) -> None:
    out = run("show", "MO-8", "-f", "markdown").stdout
    assert "Romantic and sexual relationships" in out
    assert "romantic-relationships" not in out


def test_a_valid_file_prints_no_empty_line(run) -> None:
    examples = str(Path(__file__).resolve().parents[1] / "examples")
    result = run("validate", examples)
    assert result.exit_code == 0 and result.stdout == ""
    assert "1 file valid" in result.stderr


def test_md_escapes_what_markdown_and_html_would_read() -> None:
    assert md("\n\n# X") == "<br><br>\\# X"
    assert md("<b>x</b>") == "\\<b\\>x\\</b\\>"
    assert md("- item") == "\\- item" and md("1. item") == "1\\. item"
    assert md("*a* _b_ [c](d) `e`") == "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\`"


@pytest.mark.parametrize("args", [["show", "HX-1"], ["sanctions", "HX-1"]])
def test_markdown_of_hostile_data_stays_text(run, hostile: str, args: list[str]) -> None:
    result = run("--data-dir", hostile, *args, "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    ours = [ln for ln in lines if ln.startswith("#")]
    assert len(ours) == 1 and ours[0].startswith("### ")  # only our own heading
    quotes = [ln for ln in lines if ln.startswith(">")]
    assert len(quotes) == 1  # the principle's own quote, one line
    assert "<script>" not in result.stdout and "<b>" not in result.stdout
    assert "\\# X" in result.stdout


def test_markdown_tables_keep_data_as_text(run, tmp_path) -> None:
    """A title, a text or a label from a data file is never a tag, a link or emphasis in a
    Markdown table (codes, search, compare), as it is not outside tables."""
    from test_loader import VALID

    (tmp_path / "ag.yaml").write_text(
        VALID.replace("title: Example Agency Peer Code\n",
                      "title: \"<script>alert(1)</script> **bold**\"\n")
             .replace("Coaches will not accept gifts of significant value.",
                      "Coaches will not accept gifts [click](javascript:alert(1)) <b>x</b>."),
        encoding="utf-8")
    d = ["--data-dir", str(tmp_path)]
    for args in (["codes"], ["search", "gifts", "--code", "AG"],
                 ["compare", "AG", "MO", "--topic", "gifts", "--full"]):
        out = run(*d, *args, "--format", "markdown").stdout
        assert "<script>" not in out and "<b>" not in out and "[click](javascript" not in out, args
        assert "**bold**" not in out
    assert "\\<script\\>" in run(*d, "codes", "--format", "markdown").stdout


def test_bidirectional_overrides_from_data_are_shown_not_obeyed(run, tmp_path) -> None:
    from test_loader import VALID

    (tmp_path / "ag.yaml").write_text(VALID.replace("issuer: Example Agency",
                                                    "issuer: \"Agency \u202eevil\u202c\""),
                                      encoding="utf-8")
    out = run("--data-dir", str(tmp_path), "show", "AG").stdout
    assert "\u202e" not in out and "\\u202e" in out
