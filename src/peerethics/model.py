"""The data model: immutable, typed records for codes, principles, tiers, sanctions and topics.

Everything here is plain data with no I/O, so that the loader, the cache and the library API all
speak the same types. Texts are stored exactly as the source documents have them; editorial
additions (topics, key terms, notes) live in fields of their own.

Why ``NamedTuple`` and not frozen dataclasses: every command builds these on every call, and
creating a frozen dataclass *class* costs about 0.7 ms at import (it compiles six methods),
against 0.3 ms for a NamedTuple: ten classes were 9 ms of a 25 ms start-up budget. Both are
immutable and typed; see docs/performance.md.
"""


from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar

if TYPE_CHECKING:
    from datetime import date as _date

T = TypeVar("T")


class MenuItem(NamedTuple):
    """One item of a tier's sanction menu, word for word; ``note`` explains a blank (editorial)."""

    text: str
    note: str | None = None


class Tier(NamedTuple):
    """A seriousness level (S, VS, ES) and the sanctions a board lists for it."""

    level: str
    label: str
    sanctions: tuple[MenuItem, ...]

    @property
    def slug(self) -> str:
        """The label as a word a person can type: ``Very Serious`` -> ``very-serious``."""
        return "-".join(self.label.lower().split())


class NamedSanction(NamedTuple):
    """A sanction a code defines by name (CT's glossary), not tied to any seriousness level."""

    name: str
    definition: str


class GlossaryEntry(NamedTuple):
    """A term a code's glossary defines, and its definition, both word for word (CT's glossary)."""

    term: str
    definition: str


class KeyTerm(NamedTuple):
    """An editorial fact about a principle on a topic: (romantic, after services end, 5 years)."""

    topic: str
    facet: str
    value: str


class Principle(NamedTuple):
    code: str
    number: int
    text: str
    tiers: tuple[str, ...] = ()
    importance: str | None = None
    topics: tuple[str, ...] = ()
    key_terms: tuple[KeyTerm, ...] = ()
    # peerethics' own note on how it reads the principle (CT-15: one of two readings of the
    # document's flattened table): editorial, shown as such wherever the principle is.
    editorial_note: str | None = None

    @property
    def id(self) -> str:
        return f"{self.code}-{self.number}"

    def key_terms_for(self, topic: str) -> tuple[KeyTerm, ...]:
        return tuple(k for k in self.key_terms if k.topic == topic)


class Source(NamedTuple):
    """The document a code was taken from (provenance): its title and file, the dates it states,
    and what it says about copying it, word for word (``copying``: None where it says nothing,
    as none of the five bundled documents does)."""

    title: str
    file: str | None = None
    revisions: tuple[str, ...] = ()
    effective: str | None = None
    copying: str | None = None

    @property
    def dates(self) -> str:
        """The dates the document states, in one line (``""`` when it states none)."""
        parts = []
        if self.revisions:
            parts.append("revisions: " + ", ".join(self.revisions))
        if self.effective:
            parts.append("effective " + self.effective)
        return "; ".join(parts)


class Marker(NamedTuple):
    """A symbol the document puts on principles without explaining it (NE's asterisk)."""

    symbol: str
    note: str


