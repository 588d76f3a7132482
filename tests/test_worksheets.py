"""`case` and `decide` (issue 27): the worksheets, through the command line and the library.

Asserted on the data's own records (each menu item, each paragraph of the Board's note, each
principle's text, read from the catalog, never retyped here), and on tests/examples codes where
the point is not a bundled code's content (versions, a code with levels but no Board's note, a
code silent on a situation).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peerethics.cli_render import md
from peerethics.model import Catalog

REPO = Path(__file__).resolve().parents[1]
VERSIONS = str(REPO / "tests" / "examples" / "versions")
VALID = str(REPO / "tests" / "examples" / "valid")
AGENCY = str(REPO / "examples")


def _squashed(text: str) -> str:
    """Text as words, so a table wrapped at any width can be searched for a passage."""
    return " ".join(text.split())


def _one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("peerethics: error: "), lines
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


# ------------------------------------------------------------------------------------ case file


def test_case_mo13_vs_boxes_every_vs_item_quotes_mo13_and_the_boards_note(run, catalog: Catalog
                                                                           ) -> None:
    mo = catalog.code("MO")
    assert mo is not None and mo.seriousness_note
    vs = mo.tier("VS")
    assert vs is not None and vs.sanctions
    mo13 = mo.principle(13)
    assert mo13 is not None
    result = run("case", "MO-13", "--level", "VS", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for item in vs.sanctions:
        assert f"- [ ] {md(item.text)}" in out
    others = {m.text for t in mo.tiers if t.level != "VS" for m in t.sanctions}
    for text in others - {m.text for m in vs.sanctions}:
        assert f"- [ ] {md(text)}\n" not in out  # only the level chosen
    assert f"> {md(mo13.text)}" in out
    for para in (*mo.seriousness_note, *mo.legend):
        assert f"> {md(para)}" in out
    assert "- [x] VS (Very Serious)" in out  # the level suggested, ticked

    table = run("case", "MO-13", "--level", "very-serious")
    assert table.exit_code == 0 and "\x1b" not in table.stdout
    flat = _squashed(table.stdout)
    for item in vs.sanctions:
        assert f"[ ] {_squashed(item.text)}" in flat
    assert _squashed(mo13.text) in flat
    for para in mo.seriousness_note:
        assert _squashed(para) in flat


def test_case_json_carries_the_menu_and_the_note_from_the_data(run, catalog: Catalog) -> None:
    mo = catalog.code("MO")
    assert mo is not None
    data = run.json("case", "MO-13", "-l", "VS", "--json")
    assert data["kind"] == "case" and data["level"] == "VS"
    assert [p["id"] for p in data["principles"]] == ["MO-13"]
    [guide] = data["guidance"]
    assert guide["kind"] == "tiers" and [lv["level"] for lv in guide["levels"]] == ["VS"]
    vs = mo.tier("VS")
    assert vs is not None
    assert [s["text"] for s in guide["levels"][0]["sanctions"]] == [m.text for m in vs.sanctions]
    assert guide["board_note"] == list(mo.seriousness_note)
    assert guide["legend"] == list(mo.legend)
    names = [f["name"] for f in data["fields"]]
    assert names == ["allegation", "response", "evidence", "findings", "extenuating", "level",
                     "sanctions", "decision", "dates"]
    assert set(data["editorial"]) == {"date_notes", "guidance.statement", "fields"}


def test_without_a_level_every_level_the_principle_permits_is_shown(run, catalog: Catalog
                                                                    ) -> None:
    mo13 = catalog.code("MO").principle(13)  # type: ignore[union-attr]
    data = run.json("case", "MO-13", "--json")
    assert data["level"] is None
    assert [lv["level"] for lv in data["guidance"][0]["levels"]] == list(mo13.tiers)
    level_field = next(f for f in data["fields"] if f["name"] == "level")
    assert [c.split()[0] for c in level_field["choices"]] == list(mo13.tiers)


def test_a_level_the_principle_lacks_is_refused_with_the_levels_it_has(run, catalog: Catalog
                                                                      ) -> None:
    mo19 = catalog.code("MO").principle(19)  # type: ignore[union-attr]
    assert "S" not in mo19.tiers
    _one_line_error(run("case", "MO-19", "--level", "S"), "MO-19", *mo19.tiers)
    _one_line_error(run("case", "MO-13", "MO-19", "--level", "S", "--json"), "MO-19")


def test_a_code_that_publishes_no_sanction_guidance_says_so_and_invents_no_menu(run) -> None:
    result = run("case", "MA-10", "--format", "markdown")
    assert result.exit_code == 0
    assert "MA publishes no sanction guidance" in result.stdout
    boxes = [ln for ln in result.stdout.splitlines() if ln.startswith("- [ ]")]
    assert boxes == ["- [ ] MA-10 substantiated", "- [ ] MA-10 not substantiated"]
    data = run.json("case", "MA-10", "--json")
    [guide] = data["guidance"]
    assert guide["kind"] == "none" and guide["levels"] == [] and guide["sanctions"] == []
    assert guide["statement"].startswith("MA publishes no sanction guidance.")
    assert "level" not in [f["name"] for f in data["fields"]]
    _one_line_error(run("case", "MA-10", "--level", "VS"), "MA")


def test_ct_lists_its_glossarys_four_sanctions_with_their_definitions(run, catalog: Catalog
                                                                     ) -> None:
    ct = catalog.code("CT")
    assert ct is not None and ct.sanctions
    out = run("case", "CT-12", "--format", "markdown").stdout
    for s in ct.sanctions:
        assert f"- [ ] {md(s.name)}: {md(s.definition)}" in out
    [guide] = run.json("case", "CT-12", "--json")["guidance"]
    assert guide["kind"] == "glossary"
    assert [(s["name"], s["definition"]) for s in guide["sanctions"]] == [
        (s.name, s.definition) for s in ct.sanctions]


def test_a_level_is_the_rated_codes_when_a_case_cites_a_code_without_levels(run) -> None:
    """CT rates no level: with CT-12 and MO-8 cited, --level ES is MO-8's, and CT's glossary
    is shown as it always is; with CT alone, or a level MO-8 lacks, it is refused."""
    data = run.json("case", "CT-12", "MO-8", "--level", "ES", "--json")
    assert data["level"] == "ES"
    kinds = {g["code"]: g for g in data["guidance"]}
    assert [t["level"] for t in kinds["MO"]["levels"]] == ["ES"]
    assert kinds["CT"]["kind"] == "glossary" and len(kinds["CT"]["sanctions"]) == 4
    [field] = [f for f in data["fields"] if f["name"] == "level"]
    assert "(MO's levels; CT rates none)" in field["prompt"]
    _one_line_error(run("case", "CT-12", "--level", "ES"), "CT rates no principle")
    _one_line_error(run("case", "CT-12", "MO-8", "--level", "VS"), "MO-8 is not rated VS")

def test_a_code_with_levels_and_no_boards_note_gets_its_menu_and_no_note(run) -> None:
    data = run.json("--data-dir", AGENCY, "case", "EXA-2", "--level", "VS", "--json")
    [guide] = data["guidance"]
    assert guide["kind"] == "tiers" and guide["board_note"] == []
    out = run("--data-dir", AGENCY, "case", "EXA-2", "-l", "VS", "-f", "markdown").stdout
    assert "Board's note" not in out and "- [ ] Suspension from coaching duties" in out
    assert "Probation for \\_\\_\\_\\_ months *(editorial: The review panel sets" in out


def test_the_incident_date_chooses_the_version_in_force_then(run) -> None:
    old = run.json("--data-dir", VERSIONS, "case", "XV-1", "--incident-date", "2020-05-01",
                   "--json")
    new = run.json("--data-dir", VERSIONS, "case", "XV-1", "--incident-date", "2024-06-01",
                   "--json")
    assert old["principles"][0]["text"] == "Guides will keep what they are told private."
    assert old["principles"][0]["version"] == "2019"
    assert new["principles"][0]["text"].endswith("unless the law requires them to speak.")
    assert old["incident_date"] == "2020-05-01"
    assert "2024-01-01" in old["date_notes"][0]  # used because superseded only then
    assert new["date_notes"] == ["XV: version 2024, in force from 2024-01-01, was in force on "
                                 "2024-06-01"]
    # XV-3 of 2024 is another principle than XV-3 of 2019: the day decides which is cited.
    assert run.json("--data-dir", VERSIONS, "case", "XV-3", "--incident-date", "2020-01-01",
                    "--json")["principles"][0]["text"].startswith("Guides will not lend")


def test_a_code_that_states_no_date_is_used_and_the_case_file_says_so(run) -> None:
    data = run.json("--data-dir", VALID, "case", "XA-1", "--incident-date", "2021-06-01",
                    "--json")
    [note] = data["date_notes"]
    assert note.startswith("XA: the document states no date it took effect")
    assert "could not be checked" in note and "uses the bundled version" not in note
    out = run("--data-dir", VALID, "case", "XA-1", "--incident-date", "2021-06-01").stdout
    assert "could not be checked" in _squashed(out)


@pytest.mark.parametrize(("args", "needles"), [
    (["case", "MO-13", "--incident-date", "June 2021"], ["--incident-date", "not a date"]),
    (["case", "MO-13", "--incident-date", "2021-02-30"], ["not a date"]),
    (["case", "MO-99"], ["MO has principles 1-21"]),
    (["case", "ZZ-1"], ["unknown code"]),
    (["case", "MO"], ["not a principle id"]),
    (["case", "MO-13", "--level", "XL"], ["unknown level"]),
    (["case", "MO-13", "-o", "/nonexistent-dir/case.md"], ["folder does not exist"]),
])
def test_bad_input_to_case_is_one_line_and_exit_2(run, args: list[str],
                                                  needles: list[str]) -> None:
    _one_line_error(run(*args), *needles)


def test_a_code_not_in_force_on_the_incident_date_is_nothing_to_cite(run) -> None:
    result = run("--data-dir", VERSIONS, "case", "XV-2", "--incident-date", "2019-01-01")
    assert result.exit_code == 0  # the 2019 text states no start: used, with its note
    result = run("case", "CT-12", "--incident-date", "2021-06-01")
    assert result.exit_code == 1 and "no CT text on file in force on 2021-06-01" in result.stderr


def test_text_from_data_and_the_allegation_are_never_markup(run, tmp_path: Path) -> None:
    code = (REPO / "tests" / "examples" / "valid" / "XA.yaml").read_text(encoding="utf-8")
    hostile = "# Mentors <b>will</b> [click](http://x) *never* | lend\x1b[31m money."
    code = code.replace("Mentors will not accept gifts of any value from the people they mentor.",
                        json.dumps(hostile))
    (tmp_path / "XA.yaml").write_text(code, encoding="utf-8")
    result = run("--data-dir", str(tmp_path), "case", "XA-2", "--allegation", "<img src=x>",
                 "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"> {md(hostile)}" in out
    import re

    assert not re.search(r"(?<!\\)[<\[]", out.replace("- [ ]", "").replace("- [x]", ""))
    assert "\x1b" not in out
    assert "\\<img src=x\\>" in out
    table = run("--data-dir", str(tmp_path), "case", "XA-2").stdout
    assert "\x1b" not in table and "\\x1b[31m" in table


def test_o_writes_the_worksheet_to_a_file_in_the_format_its_name_says(run, tmp_path: Path
                                                                     ) -> None:
    md_file, json_file = tmp_path / "case.md", tmp_path / "case.json"
    result = run("case", "MO-13", "-l", "VS", "-o", str(md_file))
    assert result.exit_code == 0 and result.stdout == ""
    assert "wrote" in result.stderr
    assert md_file.read_text(encoding="utf-8") == run("case", "MO-13", "-l", "VS", "-f",
                                                      "markdown").stdout
    assert run("decide", "gifts", "--output", str(json_file)).exit_code == 0
    written = json_file.read_text(encoding="utf-8")
    assert json.loads(written)["kind"] == "decide" and written.startswith('{\n  "schema_version"')
    txt = tmp_path / "case.txt"
    assert run("case", "MO-13", "-o", str(txt), "--format", "csv").exit_code == 0
    assert txt.read_text(encoding="utf-8").startswith("section,item,id,text,editorial\n")


def test_the_library_builds_what_the_command_line_prints(run, catalog: Catalog) -> None:
    from peerethics.contract_worksheets import case_json, decide_json
    from peerethics.worksheets import case_file, decision

    assert case_json(case_file(catalog, ["MO-13"], "vs")) == run.json("case", "MO-13", "-l",
                                                                      "VS", "--json")
    ws = decision(catalog, "a client offered to buy me lunch", ["MO", "CT"])
    assert decide_json(catalog, ws) == run.json("decide", "a client offered to buy me lunch",
                                                "-c", "MO", "-c", "CT", "--json")


# ------------------------------------------------------------------------------------- decision


def test_decide_quotes_every_principle_it_found_verbatim_with_its_id(run, catalog: Catalog
                                                                    ) -> None:
    situation = "a client offered to buy me lunch"
    data = run.json("decide", situation, "--json")
    assert data["situation"] == situation and data["reading"]
    found = [p for c in data["codes"] for p in c["principles"]]
    assert found
    out = run("decide", situation, "-f", "markdown").stdout
    for p in found:
        principle = catalog.code(p["code"]).principle(p["number"])  # type: ignore[union-attr]
        assert p["text"] == principle.text
        assert f"**{md(p['id'])}**" in out and f"> {md(principle.text)}" in out
    assert [c["code"] for c in data["codes"]] == list(catalog.code_ids)
    steps = [s["name"] for s in data["steps"]]
    assert steps[0] == "issue" and {"facts", "affected", "codes", "options", "consult",
                                    "decision", "record", "reflect"} <= set(steps)
    assert f"How search read it: {md(data['reading'])}" in out


def test_decide_says_where_a_code_is_silent(run) -> None:
    data = run.json("--data-dir", VALID, "decide", "can I give a client a ride home", "-c",
                    "XA", "--json")
    [xa] = data["codes"]
    assert xa["silent"] and "XA" in xa["silent"]
    out = run("--data-dir", VALID, "decide", "can I give a client a ride home", "-c", "XA").stdout
    assert xa["silent"] in _squashed(out)


def test_decide_honours_peerethics_codes(run) -> None:
    result = run("decide", "gifts", "--json", env={"PEERETHICS_CODES": "MO"})
    assert [c["code"] for c in json.loads(result.stdout)["codes"]] == ["MO"]


@pytest.mark.parametrize(("args", "needle"), [
    (["decide", ""], "the situation is empty"), (["decide", "   "], "the situation is empty"),
    (["decide", "gifts", "-c", "ZZ"], "unknown code"),
    (["decide", "MO-13"], "peerethics show MO-13")])
def test_bad_input_to_decide_is_one_line_and_exit_2(run, args: list[str], needle: str) -> None:
    _one_line_error(run(*args), needle)


def test_a_situation_search_finds_nothing_for_is_said_and_exits_1(run) -> None:
    result = run("decide", "zzzq xxqv", "-f", "markdown")
    assert result.exit_code == 1 and "search found no principle" in result.stderr
    assert "Search found no principle for this situation" in result.stdout
    assert "only the nearest" not in result.stdout
    assert "### 9\\. Looking back" in result.stdout  # the steps still apply


@pytest.mark.parametrize("argv", [
    ["case", "MO-13", "--level", "VS", "--json"], ["case", "MA-10", "-f", "markdown"],
    ["case", "MO-19", "-l", "S"], ["decide", "gifts", "-c", "MO"], ["decide", ""],
    ["case", "XV-1", "--incident-date", "2020-01-01", "--data-dir", VERSIONS],
])
def test_the_fast_path_and_typer_agree_on_the_worksheets(argv: list[str]) -> None:
    from test_cli_fast import _fast, _typer

    from peerethics import cli_fast

    assert cli_fast.parse(argv) is not None
    assert _fast(argv, "") == _typer(argv, "")


def test_a_call_that_writes_a_file_is_left_to_typer() -> None:
    from peerethics import cli_fast

    assert cli_fast.parse(["case", "MO-13", "-o", "case.md"]) is None


def test_the_installed_entry_point_prints_json_and_refuses_in_one_line(tmp_path: Path) -> None:
    """Through a real process (the fast path, as scripts call it): JSON on stdout, UTF-8; a
    refusal is one line on stderr and exit 2; no traceback either way."""
    import subprocess
    import sys

    def call(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "peerethics", *args], capture_output=True,
                              cwd=tmp_path, check=False)

    ok = call("decide", "a client offered to buy me lunch", "-c", "CT", "--json")
    assert ok.returncode == 0 and ok.stderr == b""
    assert json.loads(ok.stdout.decode("utf-8"))["codes"][0]["code"] == "CT"
    refused = call("case", "MO-19", "--level", "S")
    assert refused.returncode == 2 and refused.stdout == b""
    assert refused.stderr.decode().count("\n") == 1 and b"ES" in refused.stderr
    assert b"Traceback" not in ok.stderr + refused.stderr


def test_two_codes_that_rate_levels_each_name_their_boxes(run) -> None:
    """XB and MO both rate a level S: the level field had two boxes 'S (Serious)', both ticked
    for --level S, and no way to tell whose; each now names its code, and the prompt both."""
    data = run.json("--data-dir", VALID, "case", "XB-2", "MO-13", "CT-1", "--level", "S",
                    "--json")
    [field] = [f for f in data["fields"] if f["name"] == "level"]
    assert field["choices"] == ["S (Serious, XB)", "S (Serious, MO)"]
    assert "(XB's and MO's levels; CT rates none)" in field["prompt"]
    out = run("--data-dir", VALID, "case", "XB-2", "MO-13", "--format", "markdown").stdout
    assert "- [ ] S (Serious, XB)\n- [ ] S (Serious, MO)\n- [ ] VS (Very Serious, MO)\n" in out
    alone = run.json("case", "MO-13", "--json")  # one code's levels: as they always were
    assert [f for f in alone["fields"] if f["name"] == "level"][0]["choices"][0] == "S (Serious)"
