"""The search index: everything ranking needs, precomputed from a catalog, kept by the catalog and
stored in the cache as plain data.

Why the catalog owns it (``catalog.derived``) rather than a module dict keyed by ``id()``: an
index lives exactly as long as its catalog, so a script that loads catalogs in a loop does not
keep one index per round, and an ``id()`` reused by a new catalog can never find an old index.
The index does not point back to its catalog (no reference cycle: dropping the catalog frees
both at once); the rare step that needs the catalog again takes it as an argument.

Why it maps each document to a code id and a number rather than holding principles: a catalog
read from the cache builds its codes only when asked, and a warm search should build only the
codes of the results it returns.
"""

from __future__ import annotations

import marshal
import math
import os
from collections import Counter, defaultdict
from functools import cached_property
from typing import Any

from .model import Catalog, Topic
from .search_frames import Lexicon, fold_platforms, frames_path, load_frames
from .search_reader import reader_path
from .search_reader_rows import ReaderRows, build_reader, plain_rows, with_rows
from .search_tuning import TUNING
from .search_words import (
    FOLDED,
    STOP_WORDS,
    content_words,
    correctable,
    phrase_word,
    stem,
    stems,
    strip_idioms,
)
from .search_words import words as split_words

INDEX_FORMAT = 20
_PERSON_KEYS = frozenset(FOLDED.values())


