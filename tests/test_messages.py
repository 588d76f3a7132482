"""Messages that point the right way (issue 14): each names the command or option to use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import peerethics
from peerethics.comparison import resolve_topic
from peerethics.errors import InputError
from peerethics.ids import looks_like_ids, split_codes, split_ids

EXAMPLES = str(Path(__file__).resolve().parents[1] / "examples")


def test_search_for_an_id_shows_that_principle(run) -> None:
    result = run("search", "MO-13")
    assert result.exit_code == 0
    assert result.stdout.startswith("MO-13  Missouri")
    assert "peerethics show MO-13" in result.stderr


def test_search_for_an_id_in_json_points_to_show(run) -> None:
    result = run("search", "mo 13", "--json")
    assert result.exit_code == 2 and result.stdout == ""
    assert "run peerethics show MO-13" in result.stderr


def test_search_for_an_id_past_the_end_says_the_range(run) -> None:
    result = run("search", "MO-99")
    assert result.exit_code == 2
    assert "MO has principles 1-21; there is no MO-99" in result.stderr


def test_search_for_words_with_a_number_is_still_a_search(run) -> None:
    assert looks_like_ids("step 12") == ["step 12"]  # looks like one, but no code STEP
    result = run("search", "step 12")
    assert "is a principle id" not in result.stderr


def test_sanctions_with_a_level_as_an_argument_points_to_the_option(run) -> None:
    result = run("sanctions", "MO-13", "VS")
    assert result.exit_code == 2
    assert "peerethics sanctions MO-13 --level VS" in result.stderr
    assert "--level VS" in run("sanctions", "MO-13 VS").stderr
    assert run.json("sanctions", "mo 13", "--json")["principle"]["id"] == "MO-13"
    result = run("sanctions", "MO-13", "very-serious")
    assert "--level VS" in result.stderr
    result = run("sanctions", "MO-13", "MO-14")
    assert result.exit_code == 2 and "takes one principle id" in result.stderr


@pytest.mark.parametrize(("typed", "meant"), [("romance", "romantic-relationships"),
                                              ("boundaries", "dual-relationships")])
def test_unknown_topic_suggests_by_meaning(catalog, typed: str, meant: str) -> None:
    with pytest.raises(InputError) as err:
        resolve_topic(catalog, typed)
    assert err.value.hint is not None and err.value.hint.startswith(f"did you mean {meant}")


def test_show_past_the_last_principle_says_the_range_first(run) -> None:
    result = run("show", "MO-99")
    assert result.stderr.startswith("peerethics: error: MO has principles 1-21; there is no MO-99")


def test_ids_split_on_commas_and_spaces_but_mo_13_stays_one() -> None:
    assert split_ids("MO-1, MO-10") == ["MO-1", "MO-10"]
    assert split_ids("MO-1 CT-2") == ["MO-1", "CT-2"]
    assert split_ids("mo 13") == ["mo 13"]
    assert split_ids("mo dmh 4") == ["mo dmh 4"]
    assert split_ids("MO-1,CT-2 NE-3") == ["MO-1", "CT-2", "NE-3"]


def test_codes_split_on_commas_and_spaces_but_mo_dmh_stays_one(catalog) -> None:
    assert split_codes(catalog, "MO, CT") == ["MO", "CT"]
    assert split_codes(catalog, "MO CT") == ["MO", "CT"]
    assert split_codes(catalog, "mo dmh") == ["mo dmh"]


def test_show_reads_ids_separated_by_spaces_and_commas(run) -> None:
    data = run.json("show", "-", "--json", input="MO-1 CT-2\nNE-3, MA-4\n")
    assert [d["id"] for d in data] == ["MO-1", "CT-2", "NE-3", "MA-4"]
    data = run.json("show", "MO-1, MO-10", "--json")
    assert [d["id"] for d in data] == ["MO-1", "MO-10"]
    assert [d["id"] for d in run.json("show", "mo 13", "--json")] == ["MO-13"]


def test_compare_reads_codes_from_a_copied_list(run) -> None:
    assert run.json("compare", "MO, CT", "--json")["codes"] == ["MO", "CT"]


def test_global_options_after_the_command(run) -> None:
    data = run.json("search", "gifts", "--data-dir", EXAMPLES, "--code", "EXA", "--json")
    assert data and data[0]["code"] == "EXA"
    assert "EXA" in [c["id"] for c in run.json("codes", "--json", "--data-dir", EXAMPLES)]


@pytest.mark.parametrize("args", [["codes", "--format", "csv", "--json"],
                                  ["show", "MO-1", "--json", "-f", "markdown"]])
def test_two_formats_are_refused_in_one_line(run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "ask for two formats" in result.stderr
    assert run("codes", "--format", "json", "--json").exit_code == 0


def test_explain_shows_the_users_words_not_stems(run) -> None:
    out = run("search", "a client offered to buy me lunch", "--explain", "-n", "1").stdout
    assert '"buy lunch"' in out and "bui" not in out
    out = run("search", "he relapsed last week at the grocery store", "--explain").stdout
    assert '"grocery store"' in out and "groceri" not in out and "relaps " not in out


def test_dir_lists_the_public_names() -> None:
    names = dir(peerethics)
    assert set(peerethics.__all__) <= set(names)
    assert "load_catalog" in names and "_EXPORTS" not in names


def test_no_difference_prints_no_empty_table(run) -> None:
    result = run("compare", "MO-DMH", "NE", "--topic", "money", "--differences")
    assert result.exit_code == 1 and result.stdout == ""
    assert "do not differ" in result.stderr
    data = run("compare", "MO-DMH", "NE", "--topic", "money", "--differences", "--json")
    assert data.exit_code == 1 and json.loads(data.stdout)["rows"] == []


def test_sanctions_mark_peerethics_own_words_as_editorial(run) -> None:
    for pid in ("CT-12", "MA-11"):
        out = run("sanctions", pid).stdout
        assert "(editorial) " in out
    out = run("sanctions", "MO-8").stdout
    assert "(editorial: The Board sets the period" in out
    assert "Those levels are;\n  S = Serious\n  VS = Very Serious\n  ES = Extremely Serious" in out


def test_an_id_given_to_search_says_plainly_what_was_shown(run) -> None:
    result = run("search", "MO-13")
    assert result.exit_code == 0
    assert "is a principle id, so this is what `peerethics show MO-13` prints" in result.stderr
