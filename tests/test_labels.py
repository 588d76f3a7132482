"""Codes of one jurisdiction told apart (issue 29, item 1): a code file's ``label`` is the short
name every listing shows, the jurisdiction when it has none, and ``codes`` says whom each code
governs (its credential and the body that issues it)."""

from __future__ import annotations

import csv
import io

from conftest import EXAMPLES_VALID

from peerethics.model import Catalog

DATA = ["--data-dir", str(EXAMPLES_VALID)]


def test_label_from_the_code_file_else_the_jurisdiction(examples: Catalog) -> None:
    cat = examples  # the bundled codes and tests/examples/valid's, loaded once a session
    xa, xb = cat.code("XA"), cat.code("XB")
    assert xa is not None and xb is not None
    assert xa.short_name == "Town A (PM board)"
    assert xb.short_name == xb.jurisdiction
    assert xa.governs == "Peer Mentor (PM) credential, Example Town A Peer Board (fictional)"


def test_search_lists_each_code_by_its_label(run) -> None:
    out = run(*DATA, "search", "gifts of any value", "--code", "XA", "--code", "XB").stdout
    assert "Town A (PM board)" in out and "Example Town B" in out
    hits = run.json(*DATA, "search", "gifts of any value", "--code", "XA", "--json")
    assert hits[0]["label"] == "Town A (PM board)"
    assert hits[0]["jurisdiction"] == "Example Town A (fictional)"


def test_codes_says_whom_each_code_governs_in_every_format(run) -> None:
    table = run(*DATA, "codes", env={"COLUMNS": "200"}).stdout
    assert "Which code is yours" in table
    assert "Peer Mentor (PM) credential, Example Town A Peer Board (fictional)" in table
    data = {c["id"]: c for c in run.json(*DATA, "codes", "--json")}
    assert data["XA"]["label"] == "Town A (PM board)"
    assert data["XA"]["governs"].startswith("Peer Mentor (PM) credential")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(run(*DATA, "codes", "-f", "csv")
                                                           .stdout))}
    assert rows["XA"]["label"] == "Town A (PM board)"
    assert rows["XB"]["governs"].startswith("Peer Mentor (PM) credential")
    markdown = run(*DATA, "codes", "-f", "markdown").stdout
    assert "Town A (PM board)" in markdown


def test_the_two_missouri_codes_are_told_apart(run) -> None:
    out = run("search", "dual relationships", "--code", "MO", "--code", "MO-DMH").stdout
    assert "Missouri (MCB CPS)" in out and "Missouri (DMH MPS)" in out
