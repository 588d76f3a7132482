#!/usr/bin/env python3
"""Train search's learned reader from the corpus: writes data/search/reader.json.

    python tools/train_reader.py            # train and write the weights
    python tools/train_reader.py --check    # exit 1 if the shipped weights differ from a fresh run
    python tools/train_reader.py --cv       # leave one writer out: how well it reads a new voice
    python tools/train_reader.py --extra F --out G  # (experiments) more items; weights to G

The examples are the labelled situations of data/search/corpus/ (each with every topic it
touches, or `none`) and the topic phrases of data/topics.yaml (each a short example of its
topic). The model is one-vs-rest logistic regression (scikit-learn's liblinear, deterministic)
over search_reader.features: each class is a topic id or `none`. Weights are rounded and the
smallest dropped, so the file stays small and the same on every machine.

Needs scikit-learn (the `train` extra: pip install '.[train]'); the command line never does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from peerethics import load_catalog  # noqa: E402
from peerethics.corpus import NONE, load_corpus  # noqa: E402
from peerethics.search_reader import READER_FORMAT, features, reader_path  # noqa: E402

# Regularisation (liblinear's C): chosen by leaving one writer out (--cv), not on any query set.
C = 2.0
# A topic phrase is a short, clean example: it counts this much of a written situation.
PHRASE_WEIGHT = 0.5
# Weights are stored to this many decimals, and those smaller than PRUNE are left out.
DECIMALS = 3
PRUNE = 0.1
# A feature must occur in at least this many examples to be learned at all: a word one writer
# used once says more about that writer than about the topic.
MIN_COUNT = 2


def examples(data_dir: Path
             ) -> tuple[list[str], list[tuple[str, ...]], list[float], list[str], list[str]]:
    """(texts, labels, sample weights, writer) for every training example, and the taxonomy's
    topic ids (the catalog is read once)."""
    catalog = load_catalog([], cache=False)
    topic_ids = [t.id for t in catalog.topics]
    corpus = load_corpus(str(data_dir), topic_ids, [p.id for p in catalog.principles()])
    texts: list[str] = []
    labels: list[tuple[str, ...]] = []
    weights: list[float] = []
    writers: list[str] = []
    for s in corpus:
        texts.append(s.text)
        labels.append(s.topics)
        weights.append(1.0)
        writers.append(s.writer)
    for t in catalog.topics:
        for phrase in (t.label, *t.phrases):
            texts.append(phrase)
            labels.append((t.id,))
            weights.append(PHRASE_WEIGHT)
            writers.append("phrases")
    return texts, labels, weights, writers, topic_ids


def extra_examples(path: Path) -> tuple[list[str], list[tuple[str, ...]], list[float]]:
    """(experiments) Items appended to the training examples, to measure what more text of a
    kind would do: a YAML file of ``items``, each a ``text``, its ``topics`` (or ``[none]``)
    and an optional sample ``weight`` (1). Never for the shipped weights: they are what the
    corpus alone trains (--check)."""
    import yaml

    items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    return ([str(i["text"]) for i in items], [tuple(i["topics"]) for i in items],
            [float(i.get("weight", 1.0)) for i in items])


def classes_of(topic_ids: list[str]) -> list[str]:
    return [*topic_ids, NONE]


def fit(texts: list[str], labels: list[tuple[str, ...]], weights: list[float],
        classes: list[str], c: float = C) -> dict[str, Any]:
    """Train one binary model per class; return the reader's plain data."""
    from collections import Counter

    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    feats = [features(text) for text in texts]
    counts = Counter(f for fs in feats for f in fs)
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, fs in enumerate(feats):
        for f in fs:
            if counts[f] >= MIN_COUNT:
                rows.append(i)
                cols.append(vocab.setdefault(f, len(vocab)))
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(vocab)))
    sw = np.array(weights)
    names = sorted(vocab, key=vocab.__getitem__)
    bias: list[float] = []
    table: dict[str, list[float]] = {}
    for ci, cls in enumerate(classes):
        y = np.array([1 if cls in lab else 0 for lab in labels])
        if y.sum() == 0:
            bias.append(-10.0)
            continue
        # The dual problem: the same solution, six times faster on sparse text.
        model = LogisticRegression(solver="liblinear", dual=True, C=c, random_state=0,
                                   max_iter=1000)
        model.fit(x, y, sample_weight=sw)
        bias.append(round(float(model.intercept_[0]), DECIMALS))
        for j, w in enumerate(model.coef_[0]):
            w = round(float(w), DECIMALS)
            if abs(w) >= PRUNE:
                table.setdefault(names[j], []).extend([ci, w])
    return {"format": READER_FORMAT, "classes": classes, "bias": bias,
            "weights": dict(sorted(table.items()))}


