"""The types of the JSON contract: one ``TypedDict`` per object kind :mod:`peerethics.contract`
builds, in the key order the JSON has (docs/json.md; tests check the three agree).

Why apart from :mod:`peerethics.contract`: creating these classes costs about 1.4 ms (``typing``
checks every field), a few per cent of a plain ``peerethics show MO-13 --json``, which builds the
dicts but never needs the classes. So the contract imports this module only for type checking, and
hands the classes out lazily (``peerethics.contract.SanctionsJSON`` imports this module). No
``from __future__ import annotations``: a ``TypedDict`` given string annotations compiles each.
"""

from typing import Any, NotRequired, TypedDict


class KeyTermJSON(TypedDict):
    topic: str
    facet: str
    value: str


class PrincipleJSON(TypedDict):
    """A principle, wherever it is shown: an item of ``show``, of a code's ``principles``, the
    principle of ``sanctions``; a ``search`` result adds its rank."""

    id: str
    code: str
    number: int
    text: str
    tiers: list[str]
    importance: str | None
    topics: list[str]
    key_terms: list[KeyTermJSON]
    editorial_note: str | None
    version: str | None
    code_title: str | None
    jurisdiction: str | None
    label: str | None
    see_also: list[str]
    editorial: list[str]
    see_also_total: NotRequired[int]  # only when see_also lists the first 50 of more


class SearchHitJSON(PrincipleJSON):
    """An item of ``search``: a principle, with its rank and why it matched."""

    rank: int
    score: float
    weak: bool
    matched: list[dict[str, Any]]


class CredentialJSON(TypedDict):
    name: str
    abbreviation: str


class SourceJSON(TypedDict):
    title: str
    file: str | None
    revisions: list[str]
    effective: str | None
    copying: str | None


class CodeJSON(TypedDict):
    """An item of ``codes``."""

    id: str
    title: str
    jurisdiction: str
    label: str
    issuer: str
    credential: CredentialJSON
    governs: str
    principles: int
    has_tiers: bool
    has_sanctions: bool
    tiers: list[str]
    sanction_note: str
    source: SourceJSON
    origin: str
    replaces: str | None
    version: str | None
    effective_date: str | None
    superseded_date: str | None
    preamble: list[str]
    preamble_topics: list[str]
    notes: list[str]


class TopicJSON(TypedDict):
    """An item of ``topics``."""

    id: str
    label: str
    description: str
    phrases: list[str]
    counts: dict[str, int]
    principles: list[str]


class MenuItemJSON(TypedDict):
    text: str
    note: str | None


class LevelJSON(TypedDict):
    level: str
    label: str
    sanctions: list[MenuItemJSON]


class NamedSanctionJSON(TypedDict):
    name: str
    definition: str


class SanctionsJSON(TypedDict):
    """The answer of ``sanctions``."""

    schema_version: int
    principle: PrincipleJSON | None
    code: str
    kind: str
    levels: list[LevelJSON]
    sanctions: list[NamedSanctionJSON]
    note: str
    source: str
    board_note: list[str]
    rated: dict[str, list[str]]
    editorial: list[str]


class GlossaryEntryJSON(TypedDict):
    term: str
    definition: str


class MarkerJSON(TypedDict):
    symbol: str
    note: str


class DocumentJSON(TypedDict):
    """The answer of ``show CODE``: the whole code, part by part, in document order."""

    schema_version: int
    kind: str
    id: str
    title: str
    jurisdiction: str
    label: str
    issuer: str
    credential: CredentialJSON
    source: SourceJSON
    origin: str
    replaces: str | None
    version: str | None
    effective_date: str | None
    superseded_date: str | None
    preamble: list[str]
    introduction: list[str]
    seriousness_note: list[str]
    legend: list[str]
    glossary: list[GlossaryEntryJSON]
    purposes_heading: str | None
    purposes_intro: str | None
    purposes: list[str]
    principles_intro: str | None
    principles: list[PrincipleJSON]
    tiers: list[LevelJSON]
    sanctions: list[NamedSanctionJSON]
    sanction_note: str
    closing: list[str]
    marker: MarkerJSON | None
    notes: list[str]
    preamble_topics: list[str]
    editorial: list[str]


class DefinitionJSON(TypedDict):
    """A glossary entry ``define`` found, with the code that defines it."""

    code: str
    term: str
    definition: str
    matched: str
    code_title: str
    source: str


class VerifyPlaceJSON(TypedDict):
    """A passage of a code's own words: a principle's text or importance (``id`` the
    principle's), or a part of the document around the principles (``id`` the code's)."""

    id: str
    part: str
    label: str | None


