"""The command line through its public surface: output, JSON contract, exit codes."""

from __future__ import annotations

import pytest

from peerethics.contract_types import PrincipleJSON

# The keys come from the contract's own type (docs/json.md is checked against it in
# test_json_contract.py): a new field is declared once, and the command must print it.
PRINCIPLE_KEYS = PrincipleJSON.__required_keys__  # see_also_total: only past 50 ids


def test_show_json_contract(run) -> None:
    [mo13] = run.json("show", "MO-13", "--json")
    assert set(mo13) == PRINCIPLE_KEYS
    assert mo13["id"] == "MO-13" and mo13["code"] == "MO" and mo13["number"] == 13
    assert mo13["text"] == ("CPS will not exchange gifts of significant monetary value with "
                            "those they serve.")
    assert mo13["tiers"] == ["S", "VS", "ES"]
    assert mo13["importance"] is None
    assert mo13["topics"] == ["gifts"]
    assert set(mo13["see_also"]) >= {"MO-DMH-13", "MA-11", "NE-14", "CT-12"}
    assert mo13["editorial"] == ["topics", "key_terms", "editorial_note", "see_also"]


def test_show_ct_has_importance_and_no_tiers(run) -> None:
    [ct12] = run.json("show", "CT-12", "--json")
    assert ct12["tiers"] == []
    assert ct12["importance"].startswith("Even when providing peer support services")


@pytest.mark.parametrize("spelling", ["MO-13", "mo-13", "MO13", "mo 13", "Mo_13"])
def test_ids_are_forgiving(run, spelling: str) -> None:
    assert run.json("show", spelling, "--json")[0]["id"] == "MO-13"


@pytest.mark.parametrize("spelling", ["mo-dmh-13", "MODMH13", "mo dmh 13"])
def test_hyphenated_code_ids(run, spelling: str) -> None:
    assert run.json("show", spelling, "--json")[0]["id"] == "MO-DMH-13"


def test_show_many_and_stdin(run) -> None:
    data = run.json("show", "MO-1", "CT-15", "--json")
    assert [d["id"] for d in data] == ["MO-1", "CT-15"]
    data = run.json("show", "-", "--json", input="ne-3\n\nMA-11\n")
    assert [d["id"] for d in data] == ["NE-3", "MA-11"]


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["MO-22"], "MO has principles 1-21; there is no MO-22; did you mean MO-21?"),
        (["MO-0"], "MO has principles 1-21; there is no MO-0; did you mean MO-1?"),
        (["MO-" + "9" * 29], "there is no MO-999999...(29 digits); did you mean MO-21?"),
        (["MO-00000000"], "there is no MO-00000000; did you mean MO-1?"),
        # Many leading zeros: the number without them, never a cut showing only zeros.
        (["MO-" + "0" * 14 + "22"], "there is no MO-22; did you mean MO-21?"),
        (["MO-" + "0" * 20 + "9" * 20], "there is no MO-999999...(20 digits)"),
        (["XX-1"], "unknown code 'XX'; the codes are CT, MA, MO, MO-DMH, NE"),
        (["MOO-3"], "did you mean MO?"),
        (["hello"], "'hello' is not a principle id"),
        (["MO xx"], "'MO xx' is not a principle id"),
        (["A" * 100_000], "is not a principle id"),
        # A long id is said shortened with its length, never cut as if typed so.
        (["MO-" + "9" * 5000], "'MO-" + "9" * 54 + "...' (5,003 characters) is not a principle"),
        (["X" * 150 + "-1"], "unknown code '" + "X" * 37 + "...' (150 characters); the codes"),
    ],
)
def test_unknown_ids_exit_2_with_one_line(run, ids: list[str], message: str) -> None:
    result = run("show", *ids)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr


def test_show_table_is_plain_when_piped(run) -> None:
    result = run("show", "MO-8")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "CPS will not engage in romantic or sexual intimacies" in result.stdout
    assert "ES (Extremely Serious)" in result.stdout
    assert "(editorial)" in result.stdout


def test_codes(run) -> None:
    data = run.json("codes", "--json")
    assert [c["id"] for c in data] == ["CT", "MA", "MO", "MO-DMH", "NE"]
    by_id = {c["id"]: c for c in data}
    assert {k: v["principles"] for k, v in by_id.items()} == {
        "MO": 21, "MO-DMH": 18, "MA": 14, "NE": 14, "CT": 15}
    assert by_id["MO"]["has_tiers"] and by_id["MO"]["tiers"] == ["S", "VS", "ES"]
    assert not by_id["CT"]["has_tiers"] and by_id["CT"]["has_sanctions"]
    assert not by_id["NE"]["has_sanctions"]
    assert by_id["CT"]["credential"] == {"name": "Certified Peer Recovery Specialist",
                                         "abbreviation": "CPRS"}
    assert by_id["MO"]["origin"] == "bundled"
    for c in data:
        assert {"id", "title", "jurisdiction", "principles"} <= set(c)


def test_version(run) -> None:
    from peerethics import __version__

    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"peerethics {__version__}\n"


def test_leading_zeros_are_not_digits_that_count(run) -> None:
    """MO-000000013 is MO-13 however many zeros lead it (a spreadsheet's padded column)."""
    assert [d["id"] for d in run.json("show", "MO-000000013", "--json")] == ["MO-13"]
    # Zeros of any script's digits, as the digits themselves are read (Arabic-Indic, fullwidth).
    for zero, one, three in ("\u0660\u0661\u0663", "\uff10\uff11\uff13"):
        padded = f"MO-{zero * 8}{one}{three}"
        assert [d["id"] for d in run.json("show", padded, "--json")] == ["MO-13"]
