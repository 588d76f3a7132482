"""Versions of a code side by side (tests/examples/versions/: XV 2019 and 2024), the problems that
keep versions apart (tests/examples/versions-invalid/), and the text in force on a day."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from conftest import REPO

from peerethics import load_catalog, validate_paths
from peerethics.errors import InputError

VERSIONS = REPO / "tests" / "examples" / "versions"
INVALID = sorted(p for p in (REPO / "tests" / "examples" / "versions-invalid").iterdir()
                 if p.is_dir())


def _expected(folder: Path) -> list[str]:
    lines = (folder / "b.yaml").read_text(encoding="utf-8").splitlines()
    return [f"{folder}/b.yaml:" + line.removeprefix("# expect: ").replace("{here}", str(folder))
            for line in lines if line.startswith("# expect: ")]


def test_two_versions_load_side_by_side_oldest_first() -> None:
    catalog = load_catalog([VERSIONS], cache=False)
    assert [(c.version, c.effective_date, c.superseded_date) for c in catalog.versions("XV")] == [
        ("2019", None, "2024-01-01"), ("2024", "2024-01-01", None)]
    assert catalog.code_ids.count("XV") == 1


@pytest.mark.parametrize("cache", [False, True])
def test_the_version_in_force_answers_for_a_day(cache: bool) -> None:
    old = load_catalog([VERSIONS], cache=cache, as_of="2023-12-31")
    new = load_catalog([VERSIONS], cache=cache, as_of=datetime.date(2024, 1, 1))
    assert old.code("XV").version == "2019"  # type: ignore[union-attr]
    assert new.code("XV").version == "2024"  # type: ignore[union-attr]
    assert load_catalog([VERSIONS], cache=cache).code("XV").version == "2024"  # type: ignore[union-attr]
    assert old.as_of_date == "2023-12-31" and "XV" not in old.absent


def test_a_day_before_any_dated_version_leaves_the_code_out_and_says_why() -> None:
    catalog = load_catalog(as_of="2021-06-01", cache=False)
    assert "CT" not in catalog.code_ids and catalog.code("CT") is None
    assert catalog.absent["CT"] == ("no CT text on file in force on 2021-06-01; the bundled "
                                    "version took effect 2022-04-01")
    assert any(n.startswith("MA: the document states no date it took effect (revisions: 2006")
               for n in catalog.notes)


@pytest.mark.parametrize("bad", ["2021-13-01", "June 1, 2021", "", "2021-6-1"])
def test_a_date_that_is_not_iso_is_bad_input(bad: str) -> None:
    with pytest.raises(InputError, match="is not a date"):
        load_catalog(as_of=bad)


@pytest.mark.parametrize("folder", INVALID, ids=lambda p: p.name)
def test_versions_that_cannot_load_together_give_exactly_their_problems(run, folder: Path) -> None:
    files, problems = validate_paths([folder])
    assert [str(p) for p in problems] == _expected(folder)
    result = run("validate", str(folder), "--json")
    assert result.exit_code == 2
    assert [f"{p['file']}:{p['line']}:{p['column']}: {p['message']}"
            for p in json.loads(result.stdout)["problems"]] == _expected(folder)


def test_an_older_file_of_a_bundled_code_loads_beside_it(tmp_path: Path) -> None:
    ct = (REPO / "data" / "codes" / "CT.yaml").read_text(encoding="utf-8")
    older = ct.replace('effective_date: "2022-04-01"',
                       'version: "older (test)"\nsuperseded_date: "2022-04-01"')
    (tmp_path / "CT-older.yaml").write_text(older, encoding="utf-8")
    catalog = load_catalog([tmp_path], cache=False)
    assert [c.version for c in catalog.versions("CT")] == ["older (test)", None]
    assert load_catalog([tmp_path], cache=False, as_of="2021-06-01").code(
        "CT").version == "older (test)"  # type: ignore[union-attr]


# ------------------------------------------------------------------------------- --as-of, the CLI


def test_show_before_any_version_on_file_says_so_and_exits_1(run) -> None:
    for ids in ("CT-12", "CT", "ct"):
        result = run("show", ids, "--as-of", "2021-06-01")
        assert result.exit_code == 1 and result.stdout == ""
        assert ("peerethics: error: no CT text on file in force on 2021-06-01; the bundled "
                "version took effect 2022-04-01; run `peerethics versions CT`") in result.stderr


def test_as_of_before_or_after_the_command_and_from_the_environment(run) -> None:
    v = str(VERSIONS)
    for args, env in [(("--as-of", "2023-12-31", "--data-dir", v, "show", "XV-1", "--json"), None),
                      (("--data-dir", v, "show", "XV-1", "--json", "--as-of", "2023-12-31"), None),
                      (("--data-dir", v, "show", "XV-1", "--json"),
                       {"PEERETHICS_AS_OF": "2023-12-31"})]:
        result = run(*args, env=env)
        assert result.exit_code == 0, result.stderr
        [xv1] = json.loads(result.stdout)
        assert (xv1["version"], xv1["text"]) == ("2019", "Guides will keep what they are told "
                                                 "private."), args
    [today] = run.json("--data-dir", v, "show", "XV-1", "--json")
    assert today["version"] == "2024"


@pytest.mark.parametrize("command", [("search", "gifts"), ("compare",), ("sanctions", "CT-12"),
                                     ("codes",), ("define", "client")])
def test_every_command_answers_for_the_day_and_names_what_it_left_out(run, command,
                                                                    catalog) -> None:
    result = run(*command, "--json", "--as-of", "2021-06-01")
    assert "no text on file in force on 2021-06-01 for CT, so it is left out" in result.stderr
    undated = ", ".join(c.id for c in catalog.codes if not c.effective_date)
    assert f"{undated} state no date they took effect" in result.stderr
    assert "CT-" not in result.stdout and '"CT"' not in result.stdout
    assert result.exit_code in (0, 1)


def test_a_date_that_is_not_iso_is_one_line_and_exit_2(run) -> None:
    result = run("--as-of", "June 1 2021", "codes")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("peerethics: error: --as-of 'June 1 2021' is not a date; give an "
                             "ISO date, YYYY-MM-DD, e.g. --as-of 2021-06-01\n")


def test_the_terminal_labels_the_version_it_answers_from(run) -> None:
    result = run("--data-dir", str(VERSIONS), "show", "XV", "--as-of", "2020-01-01")
    assert "· version 2019" in result.stdout
    assert "In force    until 2024-01-01" in result.stdout


# --------------------------------------------------------------------------- versions and diff


def test_versions_lists_each_version_with_its_dates_and_file(run) -> None:
    data = run.json("--data-dir", str(VERSIONS), "versions", "xv", "--as-of", "2023-06-01",
                    "--json")
    assert (data["kind"], data["code"], data["as_of"]) == ("versions", "XV", "2023-06-01")
    assert [(v["version"], v["effective_date"], v["superseded_date"], v["in_force"])
            for v in data["versions"]] == [("2019", None, "2024-01-01", True),
                                           ("2024", "2024-01-01", None, False)]
    assert data["versions"][0]["origin"].endswith("XV-2019.yaml")
    # Listed, though not in force that day:
    ct = run.json("versions", "CT", "--as-of", "2021-06-01", "--json")
    assert [(v["effective_date"], v["in_force"]) for v in ct["versions"]] == [
        ("2022-04-01", False)]


def test_diff_pairs_principles_by_their_words_and_marks_the_changed_ones(run) -> None:
    data = run.json("--data-dir", str(VERSIONS), "diff", "XV@2019", "XV", "--json")
    assert data["summary"] == {"added": 1, "removed": 1, "changed": 1, "renumbered": 1,
                               "unchanged": 1}
    assert [(p["status"], p["renumbered"], p["from_id"], p["to_id"])
            for p in data["principles"]] == [("changed", False, "XV-1", "XV-1"),
                                             ("added", False, None, "XV-2"),
                                             ("unchanged", True, "XV-2", "XV-3"),
                                             ("removed", False, "XV-3", None)]
    first = data["principles"][0]["text"]
    assert [s["op"] for s in first] == ["same", "removed", "added"]
    old = " ".join(s["text"] for s in first if s["op"] != "added")
    new = " ".join(s["text"] for s in first if s["op"] != "removed")
    assert (old, new) == ("Guides will keep what they are told private.",
                          "Guides will keep what they are told private, unless the law requires "
                          "them to speak.")
    # A date names the version in force that day; one reference alone is compared with today's.
    assert run.json("--data-dir", str(VERSIONS), "diff", "XV@2023-12-31", "--json") == data


def test_diff_marks_changed_words_in_every_format(run) -> None:
    args = ("--data-dir", str(VERSIONS), "diff", "XV@2019", "XV@2024")
    table = run(*args).stdout
    assert "told [-private.-] {+private, unless the law requires them to speak.+}" in table
    assert "XV-3  renumbered from XV-2" in table and "XV-3  removed" in table
    markdown = run(*args, "-f", "markdown").stdout
    assert "told ~~private.~~ **private, unless the law requires them to speak.**" in markdown
    csv = run(*args, "-f", "csv").stdout.splitlines()
    assert csv[0] == "status,renumbered,from,to,old_text,new_text,marked"
    assert csv[4] == ("removed,,XV-3,,Guides will not lend money to the people they guide.,,"
                      "[-Guides will not lend money to the people they guide.-]")


@pytest.mark.parametrize(("args", "code", "message"), [
    (("XV@",), 2, "'XV@' names no version; give a label or a date after @"),
    (("XV@2013",), 2, "XV has no version '2013'; its version labels: 2019, 2024"),
    (("XV@2019", "CT"), 2, "XV and CT are two codes, not two versions of one"),
    (("XV", "XV", "XV"), 2, "diff takes two versions, not 3"),
    (("CT@2020-01-01",), 1, "no CT text on file in force on 2020-01-01; the bundled version "
                            "took effect 2022-04-01"),
])
def test_diff_refuses_what_names_no_version(run, args, code, message) -> None:
    result = run("--data-dir", str(VERSIONS), "diff", *args, "--json")
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.startswith(f"peerethics: error: {message}")
    assert result.stderr.count("\n") == 1


def test_the_library_gives_the_json_the_command_line_prints(run) -> None:
    from peerethics import contract_texts
    from peerethics.diff import diff

    catalog = load_catalog([VERSIONS], cache=False, as_of="2024-02-01")
    assert contract_texts.diff_json(diff(catalog, "XV@2019", "XV"), "2024-02-01") == run.json(
        "--data-dir", str(VERSIONS), "--as-of", "2024-02-01", "diff", "XV@2019", "--json")


def test_the_global_options_carry_as_of_to_every_face_that_loads_a_catalog(monkeypatch) -> None:
    """The MCP server (and every command) loads its catalog through Globals.catalog: the day
    given on its command line, or in PEERETHICS_AS_OF, reaches it, and survives resolved()."""
    from peerethics.options import Globals

    opts = Globals(data_dirs=(str(VERSIONS),), as_of="2023-01-01").resolved()
    assert opts.catalog().code("XV").version == "2019"  # type: ignore[union-attr]
    monkeypatch.setenv("PEERETHICS_AS_OF", "2021-06-01")
    assert "CT" in Globals().catalog().absent
    assert "CT" not in Globals(as_of="2024-01-01").catalog().absent  # the option wins


def test_without_a_date_a_version_not_yet_in_force_waits_its_day(tmp_path: Path) -> None:
    """A version whose date is still to come (a board's announced revision) is on file, but
    today's answers come from the version in force today until that day."""
    for name in ("XV-2019.yaml", "XV-2024.yaml"):
        (tmp_path / name).write_bytes((VERSIONS / name).read_bytes())
    later = (VERSIONS / "XV-2024.yaml").read_text(encoding="utf-8")
    later = later.replace('version: "2024"', 'version: "2099"').replace(
        'effective_date: "2024-01-01"', 'effective_date: "2099-01-01"')
    (tmp_path / "XV-2024.yaml").write_text(later.replace(
        'effective_date: "2099-01-01"', 'effective_date: "2024-01-01"\nsuperseded_date: '
        '"2099-01-01"').replace('version: "2099"', 'version: "2024"'), encoding="utf-8")
    (tmp_path / "XV-2099.yaml").write_text(later, encoding="utf-8")
    assert [v.version for v in load_catalog([tmp_path], cache=False).versions("XV")] == [
        "2019", "2024", "2099"]
    assert load_catalog([tmp_path], cache=False).code("XV").version == "2024"  # type: ignore[union-attr]
    assert load_catalog([tmp_path], cache=False, as_of="2099-01-01").code(
        "XV").version == "2099"  # type: ignore[union-attr]
