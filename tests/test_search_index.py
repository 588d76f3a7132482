"""The search index belongs to its catalog: freed with it, read from the cache without building
every principle; and ties at the limit are kept, within a bound."""

from __future__ import annotations

import gc
import json
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import REPO, bundled_ids

from peerethics import load_catalog, search
from peerethics.model import Catalog, Code
from peerethics.search_index import index_for

NE = REPO / "data" / "codes" / "NE.yaml"
COPIES = 30


@pytest.fixture(scope="module")
def copies_dir(tmp_path_factory: pytest.TempPathFactory, _home: Path,
               catalog: Catalog) -> Iterator[Path]:
    """30 renamed copies of NE (NE-AA ... NE-BD): 31 codes whose principles tie on any query.
    Loaded once here, into the suite's cache, so each test reads it from there."""
    folder = tmp_path_factory.mktemp("copies")
    text = NE.read_text(encoding="utf-8")
    assert "\nid: NE\n" in text
    for i in range(COPIES):
        cid = f"NE-{chr(65 + i // 26)}{chr(65 + i % 26)}"
        (folder / f"{cid}.yaml").write_text(text.replace("\nid: NE\n", f"\nid: {cid}\n"),
                                            encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PEERETHICS_CACHE_DIR", str(_home / "cache"))  # as the autouse fixture does
        assert len(load_catalog([folder]).code_ids) == len(bundled_ids(catalog)) + COPIES
    yield folder


def test_catalogs_loaded_in_a_loop_free_their_indexes() -> None:
    # Any index kept after its catalog (in a module's dict, an unbounded or bounded cache) keeps
    # at least one of these alive: ten catalogs show it as fifty did, at a fifth of the cost.
    refs = []
    for _ in range(10):
        cat = load_catalog([])
        assert search(cat, "gifts")
        index = index_for(cat)
        assert index_for(cat) is index, "the catalog keeps its index"
        refs.append(weakref.ref(index))
        del cat, index
    gc.collect()
    assert [r for r in refs if r() is not None] == []


@pytest.mark.parametrize("query", ["gifts", "a client offered to buy me lunch", "the"])
def test_ties_at_the_limit_are_kept_within_twice_the_limit(copies_dir: Path, query: str) -> None:
    cat = load_catalog([copies_dir])
    everything = search(cat, query, limit=None)
    hits = search(cat, query, limit=10)
    assert len(everything) > 20, "enough ties that the bound matters"
    assert len(hits) == 20
    assert hits == everything[:20], "the same order as ever: score, code order, number"
    assert {h.score for h in hits[10:]} == {hits[9].score}, "only ties are added"


def test_ties_are_ordered_by_score_code_and_number(copies_dir: Path) -> None:
    cat = load_catalog([copies_dir])
    order = {cid: i for i, cid in enumerate(cat.code_ids)}
    hits = search(cat, "gifts", limit=None)
    keys = [(-h.score, order[h.principle.code], h.principle.number) for h in hits]
    assert keys == sorted(keys)


def test_the_command_line_shows_at_most_twice_the_limit(run, copies_dir: Path) -> None:
    result = run("--data-dir", str(copies_dir), "search", "gifts", "-n", "10", "--json")
    assert result.exit_code == 0, result.stderr
    assert 10 < len(json.loads(result.stdout)) <= 20


def _lazy_copy(catalog: Catalog, built: list[str]) -> Catalog:
    """The catalog again, as a cache read gives one that builds a code on first use, noting in
    ``built`` every code built."""

    def builder(code: Code) -> Callable[[], Code]:
        def build() -> Code:
            built.append(code.id)
            return code
        return build

    return Catalog(topics=catalog.topics, key=catalog.key,
                   lazy={c.id: builder(c) for c in catalog.codes})


@pytest.mark.parametrize(
    ("query", "codes"),
    [("gifts", None), ("giffts", None), ("duty to warm", None), ("gifts", ["NE-AC"])],
)
def test_a_warm_search_builds_only_the_codes_of_its_results(
    copies_dir: Path, query: str, codes: list[str] | None
) -> None:
    cat = load_catalog([copies_dir])
    assert cat.key is not None
    expected = search(cat, query, codes=codes, limit=3)  # the index and its words are cached
    built: list[str] = []
    lazy = _lazy_copy(cat, built)
    hits = search(lazy, query, codes=codes, limit=3)
    assert hits == expected
    assert sorted(built) == sorted({h.principle.code for h in hits})
    assert len(built) <= 6 < len(cat.code_ids)


def test_an_uncached_catalog_is_searched_the_same(copies_dir: Path) -> None:
    cat = load_catalog([copies_dir])
    lazy = _lazy_copy(cat, [])
    lazy.key = None  # nothing cached: the index and its spelling words are built, not read
    for query in ("giffts", "duty to warm", "gifts"):
        assert search(lazy, query, limit=None) == search(cat, query, limit=None)
