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

import marshal
import math
import os
from typing import Any, NoReturn

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


# The shipped table is about 2 MB; a file far past that is not one.
MAX_READER_BYTES = 50_000_000


def load_reader(data_dir: str) -> dict[str, Any]:
    """The weights file as plain data, checked for shape down to each row; an empty model
    (every probability at its prior) when the file is missing, so a data folder without one
    still searches. A damaged file (cut short, not UTF-8, a FIFO or a folder in its place, rows
    of the wrong shape) is one :class:`DataError` naming it, rather than a traceback from deep
    in a search, or a read that never ends. Checking every row costs a few milliseconds, paid
    only when the search index is built, not on a cached search."""
    import json
    import stat

    path = reader_path(data_dir)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return {"classes": [], "bias": [], "weights": {}}
    except OSError as exc:
        _damaged(f"cannot be read ({exc.strerror})")
    if not stat.S_ISREG(st.st_mode):
        _damaged("is not a regular file")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_READER_BYTES + 1)
        if len(raw) > MAX_READER_BYTES:
            _damaged(f"is too large (more than {MAX_READER_BYTES:,} bytes)")
        data = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        _damaged(f"cannot be read ({exc.strerror})")
    except (ValueError, RecursionError):  # cut short, not JSON, not UTF-8, nested past reading
        _damaged("are not readable JSON (cut short or damaged?)")
    if not _well_shaped(data):
        _damaged("have the wrong shape")
    return {"classes": data["classes"], "bias": data["bias"], "weights": data["weights"]}


def _damaged(what: str) -> NoReturn:
    from .errors import DataError, Problem

    raise DataError([Problem("data/search/reader.json", 1, 1,
                             f"the search reader's weights {what}; reinstall peerethics, or run "
                             "tools/train_reader.py to write them again")])


def _number(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _well_shaped(data: object) -> bool:
    """Whether ``data`` is a table :func:`probabilities` can apply: distinct class names, one
    finite bias each, and rows of (class index in range, finite weight) pairs."""
    if not isinstance(data, dict) or data.get("format") != READER_FORMAT:
        return False
    classes, bias, weights = data.get("classes"), data.get("bias"), data.get("weights")
    if (not isinstance(classes, list) or not all(isinstance(c, str) for c in classes)
            or len(set(classes)) != len(classes) or not isinstance(bias, list)
            or len(bias) != len(classes) or not all(_number(b) for b in bias)
            or not isinstance(weights, dict)):
        return False
    n = len(classes)
    for row in weights.values():
        if type(row) is not list or len(row) % 2:
            return False
        indexes, values = row[0::2], row[1::2]
        if indexes and (not all(type(i) is int for i in indexes)
                        or min(indexes) < 0 or max(indexes) >= n):
            return False
        if not all(type(v) is float or type(v) is int for v in values) or not all(
                map(math.isfinite, values)):
            return False
    return True


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
            row = marshal.loads(row)
        if row:
            # A row is [class, weight, class, weight, ...]: sparse, as most features say
            # something about a few classes only.
            for i in range(0, len(row), 2):
                z[int(row[i])] += row[i + 1]
    return {c: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, v)))) for c, v in zip(classes, z,
                                                                                 strict=True)}
