#!/usr/bin/env python3
"""Search quality: MRR and recall@10 per kind of query, on bench/queries.yaml (or another file).

    python bench/evaluate.py                      # the development set
    python bench/evaluate.py bench/holdout.yaml   # the held-out set, not used for tuning
    python bench/evaluate.py --misses             # also list the queries that fall short
    python bench/evaluate.py bench/real.yaml --split tune   # only the queries of one split

MRR is the mean of 1/rank of the first expected id; recall@10 the share of expected ids in the
top ten. A query with no expected id (kind ``none``: no principle speaks to it) scores 1 for both
when search finds nothing or marks every result weak, else 0; the last line counts the
answerable queries whose every result was marked weak. Uses the
library API, exactly as `peerethics search` does.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from peerethics import load_catalog, search

HERE = Path(__file__).resolve().parent


def _answers_directly(hits: list[object]) -> bool:
    """Whether search presents its results as answering the query: some result is not marked
    weak (docs/json.md: when no principle speaks to a query, every result is weak)."""
    return any(not getattr(h, "weak", False) for h in hits)


def evaluate(path: Path, show_misses: bool, split: str | None = None
             ) -> dict[str, tuple[float, float, int]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    catalog = load_catalog([])
    by_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
    answerable_weak = [0, 0]  # answerable queries whose every result is weak, of all
    for q in data["queries"]:
        if split and q.get("split") != split:
            continue
        expected = q["expected"]
        hits = search(catalog, q["query"], limit=None)
        ids = [h.id for h in hits]
        if not expected:
            ok = 0.0 if _answers_directly(hits) else 1.0
            by_kind[q["kind"]].append((ok, ok))
            if show_misses and not ok:
                print(f"  [{q['kind']}] {q['query']!r}: answered directly, top {ids[:5]}",
                      file=sys.stderr)
            continue
        if not _answers_directly(hits):
            answerable_weak[0] += 1
        answerable_weak[1] += 1
        rank = next((i + 1 for i, pid in enumerate(ids) if pid in expected), None)
        rr = 1.0 / rank if rank else 0.0
        top10 = set(ids[:10])
        recall = sum(e in top10 for e in expected) / len(expected)
        by_kind[q["kind"]].append((rr, recall))
        if show_misses and (rr < 1.0 or recall < 1.0):
            missing = [e for e in expected if e not in top10]
            print(f"  [{q['kind']}] {q['query']!r}: rank {rank}, missing {missing}, "
                  f"top {ids[:5]}", file=sys.stderr)
    out = {}
    for kind, rows in sorted(by_kind.items()):
        out[kind] = (sum(r for r, _ in rows) / len(rows), sum(c for _, c in rows) / len(rows),
                     len(rows))
    if answerable_weak[1]:
        out["(all weak)"] = (answerable_weak[0] / answerable_weak[1], 0.0, answerable_weak[1])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(HERE / "queries.yaml"))
    ap.add_argument("--misses", action="store_true", help="list queries that fall short")
    ap.add_argument("--split", help="only the queries of this split (bench/real.yaml: tune|score)")
    args = ap.parse_args()
    results = evaluate(Path(args.file), args.misses, args.split)
    print(f"{'kind':<12} {'queries':>7} {'MRR':>6} {'recall@10':>9}")
    all_rr = all_rc = total = 0.0
    weak = results.pop("(all weak)", None)
    for kind, (mrr, rec, n) in results.items():
        print(f"{kind:<12} {n:>7} {mrr:>6.3f} {rec:>9.3f}")
        all_rr += mrr * n
        all_rc += rec * n
        total += n
    print(f"{'all':<12} {int(total):>7} {all_rr / total:>6.3f} {all_rc / total:>9.3f}")
    if weak:
        # Answerable queries search called unanswered (every result weak): the cost of saying
        # "nothing speaks to this" too often. The `none` row above is the other side.
        print(f"answerable queries marked all-weak: {int(weak[0] * weak[2])} of {weak[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