class Index:
    """Everything search needs, precomputed from a catalog (and cached as plain data)."""

    # doc -> its principle's code id and number: enough to rank, filter by code and order
    # results without building any principle
    doc_codes: list[str]
    doc_numbers: list[int]
    # field -> stem -> marshal'd [doc, tf, doc, tf, ...]: unpacked only for the query's stems, so
    # reading the index grows with the vocabulary, not with the number of principles
    fields: dict[str, dict[str, bytes]]
    lengths: dict[str, list[int]]
    topic_ids: list[str]
    topic_terms: list[dict[str, float]]  # topic -> stem -> weight
    # first stem -> [(topic, every word stemmed, the phrase)]: only phrases that can start at a
    # word of the query are ever looked at
    phrases: dict[str, list[tuple[int, tuple[str, ...], str]]]
    doc_topics: list[tuple[int, ...]]  # doc -> topic indexes, most central first (shared)
    # topic -> marshal'd [doc, ...]: the principles a topic of the query reaches, unpacked for
    # that topic only (issue 28: finding them by walking every doc's topics grew with the data)
    topic_docs: list[bytes]
    topic_idf: dict[str, float]  # stem -> rarity across topics
    stem_list: list[str]  # the texts' stems, sorted (word-family look-ups)
    stem_set: set[str]
    strong: dict[str, list[int]]  # stem -> topics where it is a one-word phrase (its "sense")
    related: list[list[int]]  # topic -> the topics it declares related
    # "word word" -> topics whose phrases hold that pair of adjacent words, so part of a phrase
    # counts too ("stop taking her antipsychotic" shares "stop taking" with "stop taking meds")
    pairs: dict[str, list[int]]
    # the frame data (data/search/frames.yaml, checked against the taxonomy): word lists and the
    # topic of each frame, as plain lists (search_frames.Lexicon makes sets of them)
    frames: dict[str, dict[str, Any]]
    # the learned reader's weights (data/search/reader.json, search_reader.py): classes, biases
    # and a sparse feature -> [class, weight, ...] table
    reader: dict[str, Any]

    # What the cache stores: every annotated field above (not the two below).
    STORED: tuple[str, ...] = ()

    def __init__(
        self, *, key: str | None = None, vocabulary: list[str] | None = None,
        packed: dict[str, bytes] | None = None, **values: Any
    ) -> None:
        missing = set(self.STORED) - set(values) - set(packed or ())
        if missing:
            raise TypeError(f"index data lacks {sorted(missing)}")
        # Fields read from the cache stay marshalled until first used (__getattr__): a search
        # unpacks only the tables it consults (issue 28: unpacking all was most of a warm call).
        self._packed = packed or {}
        self.__dict__.update(values)
        if "reader" in values:
            self.reader = with_rows(values["reader"])
        # The catalog's cache key: where the spelling vocabulary is read from, when needed.
        self.key = key
        # Surface words spelling correction may correct towards; None until first needed when
        # the index came from the cache (most queries have no unknown word).
        self.vocabulary = vocabulary

    def __getattr__(self, name: str) -> Any:
        """A stored field on first use, unpacked from the cache's bytes."""
        packed = self.__dict__.get("_packed")
        if not packed or name not in packed:
            raise AttributeError(name)
        try:
            value = marshal.loads(packed[name])
        except (EOFError, ValueError, TypeError) as exc:
            raise _damaged(self.key) from exc
        if name == "reader":
            value = with_rows(value)
        self.__dict__[name] = value
        return value

    @property
    def n_docs(self) -> int:
        return len(self.doc_codes)

    def knows(self, s: str) -> bool:
        """Whether a stem occurs anywhere in the texts, key terms or topics."""
        return s in self.topic_idf or any(s in postings for postings in self.fields.values())

    def spelling_words(self, catalog: Catalog) -> list[str]:
        """The words spelling correction may correct towards: read from their own cache entry on
        first use (only a query with an unknown word pays for it), rebuilt from ``catalog`` (the
        one this index was made from) if that entry is missing or damaged."""
        if self.vocabulary is None:
            from . import cache

            self.vocabulary = cache.memo(
                words_kind(), self.key, lambda: Index.build(catalog).vocabulary or [],
                decode=_word_list)
        return self.vocabulary

    @cached_property
    def lexicon(self) -> Lexicon:
        """The frame data as sets, made once per process (search_frames.read uses them)."""
        return Lexicon(self.frames)

    @cached_property
    def adjacent_stems(self) -> set[tuple[str, str]]:
        """Adjacent stem pairs of all topic phrases, for spelling in context; computed when
        first needed (a query with a real word that may be a typo), never stored."""
        pairs: set[tuple[str, str]] = set()
        for entries in self.phrases.values():
            for _, seq, _ in entries:
                pairs.update(zip(seq, seq[1:], strict=False))
        return pairs

    def to_data(self) -> dict[str, Any]:
        """Each field marshalled apart, so reading the entry back unpacks nothing yet."""
        return {name: self._packed.get(name) or marshal.dumps(plain_rows(getattr(self, name)))
                for name in self.STORED}

    @classmethod
    def from_data(cls, data: Any) -> Index:
        """An index from its cached plain data; raises KeyError/TypeError on the wrong shape, so
        the cache rebuilds it."""
        if not isinstance(data, dict):
            raise TypeError("index data is not a dict")
        packed = {name: data[name] for name in cls.STORED}
        if not all(type(b) is bytes for b in packed.values()):
            raise TypeError("index fields are not bytes")
        return cls(packed=packed)

    @classmethod
    def build(cls, catalog: Catalog) -> Index:
        """Tokenise every principle and topic (a cache miss: the one place that reads them all),
        or, for a catalog built file by file, only the codes whose file changed
        (search_index_parts.py)."""
        from .search_index_parts import merge, part, parts_for

        try:
            texts = merge(catalog, parts_for(catalog))
        except (KeyError, TypeError, ValueError, IndexError):  # a stored part that lied
            texts = merge(catalog, ((c.id, part(c.principles)) for c in catalog.codes))
        fields: dict[str, dict[str, bytes]] = texts["fields"]
        surface: set[str] = texts["surface"]
        topical = _topic_part(catalog)
        surface.update(topical.pop("surface"))
        # Word families are looked up among the codes' own words only: topic phrases are
        # everyday words, where prefixes mislead ("class" is not "classmate").
        text_stems = set(fields["text"]) | set(fields["importance"])
        return cls(
            key=catalog.key,
            vocabulary=sorted(w for w in surface if correctable(w)),
            doc_codes=texts["doc_codes"],
            doc_numbers=texts["doc_numbers"],
            fields=fields,
            lengths=texts["lengths"],
            doc_topics=texts["doc_topics"],
            topic_docs=texts["topic_docs"],
            stem_list=sorted(text_stems),
            **topical,
            stem_set=text_stems,
        )