class Code(NamedTuple):
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
    # Topics the preamble states a duty on (editorial): compare shows them, so a code is not
    # called silent on what its preamble says (NE's preamble on the limits of one's expertise).
    preamble_topics: tuple[str, ...] = ()
    # The rest of the document's own words, each part in document order (docs/data-format.md):
    # the board's note on its seriousness levels and their legend (MO), the glossary (CT), the
    # sentence that introduces the purposes and the one that introduces the principles.
    seriousness_note: tuple[str, ...] = ()
    legend: tuple[str, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    purposes_intro: str | None = None
    principles_intro: str | None = None
    # Which version of its code this text is (a label, e.g. "2012") and the ISO dates a document
    # or a board states it took effect and was superseded; None where none is stated
    # (docs/data-format.md). Several versions of one id load side by side (peerethics.versions).
    version: str | None = None
    effective_date: str | None = None
    superseded_date: str | None = None
    # The short name results are listed under (``label`` in the code file): two codes of one
    # jurisdiction (Missouri's MCB and DMH codes) must be told apart at a glance.
    label: str | None = None
    # The heading the document puts above its purposes (CT), word for word.
    purposes_heading: str | None = None

    @property
    def short_name(self) -> str:
        """What a list of results calls this code: its ``label`` from the code file (e.g.
        "Missouri (MCB CPS)"), else its jurisdiction. One source: the code file."""
        return self.label or self.jurisdiction

    @property
    def governs(self) -> str:
        """Whom the code applies to, from the file's own fields: the credential and the body
        that issues it, so a reader can find which code is theirs (``codes``)."""
        return (f"{self.credential_name} ({self.credential_abbreviation}) credential, "
                f"{self.issuer}")

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


class Topic(NamedTuple):
    id: str
    label: str
    description: str
    phrases: tuple[str, ...] = ()
    # Topics a question about this one usually also concerns (search widens to them a little);
    # a one-way editorial link, never shown as a rule.
    related: tuple[str, ...] = ()


class Catalog:
    """All loaded codes and the topic taxonomy; the one object every query runs against.

    It owns what is derived from it: its search index is built (or read from the cache) on first
    use and lives as long as the catalog does, so nothing is kept in module globals. Codes may be
    given ready, or as builders called on first use: a catalog read from the cache builds only the
    codes a command touches (a search over 50,000 principles builds the few it returns).
    """

    __slots__ = ("topics", "key", "_ids", "_built", "_builders", "_derived", "_versions",
                 "as_of_date", "absent", "notes", "unchecked", "on_file", "__weakref__")

    def __init__(
        self,
        codes: Sequence[Code] = (),
        topics: tuple[Topic, ...] = (),
        *,
        key: str | None = None,
        lazy: Mapping[str, Callable[[], Code]] | None = None,
        versions: Mapping[str, tuple[Code, ...]] | None = None,
    ) -> None:
        self.topics = topics
        # Names this catalog's content in the cache (a hash of the bytes it was parsed from);
        # None: nothing derived from it is cached, only kept in memory.
        self.key = key
        self._built: dict[str, Code] = {c.id: c for c in codes}
        self._builders: dict[str, Callable[[], Code]] = dict(lazy or {})
        self._ids = tuple(c.id for c in codes) if lazy is None else tuple(self._builders)
        self._derived: dict[str, object] = {}
        # Every version of each code held in several files, oldest first (see
        # peerethics.versions); a code held in one file is only in ``codes``.
        self._versions: dict[str, tuple[Code, ...]] = dict(versions or {})
        # Set on the catalog :meth:`as_of` returns: the date it answers for (None: today, and
        # no code left out), the codes with no text on file in force then (id -> what the files
        # say about their dates), and notes on codes whose dates could not be checked.
        self.as_of_date: str | None = None
        self.absent: dict[str, str] = {}
        self.notes: tuple[str, ...] = ()
        self.unchecked: tuple[str, ...] = ()  # the ids of the codes ``notes`` speak of
        # The catalog of every code on file this day's catalog was chosen from (None: this is
        # it), so that asking a day's catalog for another day never loses a code left out.
        self.on_file: Catalog | None = None

    def __repr__(self) -> str:
        return f"Catalog(codes={list(self.code_ids)!r}, topics={len(self.topics)})"

    def code(self, code_id: str) -> Code | None:
        code = self._built.get(code_id)
        if code is None:
            # Shared between threads: the builder is dropped only once its code is stored, so
            # another thread sees one or the other, never neither (two may build; one is kept).
            build = self._builders.get(code_id)
            if build is None:
                return self._built.get(code_id)
            code = self._built.setdefault(code_id, build())
            self._builders.pop(code_id, None)
        return code

    @property
    def codes(self) -> tuple[Code, ...]:
        return tuple(self.code(i) for i in self._ids)  # type: ignore[misc]

    @property
    def code_ids(self) -> tuple[str, ...]:
        return self._ids

    def principles(self) -> Iterator[Principle]:
        for code in self.codes:
            yield from code.principles

    def topic(self, topic_id: str) -> Topic | None:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        return None

    def versions(self, code_id: str) -> tuple[Code, ...]:
        """Every version of a code on file, oldest first (one, for most codes; none for an id
        not on file), whichever of them this catalog answers from."""
        found = self._versions.get(code_id)
        if found is not None:
            return found
        code = self.code(code_id)
        return () if code is None else (code,)

    @property
    def has_versions(self) -> bool:
        """True when some code is held in several versions."""
        return any(len(v) > 1 for v in self._versions.values())

    def as_of(self, date: "str | _date | None" = None) -> "Catalog":
        """The catalog of the codes in force on ``date`` (ISO ``YYYY-MM-DD`` or a
        :class:`datetime.date`): each code's version in force then, and no code with no text on
        file in force then (named in ``absent``, with what its files say about their dates).
        A code that states no date is kept, with a note that it could not be checked. ``None``:
        the version of each code in force today, or its latest, leaving none out. Raises
        :class:`peerethics.errors.InputError` for a date that is not ISO."""
        from .versions import catalog_as_of

        return catalog_as_of(self, date)

    def derived(self, name: str, build: Callable[["Catalog"], T]) -> T:
        """What this catalog owns that is built from it (its search index), built once."""
        if name not in self._derived:
            self._derived.setdefault(name, build(self))
        return self._derived[name]  # type: ignore[return-value]
