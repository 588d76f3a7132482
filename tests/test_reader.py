"""Search's learned reader: its corpus is checked like a code file, its shipped weights are what
the corpus trains, and a question no principle answers comes back marked so."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path
from typing import Any

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


def _modules_training_reads() -> list[Path]:
    """The package's modules a training run can execute: those the tool imports (the package,
    ``corpus``, ``search_reader``) and every module they import, at the top or inside a function,
    transitively (read from the source, so it over-counts rather than misses one). The faces
    (command line, MCP server, HTML page) are not among them, so editing one retrains nothing."""
    import ast

    src = REPO / "src" / "peerethics"
    todo, seen = ["__init__", "corpus", "search_reader"], set()
    while todo:
        name = todo.pop()
        if name in seen or not (src / f"{name}.py").is_file():
            continue
        seen.add(name)
        for node in ast.walk(ast.parse((src / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                todo += [node.module.split(".")[0]] if node.module else \
                    [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("peerethics"):
                parts = (node.module or "").split(".")
                todo += parts[1:2] if len(parts) > 1 else [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                todo += [a.name.split(".")[1] for a in node.names
                         if a.name.startswith("peerethics.")]
    return [src / f"{name}.py" for name in sorted(seen)]


def _training_inputs() -> str:
    """A key of everything a training run reads or runs: the tool, the package's modules it can
    execute, every data file (the codes, the topics and their phrases, the corpus, and the
    shipped weights themselves), the Python and the versions of scikit-learn, NumPy and SciPy.
    The same key, the same weights: liblinear is deterministic (random_state=0)."""
    import hashlib
    import sys
    from importlib.metadata import version

    h = hashlib.sha256(f"{sys.version}\0".encode())
    for name in ("scikit-learn", "numpy", "scipy"):
        h.update(f"{name} {version(name)}\0".encode())
    files = [REPO / "tools" / "train_reader.py", *_modules_training_reads(),
             *sorted(p for p in (REPO / "data").rglob("*") if p.is_file())]
    for path in files:
        data = path.read_bytes()
        h.update(f"{path.relative_to(REPO)}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _trained(tool: object, cache: pytest.Cache | None) -> dict[str, Any]:
    """What the tool trains from the corpus: trained afresh whenever any input may have changed
    (about 5 s, a tenth of the suite), else the weights the last run trained from the very same
    inputs, kept in pytest's cache (.pytest_cache) under their key."""
    inputs = _training_inputs()
    kept = cache.get("peerethics/reader-trained", None) if cache is not None else None
    if isinstance(kept, dict) and kept.get("inputs") == inputs:
        return dict(kept["reader"])
    fresh: dict[str, Any] = tool.train()  # type: ignore[attr-defined]
    if cache is not None:  # one entry, replaced: the weights of the last inputs trained
        cache.set("peerethics/reader-trained", {"inputs": inputs, "reader": fresh})
    return fresh


def test_shipped_weights_are_what_the_corpus_trains(request: pytest.FixtureRequest) -> None:
    tool = _tool()
    shipped = json.loads((REPO / "data" / "search" / "reader.json").read_text(encoding="utf-8"))
    fresh = _trained(tool, getattr(request.config, "cache", None))
    assert tool.differences(shipped, fresh) == []  # type: ignore[attr-defined]
    # ... and the comparison is not blind: one weight moved is one difference (shown on the
    # first feature alone: comparing every feature again took 0.4 s).
    feature = next(iter(fresh["weights"]))
    row = fresh["weights"][feature]
    alone = {**shipped, "weights": {feature: shipped["weights"][feature]}}
    assert tool.differences(alone, {**fresh, "weights": {feature: row}}) == []  # type: ignore[attr-defined]
    moved = {**fresh, "weights": {feature: [row[0], row[1] + 0.5, *row[2:]]}}
    assert len(tool.differences(alone, moved)) >= 1  # type: ignore[attr-defined]


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
