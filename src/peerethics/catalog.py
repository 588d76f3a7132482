"""Load the data into a :class:`Catalog`: read each file once, parse those bytes, merge the files.

Finding the files is :mod:`peerethics.discover`; reading YAML is :mod:`peerethics.yamlnodes`;
what a file must hold is :mod:`peerethics.schema`. This module owns the merge rules (how user
files join the bundled ones) and the one path from files to a catalog, cached or not, that both
``load_catalog`` and ``validate`` take: whatever validates loads, and whatever fails to load
fails to validate, with the same problems.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from .discover import DataFile, discover, env_data_dirs, read
from .errors import DataError, Problem
from .model import Catalog, Code, Topic

if TYPE_CHECKING:
    from datetime import date
    from os import PathLike

    import yaml


def load_catalog(
    data_dirs: Iterable[str | PathLike[str]] | None = None, *, cache: bool = True,
    as_of: str | date | None = None,
) -> Catalog:
    """Load the bundled codes plus any user data directories (or files).

    ``data_dirs`` None means: those named in ``PEERETHICS_DATA``, so the library answers as the
    CLI does. ``as_of`` (an ISO date or a :class:`datetime.date`): answer from the version of
    each code in force that day (:meth:`Catalog.as_of`); None, from the version in force today.
    Raises :class:`DataError` listing every problem in every file, and
    :class:`peerethics.errors.InputError` for an ``as_of`` that is not a date.
    """
    if as_of is not None:
        from .versions import as_of_date

        as_of_date(as_of)  # a bad date is bad input, said before any file is read
    catalog = _load(data_dirs, cache=cache)
    # Most catalogs hold one version of each code: today's answer is the catalog itself, and
    # the versions module stays off the start-up path.
    return catalog.as_of(as_of) if as_of is not None or catalog.has_versions else catalog


def _load(data_dirs: Iterable[str | PathLike[str]] | None, *, cache: bool) -> Catalog:
    """Every version of every code, as the files hold them."""
    dirs = env_data_dirs() if data_dirs is None else list(data_dirs)
    found = discover(dirs)
    if found.problems:
        # Read what could be found too, so every problem is reported at once, as validate does.
        problems = list(found.problems)
        try:
            assemble(found.files, cache=False)
        except DataError as exc:
            problems += exc.problems
        raise DataError(problems)
    return assemble(found.files, cache=cache)


def assemble(files: Sequence[DataFile], *, cache: bool = True) -> Catalog:
    """The catalog of these files: from the cache when they are unchanged, else parsed.

    The cache key is made from the very bytes that are parsed (each file is read once), so an
    entry can never hold text that is not what its key says.

    (Over 60 lines for one reason: the order of its steps is the cache's safety argument, stamp,
    read, key, parse, store, and reads best in one place.)
    """
    from . import cache as store
    from . import cache_records as records

    fresh_catalog: list[Catalog] = []

    def rescue(code_id: str) -> Code:
        """A code from the files themselves, for a cache entry that would not decode."""
        if not fresh_catalog:
            fresh_catalog.append(assemble(files, cache=False))
        code = fresh_catalog[0].code(code_id)
        if code is None:  # the files no longer define it: say so as any data problem
            raise DataError([Problem(files[0].display if files else "data", 1, 1,
                                     f"code {code_id} is no longer defined; run again")])
        return code

    # A user file changed in the last minute is read and hashed into the stamp on every call,
    # so a write its times cannot show (through a shared mmap, before the kernel writes the page
    # back) is never served stale; older files, and the bundled ones, go by their stat
    # (cache.recent, docs/troubleshooting.md).
    early = {i: read(files[i]) for i in store.recent_files(files, time.time_ns())} if cache else {}
    checked = {i: r[0] for i, r in early.items() if r[0] is not None}
    ok = len(checked) == len(early)
    stamp = store.stamp_key(files, checked) if cache and ok else None
    if stamp is not None:
        key = store.read("stamp", stamp)
        if isinstance(key, str):
            found = records.catalog_entry(key, rescue)
            if found is not None:
                return found
    blobs: list[bytes] = []
    problems: list[Problem] = []
    unchanged = True
    for i, file in enumerate(files):
        data, problem, same = early[i] if i in early else read(file)  # each file read once
        unchanged = unchanged and same
        if problem is not None:
            problems.append(problem)
        else:
            assert data is not None
            blobs.append(data)
    if problems:
        # Parse what could be read too, so every problem is reported at once.
        readable = [f for f in files if not any(p.file == f.display for p in problems)]
        try:
            build(readable, blobs)
        except DataError as exc:
            problems += exc.problems
        raise DataError(problems)
    if not cache:
        return build(files, blobs)
    key = store.content_key(files, blobs)

    def fresh() -> Catalog:
        catalog = build(files, blobs)
        catalog.key = key
        return catalog

    catalog = records.catalog_entry(key, rescue)
    if catalog is None:  # re-parse only the files that changed (catalog_files.py), if it can
        from .catalog_files import build_by_file

        payload = build_by_file(files, blobs, key)
        if payload is not None:
            catalog = records.decode_catalog(payload, key, rescue)
        else:
            catalog = fresh()
            records.store_catalog(key, records.encode_catalog(catalog))
    if stamp is not None and unchanged and store.settled(
            [f for i, f in enumerate(files) if i not in early]):  # the others are in it
        store.write("stamp", stamp, key)
    return catalog


def build(files: Sequence[DataFile], blobs: Sequence[bytes]) -> Catalog:
    """Parse and merge: taxonomies first (in order), then every code file against their topics.

    A user file with the same bytes as a bundled file stands in for it rather than clashing with
    it, so the package's own ``data/`` folder, or a copy of it, can be validated or loaded.
    """
    from .progress import reporter
    from .schema import parse_code, parse_topics
    from .versions import where
    from .yamlnodes import parse

    problems: list[Problem] = []
    topics: dict[str, tuple[Topic, str]] = {}
    bundled = {data for f, data in zip(files, blobs, strict=True) if f.origin == "bundled"}
    codes: list[tuple[Code, str]] = []
    places: dict[str, tuple[int, int]] = {}
    parsed_codes: list[tuple[DataFile, yaml.Node]] = []
    progress = reporter("reading data files", len(files))  # a person sees a long build move
    blob_of = {f.display: data for f, data in zip(files, blobs, strict=True)
               if f.origin == "bundled"}
    for n, (file, data) in enumerate(zip(files, blobs, strict=True)):
        if progress is not None:
            progress(n, len(files))
        if file.origin != "bundled" and data in bundled:
            continue
        node, found = (_parsed_bundled(data, file.display) if file.origin == "bundled"
                       else parse(data, file.display))
        problems += found
        if node is None:
            continue
        if file.taxonomy:
            new, found = (_bundled_topics(data, file.display, tuple(topics))
                          if file.origin == "bundled" else parse_topics(node, file.display, topics))
            problems += found
            problems += merge_topics(topics, new, file.display)
        else:
            parsed_codes.append((file, node))
    topic_ids = list(topics)
    for file, code_node in parsed_codes:
        code, found = (_bundled_code(blob_of[file.display], file.display, tuple(topic_ids))
                       if file.origin == "bundled"
                       else parse_code(code_node, file.display, topic_ids, file.origin))
        problems += found
        if code is not None:
            codes.append((code, file.display))
            places[file.display] = where(code_node)
    return combine(codes, tuple(t for t, _ in topics.values()), problems, places)


# A bundled file read once a process for the same bytes: a process that builds catalogs again (a
# server reloading after a user's file changed, validation of one file after another, a test
# suite) parsed and checked the package's own YAML each time, most of a build (0.1 s, the
# taxonomy's phrases alone 14 ms). What is kept is never changed once made: node trees are only
# read, topics and codes are tuples. The codes and topics are keyed by what they are checked
# against too (the topic ids known at that point).


@functools.lru_cache(maxsize=16)
def _parsed_bundled(data: bytes, display: str) -> tuple[yaml.Node | None, tuple[Problem, ...]]:
    """A bundled file's node tree (:func:`peerethics.yamlnodes.parse`)."""
    from .yamlnodes import parse

    node, found = parse(data, display)
    return node, tuple(found)


