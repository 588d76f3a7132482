"""Search finds what people mean. Floors sit a little under today's figures, so a change that
makes search worse fails here; bench/evaluate.py prints the full picture."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from peerethics import search
from peerethics.model import Catalog

BENCH = Path(__file__).resolve().parents[1] / "bench"
# The codes the sets' answers were judged against: a code added later is not in any expected
# list, so it is left out of the ranking these floors measure (its principles would push the
# judged ones down without any answer being wrong).
JUDGED = ["MO", "MO-DMH", "MA", "NE", "CT"]
# (MRR, recall@10) per kind, a little under today's figures. (With the learned reader, queries'
# questions fell from 0.96 to 0.90 MRR while its situations rose from 0.87 to 0.92, and sets in
# other people's words rose: README, "Search quality".) These sets were tuned on; the sets
# nobody tuned on (holdout2.yaml, unseen.yaml) are only scored, by bench/evaluate.py.
FLOORS = {
    "queries.yaml": {"keyword": (0.95, 0.95), "misspelling": (0.95, 0.95),
                     "question": (0.88, 0.92), "situation": (0.90, 0.93)},
    "fresh.yaml": {"keyword": (0.95, 0.95), "question": (0.95, 0.87),
                   "situation": (0.93, 0.83)},
    "fresh2.yaml": {"keyword": (0.95, 0.95), "misspelling": (0.95, 0.93),
                    "question": (0.97, 0.89), "situation": (0.95, 0.87)},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_evaluation_set_meets_floors(catalog: Catalog, name: str) -> None:
    path = BENCH / name
    if not path.is_file():
        pytest.skip(f"bench/{name} is not beside the tests")
    floors = FLOORS[name]
    queries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    by_kind: dict[str, list[tuple[float, float]]] = {}
    for q in queries:
        ids = [h.id for h in search(catalog, q["query"], codes=JUDGED, limit=None)]
        rank = next((i + 1 for i, pid in enumerate(ids) if pid in q["expected"]), None)
        recall = sum(e in ids[:10] for e in q["expected"]) / len(q["expected"])
        by_kind.setdefault(q["kind"], []).append((1 / rank if rank else 0.0, recall))
    assert set(by_kind) == set(floors) and all(len(v) >= 15 for v in by_kind.values())
    for kind, rows in by_kind.items():
        mrr = sum(r for r, _ in rows) / len(rows)
        recall = sum(c for _, c in rows) / len(rows)
        assert mrr >= floors[kind][0] and recall >= floors[kind][1], (kind, mrr, recall)


# The tune half of bench/real.yaml (real situations, split by hash; the score half is only ever
# scored, by bench/evaluate.py --split score): (MRR, recall@10) a little under today's, and the
# share of questions no principle answers that search says so for.
REAL_TUNE_FLOORS = {"question": (0.95, 0.94), "situation": (0.90, 0.92), "none": (0.6, 0.6)}


def test_real_situations_tune_half_meets_floors(catalog: Catalog) -> None:
    path = BENCH / "real.yaml"
    if not path.is_file():
        pytest.skip("bench/real.yaml is not beside the tests")
    queries = [q for q in yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
               if q["split"] == "tune"]
    by_kind: dict[str, list[tuple[float, float]]] = {}
    for q in queries:
        hits = search(catalog, q["query"], codes=JUDGED, limit=None)
        if not q["expected"]:
            ok = 0.0 if hits and hits[0].direct else 1.0
            by_kind.setdefault(q["kind"], []).append((ok, ok))
            continue
        ids = [h.id for h in hits]
        rank = next((i + 1 for i, pid in enumerate(ids) if pid in q["expected"]), None)
        recall = sum(e in ids[:10] for e in q["expected"]) / len(q["expected"])
        by_kind.setdefault(q["kind"], []).append((1 / rank if rank else 0.0, recall))
    for kind, (mrr_floor, recall_floor) in REAL_TUNE_FLOORS.items():
        rows = by_kind[kind]
        mrr = sum(r for r, _ in rows) / len(rows)
        recall = sum(c for _, c in rows) / len(rows)
        assert mrr >= mrr_floor and recall >= recall_floor, (kind, mrr, recall)


GIFTS = {"MO-13", "MO-DMH-13", "MA-11", "NE-14", "CT-12"}
ROMANCE = {"MO-8", "MO-DMH-8", "MA-13", "NE-11", "CT-11"}
SUBSTANCE = {"MO-19", "MA-14", "NE-12", "CT-5"}


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("gifts", GIFTS),
        ("giffts", GIFTS),
        ("a peer offered to buy me lunch", GIFTS),
        ("going out with someone I supported last year", ROMANCE),
        ("coming to work high", SUBSTANCE),
        ("sexaul relationship with a client", ROMANCE),
    ],
)
def test_plain_words_find_every_codes_principle(catalog: Catalog, query: str,
                                                wanted: set[str]) -> None:
    top = [h.id for h in search(catalog, query, limit=None)][: len(wanted) + 2]
    assert wanted <= set(top), (query, top)


def test_common_words_only_still_answer(catalog: Catalog) -> None:
    assert search(catalog, "the", limit=3)


def test_tied_principles_are_never_cut(catalog: Catalog) -> None:
    hits = search(catalog, "gifts", limit=1)
    assert all(h.score == hits[0].score for h in hits)
    assert {h.id for h in search(catalog, "gifts", limit=2)} >= {h.id for h in hits}
