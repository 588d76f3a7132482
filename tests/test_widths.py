"""Tables at every width people use (issue 14): every word of the data shown appears whole, and
every id uncut, at 40, 60, 80, 100 and 200 columns, for every command, with the bundled codes
and with a user code whose fields are long. The views are drawn straight into a Console of each
width (fast); a few calls go through the command line with COLUMNS, as a pipe draws them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from peerethics import load_catalog, resolve_principle, sanction_menu
from peerethics.cli_view_sanctions import sanctions_view
from peerethics.cli_view_search import search_view
from peerethics.cli_view_show import show_view
from peerethics.cli_views import codes_view, compare_view, topics_view
from peerethics.comparison import compare
from peerethics.model import Catalog
from peerethics.search_ranking import search

WIDTHS = [40, 60, 80, 100, 200]

LONG_CODE = """\
id: LNG
jurisdiction: The Consolidated Regional Behavioral Health Authority of the Northern Tri-County \
Catchment Area and Surrounding Parishes
title: Comprehensive Interdisciplinary Peer Recovery Support Specialist Professional Conduct \
and Ethical Practice Standards
issuer: Consolidated Regional Behavioral Health Authority Credentialing Board
credential:
  name: Certified Interdisciplinary Peer Recovery Support Specialist
  abbreviation: CIPRSS-II
source:
  title: Professional Conduct Standards
sanction_note: The Board's suggested responses for each level of seriousness, which it applies \
at its own discretion after a hearing.
tiers:
  - level: S
    label: Serious Infraction Requiring Supervisory Review and Documented Corrective Planning
    sanctions:
      - Written warning placed in the permanent credentialing file of the specialist concerned
principles:
  - number: 1
    text: >-
      Specialists will not accept gifts, gratuities, hospitality, or anything of monetary value
      from the individuals, families, or caregivers they support, nor from their representatives.
    tiers: [S]
    topics: [gifts]
    key_terms:
      gifts:
        what: anything of monetary value, including gratuities and hospitality from representatives
"""


@pytest.fixture(scope="module")
def long_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    (folder / "LNG.yaml").write_text(LONG_CODE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def both(long_dir: Path, catalog: Catalog) -> Iterator[dict[str, Catalog]]:
    yield {"bundled": catalog,  # the session's: its search index is built once
           "long": load_catalog([long_dir], cache=False)}


def draw(view, width: int) -> str:
    buf = io.StringIO()
    view.pretty(Console(file=buf, width=width, no_color=True, color_system=None,
                        highlight=False, markup=False, emoji=False))
    return buf.getvalue()


_EDGES = "│┃()[],.;:\"'"


def missing(out: str, strings: list[str], width: int) -> list[str]:
    """The words of ``strings`` not found whole in ``out`` (those that fit on a line at all):
    a word cut across lines, or shortened, is not among the output's words."""
    found = {w.strip(_EDGES) for w in out.split()}
    return [word for s in strings for word in s.split()
            if len(word) <= width - 8 and word.strip(_EDGES) not in found]


def _terms(catalog: Catalog, ids: list[str], topic: str | None = None) -> list[str]:
    return [k.value for i in ids for k in resolve_principle(catalog, i).key_terms
            if topic in (None, k.topic)]