@functools.lru_cache(maxsize=16)
def _bundled_topics(data: bytes, display: str, known: tuple[str, ...]
                    ) -> tuple[tuple[Topic, ...], tuple[Problem, ...]]:
    """A bundled taxonomy's topics (:func:`peerethics.schema.parse_topics`)."""
    from .schema import parse_topics

    node = _parsed_bundled(data, display)[0]
    if node is None:
        return (), ()
    new, found = parse_topics(node, display, known)
    return new, tuple(found)


@functools.lru_cache(maxsize=32)
def _bundled_code(data: bytes, display: str, topic_ids: tuple[str, ...]
                  ) -> tuple[Code | None, tuple[Problem, ...]]:
    """A bundled code (:func:`peerethics.schema.parse_code`)."""
    from .schema import parse_code

    node = _parsed_bundled(data, display)[0]
    if node is None:
        return None, ()
    code, found = parse_code(node, display, list(topic_ids), "bundled")
    return code, tuple(found)


def merge_topics(
    topics: dict[str, tuple[Topic, str]], new: Iterable[Topic], display: str
) -> list[Problem]:
    """Add a taxonomy's topics to those read before it. A topic defined again with the same
    content is the same topic (a copy of the bundled taxonomy); with other content, it is an
    error, never a silent pick."""
    problems = []
    for topic in new:
        old = topics.get(topic.id)
        if old is None:
            topics[topic.id] = (topic, display)
        elif old[0] != topic:
            problems.append(Problem(display, 1, 1, f"topic `{topic.id}` is already defined by "
                                    f"{old[1]}; give this topic another id"))
    return problems


