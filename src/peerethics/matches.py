"""Why a search result matched: one typed record per kind, from the ranking to every face.

Search (:mod:`peerethics.search_ranking`) puts these on each :class:`SearchHit` (``matched``);
the JSON contract writes each with :func:`match_json`, ``--explain`` and the MCP server word each
with their own drawing, and all of them dispatch on the record's type, never on string keys, so
a kind one face forgot is a type error (mypy's exhaustiveness check), not a silent drop.

Each record ends with its ``via`` (the JSON's discriminator), a constant per kind: two kinds
with equal fields are still unequal records. NamedTuples, not dataclasses: they are created on
every search's import path (see docs/performance.md).
"""

from typing import Any, Literal, NamedTuple, assert_never


class Reading(NamedTuple):
    """How the query was read, in one line (the first result only): frames, then topics."""

    line: str
    via: Literal["reading"] = "reading"


class Spelling(NamedTuple):
    """A word of the query read as another (``typed`` as ``read_as``)."""

    typed: str
    read_as: str
    via: Literal["spelling"] = "spelling"


class Words(NamedTuple):
    """Words of the query found in one of the principle's fields (stems, quoted pairs)."""

    field: Literal["text", "importance", "key_terms"]
    words: tuple[str, ...]

    @property
    def via(self) -> Literal["text", "importance", "key_terms"]:
        return self.field


class TopicWords(NamedTuple):
    """The principle is on an (editorial) topic whose words or phrases the query has."""

    topic: str
    words: tuple[str, ...]
    via: Literal["topic"] = "topic"


class Learned(NamedTuple):
    """The learned reader (search_reader.py) reads the query as about the principle's topic,
    with this probability (0-1): evidence from how people tell situations, not from a word."""

    topic: str
    probability: float
    via: Literal["learned"] = "learned"


class Related(NamedTuple):
    """The principle's topic is related to ``source``, a topic the query is about."""

    topic: str
    source: str
    via: Literal["related"] = "related"


Match = Reading | Spelling | Words | TopicWords | Learned | Related


def match_json(m: Match) -> dict[str, Any]:
    """A match as the JSON contract writes it (docs/json.md, ``matched``)."""
    if isinstance(m, Reading):
        return {"via": "reading", "words": [m.line]}
    if isinstance(m, Spelling):
        return {"via": "spelling", "from": m.typed, "to": m.read_as}
    if isinstance(m, Words):
        return {"via": m.field, "words": list(m.words)}
    if isinstance(m, TopicWords):
        return {"via": "topic", "topic": m.topic, "words": list(m.words)}
    if isinstance(m, Learned):
        return {"via": "learned", "topic": m.topic, "probability": round(m.probability, 2)}
    if isinstance(m, Related):
        return {"via": "related", "topic": m.topic, "from": m.source}
    assert_never(m)
