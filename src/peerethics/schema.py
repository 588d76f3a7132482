"""The peerethics schema: what a code file and the topic taxonomy hold, checked node by node.

Reading YAML safely is :mod:`peerethics.yamlnodes`; merging files into one catalog is
:mod:`peerethics.catalog`. This module only knows the data format (docs/data-format.md): which
keys a code file has, what each must be, and how they become the records of
:mod:`peerethics.model`. Every problem is collected with its line and column, never raised one
at a time.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import yamlnodes as yn
from .errors import Problem
from .model import (
    Code,
    GlossaryEntry,
    Marker,
    MenuItem,
    NamedSanction,
    Source,
    Tier,
    Topic,
)
from .schema_principle import SEVERITY_LEVELS, _parse_principles
from .versions import parse_dates
from .yamlnodes import Reader

if TYPE_CHECKING:
    import yaml

CODE_ID_RE = re.compile(r"[A-Z](?:[A-Z0-9-]*[A-Z])?")
# Longest code id: every principle id (ID-NNN) must be one a person can type and the id
# readers accept (ids.py reads at most 200 characters).
MAX_CODE_ID = 40
TOPIC_ID_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


# --------------------------------------------------------------------------------- topics file


def parse_topics(
    node: yaml.Node, file: str, known: Iterable[str] = ()
) -> tuple[tuple[Topic, ...], list[Problem]]:
    """A taxonomy file's topics. ``known``: topic ids of taxonomies read before this one, which
    ``related`` may name (a user folder's taxonomy adds to the bundled one)."""
    r = Reader(file)
    earlier = set(known)
    top = yn.mapping(r, node, "the topics file", ["topics"])
    topics: list[Topic] = []
    seen: set[str] = set()
    links: list[tuple[str, yaml.Node, tuple[str, ...]]] = []
    if top is None or "topics" not in top:
        return (), r.problems
    for i, item in enumerate(yn.items(r, top["topics"], "`topics`"), 1):
        what = f"topic {i}"
        keys = yn.mapping(r, item, what, ["id", "label", "description"], ["phrases", "related"])
        if keys is None:
            continue
        tid = yn.text(r, keys.get("id"), f"{what} `id`")
        if tid is not None:
            what = f"topic `{tid}`"
            if not TOPIC_ID_RE.fullmatch(tid):
                r.err(keys["id"], f"{what}: an id is lowercase words joined by hyphens")
            elif tid == "none":  # search_reader.NONE: the reader's "no principle answers it"
                r.err(keys["id"], f"{what}: the id `none` is reserved for questions no principle "
                      "answers (search's learned reader); give the topic another id")
            elif tid in seen:
                r.err(keys["id"], f"{what} is defined twice")
            seen.add(tid)
        label = yn.text(r, keys.get("label"), f"{what} `label`")
        description = yn.text(r, keys.get("description"), f"{what} `description`")
        phrases = yn.texts(r, keys.get("phrases"), f"{what} `phrases`")
        related = yn.texts(r, keys.get("related"), f"{what} `related`")
        if related:
            links.append((what, keys["related"], related))
        if tid and label and description:
            topics.append(Topic(tid, label, description, tuple(p.lower() for p in phrases),
                                related))
    for what, node, related in links:
        for rid in related:
            if rid not in seen and rid not in earlier:
                near = difflib.get_close_matches(rid, sorted(seen | earlier), n=1, cutoff=0.5)
                hint = f"did you mean `{near[0]}`?" if near else "see `peerethics topics`"
                r.err(node, f"{what}: `related` names unknown topic `{rid}`; {hint}")
    return tuple(topics), r.problems


# ---------------------------------------------------------------------- frame data (search only)

_FRAME_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def parse_frames(
    node: yaml.Node, file: str, topic_ids: Iterable[str], word_lists: Iterable[str],
    roles: Iterable[str],
) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """The frame data search reads situations with (``data/search/frames.yaml``): ``words``, a
    list of single lower-case words for each of ``word_lists``, and ``topics``, a topic id of the
    taxonomy (``topic_ids``) for each of ``roles``. Every list and role is required."""
    r = Reader(file)
    known = set(topic_ids)
    top = yn.mapping(r, node, "the frames file", ["words", "topics"])
    out: dict[str, dict[str, Any]] = {"words": {}, "topics": {}}
    if top is None:
        return out, r.problems
    words = yn.mapping(r, top["words"], "`words`", list(word_lists)) if "words" in top else None
    for name, value in (words or {}).items():
        found = yn.texts(r, value, f"`words` `{name}`")
        for w in found:
            if not _FRAME_WORD.fullmatch(w):
                r.err(value, f"`words` `{name}`: {w!r} is not one lower-case word")
        out["words"][name] = sorted(set(found))
    topics = yn.mapping(r, top["topics"], "`topics`", list(roles)) if "topics" in top else None
    for role, value in (topics or {}).items():
        tid = yn.text(r, value, f"`topics` `{role}`")
        if tid is not None and tid not in known:
            near = difflib.get_close_matches(tid, sorted(known), n=1, cutoff=0.5)
            hint = f"did you mean `{near[0]}`?" if near else "see `peerethics topics`"
            r.err(value, f"`topics` `{role}` names unknown topic `{tid}`; {hint}")
        elif tid is not None:
            out["topics"][role] = tid
    return out, r.problems


# ----------------------------------------------------------------------------------- code file

_CODE_REQUIRED = (
    "id", "jurisdiction", "title", "issuer", "credential", "source", "sanction_note", "principles",
)
_CODE_OPTIONAL = (
    "replaces", "preamble", "introduction", "purposes", "closing", "notes", "marker", "tiers",
    "sanctions", "preamble_topics", "seriousness_note", "legend", "glossary", "purposes_intro",
    "principles_intro", "version", "effective_date", "superseded_date", "label",
    "purposes_heading",
)
# The document's own paragraphs, each a list of texts (a single text is accepted too).
_FRONT_MATTER = ("preamble", "introduction", "seriousness_note", "legend", "purposes", "closing",
                 "notes")


def parse_code(
    node: yaml.Node, file: str, topic_ids: Iterable[str] | None, origin: str = "bundled"
) -> tuple[Code | None, list[Problem]]:
    """Validate one code file's node tree. ``topic_ids`` None skips topic checks.

    Over 60 lines for one reason: the :class:`Code` it returns, built keyword by keyword (25
    fields). Each part is read by a function of its own, in the order problems are reported."""
    r = Reader(file)
    known_topics = set(topic_ids) if topic_ids is not None else None
    keys = yn.mapping(r, node, "a code file", _CODE_REQUIRED, _CODE_OPTIONAL)
    if keys is None:
        return None, r.problems
    code_id = yn.text(r, keys.get("id"), "`id`")
    if code_id is not None and not CODE_ID_RE.fullmatch(code_id):
        r.err(keys["id"], f"`id` {code_id!r} must be capital letters, digits and hyphens, "
                "starting and ending with a letter (like MO or MO-DMH)")
        code_id = None
    elif code_id is not None and len(code_id) > MAX_CODE_ID:
        r.err(keys["id"], f"`id` is {len(code_id)} characters long; a code's id is at most "
              f"{MAX_CODE_ID}, so that its principles' ids can be typed (like MO-DMH-4)")
        code_id = None
    replaces = yn.optional_text(r, keys.get("replaces"), "`replaces`")
    version, effective_date, superseded_date = parse_dates(r, keys)
    jurisdiction = yn.text(r, keys.get("jurisdiction"), "`jurisdiction`")
    label = yn.optional_text(r, keys.get("label"), "`label`")
    title = yn.text(r, keys.get("title"), "`title`")
    issuer = yn.text(r, keys.get("issuer"), "`issuer`")
    sanction_note = yn.text(r, keys.get("sanction_note"), "`sanction_note`")

    cred_name, cred_abbr = _parse_credential(r, keys)
    source = _parse_source(r, keys)
    marker = _parse_marker(r, keys)
    tiers = _parse_tiers(r, keys.get("tiers"))
    sanctions = _parse_named_sanctions(r, keys.get("sanctions"))
    principles = _parse_principles(r, keys, code_id or "?", {t.level for t in tiers},
                                   known_topics)
    front = {k: yn.texts(r, keys.get(k), f"`{k}`") for k in _FRONT_MATTER}
    purposes_intro = yn.optional_text(r, keys.get("purposes_intro"), "`purposes_intro`")
    principles_intro = yn.optional_text(r, keys.get("principles_intro"), "`principles_intro`")
    purposes_heading = yn.optional_text(r, keys.get("purposes_heading"), "`purposes_heading`")
    if purposes_heading is not None and not front["purposes"]:
        r.err(keys["purposes_heading"], "`purposes_heading` heads `purposes`, which is missing")
    if purposes_intro is not None and not front["purposes"]:
        r.err(keys["purposes_intro"], "`purposes_intro` introduces `purposes`, which is missing")
    if front["legend"] and not tiers:
        r.err(keys["legend"], "`legend` explains seriousness levels, but the file defines no "
                "`tiers`")
    glossary = _parse_glossary(r, keys.get("glossary"))
    preamble_topics = _preamble_topics(r, keys, bool(front["preamble"]), known_topics)
    if r.problems:
        return None, r.problems
    assert code_id and jurisdiction and title and issuer and cred_name and cred_abbr
    assert source and sanction_note
    principles.sort(key=lambda p: p.number)
    return Code(
        id=code_id,
        jurisdiction=jurisdiction,
        title=title,
        issuer=issuer,
        credential_name=cred_name,
        credential_abbreviation=cred_abbr,
        source=source,
        sanction_note=sanction_note,
        principles=tuple(principles),
        tiers=tiers,
        sanctions=sanctions,
        preamble=front["preamble"],
        introduction=front["introduction"],
        purposes=front["purposes"],
        closing=front["closing"],
        notes=front["notes"],
        marker=marker,
        replaces=replaces,
        origin=origin,
        preamble_topics=preamble_topics,
        seriousness_note=front["seriousness_note"],
        legend=front["legend"],
        glossary=glossary,
        purposes_intro=purposes_intro,
        principles_intro=principles_intro,
        version=version,
        effective_date=effective_date,
        superseded_date=superseded_date,
        label=label,
        purposes_heading=purposes_heading,
    ), r.problems


def _preamble_topics(r: Reader, keys: dict[str, yaml.Node], has_preamble: bool,
                     known_topics: set[str] | None) -> tuple[str, ...]:
    preamble_topics = yn.texts(r, keys.get("preamble_topics"), "`preamble_topics`")
    if preamble_topics and not has_preamble:
        r.err(keys["preamble_topics"], "`preamble_topics` needs a `preamble` to point at")
    for tid in preamble_topics:
        if known_topics is not None and tid not in known_topics:
            r.err(keys["preamble_topics"], f"`preamble_topics` names unknown topic `{tid}`; "
                    "run `peerethics topics` to list them")
    return preamble_topics


def _parse_credential(r: Reader, keys: dict[str, yaml.Node]) -> tuple[str | None, str | None]:
    if "credential" not in keys:
        return None, None
    cred = yn.mapping(r, keys["credential"], "`credential`", ["name", "abbreviation"])
    if cred is None:
        return None, None
    return (yn.text(r, cred.get("name"), "`credential.name`"),
            yn.text(r, cred.get("abbreviation"), "`credential.abbreviation`"))


def _parse_source(r: Reader, keys: dict[str, yaml.Node]) -> Source | None:
    if "source" not in keys:
        return None
    src = yn.mapping(r, keys["source"], "`source`", ["title"],
                     ["file", "revisions", "effective", "copying"])
    if src is None:
        return None
    stitle = yn.text(r, src.get("title"), "`source.title`")
    if stitle is None:
        return None
    return Source(
        title=stitle,
        file=yn.optional_text(r, src.get("file"), "`source.file`"),
        revisions=yn.texts(r, src.get("revisions"), "`source.revisions`"),
        effective=yn.optional_text(r, src.get("effective"), "`source.effective`"),
        copying=yn.optional_text(r, src.get("copying"), "`source.copying`"),
    )


def _parse_marker(r: Reader, keys: dict[str, yaml.Node]) -> Marker | None:
    if "marker" not in keys:
        return None
    mk = yn.mapping(r, keys["marker"], "`marker`", ["symbol", "note"])
    if mk is None:
        return None
    symbol = yn.text(r, mk.get("symbol"), "`marker.symbol`")
    mnote = yn.text(r, mk.get("note"), "`marker.note`")
    return Marker(symbol, mnote) if symbol and mnote else None


def _parse_tiers(r: Reader, node: yaml.Node | None) -> tuple[Tier, ...]:
    tiers: list[Tier] = []
    seen: set[str] = set()
    for i, item in enumerate(yn.items(r, node, "`tiers`"), 1):
        keys = yn.mapping(r, item, f"tier {i}", ["level", "label", "sanctions"])
        if keys is None:
            continue
        level = yn.text(r, keys.get("level"), f"tier {i} `level`")
        if level is not None:
            if level not in SEVERITY_LEVELS:
                r.err(keys["level"], f"tier level {level!r} is not one of "
                        f"{', '.join(SEVERITY_LEVELS)} (Serious, Very Serious, Extremely Serious)")
                level = None
            elif level in seen:
                r.err(keys["level"], f"tier {level} is defined twice")
                level = None
            else:
                seen.add(level)
        label = yn.text(r, keys.get("label"), f"tier {i} `label`")
        items: list[MenuItem] = []
        menu = yn.items(r, keys.get("sanctions"), f"tier {level or i} `sanctions`")
        if "sanctions" in keys and not menu:
            r.err(keys["sanctions"], f"tier {level or i} has an empty sanction menu")
        for j, entry in enumerate(menu, 1):
            what = f"tier {level or i} sanction {j}"
            import yaml

            if isinstance(entry, yaml.MappingNode):
                ek = yn.mapping(r, entry, what, ["text"], ["note"])
                if ek is not None:
                    text = yn.text(r, ek.get("text"), f"{what} `text`")
                    note = yn.optional_text(r, ek.get("note"), f"{what} `note`")
                    if text:
                        items.append(MenuItem(text, note))
            else:
                text = yn.text(r, entry, what)
                if text:
                    items.append(MenuItem(text))
        if level and label and items:
            tiers.append(Tier(level, label, tuple(items)))
    order = {lv: i for i, lv in enumerate(SEVERITY_LEVELS)}
    return tuple(sorted(tiers, key=lambda t: order[t.level]))


def _parse_named_sanctions(r: Reader, node: yaml.Node | None) -> tuple[NamedSanction, ...]:
    out: list[NamedSanction] = []
    for i, item in enumerate(yn.items(r, node, "`sanctions`"), 1):
        keys = yn.mapping(r, item, f"sanction {i}", ["name", "definition"])
        if keys is None:
            continue
        name = yn.text(r, keys.get("name"), f"sanction {i} `name`")
        definition = yn.text(r, keys.get("definition"), f"sanction {i} `definition`")
        if name and definition:
            out.append(NamedSanction(name, definition))
    return tuple(out)


def _parse_glossary(r: Reader, node: yaml.Node | None) -> tuple[GlossaryEntry, ...]:
    out: list[GlossaryEntry] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(yn.items(r, node, "`glossary`"), 1):
        keys = yn.mapping(r, item, f"glossary entry {i}", ["term", "definition"])
        if keys is None:
            continue
        term = yn.text(r, keys.get("term"), f"glossary entry {i} `term`")
        what = f"glossary term {term!r}" if term else f"glossary entry {i}"
        definition = yn.text(r, keys.get("definition"), f"{what} `definition`")
        if term is not None:
            folded = " ".join(term.casefold().split())
            if folded in seen:
                r.err(keys["term"], f"{what} is defined twice (also as {seen[folded]!r})")
                continue
            seen[folded] = term
        if term and definition:
            out.append(GlossaryEntry(term, definition))
    return tuple(out)
