"""The whole document, not only its principles (issue 18): `show CODE` reaches every sentence a
board wrote, `define` answers from a glossary, `sanctions` quotes the Board's own note, and
`validate` checks the front-matter fields."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from peerethics.model import Catalog

REPO = Path(__file__).resolve().parents[1]

FILES = {
    "MO": "MO-mcb-certified-peer-specialist.txt",
    "MO-DMH": "MO-dmh-peer-specialist.txt",
    "MA": "MA-certified-peer-specialist.txt",
    "NE": "NE-certified-peer-support-specialist.txt",
    "CT": "CT-ccb-certified-peer-recovery-specialist.txt",
}
# Lines left out on purpose, each with why. Only headings: `show CODE` labels each part itself.
EXCLUDED = {
    "MO": {"Introduction": "a section heading"},
    "NE": {"Preamble": "a section heading"},
    "CT": {
        "PREAMBLE": "a section heading",
        "GLOSSARY": "a section heading",
        "ETHIC": "a column heading of the table (the ethics and their importance are checked "
                 "untangled below)",
        "IMPORTANCE": "the table's other column heading",
    },
}
MO_TIER_MARK = re.compile(r"\s*\((?:S|VS|ES)(?:/(?:S|VS|ES))*\)\s*$")


def _norm(s: str) -> str:
    return " ".join(s.split())


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def _source_lines(code_id: str, doc: str) -> list[str]:
    """The document's lines with the extraction artefacts the sources README names undone:
    Markdown emphasis (`**`, `***`), list numbering, MO's tier markers and NE's asterisk (data,
    not text), CT's flattened table (cut out: checked untangled), MO's `<p>` columns (checked
    item by item)."""
    if code_id == "CT":
        head, rest = doc.split("ETHIC\tIMPORTANCE", 1)
        doc = head + "ETHIC\tIMPORTANCE\n" + rest[rest.index("Adapted from"):]
    if code_id == "MO":
        doc = re.sub(r"<p>.*?</p>", "", doc)
    lines = []
    for raw in doc.replace("\t", "\n").splitlines():  # a table's cells: MO's tier headings
        line = raw.replace("*", "").strip()
        line = re.sub(r"^-?\s*\d+\.\s+", "", line)
        if code_id == "MO":
            line = MO_TIER_MARK.sub("", line)
        if line:
            lines.append(_norm(line))
    return lines


def _sentences(line: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;:])\s+(?=[A-Z\"'(])", line) if s]


@pytest.fixture(scope="module")
def documents() -> dict[str, Any]:
    """`show CODE --json` for every code, through the command line, once for the module."""
    from typer.testing import CliRunner

    from peerethics.cli import app

    runner = CliRunner()
    out = {}
    for code_id in FILES:
        result = runner.invoke(app, ["show", code_id, "--json"])
        assert result.exit_code == 0, result.stderr
        [out[code_id]] = json.loads(result.stdout)  # show's answer is always an array
    return out


@pytest.mark.parametrize("code_id", list(FILES))
def test_every_sentence_of_the_source_is_reachable_through_show_code(
        sources: Path, documents: dict[str, Any], code_id: str) -> None:
    data = documents[code_id]
    reachable = _norm("\n".join(_strings(data)))
    excluded = EXCLUDED.get(code_id, {})
    missing, counted = [], 0
    for line in _source_lines(code_id, (sources / FILES[code_id]).read_text(encoding="utf-8")):
        if line in excluded:
            continue
        for sentence in _sentences(line):
            counted += 1
            # A title printed in capitals in the document is the source title in title case.
            found = sentence in reachable or (sentence.isupper() and sentence.lower()
                                              in reachable.lower())
            if not found:
                missing.append(sentence)
    assert counted > 10
    assert not missing, f"{code_id}: {len(missing)} of {counted} sentences unreachable"
    if code_id == "MO":  # the sanction table's columns, item by item
        doc = (sources / FILES["MO"]).read_text(encoding="utf-8")
        columns = re.findall(r"<p>(.*?)</p>", doc)
        assert columns == [" ".join(m["text"] for m in t["sanctions"]) for t in data["tiers"]]
    if code_id == "CT":  # the flattened table: its words are exactly the ethics' and importances'
        doc = (sources / FILES["CT"]).read_text(encoding="utf-8")
        table = doc.split("ETHIC\tIMPORTANCE", 1)[1].split("Adapted from", 1)[0].split()
        merged = [w for p in data["principles"]
                  for w in (p["text"] + " " + p["importance"]).split()]
        assert sorted(table) == sorted(merged)


def test_show_mo_prints_the_boards_note_on_seriousness_verbatim(run, catalog: Catalog) -> None:
    [data] = run.json("show", "MO", "--json")
    assert data["kind"] == "code" and data["schema_version"] == 2
    note = data["seriousness_note"][0]
    assert note.startswith("Note: All of the principles and ethical standards have been "
                           "identified with a dual range of seriousness")
    assert ("it is now an expectation that there will be an attached level of seriousness being "
            "suggested by the Investigators and the Committee.") in note
    assert data["legend"] == ["S = Serious", "VS = Very Serious", "ES = Extremely Serious"]
    assert [p["id"] for p in data["principles"]] == [f"MO-{n}" for n in range(1, 22)]
    assert data["principles"][7]["tiers"] == ["ES"]
    assert [t["level"] for t in data["tiers"]] == ["S", "VS", "ES"]
    assert {"sanction_note", "principles.topics"} <= set(data["editorial"])
    table = _norm(run("show", "MO").stdout)
    assert _norm(note) in table
    for label in ("Introduction", "Note on seriousness", "Principles", "Sanctions: a menu per "
                  "level of seriousness", "Dates none stated in the document", "S = Serious"):
        assert label in table
    # In document order: introduction, note, legend, the principles' lead-in, principles, menus.
    order = [table.index(s) for s in ("This document is the foundation", "Note: All of",
                                      "ES = Extremely Serious", "as embodied in the statements",
                                      "MO-1 ", "MO-21 ", "Extremely Serious (ES)")]
    assert order == sorted(order)
    assert "(editorial) The Board's suggested range" in table


def test_show_code_in_every_format(run) -> None:
    md = run("show", "CT", "--format", "markdown")
    assert md.exit_code == 0
    text = md.stdout
    for heading in ("# Code of Ethical Conduct – Certified Peer Recovery Specialist", "## Preamble",
                    "## Glossary", "## Purposes", "## Principles", "## Closing"):
        assert f"\n{heading}\n" in f"\n{text}"
    assert "- **Client**: Any person(s) who, either currently or within the past five years" in text
    assert "Dates: revisions: REVISED/BOARD APPROVED MARCH 2022; effective April 1, 2022" in text
    assert "*Importance:* Science has shown" in text
    assert "(editorial)*" in text
    rows = list(csv.reader(io.StringIO(run("show", "MA", "--format", "csv").stdout)))
    assert rows[0] == ["code", "part", "id", "label", "text", "editorial"]
    parts = [r[1] for r in rows[1:]]
    assert parts.count("principle") == 14 and parts.count("closing") == 2
    assert parts.index("introduction") < parts.index("principle") < parts.index("closing")
    pledge = next(r for r in rows if r[1] == "closing")
    assert pledge[4].startswith("I _____ fully understand the Code of Ethics")
    assert all(r[5] == "yes" for r in rows[1:] if r[1] in ("sanction_note", "note"))
    narrow = run("show", "NE", env={"COLUMNS": "40"}).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 40
    assert "Preamble" in narrow and "NE-14" in narrow
    assert "(editorial) Every principle in the document ends with an asterisk" in _norm(narrow)


def test_show_mixes_codes_and_principles_and_keeps_principle_ids_as_they_were(run) -> None:
    both = run.json("show", "MO-DMH", "CT-12", "--json")
    assert [d.get("kind", d["id"]) for d in both] == ["code", "CT-12"]
    assert run.json("show", "mo dmh, ct-12", "--json") == both
    assert run.json("show", "MO-DMH CT-12", "--json") == both
    assert run.json("show", "mo dmh", "--json")[0]["id"] == "MO-DMH"
    one = run.json("show", "MO-13", "--json")
    assert isinstance(one, list) and one[0]["id"] == "MO-13" and "kind" not in one[0]
    assert run.json("show", "mo dmh 4", "--json")[0]["id"] == "MO-DMH-4"
    table = run("show", "MO-DMH", "CT-12").stdout
    assert "Missouri Peer Specialists (MPSs) will maintain" in table
    assert "CT-12  Connecticut" in table
    bad = run("show", "XX")
    assert bad.exit_code == 2 and "'XX' is not a principle id" in bad.stderr
    assert run("show", "MO-22").exit_code == 2


def test_define_answers_who_is_a_client_from_cts_glossary(run, catalog: Catalog) -> None:
    data = run.json("define", "client", "--code", "CT", "--json")
    assert data["codes"] == ["CT"] and data["no_glossary"] == []
    [entry] = data["definitions"]
    assert entry["term"] == "Client" and entry["matched"] == "term"
    assert entry["definition"].startswith("Any person(s) who, either currently or within the "
                                          "past five years, has received or is receiving")
    assert "effective April 1, 2022" in entry["source"]
    asked = run("define", "what counts as a client in CT?")
    assert asked.exit_code == 0 and "Client  CT glossary" in asked.stdout
    assert "MO has no glossary" not in asked.stdout  # the question named CT: only CT searched
    everywhere = run("define", "who is a client")
    silent = ", ".join(c.id for c in catalog.codes if not c.glossary)
    assert {"MA", "MO", "MO-DMH", "NE"} <= set(silent.split(", "))
    assert f"{silent} have no glossary: their documents define no terms." in _norm(
        everywhere.stdout)
    assert [d["term"] for d in run.json("define", "committee", "-c", "CT",
                                        "--json")["definitions"]] == [
        "Appeals Committee", "Ethics Committee"]
    listing = run.json("define", "--code", "CT", "--json")["definitions"]
    assert len(listing) == 18 and listing[0]["term"] == "Appeals Committee"
    assert "Scope of Services" in [d["term"] for d in listing]
    md = run("define", "respondent", "--format", "markdown").stdout
    assert md.startswith("### Glossary: respondent\n\n- **Respondent** (CT): A certified "
                         "professional against whom")
    rows = list(csv.reader(io.StringIO(run("define", "plagiarism", "-f", "csv").stdout)))
    assert rows[0] == ["code", "term", "definition", "matched", "source"]
    assert rows[1][:2] == ["CT", "Plagiarism"]


def test_define_says_when_a_code_has_no_glossary_or_no_such_term(run) -> None:
    none = run("define", "client", "--code", "MO")
    assert none.exit_code == 1 and none.stdout == ""
    assert "MO has no glossary: its document defines no terms." in none.stderr
    assert "codes with a glossary: CT" in none.stderr
    as_json = run("define", "client", "--code", "MO", "--json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["no_glossary"] == ["MO"]
    typo = run("define", "clinet", "--code", "CT")
    assert typo.exit_code == 1 and "did you mean 'Client'" in typo.stderr
    assert run("define", "client", "--code", "XX").exit_code == 2


def test_sanctions_quote_the_boards_own_note_and_mark_the_summary(run, catalog: Catalog) -> None:
    mo = catalog.code("MO")
    assert mo is not None
    data = run.json("sanctions", "MO-8", "--json")
    assert data["board_note"] == list(mo.seriousness_note) and data["editorial"] == ["note"]
    table = _norm(run("sanctions", "MO-13").stdout)
    assert "The Board's note on seriousness, word for word: " + _norm(mo.seriousness_note[0]) in (
        table)
    assert "(editorial summary) The Board's suggested range" in table
    assert "> Note: All of the principles" in run("sanctions", "MO-13", "-f", "markdown").stdout
    assert run.json("sanctions", "CT-12", "--json")["board_note"] == []
    assert "word for word" not in run("sanctions", "NE-3").stdout


def test_codes_show_the_dates_each_document_states(run) -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(run("codes", "-f", "csv").stdout))}
    assert rows["CT"]["revisions"] == "REVISED/BOARD APPROVED MARCH 2022"
    assert rows["CT"]["effective"] == "April 1, 2022"
    assert rows["MA"]["revisions"] == "2006; summer 2008; summer 2013; 2015"
    assert rows["MO"]["revisions"] == rows["MO"]["effective"] == ""
    assert "no date stated" in run("codes").stdout


FRONT = """\
id: AG
jurisdiction: Example County
title: Example Code
issuer: Example Agency
credential: {name: Peer Coach, abbreviation: PC}
source: {title: Example Code}
sanction_note: The agency publishes no sanctions.
principles:
  - number: 1
    text: Coaches will respect privacy.
    topics: [confidentiality-and-privacy]