def _stamp_bytes(path: str) -> bytes:
    """A file's bytes for the cache key: a regular file's, bounded as the reader's weights are;
    nothing for a FIFO or a device in its place (its loader then says what is wrong), which
    reading would wait on for ever, or never finish."""
    import stat

    from .search_reader import MAX_READER_BYTES

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return b""
        with open(path, "rb") as fh:
            return fh.read(MAX_READER_BYTES + 1)
    except OSError:
        return b""


def _topic_part(catalog: Catalog) -> dict[str, Any]:
    """What the index holds about topics: nearly all of its build, and a function of the
    taxonomy alone, so it is cached apart (keyed by the topics' content): editing a code file
    rebuilds only the index of the texts."""
    topics = catalog.topics
    if catalog.key is None:
        return _build_topic_part(topics)
    from . import cache
    from .discover import bundled_data_dir

    # The frame data and the reader's weights are part of the topic index: editing either
    # rebuilds this part.
    parts = [_stamp_bytes(path)
             for path in (frames_path(bundled_data_dir()), reader_path(bundled_data_dir()))]
    from .cache_records import encode

    key = cache.key_of(b"topics", marshal.dumps(encode(topics)), *parts)

    def build() -> dict[str, Any]:
        part = _build_topic_part(topics)
        rows = ReaderRows(part["reader"]["weights"], key)
        rows.store()
        part["reader"] = {**part["reader"], "weights": rows}
        return part

    return cache.memo(f"topics{INDEX_FORMAT}", key, build, encode=_plain_part,
                      decode=_topic_data)


def _plain_part(part: dict[str, Any]) -> dict[str, Any]:
    return {**part, "reader": plain_rows(part["reader"])}


