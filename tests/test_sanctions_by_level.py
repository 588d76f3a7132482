"""``sanctions CODE --level L`` (issue 29, item 2): a level's menu and the principles the code
rates at it, in every format; a code without levels says what it publishes instead."""

from __future__ import annotations

import csv
import io

from conftest import EXAMPLES_VALID

from peerethics.model import Catalog
from peerethics.sanctions import code_menu

DATA = ["--data-dir", str(EXAMPLES_VALID)]


def test_the_core_gives_each_level_with_the_principles_rated_at_it(examples: Catalog) -> None:
    cat = examples  # the bundled codes and tests/examples/valid's, loaded once a session
    xb = cat.code("XB")
    assert xb is not None
    menu = code_menu(xb, "serious")
    assert [t.level for t in menu.levels] == ["S"]
    assert [[p.id for p in r] for r in menu.rated] == [["XB-2"]]


def test_a_level_prints_its_menu_and_its_principles_in_every_format(run) -> None:
    table = run(*DATA, "sanctions", "XB", "--level", "S")
    assert table.exit_code == 0, table.stderr
    assert "Written warning – kept on file" in table.stdout
    assert "Principles XB rates Serious (S): 1 of 3" in table.stdout
    assert "XB-2" in table.stdout and "XB-1" not in table.stdout
    data = run.json(*DATA, "sanctions", "XB", "--level", "S", "--json")
    assert data["principle"] is None and data["code"] == "XB"
    assert data["rated"] == {"S": ["XB-2"]}
    first = data["levels"][0]["sanctions"][0]
    assert first["text"] == "Written warning – kept on file"
    rows = list(csv.DictReader(io.StringIO(run(*DATA, "sanctions", "XB", "-l", "S", "-f",
                                               "csv").stdout)))
    assert [r["principle"] for r in rows if r["row"] == "rated"] == ["XB-2"]
    assert [r["sanction"] for r in rows if r["row"] == "sanction"] == [
        "Written warning – kept on file", "Extra supervision"]
    markdown = run(*DATA, "sanctions", "XB", "--level", "S", "-f", "markdown").stdout
    assert "**XB-2**" in markdown and "Extra supervision" in markdown


def test_a_principle_menu_names_the_levels_it_is_rated_at(run) -> None:
    data = run.json(*DATA, "sanctions", "XB-2", "--json")
    assert data["rated"] == {"S": ["XB-2"]}


def test_a_code_without_levels(run) -> None:
    result = run(*DATA, "sanctions", "XA")
    assert result.exit_code == 0 and "publishes no sanction guidance" in result.stdout
    refused = run(*DATA, "sanctions", "XA", "--level", "S")
    assert refused.exit_code == 2 and "XA publishes no sanctions" in refused.stderr
    unknown = run(*DATA, "sanctions", "XB", "--level", "VS")
    assert unknown.exit_code == 2 and "XB levels are S" in unknown.stderr


def test_missouri_es_menu(run) -> None:
    out = run("sanctions", "MO", "--level", "ES").stdout
    assert "Extremely Serious (ES)" in out and "MO-8" in out and "MO-1 " not in out