def combine(
    codes: Sequence[tuple[Code, str]], topics: tuple[Topic, ...], problems: Sequence[Problem] = (),
    places: Mapping[str, tuple[int, int]] | None = None,
) -> Catalog:
    """Merge bundled and user codes, in order: a later code may replace an earlier one with the
    same id (and version) only if it says ``replaces: ID``; versions of one id with dates load
    side by side (:func:`peerethics.versions.check`); any other clash is an error, never a
    silent pick. The catalog lists codes sorted by id, whatever the files are called."""
    from .versions import ordered

    found = list(problems)
    by_id: dict[str, tuple[Code, str]] = {}
    order: list[str] = []
    side: dict[str, list[tuple[Code, str]]] = {}
    for code, display in codes:
        old = by_id.get(code.id)
        if old is not None and code.replaces != code.id and (
                code.version != old[0].version or code.effective_date
                or code.superseded_date or old[0].effective_date or old[0].superseded_date):
            side.setdefault(code.id, [old]).append((code, display))  # another version
        elif old is None:
            if code.replaces:
                found.append(Problem(display, 1, 1, f"`replaces: {code.replaces}` but no "
                    "earlier code has that id; remove `replaces`"))
            by_id[code.id] = (code, display)
            order.append(code.id)
        elif code.replaces == code.id:
            by_id[code.id] = (code, display)
        else:
            found.append(Problem(display, 1, 1,
                f"code id {code.id} is already defined by {old[1]}; give this code another "
                f"id, or add `replaces: {code.id}` to replace it on purpose"))
    found += _versions(side, places or {})
    found += _lookalikes(by_id)
    for code, display in codes:
        if code.replaces and code.replaces != code.id:
            found.append(Problem(display, 1, 1,
                f"`replaces: {code.replaces}` must name this file's own id ({code.id})"))
    if found:
        raise DataError(found)
    versions = {i: ordered([c for c, _ in side[i]]) for i in side}
    return Catalog(tuple(versions[i][-1] if i in versions else by_id[i][0] for i in sorted(order)),
                   topics, versions=versions)


def _versions(
    side: Mapping[str, list[tuple[Code, str]]], places: Mapping[str, tuple[int, int]]
) -> list[Problem]:
    """Problems among the versions of each code id held in several files."""
    from .versions import check

    problems: list[Problem] = []
    for group in side.values():
        problems += check([(c, d, places.get(d, (1, 1))) for c, d in group])
    return problems


def _lookalikes(by_id: dict[str, tuple[Code, str]]) -> list[Problem]:
    """Code ids that differ only in hyphens (``M-O`` beside ``MO``, ``MODMH`` beside ``MO-DMH``):
    a typed id is matched without its hyphens, so one of the two could never be reached, or
    could answer for the other. One problem for each later one, naming both files."""
    from .ids import squash_key

    first: dict[str, str] = {}
    problems = []
    for code_id, (_, display) in by_id.items():
        other = first.setdefault(squash_key(code_id), code_id)
        if other != code_id:
            problems.append(Problem(display, 1, 1,
                f"code id {code_id} differs from {other} (defined by {by_id[other][1]}) only in "
                f"hyphens, so ids typed for one could reach the other; give this code another id"))
    return problems
