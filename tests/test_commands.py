"""search, sanctions, compare, topics and the output formats every command shares."""

from __future__ import annotations

import csv
import io
import json
from typing import assert_never

import pytest
from conftest import EXAMPLES_VALID, REPO

from peerethics.contract_types import SearchHitJSON
from peerethics.formats import Format
from peerethics.model import Catalog

EXAMPLES = ["--data-dir", str(EXAMPLES_VALID)]
VERSIONS = REPO / "tests" / "examples" / "versions"

# The contract's own type (docs/json.md is checked against it in test_json_contract.py).
SEARCH_KEYS = SearchHitJSON.__required_keys__  # see_also_total: only past 50 ids


def test_search_json_contract(run, catalog: Catalog) -> None:
    hits = run.json("search", "gifts", "--json")
    assert hits, "gifts finds something"
    assert set(hits[0]) == SEARCH_KEYS
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    # A topic's name finds every principle tagged with it, before any other (how well search
    # ranks is measured on bench/'s evaluation sets, tests/test_search_quality.py).
    tagged = {p.id for p in catalog.principles() if "gifts" in p.topics}
    assert {h["id"] for h in hits[:len(tagged)]} == tagged


def test_search_words_without_quotes_and_code_filter(run) -> None:
    hits = run.json("search", "buy", "me", "lunch", "--code", "mo", "-c", "CT", "--json")
    assert hits and {h["code"] for h in hits} <= {"MO", "CT"}
    assert hits[0]["id"] in {"MO-13", "CT-12"}


def test_search_limit_keeps_ties(run) -> None:
    """XA-1 and XB-1 (tests/examples/valid) are the same words: they tie on any query that finds
    them, and `-n 1` shows both, in code order, not one code's."""
    for query in ("confidential", "a mentee told me something in confidence"):
        hits = run.json(*EXAMPLES, "search", query, "-c", "XB", "-c", "XA", "--limit", "1",
                        "--json")
        assert [h["id"] for h in hits] == ["XA-1", "XB-1"], query
        assert hits[0]["score"] == hits[1]["score"] and hits[0]["rank"] == 1


def test_search_misspelling_and_explain(run) -> None:
    hits = run.json("search", "confidentality", "-c", "MO-DMH", "-c", "MA", "-c", "NE", "--json")
    assert {h["id"] for h in hits[:3]} == {"MO-DMH-4", "MA-8", "NE-8"}
    assert {"via": "spelling", "from": "confidentality", "to": "confidentiality"} in hits[0][
        "matched"]
    result = run("search", "confidentality", "--explain", "-n", "2")
    assert "read 'confidentality' as 'confidentiality'" in result.stdout


