"""Search's learned reader: its corpus is checked like a code file, its shipped weights are what
the corpus trains, and a question no principle answers comes back marked so."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest

from peerethics import search
from peerethics.corpus import load_corpus
from peerethics.errors import DataError
from peerethics.model import Catalog
from peerethics.search_reader import features, probabilities

REPO = Path(__file__).resolve().parents[1]


def _tool() -> object:
    path = REPO / "tools" / "train_reader.py"
    spec = importlib.util.spec_from_file_location("train_reader", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_weights_are_what_the_corpus_trains() -> None:
    tool = _tool()
    shipped = json.loads((REPO / "data" / "search" / "reader.json").read_text(encoding="utf-8"))
    fresh = tool.train()  # type: ignore[attr-defined]
    assert tool.differences(shipped, fresh) == []  # type: ignore[attr-defined]
    # ... and the comparison is not blind: one weight moved is one difference.
    feature = next(iter(fresh["weights"]))
    fresh["weights"][feature] = [fresh["weights"][feature][0], fresh["weights"][feature][1] + 0.5]
    assert len(tool.differences(shipped, fresh)) >= 1  # type: ignore[attr-defined]


def test_corpus_problems_are_reported_at_their_line(tmp_path: Path, catalog: Catalog) -> None:
    folder = tmp_path / "search" / "corpus"
    folder.mkdir(parents=True)
    (folder / "w.yaml").write_text(
        "items:\n"
        '  - text: "he slid me twenty bucks"\n'
        "    voice: worry\n"
        "    topics: [gift]\n"
        '  - text: "how much do peers make"\n'
        "    voice: keyword\n"
        "    topics: [none]\n"
        "    ids: [MO-13]\n"
        '  - text: "He slid me twenty  bucks"\n'
        "    voice: worry\n"
        "    topics: [gifts, none]\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_corpus(str(tmp_path), [t.id for t in catalog.topics],
                    [p.id for p in catalog.principles()])
    lines = [str(p) for p in err.value.problems]
    assert "data/search/corpus/w.yaml:4:13: item 1 names unknown topic `gift`; did you mean " \
           "`gifts`?" in lines
    assert any(x.startswith("data/search/corpus/w.yaml:6:12: item 2: unknown voice") for x in lines)
    assert any(x.startswith("data/search/corpus/w.yaml:8:10: item 2: a `none`") for x in lines)
    assert any(x.startswith("data/search/corpus/w.yaml:9:11: item 3 repeats") for x in lines)
    assert any(x.startswith("data/search/corpus/w.yaml:11:13: item 3: `none` cannot go")
               for x in lines)


def test_bundled_corpus_is_valid_and_large(catalog: Catalog) -> None:
    corpus = load_corpus(str(REPO / "data"), [t.id for t in catalog.topics],
                         [p.id for p in catalog.principles()])
    assert len(corpus) >= 3000
    assert len({s.writer for s in corpus}) >= 4
    assert {t.id for t in catalog.topics} <= {t for s in corpus for t in s.topics}


def test_features_keep_function_words_and_pairs() -> None:
    assert {"ask", "me", "out", "ask me", "me out"} <= set(features("asked me out"))


def test_probabilities_are_a_sparse_dot_product() -> None:
    reader = {"classes": ["gifts", "none"], "bias": [-1.0, 0.0],
              "weights": {"lunch": [0, 3.0], "pay": [1, 2.0, 0, -1.0]}}
    probs = probabilities(reader, ["buy", "lunch"])
    assert probs["gifts"] == pytest.approx(1 / (1 + 2.718281828 ** -2.0), rel=1e-6)
    assert probs["none"] == pytest.approx(0.5)
    assert probabilities(reader, ["pay"])["gifts"] < 0.2


@pytest.mark.parametrize("query", ["how much do peer specialists get paid",
                                   "do I need to renew my certification every two years"])
def test_a_question_no_principle_answers_is_weak_throughout(catalog: Catalog, query: str) -> None:
    hits = search(catalog, query, limit=5)
    assert hits == [] or (all(h.weak for h in hits)
                          and "no principle speaks to this" in hits[0].reading)


def test_an_answerable_question_is_not_weak(catalog: Catalog) -> None:
    hits = search(catalog, "a guy I support slid me twenty bucks after group", limit=5)
    assert not hits[0].weak and "no principle speaks" not in hits[0].reading


def test_a_code_silent_on_the_topic_is_named(catalog: Catalog) -> None:
    # MO-DMH has no principle on substance use (its topic list says so), so a question about a
    # peer's own weed is one it is silent on: said, and every result weak.
    assert not any("substance-use" in p.topics for p in catalog.principles()
                   if p.code == "MO-DMH")
    hits = search(catalog, "can i smoke weed on my day off", codes=["MO-DMH"], limit=5)
    assert hits and all(h.weak for h in hits)
    assert "MO-DMH has no principle on substance-use" in hits[0].reading
    # ... and a code that has one is not said to be silent.
    hits = search(catalog, "can i smoke weed on my day off", codes=["MO"], limit=5)
    assert "no principle on" not in hits[0].reading and not hits[0].weak


def test_the_command_line_says_nothing_speaks_to_it(run) -> None:  # type: ignore[no-untyped-def]
    query = "how much do peer specialists get paid"
    results = run.json("search", query, "--json")
    assert results and all(r["weak"] for r in results)
    assert "no principle speaks to this directly" in results[0]["matched"][0]["words"][0]
    table = run("search", query)
    assert table.exit_code == 0
    assert table.stdout.startswith("Read as:") and "nearest topic" in table.stdout.split("\n\n")[0]


def test_the_readers_share_is_a_match_of_its_own(run) -> None:  # type: ignore[no-untyped-def]
    hit = run.json("search", "my client slid me a twenty after group", "-n", "1", "--json")[0]
    learned = [m for m in hit["matched"] if m["via"] == "learned"]
    assert learned and all(0 < m["probability"] <= 1 and m["topic"] in hit["topics"]
                           for m in learned)
    explain = run("search", "my client slid me a twenty after group", "-n", "1", "--explain")
    assert "(learned reader " in explain.stdout


def test_markdown_and_csv_say_when_nothing_speaks_to_it(run) -> None:  # type: ignore[no-untyped-def]
    query = "how much do peer specialists get paid"
    rows = list(csv.DictReader(io.StringIO(run("search", query, "--format", "csv").stdout)))
    assert rows and all(r["weak"] == "weak" for r in rows)
    markdown = run("search", query, "--format", "markdown").stdout
    assert "\n*Read as: " in markdown and "no principle speaks to this directly" in markdown
    answered = list(csv.DictReader(io.StringIO(run("search", "gifts", "--format", "csv").stdout)))
    assert answered[0]["weak"] == ""