"""


@pytest.mark.parametrize(("extra", "message"), [
    ("glossary:\n  - term: Client\n",
     "glossary entry 1 is missing the required key `definition`"),
    ("glossary:\n  - {term: Client, definition: A person.}\n  - {term: client, definition: B.}\n",
     "glossary term 'client' is defined twice (also as 'Client')"),
    ("glossary: Client means a person.\n", "`glossary` must be a list"),
    ("glossary:\n  - {term: Client, definition: A person., meaning: x}\n", "unknown key"),
    ("legend: [S = Serious]\n", "`legend` explains seriousness levels, but the file defines no"),
    ("purposes_intro: 'This code serves to:'\n", "`purposes_intro` introduces `purposes`"),
    ("purposes_heading: OUR CODE\n", "`purposes_heading` heads `purposes`, which is missing"),
    ("seriousness_note: {a: b}\n", "`seriousness_note` must be a list"),
    ("principles_intro: [a, b]\n", "`principles_intro` must be text"),
    ("closing:\n  - ''\n", "`closing` item 1 is empty"),
])
def test_validate_rejects_malformed_front_matter(run, tmp_path: Path, extra: str,
                                                 message: str) -> None:
    path = tmp_path / "ag.yaml"
    path.write_text(FRONT + extra, encoding="utf-8")
    result = run("validate", str(path), "--json")
    assert result.exit_code == 2
    messages = [p["message"] for p in json.loads(result.stdout)["problems"]]
    assert any(message in m for m in messages), messages


def test_a_user_code_carries_its_own_front_matter(run, tmp_path: Path) -> None:
    (tmp_path / "ag.yaml").write_text(FRONT + """\
