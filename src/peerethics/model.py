"""The data model: frozen dataclasses for codes, principles, tiers, sanctions and topics.

Everything here is plain data with no I/O, so that the loader, the cache and the library API all
speak the same types. Texts are stored exactly as the source documents have them; editorial
additions (topics, key terms, notes) live in fields of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One item of a tier's sanction menu, word for word; ``note`` explains a blank (editorial)."""

    text: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Tier:
    """A seriousness level (S, VS, ES) and the sanctions a board lists for it."""

    level: str
    label: str
    sanctions: tuple[MenuItem, ...]

    @property
    def slug(self) -> str:
        """The label as a word a person can type: ``Very Serious`` -> ``very-serious``."""
        return "-".join(self.label.lower().split())


@dataclass(frozen=True, slots=True)
class NamedSanction:
    """A sanction a code defines by name (CT's glossary), not tied to any seriousness level."""

    name: str
    definition: str


@dataclass(frozen=True, slots=True)
class KeyTerm:
    """An editorial fact about a principle on a topic: (romantic, after services end, 5 years)."""

    topic: str
    facet: str
    value: str


@dataclass(frozen=True, slots=True)
class Principle:
    code: str
    number: int
    text: str
    tiers: tuple[str, ...] = ()
    importance: str | None = None
    topics: tuple[str, ...] = ()
    key_terms: tuple[KeyTerm, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.code}-{self.number}"

    def key_terms_for(self, topic: str) -> tuple[KeyTerm, ...]:
        return tuple(k for k in self.key_terms if k.topic == topic)


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    file: str | None = None
    revisions: tuple[str, ...] = ()
    effective: str | None = None


@dataclass(frozen=True, slots=True)
class Marker:
    """A symbol the document puts on principles without explaining it (NE's asterisk)."""

    symbol: str
    note: str


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    jurisdiction: str
    title: str
    issuer: str
    credential_name: str
    credential_abbreviation: str
    source: Source
    sanction_note: str
    principles: tuple[Principle, ...]
    tiers: tuple[Tier, ...] = ()
    sanctions: tuple[NamedSanction, ...] = ()
    preamble: tuple[str, ...] = ()
    introduction: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    marker: Marker | None = None
    replaces: str | None = None
    origin: str = "bundled"

    def principle(self, number: int) -> Principle | None:
        if 1 <= number <= len(self.principles):
            return self.principles[number - 1]
        return None

    def tier(self, level: str) -> Tier | None:
        for tier in self.tiers:
            if tier.level == level:
                return tier
        return None

    @property
    def has_tiers(self) -> bool:
        return bool(self.tiers)

    @property
    def has_sanctions(self) -> bool:
        return bool(self.tiers) or bool(self.sanctions)


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    label: str
    description: str
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """All loaded codes and the topic taxonomy; the one object every query runs against."""

    codes: tuple[Code, ...]
    topics: tuple[Topic, ...] = ()
    _by_id: dict[str, Code] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update((c.id, c) for c in self.codes)

    def code(self, code_id: str) -> Code | None:
        return self._by_id.get(code_id)

    @property
    def code_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.codes)

    def principles(self) -> Iterator[Principle]:
        for code in self.codes:
            yield from code.principles

    def topic(self, topic_id: str) -> Topic | None:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        return None
