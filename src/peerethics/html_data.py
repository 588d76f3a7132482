"""What the offline page's search reads: the search index, the reader's weights, the spelling
vocabulary, the word lists and every tuning number, as plain JSON-ready data.

Why an export and not a second engine's own data: the page must answer as ``peerethics search``
does, so it reads exactly what the Python engine reads (the same :class:`~.search_index.Index`
of the same catalog), unpacked from the index's marshalled rows into lists, and the JavaScript
port (``html/search.js``) applies it step by step as ``search_ranking.py`` does. Nothing here
ranks; changing it can never move a bench number.

Compact where it is large: each reader row becomes one string of ``class:weight`` pairs (the
weights as Python writes them, so the page parses the same doubles), and the English word list
keeps only the words a query's word can be compared with (lower-case letters, 3 or more).
"""

from __future__ import annotations

import marshal
import re
from typing import Any

from .model import Catalog
from .search_frames import WORD_LISTS
from .search_index import Index, index_for
from .search_tuning import TUNING, Tuning
from .search_words import FOLDED, IDIOMS, STOP_WORDS, WEAK_WORDS

DATA_FORMAT = 1
_ENGLISH = re.compile(r"[a-z]{3,}")


def search_data(catalog: Catalog) -> dict[str, Any]:
    """Everything the page's search needs, for ``catalog`` (its index built or read from the
    cache as ``search`` does)."""
    index = index_for(catalog)
    principles = list(catalog.principles())
    return {
        "format": DATA_FORMAT,
        "code_ids": list(catalog.code_ids),
        "doc_codes": list(index.doc_codes),
        "doc_numbers": list(index.doc_numbers),
        "doc_texts": [p.text for p in principles],
        "fields": {name: {s: list(marshal.loads(packed)) for s, packed in postings.items()}
                   for name, postings in index.fields.items()},
        "lengths": index.lengths,
        "topic_ids": index.topic_ids,
        "topic_terms": index.topic_terms,
        "phrases": {first: [[t, list(seq), phrase] for t, seq, phrase in entries]
                    for first, entries in index.phrases.items()},
        "doc_topics": index.doc_topics,
        "topic_idf": index.topic_idf,
        "stem_list": index.stem_list,
        "strong": index.strong,
        "related": index.related,
        "pairs": index.pairs,
        "frames": {"words": {k: sorted(index.frames.get("words", {}).get(k, ()))
                             for k in WORD_LISTS},
                   "topics": dict(index.frames.get("topics", {}))},
        "reader": _reader(index),
        "vocabulary": index.spelling_words(catalog),
        "english": _english(),
        "words": {"stop": sorted(STOP_WORDS), "weak": sorted(WEAK_WORDS),
                  "idioms": [list(pair) for pair in IDIOMS], "folded": FOLDED},
        "tuning": tuning_values(),
    }


def tuning_values() -> dict[str, float]:
    """Every number of :class:`~.search_tuning.Tuning`, by name."""
    return {name: getattr(TUNING, name) for name in Tuning.__annotations__}


def _reader(index: Index) -> dict[str, Any]:
    """The reader's table, each row one string ``"class,weight,class,weight"``. The shipped
    weights have three decimals: then each is written in thousandths (``scale`` 1000), and the
    page divides by 1000, which gives the very double Python parsed (both are the nearest double
    to the same decimal); any other weight keeps every digit (``scale`` 1)."""
    reader = index.reader
    table = {f: (marshal.loads(p) if isinstance(p, bytes) else p)
             for f, p in reader.get("weights", {}).items()}
    weights = [row[i] for row in table.values() for i in range(1, len(row), 2)]
    scale = 1000 if all(round(w * 1000) / 1000 == w for w in weights) else 1
    rows = {f: ",".join(f"{int(row[i])},{_number(row[i + 1], scale)}"
                        for i in range(0, len(row), 2)) for f, row in table.items()}
    return {"classes": list(reader.get("classes", [])), "bias": list(reader.get("bias", [])),
            "scale": scale, "weights": rows}


def _number(w: float, scale: int) -> str:
    return str(round(w * scale)) if scale != 1 else repr(w)


def _english() -> str:
    """The SCOWL words a query's word can equal (``search_spelling.is_english``), one a line."""
    from .search_spelling import _english_words

    return "\n".join(w for w in _english_words().split("\n") if _ENGLISH.fullmatch(w))