class VerifyDifferenceJSON(TypedDict):
    quote: str
    code: str


class VerifyPartJSON(TypedDict):
    id: str
    part: str
    label: str | None
    text: str


class VerifyJSON(TypedDict):
    """The answer of ``verify``: is this quote what a code says."""

    schema_version: int
    status: str
    quote: str
    given_id: str | None
    id: str | None
    code: str | None
    part: str | None
    label: str | None
    text: str | None
    full_text: str | None
    exact: bool
    differences: list[VerifyDifferenceJSON]
    parts: list[VerifyPartJSON]
    also_in: list[VerifyPlaceJSON]
    summary: str


class DefineJSON(TypedDict):
    """The answer of ``define``."""

    schema_version: int
    query: str
    codes: list[str]
    definitions: list[DefinitionJSON]
    no_glossary: list[str]


class CompareKeyTermJSON(TypedDict):
    principle: str
    facet: str
    value: str


class CompareRowJSON(TypedDict):
    """A row of ``compare``: one topic across the codes (``texts`` only with ``--full``)."""

    topic: str
    label: str
    cells: dict[str, list[str]]
    key_terms: dict[str, list[CompareKeyTermJSON]]
    differs: bool
    preamble: list[str]
    substance: int
    substantive: list[str]
    texts: NotRequired[dict[str, str]]


class CoverageJSON(TypedDict):
    topics: int
    of: int


class CompareJSON(TypedDict):
    """The answer of ``compare``."""

    schema_version: int
    codes: list[str]
    rows: list[CompareRowJSON]
    coverage: dict[str, CoverageJSON]
    editorial: list[str]


class ProblemJSON(TypedDict):
    file: str
    line: int
    column: int
    message: str


class ValidateJSON(TypedDict):
    """The answer of ``validate``."""

    schema_version: int
    valid: bool
    files: list[str]
    problems: list[ProblemJSON]


class QuestionJSON(TypedDict):
    """An item of ``quiz --json``: one question of the bank, with its answer and its source."""

    kind: str
    code: str
    question: str
    choices: list[str]
    answer: int
    sources: list[str]
    quote: str
    quote_from: str
    level: str | None
    choice_sources: list[str | None]
    editorial: list[str]


class VersionJSON(TypedDict):
    """A version of a code on file: its label, dates and document (``versions``, ``diff``)."""

    version: str | None
    effective_date: str | None
    superseded_date: str | None
    in_force: bool
    principles: int
    source: SourceJSON
    origin: str


class VersionsJSON(TypedDict):
    """The answer of ``versions CODE``."""

    schema_version: int
    kind: str
    code: str
    as_of: str
    versions: list[VersionJSON]


class SegmentJSON(TypedDict):
    op: str
    text: str


class DiffPrincipleJSON(TypedDict):
    status: str
    renumbered: bool
    from_id: str | None
    to_id: str | None
    text: list[SegmentJSON]
    importance: list[SegmentJSON]


class DiffJSON(TypedDict):
    """The answer of ``diff CODE@V1 CODE@V2``."""

    schema_version: int
    kind: str
    code: str
    old: VersionJSON
    new: VersionJSON
    summary: dict[str, int]
    principles: list[DiffPrincipleJSON]


class WorksheetFieldJSON(TypedDict):
    """A part of a worksheet to fill in (``case`` and ``decide``), all peerethics' words."""

    name: str
    heading: str
    prompt: str
    kind: str
    choices: list[str]
    given: str | None


class CaseGuidanceJSON(TypedDict):
    """What one cited principle's code publishes about sanctions, in a ``case`` file."""

    code: str
    kind: str
    statement: str
    levels: list[LevelJSON]
    sanctions: list[NamedSanctionJSON]
    board_note: list[str]
    legend: list[str]
    source: str


class CaseJSON(TypedDict):
    """The answer of ``case ID...``."""

    schema_version: int
    kind: str
    incident_date: str | None
    level: str | None
    allegation: str | None
    principles: list[PrincipleJSON]
    date_notes: list[str]
    guidance: list[CaseGuidanceJSON]
    fields: list[WorksheetFieldJSON]
    editorial: list[str]


class DecideCodeJSON(TypedDict):
    """One code in a ``decide`` worksheet: the principles search found in it, or its silence."""

    code: str
    label: str
    principles: list[SearchHitJSON]
    silent: str | None


class DecideJSON(TypedDict):
    """The answer of ``decide SITUATION``."""

    schema_version: int
    kind: str
    situation: str
    reading: str
    direct: bool
    codes: list[DecideCodeJSON]
    steps: list[WorksheetFieldJSON]
    editorial: list[str]
