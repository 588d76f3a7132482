"""Versions of a code and the dates they were in force: which text answers for a given day.

Boards judge conduct by the standards in force when it happened, so a code file may say which
version of its code it holds (``version``) and the ISO dates a document or a board states it took
effect and was superseded (``effective_date``, ``superseded_date``). This module owns those
rules, for every reader: the data format's checks (a date that is not ISO, a reversed range,
two versions of one code whose ranges overlap or that carry the same label, a version with no
date beside another), and the choice of the version in force on a day (:func:`catalog_as_of`,
which :meth:`peerethics.model.Catalog.as_of` and ``load_catalog(..., as_of=...)`` call).

A version is in force from its ``effective_date`` (inclusive) to its ``superseded_date``
(exclusive); a missing date leaves that end open. Nothing here guesses a date: a code that
states none is used with a note saying its date could not be checked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .errors import InputError, Problem

if TYPE_CHECKING:
    from datetime import date

    import yaml

    from .model import Catalog, Code
    from .yamlnodes import Reader

ENV_AS_OF = "PEERETHICS_AS_OF"
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_KEYS = ("effective_date", "superseded_date")


def iso_date(text: str) -> str | None:
    """``text`` if it is a real ISO date (``2022-04-01``), else None."""
    from datetime import date

    if not _ISO.fullmatch(text):
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return None
    return text


def as_of_date(value: str | date | None) -> str | None:
    """The ISO text of an ``--as-of`` value; one clear error for anything that is not a date."""
    if value is None:
        return None
    if not isinstance(value, str):
        return value.isoformat()
    return typed_date(value, "--as-of")


def typed_date(text: str, option: str) -> str:
    """The ISO date a person gave ``option`` (``--as-of``, ``--incident-date``), dashes pasted
    from a PDF read as hyphens; one clear error naming the option for anything else."""
    from .ids import plain

    found = iso_date(plain(text).strip())
    if found is None:
        raise InputError(f"{option} {text[:40]!r} is not a date",
                         hint=f"give an ISO date, YYYY-MM-DD, e.g. {option} 2021-06-01")
    return found


# ------------------------------------------------------------------------------- the data format


def parse_dates(
    r: Reader, keys: dict[str, yaml.Node]
) -> tuple[str | None, str | None, str | None]:
    """A code file's ``version``, ``effective_date`` and ``superseded_date``, each checked:
    dates must be ISO and the range must run forward."""
    from . import yamlnodes as yn

    version = yn.optional_text(r, keys.get("version"), "`version`")
    if version is not None and "@" in version:
        r.err(keys["version"], "`version` may not contain `@` (it separates a code from its "
              "version, as in CT@2012)")
    dates: list[str | None] = []
    for key in DATE_KEYS:
        value = yn.optional_text(r, keys.get(key), f"`{key}`")
        if value is not None and iso_date(value) is None:
            r.err(keys[key], f"`{key}` {value!r} is not an ISO date; write it YYYY-MM-DD "
                  "(e.g. 2022-04-01), as the document or board states it")
            value = None
        dates.append(value)
    effective, superseded = dates
    if effective and superseded and superseded <= effective:
        r.err(keys["superseded_date"], f"`superseded_date` {superseded} is not after "
              f"`effective_date` {effective}; a version is superseded after it takes effect")
    return version, effective, superseded


def where(node: yaml.Node) -> tuple[int, int]:
    """Where a code file states its version: the line and column of its ``effective_date``,
    else its ``superseded_date``, ``version`` or ``id`` (1:1 when it has none)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return 1, 1
    found = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    for key in (*DATE_KEYS, "version", "id"):
        if key in found:
            mark = found[key].start_mark
            return mark.line + 1, mark.column + 1
    return 1, 1


def in_force_line(code: Code) -> str:
    """When a version was in force, as its data states it: ``from 2022-04-01``,
    ``until 2024-01-01`` (the day it was superseded), ``from 2019-01-01 until 2024-01-01``, or
    ``""`` when no date is stated."""
    start, end = code.effective_date, code.superseded_date
    return " ".join(([f"from {start}"] if start else []) + ([f"until {end}"] if end else []))


def _span(code: Code) -> str:
    parts = []
    if code.effective_date:
        parts.append(f"took effect {code.effective_date}")
    if code.superseded_date:
        parts.append(f"was superseded on {code.superseded_date}")
    return " and ".join(parts) or "states no date"


def label(code: Code, alone: bool = False) -> str:
    """How messages name a version: ``version 2012``, ``the bundled version``..."""
    if code.version:
        return f"version {code.version}"
    if alone and code.origin == "bundled":
        return "the bundled version"
    return "the bundled version" if code.origin == "bundled" else f"the version in {code.origin}"