purposes_intro: "This code serves to:"
purposes: [Protect the people we serve]
glossary:
  - {term: Client, definition: Any person served in the past two years.}
principles_intro: "Coaches will uphold the statements below:"
closing: ["I _____ have read this code."]
""", encoding="utf-8")
    assert run("validate", str(tmp_path)).exit_code == 0
    [data] = run.json("--data-dir", str(tmp_path), "show", "AG", "--json")
    assert data["glossary"] == [{"term": "Client",
                                 "definition": "Any person served in the past two years."}]
    assert data["closing"] == ["I _____ have read this code."]
    found = run.json("--data-dir", str(tmp_path), "define", "clients", "--json")
    assert [(d["code"], d["term"]) for d in found["definitions"]] == [("AG", "Client"),
                                                                       ("CT", "Client")]


def test_front_matter_from_data_is_never_markup(run, tmp_path: Path) -> None:
    """A user file's glossary and closing reach the terminal and Markdown inert: no escape
    sequence runs, no Markdown or HTML is made of them."""
    (tmp_path / "ag.yaml").write_text(FRONT + """\
glossary:
  - {term: "\\e[31mClient", definition: "<b>**Any** person</b> # [link](http://x)"}
closing: ["# Signature [here](http://x) \\e]8;;http://x\\e\\\\"]
""", encoding="utf-8")
    table = run("--data-dir", str(tmp_path), "show", "AG").stdout
    assert "\x1b" not in table and "\\x1b[31mClient" in table
    md = run("--data-dir", str(tmp_path), "show", "AG", "-f", "markdown").stdout
    assert "\x1b" not in md and "<b>" not in md and "[link](http" not in md
    assert "\n# Signature" not in md and "\\# Signature \\[here\\]" in md
    found = run("--data-dir", str(tmp_path), "define", "--code", "AG", "-f", "markdown").stdout
    assert "\x1b" not in found and "\\<b\\>" in found


def test_define_reads_a_question_with_or_without_code(catalog: Catalog) -> None:
    from peerethics.glossary import define

    ct = catalog.code("CT")
    assert ct is not None
    for query, codes in [("client in CT", [ct]), ("Clients", None), ("who is a client?", None)]:
        assert [e.term for _, e, _ in define(catalog, query, codes).found] == ["Client"], query
    assert [(e.term, m) for _, e, m in define(catalog, "scope of services").found] == [
        ("Scope of Services", "term")]
    assert [(e.term, m) for _, e, m in define(catalog, "detoxification").found] == [
        ("Scope of Services", "definition")]
    assert define(catalog, "client in MO").codes == (catalog.code("MO"),)


def test_every_field_of_a_code_is_in_show_code_json(catalog: Catalog) -> None:
    """Nothing loaded is unreachable: each field of the Code record has its key in show CODE's
    JSON (a new field fails here until it is given one)."""
    from peerethics import contract
    from peerethics.model import Code

    mo = catalog.code("MO")
    assert mo is not None
    keys = set(contract.document_json(catalog, mo))
    renamed = {"credential_name": "credential", "credential_abbreviation": "credential"}
    assert {renamed.get(f, f) for f in Code._fields} <= keys


HEADING = "CODE OF ETHICS FOR CERTIFIED RECOVERY SUPPORT SPECIALISTS"


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_ct_heading_above_its_purposes_reaches_every_format(run, fmt: str) -> None:
    out = run("show", "CT", "--format", fmt, env={"COLUMNS": "200"}).stdout
    assert HEADING in out
    assert out.index(HEADING) < out.index("The CPRS code of ethics serves to:")


def test_provenance_says_what_a_document_says_about_copying(run, tmp_path) -> None:  # type: ignore
    # None of the bundled documents states terms for copying: said so, never guessed.
    for code in run.json("codes", "--json"):  # type: ignore[union-attr]
        assert code["source"]["copying"] is None  # type: ignore[index]
    assert "Copying     not stated in the document" in run("show", "MO").stdout
    # A document that does state them: its words, verbatim, in every face.
    words = "May be copied for training with credit to the Agency."
    text = (REPO / "examples" / "EX-AGENCY.yaml").read_text(encoding="utf-8")
    text = text.replace("source:\n", f'source:\n  copying: "{words}"\n', 1)
    (tmp_path / "ex.yaml").write_text(text, encoding="utf-8")
    shown = run.json("--data-dir", str(tmp_path), "show", "EXA", "--json")
    assert shown[0]["source"]["copying"] == words  # type: ignore[index]
    assert words in run("--data-dir", str(tmp_path), "show", "EXA").stdout.replace("\n", " ")
