"""The learned reader: how likely a query is to be about each topic, or about nothing the codes
speak to, from a linear model trained on a labelled corpus of situations.

Why a learned model beside the hand-written vocabulary: topics.yaml lists the words its writers
thought of, and people keep using others ("roofer", "slipped", "what meds I'm on"). A corpus of
situations told in many voices (``data/search/corpus/``, by several independent writers) teaches
a model the words and word pairs that go with each topic, including the ones nobody listed.

Why this shape: one-vs-rest logistic regression over word stems and adjacent stem pairs, stored
as a sparse table (``data/search/reader.json``) and applied here as a dot product in pure Python:
no numpy or model runtime at query time, a query costs tens of microseconds, and the same table
can be applied by the offline HTML page's JavaScript. The weights are trained by
``tools/train_reader.py`` (scikit-learn, a dev-only extra); a test checks that the shipped file is
what the tool trains from the corpus.

The model says which *topics* a query is about; which principle of a topic ranks first is left to
the principle's own words (search_ranking.py).
"""

from __future__ import annotations

import math
import os
from typing import Any

from .search_words import stem
from .search_words import words as split_words

READER_FORMAT = 1
NONE = "none"


def reader_path(data_dir: str) -> str:
    return os.path.join(data_dir, "search", "reader.json")


def features(text: str) -> list[str]:
    """The model's features of a text: each word's stem, and each pair of adjacent stems
    (``ask me out`` gives ``ask``, ``me``, ``out``, ``ask me``, ``me out``). Function words are
    kept: in "asked me out" they carry the meaning."""
    seq = [stem(w) for w in split_words(text)]
    out = dict.fromkeys(seq)
    out.update(dict.fromkeys(f"{a} {b}" for a, b in zip(seq, seq[1:], strict=False)))
    return list(out)


def load_reader(data_dir: str) -> dict[str, Any]:
    """The weights file as plain data, checked for shape; an empty model (every probability at
    its prior) when the file is missing, so a data folder without one still searches."""
    import json

    try:
        with open(reader_path(data_dir), encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return {"classes": [], "bias": [], "weights": {}}
    if (not isinstance(data, dict) or data.get("format") != READER_FORMAT
            or not isinstance(data.get("classes"), list)
            or not isinstance(data.get("bias"), list)
            or not isinstance(data.get("weights"), dict)):
        from .errors import DataError, Problem

        raise DataError([Problem("data/search/reader.json", 1, 1,
                                 "the search reader's weights have the wrong shape; "
                                 "run tools/train_reader.py to write them again")])
    return {"classes": data["classes"], "bias": data["bias"], "weights": data["weights"]}


def probabilities(reader: dict[str, Any], feats: list[str]) -> dict[str, float]:
    """Each class's probability (topic ids, and ``none``) for a query's features. A row of the
    table is a list, or that list marshalled (as the search index stores it)."""
    classes: list[str] = reader["classes"]
    if not classes:
        return {}
    z = list(reader["bias"])
    table: dict[str, Any] = reader["weights"]
    for f in feats:
        row = table.get(f)
        if isinstance(row, bytes):
            import marshal

            row = marshal.loads(row)
        if row:
            # A row is [class, weight, class, weight, ...]: sparse, as most features say
            # something about a few classes only.
            for i in range(0, len(row), 2):
                z[int(row[i])] += row[i + 1]
    return {c: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, v)))) for c, v in zip(classes, z,
                                                                                 strict=True)}