def check(found: Sequence[tuple[Code, str, tuple[int, int]]]) -> list[Problem]:
    """Problems among the versions of one code id (``found``: each version, its file and where
    it states its dates), in file order: a version with no date beside another, the same label
    twice, and ranges that overlap."""
    problems: list[Problem] = []
    for i, (code, display, (line, col)) in enumerate(found):
        earlier = found[:i]
        if not (code.effective_date or code.superseded_date):
            other = earlier[0][1] if earlier else found[1][1]
            problems.append(Problem(display, line, col,
                f"code id {code.id} is also defined by {other}, and this file states no "
                "`effective_date` or `superseded_date`; give each version its dates (only "
                f"those a document or board states), or add `replaces: {code.id}`"))
            continue
        for old, old_display, _ in earlier:
            if (old.version or "") == (code.version or ""):
                name = f"version {code.version}" if code.version else "no `version` label"
                problems.append(Problem(display, line, col,
                    f"{code.id} {name} is also claimed by {old_display}; give each version "
                    "its own `version` label"))
            elif _overlap(old, code):
                problems.append(Problem(display, line, col,
                    f"{code.id} {label(code)} ({_span(code)}) overlaps {label(old)} in "
                    f"{old_display} ({_span(old)}); one version is in force at a time"))
    return problems


def _overlap(a: Code, b: Code) -> bool:
    a_start, b_start = a.effective_date or "", b.effective_date or ""
    a_end, b_end = a.superseded_date or "9999-99-99", b.superseded_date or "9999-99-99"
    return a_start < b_end and b_start < a_end


def ordered(versions: Sequence[Code]) -> tuple[Code, ...]:
    """Versions oldest first: by the date each took effect (an open start first), then ended."""
    return tuple(sorted(versions, key=lambda c: (c.effective_date or "",
                                                 c.superseded_date or "9999-99-99")))


# ------------------------------------------------------------------------------ the day in force


def in_force(code: Code, day: str) -> bool:
    """True when ``code``'s stated range includes ``day`` (an open end counts as open)."""
    return ((code.effective_date is None or code.effective_date <= day)
            and (code.superseded_date is None or day < code.superseded_date))


def absent_message(versions: Sequence[Code], day: str) -> str:
    """What to say when no version of a code on file was in force on ``day``."""
    code_id = versions[0].id
    spans = "; ".join(f"{label(v, len(versions) == 1)} {_span(v)}" for v in versions)
    return f"no {code_id} text on file in force on {day}; {spans}"


def _note(code: Code, day: str) -> str | None:
    if code.effective_date:
        return None
    if code.superseded_date:
        return (f"{code.id} ({label(code)}): no effective date is stated, so it is used for "
                f"{day} because it was superseded only on {code.superseded_date}")
    stated = f" ({code.source.dates})" if code.source.dates else ""
    return (f"{code.id}: the document states no date it took effect{stated}, so whether this "
            f"text was in force on {day} could not be checked")


def catalog_as_of(catalog: Catalog, value: str | date | None) -> Catalog:
    """The catalog answering for a day (see :meth:`peerethics.model.Catalog.as_of`), always
    chosen from every version on file: a day's catalog asked for another day starts again from
    the catalog it came from (``--as-of`` with ``case --incident-date``), not from the codes
    it kept."""
    catalog = catalog.on_file or catalog
    day = as_of_date(value)
    if day is None and not catalog.has_versions:
        return catalog
    from datetime import date as _date

    today = day or _date.today().isoformat()
    chosen: dict[str, Code] = {}
    absent: dict[str, str] = {}
    notes: list[str] = []
    unchecked: list[str] = []
    for code_id in catalog.code_ids:
        versions = catalog.versions(code_id)
        live = [v for v in versions if in_force(v, today)]
        if live:
            chosen[code_id] = live[-1]
        elif day is None:
            chosen[code_id] = versions[-1]  # today, and none in force: the latest, as ever
        else:
            absent[code_id] = absent_message(versions, day)
            continue
        note = _note(chosen[code_id], day) if day else None
        if note:
            notes.append(note)
            unchecked.append(code_id)
    # type(catalog), not model.Catalog: the model calls this module, so it does not import back.
    view = type(catalog)(tuple(chosen[i] for i in catalog.code_ids if i in chosen), catalog.topics,
                   key=_view_key(catalog.key, chosen),
                   versions={**catalog._versions,
                             **{i: catalog.versions(i) for i in absent}})
    view.as_of_date = day
    view.on_file = catalog
    view.absent = absent
    view.notes = tuple(notes)
    view.unchecked = tuple(unchecked)
    return view


def _view_key(key: str | None, chosen: dict[str, Code]) -> str | None:
    """The cache key of a day's catalog: its catalog's, and which version of each code it holds,
    so days that choose the same versions share one search index."""
    if key is None:
        return None
    from .cache import key_of

    picks = "\0".join(f"{c.id}@{c.version}@{c.effective_date}@{c.superseded_date}"
                      for c in chosen.values())
    return key_of(key.encode(), picks.encode())