def cases(catalog: Catalog, which: str) -> list[tuple[str, object, list[str]]]:
    """(name, view, the strings from the data it must show whole)."""
    codes = list(catalog.codes)
    out: list[tuple[str, object, list[str]]] = [
        ("codes", codes_view(catalog),
         [s for c in codes for s in (c.id, c.jurisdiction, c.title, c.credential_abbreviation)]),
        ("topics", topics_view(catalog),
         [s for t in catalog.topics for s in (t.id, t.label, t.description)]
         + list(catalog.code_ids)),
    ]
    query = "gratuities hospitality gifts" if which == "long" else "buy me lunch"
    hits = search(catalog, query, limit=5)
    out.append(("search", search_view(catalog, hits, True, query),
                [s for h in hits for s in (h.id, h.principle.text,
                                           catalog.code(h.principle.code).jurisdiction)]))
    shown = ["LNG-1", "MO-8"] if which == "long" else ["MO-8", "CT-12", "MO-DMH-13"]
    principles = [resolve_principle(catalog, i) for i in shown]
    out.append(("show", show_view(catalog, principles),
                [s for p in principles for s in (p.id, p.text, p.importance or "",
                                                 catalog.code(p.code).jurisdiction,
                                                 catalog.code(p.code).title)]
                + [catalog.topic(t).label for p in principles for t in p.topics]
                + _terms(catalog, shown)))
    for pid in (["LNG-1"] if which == "long" else ["MO-8", "CT-12", "NE-3"]):
        menu = sanction_menu(catalog, resolve_principle(catalog, pid))
        out.append((f"sanctions {pid}", sanctions_view(catalog, menu),
                    [pid, menu.principle.text, menu.note]
                    + [s for t in menu.levels for s in (t.label, *(m.text for m in t.sanctions),
                                                        *(m.note or "" for m in t.sanctions))]
                    + [s for g in menu.sanctions for s in (g.name, g.definition)]))
    pairs = [["LNG", "MO"], ["LNG", "MO", "CT", "NE"]] if which == "long" else \
        [["MO", "CT", "NE"], list(catalog.code_ids)]
    for ids in pairs:
        comp = compare(catalog, ids)
        out.append((f"compare {' '.join(ids)}", compare_view(catalog, comp, full=False, wide=False),
                    [*ids] + [r.topic.label for r in comp.rows]
                    + [p.id for r in comp.rows for ps in r.cells.values() for p in ps]
                    + [k.value for r in comp.rows for cid in ids for k in r.key_terms(cid)]))
    return out


@pytest.fixture(scope="module")
def all_cases(both) -> dict[str, list[tuple[str, object, list[str]]]]:
    return {which: cases(catalog, which) for which, catalog in both.items()}


@pytest.mark.parametrize("which", ["bundled", "long"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_word_whole_at_every_width(all_cases, which: str, width: int) -> None:
    for name, view, strings in all_cases[which]:
        out = draw(view, width)
        assert max(len(line) for line in out.splitlines()) <= width, name
        assert not missing(out, strings, width), (name, width, missing(out, strings, width))


def test_compare_shows_key_terms_and_why_rows_differ_at_100(both) -> None:
    catalog = both["bundled"]
    out = draw(compare_view(catalog, compare(catalog, ["MO", "CT", "NE"], topic="gifts"),
                            full=False, wide=False), 100)
    assert "┃ MO" in out  # still a table at 100 columns
    assert not missing(out, _terms(catalog, ["MO-13", "CT-12", "NE-14"], "gifts"), 100)
    assert "(differ: key terms:" in out
    assert "--full" in out  # what is not shown (the texts) is named, with the option for it
    out = draw(compare_view(catalog, compare(catalog, ["MO", "CT", "NE"]), full=False,
                            wide=False), 100)
    assert out.count("(differ)") == 0 and "CT silent" in out


def test_narrow_tables_change_layout_rather_than_squeeze(both) -> None:
    catalog = both["bundled"]
    out = draw(codes_view(catalog), 60)
    assert "MO-DMH  Missouri" in out and "  title" in out  # one code per block
    out = draw(topics_view(catalog), 60)
    assert "confidentiality-and-privacy  Confidentiality and privacy" in out


@pytest.mark.parametrize("width", [40, 80])
def test_through_a_pipe_with_columns(run, width: int, long_dir: Path) -> None:
    for args in (["codes"], ["topics"], ["compare", "MO", "CT", "NE", "--topic", "gifts"],
                 ["search", "gratuities"], ["show", "LNG-1"], ["sanctions", "LNG-1"]):
        result = run("--data-dir", str(long_dir), *args, env={"COLUMNS": str(width)})
        assert result.exit_code == 0, (args, result.stderr)
        assert max(len(line) for line in result.stdout.splitlines()) <= width, args
        assert "LNG" in result.stdout or args[0] in ("compare",), args