def test_search_nothing_found(run) -> None:
    result = run("search", "xyzzyq", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert "nothing found for 'xyzzyq'" in result.stderr
    result = run("search", "xyzzyq")
    assert result.exit_code == 1 and result.stdout == ""


def test_search_in_a_silent_code_finds_nothing_and_names_who_covers_it(run) -> None:
    # CT has no principle on continuing education; the four codes that do are named.
    result = run("search", "continuing education", "--code", "CT", "--json")
    assert result.exit_code == 1 and json.loads(result.stdout) == []
    said = "nothing found in CT for 'continuing education'; other codes do: "
    assert said in result.stderr
    named = result.stderr.split(said, 1)[1].split("\n", 1)[0]
    assert {"MA-12", "MO-6", "MO-DMH-6"} <= set(named.split(", "))  # and any code added later
    assert run.json("search", "continuing education", "--code", "NE", "--json")[0]["id"] == "NE-13"


def test_search_widens_to_related_topics(run) -> None:
    # Only CT states a duty to warn, but a question about one is about confidentiality too.
    five = [arg for code in ("CT", "MO", "MO-DMH", "MA", "NE") for arg in ("-c", code)]
    hits = run.json("search", "duty to warn", *five, "--json")
    assert hits[0]["id"] == "CT-14"
    assert {"MO-4", "MO-DMH-4", "MA-8", "NE-8"} <= {h["id"] for h in hits}
    ma8 = next(h for h in hits if h["id"] == "MA-8")
    assert {"via": "related", "topic": "confidentiality-and-privacy",
            "from": "duty-to-warn-and-mandated-reporting"} in ma8["matched"]
    assert ma8["score"] < hits[0]["score"]
    explained = run("search", "duty to warn", "--code", "MA", "--explain").stdout
    assert "related to duty-to-warn-and-mandated-reporting" in " ".join(explained.split())


def test_search_unknown_code_is_bad_input(run) -> None:
    result = run("search", "gifts", "--code", "NO-SUCH-CODE")
    assert result.exit_code == 2 and "unknown code 'NO-SUCH-CODE'" in result.stderr


@pytest.mark.parametrize(
    ("principle", "level", "label", "first"),
    [
        ("MO-1", "S", "Serious", "Additional Education: Ethics, Counseling Techniques, specific "
                                 "drugs, other trainings"),
        ("MO-2", "vs", "Very Serious", "Suspension of Credential"),
        ("MO-8", "extremely-serious", "Extremely Serious", "Revocation for ____ time"),
        ("MO-13", "Very Serious", "Very Serious", "Suspension of Credential"),
    ],
)
def test_sanctions_per_level(run, principle: str, level: str, label: str, first: str) -> None:
    data = run.json("sanctions", principle, "--level", level, "--json")
    assert data["schema_version"] == 2
    assert data["kind"] == "tiers"
    [only] = data["levels"]
    assert only["label"] == label and only["sanctions"][0]["text"] == first
    assert "not a determination" in data["note"]
    assert data["principle"]["id"] == principle


@pytest.mark.parametrize(
    ("principle", "levels"),
    [("MO-1", ["S"]), ("MO-5", ["S", "VS"]), ("MO-2", ["VS", "ES"]), ("MO-4", ["S", "VS", "ES"]),
     ("MO-19", ["ES"])],
)
def test_sanctions_every_permitted_tier(run, principle: str, levels: list[str]) -> None:
    data = run.json("sanctions", principle, "--json")
    assert [lv["level"] for lv in data["levels"]] == levels
    sizes = {"S": 5, "VS": 8, "ES": 6}
    assert [len(lv["sanctions"]) for lv in data["levels"]] == [sizes[lv] for lv in levels]


def test_sanctions_level_not_permitted(run) -> None:
    result = run("sanctions", "MO-8", "--level", "S")
    assert result.exit_code == 2
    assert "MO-8 is not rated S; it permits ES" in result.stderr
    result = run("sanctions", "MO-8", "--level", "XL")
    assert result.exit_code == 2 and "unknown level 'XL'" in result.stderr


def test_sanctions_ct_glossary(run) -> None:
    data = run.json("sanctions", "CT-12", "--json")
    assert data["kind"] == "glossary" and data["levels"] == []
    assert [s["name"] for s in data["sanctions"]] == [
        "Written Caution", "Public Reprimand", "Suspension", "Revocation"]
    assert "rates no principle by seriousness" in data["note"]
    result = run("sanctions", "CT-12", "--level", "S")
    assert result.exit_code == 2
    assert "CT rates no principle by seriousness" in result.stderr


@pytest.mark.parametrize("principle", ["MO-DMH-13", "MA-11", "NE-14"])
def test_sanctions_none_published(run, principle: str) -> None:
    data = run.json("sanctions", principle, "--json")
    assert data["kind"] == "none" and data["levels"] == [] and data["sanctions"] == []
    result = run("sanctions", principle)
    assert result.exit_code == 0
    assert "publishes no sanction guidance" in result.stdout
    assert "\n\n\n" not in result.stdout
    # A spreadsheet gets the answer as a row, not an empty table.
    csv = run("sanctions", principle, "--format", "csv").stdout.splitlines()
    assert [line.split(",")[0] for line in csv] == ["row", "principle", "menu_note", "source"]
    assert csv[2].startswith(f"menu_note,{principle},,,,")
    assert "publishes no sanction guidance" in csv[2]


def test_sanctions_view_names_source(run) -> None:
    result = run("sanctions", "MO-13", "--level", "VS")
    assert "Source: Missouri Credentialing Board Certified Peer Specialist Code of Ethics" in (
        result.stdout)
    assert "not a determination" in result.stdout


def test_compare_json_contract(run) -> None:
    data = run.json("compare", "MO", "CT", "NE", "--json")
    assert data["schema_version"] == 2 and data["codes"] == ["MO", "CT", "NE"]
    rows = {r["topic"]: r for r in data["rows"]}
    assert set(rows["gifts"]) >= {"topic", "label", "cells", "key_terms", "differs"}
    assert rows["gifts"]["cells"] == {"MO": ["MO-13"], "CT": ["CT-12"], "NE": ["NE-14"]}
    assert rows["criminal-convictions"]["cells"] == {"MO": ["MO-21"], "CT": [], "NE": []}
    assert rows["criminal-convictions"]["differs"] is True
    assert data["coverage"]["MO"]["of"] == len(data["rows"])


def test_compare_topic_and_differences(run) -> None:
    data = run.json("compare", "MO", "MA", "--topic", "romantic", "--json")
    assert [r["topic"] for r in data["rows"]] == ["romantic-relationships"]
    assert data["rows"][0]["differs"] is True
    every = run.json("compare", "MO", "MO-DMH", "--json")
    diff = run.json("compare", "MO", "MO-DMH", "--differences", "--json")
    assert 0 < len(diff["rows"]) < len(every["rows"])
    assert all(r["differs"] for r in diff["rows"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "MO"], "compare needs at least two different codes (got MO)"),
        (["compare", "MO", "mo"], "compare needs at least two different codes (got MO)"),
        (["compare", "MO", "TX"], "unknown code 'TX'"),
        (["compare", "MO", "CT", "--topic", "zzz"], "unknown topic 'zzz'"),
    ],
)
def test_compare_bad_input(run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr


def test_compare_markdown_and_csv(run) -> None:
    md = run("compare", "MO", "CT", "--format", "markdown").stdout
    assert md.startswith("| Topic | MO | CT |")
    assert "| Gifts | MO-13" in md and "(silent)" in md
    rows = list(csv.reader(io.StringIO(run("compare", "MO", "CT", "-f", "csv").stdout)))
    assert rows[0] == ["topic", "label", "MO", "CT"]
    assert rows[-1][0] == "coverage"


def test_topics(run, examples: Catalog) -> None:
    data = {t["id"]: t for t in run.json(*EXAMPLES, "topics", "--json")}
    gifts = data["gifts"]
    assert set(gifts["counts"]) == set(examples.code_ids)  # every code, silent ones with 0
    assert gifts["counts"]["XA"] == 1 and gifts["counts"]["XB"] == 0
    assert "XA-2" in gifts["principles"] and not any(p.startswith("XB-")
                                                      for p in gifts["principles"])
    assert data["cafe-meetings"]["counts"]["XB"] == 1  # a topic of the data folder's own


# Every command, a call that has an answer, its exit code, and the CSV header it must print.
EVERY_COMMAND = {
    "search": (["search", "gifts"], 0, ["rank", "id", "code", "score", "weak", "text"]),
    "show": (["show", "MO-13", "CT-12"], 0,
             ["id", "code", "number", "text", "tiers", "importance", "topics",
              "editorial_note"]),
    "sanctions": (["sanctions", "MO-13"], 0, ["row", "principle", "level", "level_label",
                                              "sanction", "sanction_note", "definition",
                                              "text"]),
    "compare": (["compare", "MO", "CT"], 0, ["topic", "label", "MO", "CT"]),
    "codes": (["codes"], 0, ["id", "jurisdiction", "label", "title", "credential", "governs",
                             "principles", "tiers", "sanctions", "origin", "revisions",
                             "effective"]),
    "define": (["define", "client"], 0, ["code", "term", "definition", "matched", "source"]),
    "topics": (["topics"], 0, ["id", "label", "description"]),  # then one column per code
    "validate": (["validate"], 2, ["file", "line", "column", "message"]),  # + a broken file
    "quiz": (["quiz", "--seed", "1", "-n", "6"], 0,
             ["number", "kind", "code", "question", "choice_a", "choice_b", "choice_c",
              "choice_d", "answer", "answer_text", "sources", "quote", "editorial"]),
    "versions": (["versions", "CT"], 0, ["code", "version", "effective_date", "superseded_date",
                                         "in_force", "source", "dates", "origin"]),
    "diff": (["--data-dir", str(VERSIONS), "diff", "XV@2019", "XV"], 0,
             ["status", "renumbered", "from", "to", "old_text", "new_text", "marked"]),
    "verify": (["verify", "will not enter into dual relationships"], 0,
               ["status", "id", "part", "label", "text", "exact", "summary"]),
    "case": (["case", "MO-13", "--level", "VS"], 0, ["section", "item", "id", "text", "editorial"]),
    "decide": (["decide", "a client offered to buy me lunch"], 0,
               ["section", "item", "id", "text", "editorial"]),
}


def test_every_command_is_walked() -> None:
    from peerethics.cli import app

    # mcp serves the MCP protocol on stdio and prints no answer (tests/test_mcp.py); html writes
    # one HTML page and has no --format (tests/test_html.py).
    assert set(EVERY_COMMAND) == {c.name or c.callback.__name__
                                  for c in app.registered_commands} - {"mcp", "html"}


@pytest.mark.parametrize("fmt", list(Format), ids=str)
@pytest.mark.parametrize("command", sorted(EVERY_COMMAND))
def test_every_format_for_every_command(run, tmp_path, command: str, fmt: Format) -> None:
    """Each command answers in each format, and the answer is well formed: a format no view or
    renderer handles fails here (and in mypy, through render's assert_never), never prints
    nothing."""
    args, code, header = EVERY_COMMAND[command]
    if command == "topics":
        header = [*header, *(c["id"] for c in run.json("codes", "--json"))]
    if command == "validate":
        broken = tmp_path / "broken.yaml"
        broken.write_text("id: ZZ\nisuer: nobody\n", encoding="utf-8")
        args = [*args, str(broken)]
    result = run(*args, "--format", fmt.value)
    assert result.exit_code == code, (args, fmt, result.stderr)
    out = result.stdout
    assert out.strip(), (args, fmt)
    assert "\x1b" not in out
    if fmt is Format.json:
        data = json.loads(out)
        assert data
        assert data == json.loads(run(*args, "--json").stdout)
    elif fmt is Format.csv:
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == header and len(rows) > 1
        assert all(len(row) == len(header) for row in rows), rows
    elif fmt is Format.markdown:
        assert out.lstrip().startswith(("|", "#"))
    elif fmt is Format.table:
        assert not out.lstrip().startswith(("[", "{", "|"))
    else:
        assert_never(fmt)


def test_render_refuses_a_format_it_does_not_know() -> None:
    from peerethics.cli_render import View, render

    view = View([], ["a"], [], lambda con: None)
    with pytest.raises(AssertionError):
        render(view, "yaml")  # type: ignore[arg-type]


@pytest.mark.parametrize("command", ["search", "show", "sanctions", "compare", "codes", "topics",
                                     "validate", "quiz", "versions", "diff"])
def test_help_has_an_example(run, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Example: peerethics {command}" in result.stdout


def test_bad_option_exits_2(run) -> None:
    result = run("search", "gifts", "--limit", "0")
    assert result.exit_code == 2
    result = run("show", "MO-1", "--format", "yaml")
    assert result.exit_code == 2


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_is_bad_input(run, query: str) -> None:
    result = run("search", query)
    assert result.exit_code == 2
    assert result.stderr.startswith("peerethics: error: the query is empty")


def test_compare_marks_a_duty_only_the_preamble_states(run) -> None:
    # NE has no principle on the limits of one's expertise, but its preamble states one.
    data = run.json("compare", "NE", "MA", "MO", "--topic", "honest", "--json")
    [row] = data["rows"]
    assert row["cells"] == {"NE": [], "MA": [], "MO": ["MO-16"]}
    assert row["preamble"] == ["NE"]
    table = run("compare", "NE", "MA", "--topic", "honest", "--format", "markdown").stdout
    assert "| (preamble) | (silent) |" in table
    ne = next(c for c in run.json("codes", "--json") if c["id"] == "NE")
    assert ne["preamble_topics"] == ["honest-representation-and-scope"]
    assert any("boundaries of their expertise" in p for p in ne["preamble"])