def _topic_data(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or set(data) != set(_TOPIC_FIELDS) | {"surface"}:
        raise TypeError("topic index data has the wrong shape")
    return dict(data)


_TOPIC_FIELDS = ("topic_ids", "topic_terms", "phrases", "topic_idf", "strong", "related", "pairs",
                 "frames", "reader")


def _build_topic_part(topics: tuple[Topic, ...]) -> dict[str, Any]:
    """Every table search keeps about topics, built in one pass over every phrase of every topic
    (a cache miss only). (Over 60 lines for one reason: the six tables are filled from the same
    phrase at once, as each phrase is read.)"""
    topic_pos = {t.id: i for i, t in enumerate(topics)}
    frames = load_frames(set(topic_pos))
    platforms = frozenset(frames["words"].get("platforms", ()))
    surface: set[str] = set()
    topic_terms: list[dict[str, float]] = []
    phrase_index: dict[str, list[tuple[int, tuple[str, ...], str]]] = defaultdict(list)
    strong: dict[str, list[int]] = defaultdict(list)
    pair_index: dict[str, list[int]] = defaultdict(list)
    for t_index, t in enumerate(topics):
        terms: dict[str, float] = {}
        seen: set[tuple[str, ...]] = set()
        for s in stems(t.label):
            terms[s] = 1.0
        for phrase in t.phrases:
            # Spelling still knows the platform's name ("facbook" is "facebook")...
            surface.update(content_words(phrase))
            # ... but "on tiktok" and "on instagram" are one phrase: a question about a platform
            # is the same question whichever platform it names (search_frames.fold_platforms).
            phrase = fold_platforms(phrase, platforms)
            ws = content_words(phrase)
            # A one-word phrase is a chosen signal ("xanax"); a word inside a longer phrase
            # ("state" in "state hospital") says little on its own.
            plain = split_words(phrase)
            weight = (TUNING.single_word_phrase_weight if len(plain) == 1
                      else TUNING.phrase_word_weight)
            for s in (stem(w) for w in ws):
                terms[s] = max(terms.get(s, 0.0), weight)
                if len(plain) == 1 and t_index not in strong[s]:
                    strong[s].append(t_index)
            # Read like a query is read ("used to" -> "former"), so phrases can match.
            plain_seq = split_words(strip_idioms(phrase))
            # The first word is kept as it is ("my ex" is not "his ex"); pronouns inside
            # match any pronoun ("holding my hand", "held her hand").
            seq = tuple(stem(w) if i == 0 else phrase_word(w)
                        for i, w in enumerate(plain_seq))
            if len(seq) > 1 and seq not in seen:
                seen.add(seq)
                phrase_index[seq[0]].append((t_index, seq, phrase))
                for pair in word_pairs(tuple(phrase_word(w) for w in plain_seq)):
                    if t_index not in pair_index[pair]:
                        pair_index[pair].append(t_index)
        for s in stems(t.description):
            terms.setdefault(s, TUNING.description_word_weight)
        topic_terms.append(terms)
    n_topics = len(topic_terms) or 1
    tdf: Counter[str] = Counter()
    for terms in topic_terms:
        tdf.update(terms.keys())
    return {
        "topic_ids": [t.id for t in topics],
        "topic_terms": topic_terms,
        "phrases": dict(phrase_index),
        "topic_idf": {s: math.log(1 + (n_topics - d + 0.5) / (d + 0.5)) for s, d in tdf.items()},
        "strong": dict(strong),
        "related": [[topic_pos[r] for r in t.related if r in topic_pos] for t in topics],
        "pairs": dict(pair_index),
        "frames": frames,
        "reader": build_reader(),
        "surface": sorted(surface),
    }


def _damaged(key: str | None) -> Exception:
    """A cached index that passed its CRC but will not unpack (its owner's forgery, or damage
    the CRC cannot see), found when a field is first used: the entry is removed, so the next
    call rebuilds it, and this one says so in one line."""
    from . import cache
    from .errors import PeerEthicsError

    if key is not None:
        cache.discard(index_kind(), key)
    return PeerEthicsError("a cached search index was damaged and is now removed; run the "
                           "command again")


Index.STORED = tuple(name for name in Index.__annotations__ if name != "STORED")


def index_for(catalog: Catalog) -> Index:
    """The catalog's index: built (or read from the cache) once, then kept by the catalog."""
    return catalog.derived("search-index", _load)


def _load(catalog: Catalog) -> Index:
    """The index from the cache beside the catalog's, else built and stored there. The spelling
    vocabulary goes to an entry of its own: it is read only for a query with an unknown word.
    (``cache`` is imported here, as load_catalog does, so a library user's ``cache=False`` catalog
    does not pay for importing pathlib.)"""
    from . import cache

    def build() -> Index:
        index = Index.build(catalog)
        vocabulary = index.vocabulary or []
        cache.memo(words_kind(), catalog.key, lambda: vocabulary, decode=_word_list)
        return index

    index = cache.memo(index_kind(), catalog.key, build,
                       encode=Index.to_data, decode=Index.from_data)
    index.key = catalog.key
    return index


def index_kind() -> str:
    """The cache name of an index: its format number. (The key itself changes whenever any
    module of the package changes, so a changed builder never meets an old index.)"""
    return f"index{INDEX_FORMAT}"


def words_kind() -> str:
    """The cache name of the spelling vocabulary: the index's, so the two always agree."""
    return index_kind() + "-words"


def _word_list(data: Any) -> list[str]:
    if not isinstance(data, list):
        raise TypeError("spelling words are not a list")
    return data


def word_pairs(seq: tuple[str, ...] | list[str]) -> list[str]:
    """Adjacent words of a phrase (stemmed, pronouns folded), and pairs around one pronoun
    ("take her meds" gives "take med"); pairs of only function words say nothing and are left
    out. The keys of ``Index.pairs``: the query's pairs are looked up with the same function."""
    out = []
    for i, a in enumerate(seq):
        for j in (i + 1, i + 2):
            if j >= len(seq) or (j == i + 2 and seq[i + 1] not in _PERSON_KEYS):
                continue
            b = seq[j]
            if a in _PERSON_KEYS or b in _PERSON_KEYS or (a in STOP_WORDS and b in STOP_WORDS):
                continue
            out.append(f"{a} {b}")
    return out