def train(data_dir: Path = ROOT / "data", extra: Path | None = None) -> dict[str, Any]:
    texts, labels, weights, _, topic_ids = examples(data_dir)
    if extra is not None:
        more = extra_examples(extra)
        texts, labels, weights = texts + more[0], labels + more[1], weights + more[2]
    return fit(texts, labels, weights, classes_of(topic_ids))


def dump(reader: dict[str, Any]) -> str:
    """The weights file's text: one feature a line, so a diff of a retrained file reads."""
    head = {k: v for k, v in reader.items() if k != "weights"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "weights": {']
    items = list(reader["weights"].items())
    for i, (f, row) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        lines.append(f"{json.dumps(f, ensure_ascii=False)}: {json.dumps(row)}{comma}")
    lines.append("}}")
    return "\n".join(lines) + "\n"


def differences(a: dict[str, Any], b: dict[str, Any], tolerance: float = 0.0021) -> list[str]:
    """How two readers differ beyond rounding (a weight near PRUNE may be in one and not the
    other; a last decimal may differ across machines)."""
    out = []
    if a["classes"] != b["classes"]:
        out.append("the classes differ")
    for i, (x, y) in enumerate(zip(a["bias"], b["bias"], strict=False)):
        if abs(x - y) > tolerance:
            out.append(f"bias of {a['classes'][i]}: {x} vs {y}")

    def cells(r: dict[str, Any]) -> dict[tuple[str, int], float]:
        return {(f, int(row[i])): row[i + 1] for f, row in r["weights"].items()
                for i in range(0, len(row), 2)}

    ca, cb = cells(a), cells(b)
    for key in ca.keys() | cb.keys():
        x, y = ca.get(key, 0.0), cb.get(key, 0.0)
        if abs(x - y) > max(tolerance, PRUNE + tolerance if (key not in ca or key not in cb)
                            else tolerance):
            out.append(f"weight of {key[0]!r} for class {key[1]}: {x} vs {y}")
    return out


def cross_validate(data_dir: Path, c: float) -> None:
    """Leave one writer out: train on the others (and the phrases), read the writer's texts."""
    texts, labels, weights, writers, topic_ids = examples(data_dir)
    classes = classes_of(topic_ids)
    from peerethics.search_reader import probabilities

    for held in sorted(set(writers) - {"phrases"}):
        keep = [i for i, w in enumerate(writers) if w != held]
        reader = fit([texts[i] for i in keep], [labels[i] for i in keep],
                     [weights[i] for i in keep], classes, c)
        rr, top1, none_hits, none_n, false_none, answerable = 0.0, 0, 0, 0, 0, 0
        for i, w in enumerate(writers):
            if w != held:
                continue
            probs = probabilities(reader, features(texts[i]))
            if NONE in labels[i]:
                none_n += 1
                none_hits += probs[NONE] > 0.5
                continue
            answerable += 1
            false_none += probs[NONE] > 0.5
            ranked = sorted(topic_ids, key=lambda t: -probs[t])
            rank = next(r for r, t in enumerate(ranked, 1) if t in labels[i])
            rr += 1 / rank
            top1 += rank == 1
        print(f"{held:<12} topic MRR {rr / answerable:.3f}  top-1 {top1 / answerable:.3f}  "
              f"none found {none_hits}/{none_n}  answerable read as none "
              f"{false_none}/{answerable}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the shipped weights")
    ap.add_argument("--cv", action="store_true", help="leave one writer out")
    ap.add_argument("--c", type=float, default=C, help="regularisation for --cv")
    ap.add_argument("--prune", type=float, default=PRUNE, help="(experiments) smallest weight kept")
    ap.add_argument("--min-count", type=int, default=MIN_COUNT, help="(experiments) see MIN_COUNT")
    ap.add_argument("--extra", type=Path, help="(experiments) a YAML file of items to add")
    ap.add_argument("--out", type=Path, help="(experiments) write the weights here instead")
    args = ap.parse_args()
    globals().update(PRUNE=args.prune, MIN_COUNT=args.min_count)
    if args.cv:
        cross_validate(ROOT / "data", args.c)
        return 0
    if args.check and args.extra is not None:
        ap.error("--check compares the corpus's own weights: leave out --extra")
    reader = train(extra=args.extra)
    path = Path(reader_path(str(ROOT / "data")))
    if args.check:
        shipped = json.loads(path.read_text(encoding="utf-8"))
        diff = differences(shipped, reader)
        for line in diff[:20]:
            print(line)
        print("the shipped weights are what the corpus trains" if not diff
              else f"{len(diff)} differences: run tools/train_reader.py")
        return 1 if diff else 0
    if args.out is not None or args.extra is not None:
        # Weights trained on more than the corpus are never the shipped ones.
        path = (args.out or Path("reader-extra.json")).resolve()
    path.write_text(dump(reader), encoding="utf-8")
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"wrote {shown}: {len(reader['weights'])} features, "
          f"{sum(len(r) for r in reader['weights'].values()) // 2} weights")
    return 0


if __name__ == "__main__":
    sys.exit(main())
