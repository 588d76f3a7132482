"""docs/json.md is the JSON contract: its key lists must match what the commands print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "json.md"
VERSIONS = Path(__file__).resolve().parents[1] / "tests" / "examples" / "versions"


def documented() -> dict[str, list[str]]:
    if not DOC.is_file():
        pytest.skip("docs/json.md is not beside the tests (installed without the repository)")
    keys: dict[str, list[str]] = {}
    section = ""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^## `peerethics (\w+)( CODE)?`", line)
        if m:
            section = m.group(1) + ("_code" if m.group(2) else "")
        m = re.match(r"^(Keys|Row keys): (.*)$", line)
        if m and section:
            name = section if m.group(1) == "Keys" else f"{section}.rows"
            keys[name] = re.findall(r"`(\w+)`", m.group(2).split(" (and")[0])
    return keys


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("show", ["show", "MO-13", "CT-12"]),
        ("show_code", ["show", "MO"]),
        ("define", ["define", "client"]),
        ("search", ["search", "gifts"]),
        ("sanctions", ["sanctions", "MO-13"]),
        ("compare", ["compare", "MO", "CT"]),
        ("compare.rows", ["compare", "MO", "CT"]),
        ("codes", ["codes"]),
        ("topics", ["topics"]),
        ("validate", ["validate", "examples"]),
        ("quiz", ["quiz", "--seed", "1", "-n", "12"]),
        ("versions", ["--data-dir", str(VERSIONS), "versions", "XV"]),
        ("diff", ["--data-dir", str(VERSIONS), "diff", "XV@2019", "XV"]),
        ("verify", ["verify", "will not enter into dual relationships"]),
        ("case", ["case", "MO-13", "--level", "VS"]),
        ("decide", ["decide", "a client offered to buy me lunch"]),
    ],
)
def test_documented_keys_match_output(run, name: str, args: list[str]) -> None:
    keys = documented()[name]
    if args[0] == "validate":
        examples = Path(__file__).resolve().parents[1] / "examples"
        if not examples.is_dir():
            pytest.skip("examples/ is not beside the tests")
        args = ["validate", str(examples)]
    data = run.json(*args, "--json")
    if name.endswith(".rows"):
        items = data["rows"]
    else:
        items = data if isinstance(data, list) else [data]
    assert items
    for item in items:
        assert list(item) == keys, name
    if isinstance(data, dict):
        from peerethics import contract

        assert data.get("schema_version") == contract.SCHEMA_VERSION


# The TypedDict that types each documented key list (pipx's contract test, for peerethics).
TYPES = {
    "show": "PrincipleJSON",
    "show_code": "DocumentJSON",
    "define": "DefineJSON",
    "search": "SearchHitJSON",
    "sanctions": "SanctionsJSON",
    "compare": "CompareJSON",
    "compare.rows": "CompareRowJSON",
    "codes": "CodeJSON",
    "topics": "TopicJSON",
    "validate": "ValidateJSON",
    "quiz": "QuestionJSON",
    "versions": "VersionsJSON",
    "diff": "DiffJSON",
    "verify": "VerifyJSON",
    "case": "CaseJSON",
    "decide": "DecideJSON",
}


def test_every_documented_object_has_a_type() -> None:
    assert set(TYPES) == set(documented())


@pytest.mark.parametrize("name", sorted(TYPES))
def test_contract_types_declare_the_documented_keys_in_order(name: str) -> None:
    """docs/json.md, peerethics.contract's TypedDicts and (above) real output list the same
    keys in the same order; only `texts` (compare --full) and `see_also_total` (see-also cut to
    its first 50) may be missing."""
    from peerethics import contract

    kind = getattr(contract, TYPES[name])
    keys = list(kind.__annotations__)
    assert [k for k in keys if k in kind.__required_keys__] == documented()[name]
    optional = {"compare.rows": {"texts"}, "show": {"see_also_total"},
                "search": {"see_also_total"}}
    assert kind.__optional_keys__ == optional.get(name, set())


def test_the_library_gives_the_json_the_command_line_prints(run, catalog) -> None:
    """Library users get every documented shape from peerethics.contract, the same values the
    CLI prints (the CLI takes its JSON from there)."""
    import peerethics
    from peerethics import contract, search_ranking

    principle = peerethics.resolve_principle(catalog, "MO-8")
    menu = peerethics.sanction_menu(catalog, principle, "ES")
    assert contract.sanctions_json(catalog, menu) == run.json("sanctions", "MO-8", "-l", "ES",
                                                              "--json")
    comp = peerethics.compare(catalog, ["MO", "CT"], topic="gifts")
    assert contract.compare_json(comp, full=True) == run.json(
        "compare", "MO", "CT", "-t", "gifts", "--full", "--json")
    assert "texts" not in contract.compare_json(comp)["rows"][0]
    assert contract.show_json(catalog, [principle]) == run.json("show", "MO-8", "--json")
    ct = catalog.code("CT")
    assert [contract.document_json(catalog, ct)] == run.json("show", "ct", "--json")
    assert contract.show_json(catalog, [ct, principle]) == run.json("show", "CT", "MO-8", "--json")
    from peerethics.glossary import define

    assert contract.define_json(define(catalog, "client")) == run.json("define", "client",
                                                                       "--json")
    hits = search_ranking.search(catalog, "gifts", limit=3)
    assert contract.search_json(catalog, hits) == run.json("search", "gifts", "-n", "3", "--json")
    assert contract.codes_json(catalog) == run.json("codes", "--json")
    assert contract.topics_json(catalog) == run.json("topics", "--json")
    problem = peerethics.Problem("a.yaml", 1, 2, "bad")
    assert contract.validate_json(["a.yaml"], [problem]) == {
        "schema_version": contract.SCHEMA_VERSION, "valid": False, "files": ["a.yaml"],
        "problems": [problem.to_dict()]}
    assert peerethics.contract is contract


def test_contract_hands_out_every_type_and_builds_json_without_them() -> None:
    """contract.TYPES names every public TypedDict of contract_types, each reachable as
    peerethics.contract.NAME; building JSON does not create them (they cost start-up time)."""
    import subprocess
    import sys

    from peerethics import contract, contract_types

    public = {n for n, v in vars(contract_types).items()
              if isinstance(v, type) and not n.startswith("_") and n.endswith("JSON")}
    assert set(contract.TYPES) == public
    assert all(getattr(contract, n) is getattr(contract_types, n) for n in public)
    code = ("import sys; from peerethics import contract, load_catalog\n"
            "c = load_catalog([])\n"
            "contract.dumps(contract.codes_json(c))\n"
            "print('peerethics.contract_types' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_a_principle_is_one_object_in_every_json_face(run, catalog) -> None:
    """show, a code in show, a search result and sanctions' principle carry the same object,
    built by one function: a field added to it reaches every face, or none."""
    from peerethics import contract

    mo8 = catalog.code("MO").principle(8)
    expected = contract.principle_json(catalog, mo8)
    assert run.json("show", "MO-8", "--json") == [expected]
    [mo] = run.json("show", "MO", "--json")
    assert mo["principles"][7] == expected
    hits = run.json("search", "romantic or sexual intimacies", "-c", "MO", "--json")
    hit = next(h for h in hits if h["id"] == "MO-8")
    assert {k: hit[k] for k in expected} == expected
    assert run.json("sanctions", "MO-8", "--json")["principle"] == expected


@pytest.mark.parametrize("args", [["MO-8"], ["MO"], ["MO-8", "CT-1"], ["MO", "CT-1"], ["MO", "CT"]])
def test_show_prints_one_shape_whatever_it_is_given(run, args: list[str]) -> None:
    """An array, always: a script reading `show X --json` need not know what X is."""
    data = run.json("show", *args, "--json")
    assert isinstance(data, list) and len(data) == len(args)
    assert [("kind" in d) for d in data] == [a in ("MO", "CT") for a in args]
