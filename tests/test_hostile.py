"""User-supplied codes and hostile input: every outcome is a result or a clear error (1 or 2)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerethics import validate_paths

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

HOSTILE = """\
id: HX
jurisdiction: "Hostile [bold red]County[/]"
title: "Code [link=https://example.invalid]click me[/link]"
issuer: "Issuer \\e[31mRED\\e[0m and \\x9b31m"
credential:
  name: "Coach [/]"
  abbreviation: HXC
source:
  title: "Source [dim]x[/dim]"
sanction_note: "No sanctions [blink]here[/blink]."
principles:
  - number: 1
    text: "Coaches will not accept gifts [bold red]x[/] \\e]8;;https://evil.invalid\\e\\\\link\\e]8;;\\e\\\\
      or \\e[2J cash."
    topics: [gifts]
"""


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    (tmp_path / "hx.yaml").write_text(HOSTILE, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
@pytest.mark.parametrize("args", [["show", "HX-1"], ["search", "gifts", "--code", "HX"],
                                  ["codes"], ["sanctions", "HX-1"], ["compare", "HX", "MO"]])
def test_markup_and_escapes_are_inert(run, hostile_dir: Path, args: list[str], fmt: str) -> None:
    result = run("--data-dir", str(hostile_dir), *args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out and "\x9b" not in out, "no raw escape reaches the terminal"
    if fmt == "json":
        json.loads(out)
    if args[0] == "show" and fmt == "markdown":
        assert "\\[bold red\\]x\\[/\\]" in out  # escaped: Markdown shows it literally
    elif args[0] == "show" and fmt != "json":
        assert "[bold red]x[/]" in out  # shown literally, not as bold red
        assert "\\x1b" in out  # the escape made visible
    if args[0] == "codes" and fmt in ("table", "csv"):
        assert "Hostile [bold red]County[/]" in out


def test_escapes_in_json_are_escaped(run, hostile_dir: Path) -> None:
    result = run("--data-dir", str(hostile_dir), "show", "HX-1", "--json")
    assert "\\u001b[2J" in result.stdout
    assert json.loads(result.stdout)[0]["text"].count("\x1b") == 5  # the data itself is intact


def test_huge_query_answers_quickly(run) -> None:
    start = time.monotonic()
    result = run("search", "gift " * 20_000, "--json")
    assert result.exit_code in (0, 1)
    assert time.monotonic() - start < 10


def test_huge_and_odd_ids(run) -> None:
    for bad in ["MO-" + "9" * 5000, "🙂", "-", "MO-1.5", "13", "", " "]:
        result = run("show", bad, input="")
        assert result.exit_code == 2, bad
        assert len(result.stderr.splitlines()) == 1


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    (tmp_path / "bomb.yaml").write_text(bomb, encoding="utf-8")
    start = time.monotonic()
    _, problems = validate_paths([tmp_path / "bomb.yaml"])
    assert time.monotonic() - start < 5
    assert [p.message for p in problems] == [
        "YAML aliases (*name) are not allowed in peerethics data; write the value out"]


def test_deep_nesting_does_not_overflow(tmp_path: Path) -> None:
    (tmp_path / "deep.yaml").write_text("a: " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    _, problems = validate_paths([tmp_path / "deep.yaml"])
    assert "nesting is deeper than 32 levels" in problems[0].message


def test_bad_data_dir_stops_with_exit_2(run, tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path / "missing"), "codes")
    assert result.exit_code == 2 and "missing:1:1: no such file or directory" in result.stderr
    (tmp_path / "bad.yaml").write_bytes(b"id: B\xff\n")
    result = run("--data-dir", str(tmp_path), "search", "gifts")
    assert result.exit_code == 2
    assert f"{tmp_path / 'bad.yaml'}:1:6: file is not UTF-8" in result.stderr
    assert result.stdout == ""


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root reads any directory; permissions cannot be tested as root")
def test_unreadable_data_dir(run, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = run("--data-dir", str(locked), "codes")
        assert result.exit_code == 2 and "cannot be read" in result.stderr
    finally:
        locked.chmod(0o755)


def test_peerethics_data_env(run, tmp_path: Path) -> None:
    result = run("codes", "--json", env={"PEERETHICS_DATA": str(EXAMPLES)})
    assert result.exit_code == 0
    assert "EXA" in [c["id"] for c in json.loads(result.stdout)]


def test_example_code_works_with_every_command(run) -> None:
    d = ["--data-dir", str(EXAMPLES)]
    codes = {c["id"]: c for c in run.json(*d, "codes", "--json")}
    assert codes["EXA"]["origin"].endswith("EX-AGENCY.yaml") and codes["MO"]["origin"] == "bundled"
    assert run.json(*d, "show", "exa-3", "--json")[0]["topics"] == ["substance-use"]
    hits = run.json(*d, "search", "gift loans", "--code", "EXA", "--json")
    assert hits[0]["id"] == "EXA-2"
    menu = run.json(*d, "sanctions", "EXA-2", "--level", "very-serious", "--json")
    assert [s["text"] for s in menu["levels"][0]["sanctions"]] == [
        "Suspension from coaching duties", "Probation for ____ months"]
    assert run(*d, "sanctions", "EXA-2", "--level", "S").exit_code == 2  # VS only
    comp = run.json(*d, "compare", "EXA", "MO", "--topic", "gifts", "--json")
    assert comp["rows"][0]["cells"] == {"EXA": ["EXA-2"], "MO": ["MO-13"]}
    topics = {t["id"]: t for t in run.json(*d, "topics", "--json")}
    assert topics["gifts"]["counts"]["EXA"] == 1
    assert run("validate", str(EXAMPLES)).exit_code == 0


def test_validate_a_whole_data_folder_checks_its_taxonomy_too(run, tmp_path: Path) -> None:
    data = REPO / "data"
    result = run("validate", str(data))
    assert result.exit_code == 0, result.stderr
    codes = len(list((data / "codes").glob("*.yaml")))
    assert f"{1 + codes} files valid" in result.stderr  # topics.yaml and every code
    (tmp_path / "codes").mkdir()
    (tmp_path / "codes" / "MO.yaml").write_bytes((data / "codes" / "MO.yaml").read_bytes())
    topics = (data / "topics.yaml").read_text(encoding="utf-8")
    (tmp_path / "topics.yaml").write_text(topics.replace("- id: gifts\n", "- id: Gifts\n"),
                                          encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    line = topics[: topics.index("- id: gifts\n")].count("\n") + 1
    assert f"topics.yaml:{line}:" in result.stdout and "lowercase words" in result.stdout
    assert "1 problem in 1 file" in result.stderr


def test_validate_missing_path(run) -> None:
    result = run("validate", "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml:1:1: no such file or directory" in result.stdout
    assert "1 problem in 1 file" in result.stderr


def test_validate_json_lists_every_problem(run, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\nprinciples: []\n", encoding="utf-8")
    result = run("validate", str(tmp_path), "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["valid"] is False and len(data["problems"]) >= 8
    assert {"file", "line", "column", "message"} == set(data["problems"][0])


# ----------------------------------------------------------------------- property-based tests

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
CODE_KEYS = ["id", "jurisdiction", "title", "issuer", "credential", "source", "sanction_note",
             "principles", "tiers", "sanctions", "topics", "number", "text", "replaces"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.one_of(
    yaml_values.map(lambda v: yaml.safe_dump(v)),
    st.dictionaries(st.sampled_from(CODE_KEYS), yaml_values, max_size=8).map(yaml.safe_dump),
    st.text(max_size=200),
    st.binary(max_size=200),
))
def test_any_file_gives_problems_not_exceptions(tmp_path: Path, doc: str | bytes) -> None:
    path = tmp_path / "random.yaml"
    if isinstance(doc, bytes):
        path.write_bytes(doc)
    else:
        path.write_text(doc, encoding="utf-8", errors="surrogatepass")
    files, problems = validate_paths([path])
    assert files == [str(path)]
    for p in problems:
        assert p.file == str(path) and p.line >= 1 and p.column >= 1 and p.message


WORDS = ["search", "show", "sanctions", "compare", "codes", "topics", "validate", "MO-13", "MO",
         "CT", "ct-12", "XX-9", "--json", "--format", "csv", "markdown", "yaml", "--level", "VS",
         "S", "--limit", "0", "3", "--code", "--topic", "gifts", "--differences", "--full",
         "--explain", "-", "gift", "[bold]", "\x1b[31m", "--data-dir", "/nonexistent", "--help"]


@settings(max_examples=80, deadline=None)
# A real command line cannot hold a NUL byte (the OS passes C strings), so none is generated.
@given(argv=st.lists(st.sampled_from(WORDS)
                     | st.text(st.characters(exclude_characters="\x00"), max_size=12),
                     max_size=6))
def test_any_command_line_gives_a_documented_outcome(argv: list[str]) -> None:
    from typer.testing import CliRunner

    from peerethics.cli import app

    result = CliRunner().invoke(app, argv, input="MO-1\n")
    assert result.exit_code in (0, 1, 2), (argv, result.exit_code, result.output)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), (argv, repr(result.exception))
    assert "Traceback" not in result.output


def test_validate_prints_one_problem_per_line_however_long(run, tmp_path: Path) -> None:
    """Scripts read FILE:LINE:COL: message line by line; a long message must not wrap."""
    bad = tmp_path / ("a-rather-long-file-name-for-a-code-of-ethics-draft" * 2 + ".yaml")
    bad.write_text('id: X\ntitle: "never closed\n', encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(str(bad) + ":") for line in lines), lines
