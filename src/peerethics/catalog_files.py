"""The catalog built file by file: a code file whose bytes have not changed since the last build of
the same data set is not parsed again (issue 28).

Why: at 50,000 principles in 3,600 files, editing one file re-parsed and re-validated all of them
(most of 7-11 s). Each build of a data set (the same files, by name and origin) now records, in
its catalog's cache entry, a key per code file (its name, origin and bytes, the taxonomy's topic
ids, and, through the cache's hasher, every module of the package) and the code it gave; the
pointer entry ``dataset`` names the last catalog built for that set. The next build parses only
the files whose key it does not find there, and takes the others' records as they were stored.

Only the common case is taken this way: every file valid, every code id once, no ``replaces``,
no two ids that differ only in hyphens. Anything else (a problem to report, versions of a code,
a replacement, a clash) returns None, and :func:`peerethics.catalog.assemble` builds the whole
catalog as before, so the merge rules and every message stay in one place (catalog.py). The
search index does the same with its part per file (search_index.py, ``segments``).
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .discover import DataFile
    from .model import Topic

FILES_FORMAT = 1


def dataset_key(files: Sequence[DataFile]) -> str:
    """The key of a data set: its files by name, origin and kind (not their bytes)."""
    from .cache import key_of

    return key_of(b"dataset", *(f"{f.display}\0{f.origin}\0{f.taxonomy}".encode(
        "utf-8", "surrogateescape") for f in files))


def build_by_file(
    files: Sequence[DataFile], blobs: Sequence[bytes], key: str
) -> dict[str, Any] | None:
    """The catalog entry for these files (written to the cache under ``key``), each unchanged
    code file's record taken from the last build of the same data set; None when the whole
    catalog must be built as before (see the module's docstring)."""
    from . import cache
    from .cache_records import catalog_data, encode, store_catalog
    from .progress import reporter
    from .see_also import pack

    topics = _taxonomy(files, blobs)
    if topics is None:
        return None
    topic_ids = [t.id for t in topics]
    pointer = dataset_key(files)
    previous = cache.read("dataset", pointer)
    known: dict[str, tuple[str, bytes, Any]] = {}
    if isinstance(previous, str):
        found = catalog_data(previous)
        if found is not None:
            known = _known(found)
    bundled = {data for f, data in zip(files, blobs, strict=True) if f.origin == "bundled"}
    codes: dict[str, tuple[bytes, Any]] = {}
    table: list[tuple[str, str, Any]] = []
    code_files = [(f, d) for f, d in zip(files, blobs, strict=True)
                  if not f.taxonomy and (f.origin == "bundled" or d not in bundled)]
    salt = "\0".join(topic_ids).encode()
    progress = reporter("reading data files", len(code_files))
    for n, (file, data) in enumerate(code_files):
        if progress is not None:
            progress(n, len(code_files))
        file_key = cache.key_of(b"file", file.display.encode("utf-8", "surrogateescape"),
                                file.origin.encode("utf-8", "surrogateescape"), data, salt)
        hit = known.get(file_key)
        if hit is None:
            hit = _parse(file, data, topic_ids)
            if hit is None:
                return None
        cid, blob, meta = hit
        if cid in codes:
            return None  # versions, or a clash: the whole build says which
        codes[cid] = (blob, meta)
        table.append((file_key, cid, meta))
    if not _distinct(list(codes)):
        return None
    order = sorted(codes)
    payload = {"topics": encode(topics),
               "codes": [(cid, codes[cid][0]) for cid in order],
               "versions": [],
               "see_also": pack(_see_also(order, codes)),
               # packed: a warm call reads the entry but never this table (50,000 principles'
               # numbers and topics), so it is unpacked only by the next build
               "files": marshal.dumps([FILES_FORMAT, table]),
               "previous": previous if isinstance(previous, str) else None}
    store_catalog(key, payload)
    cache.write("dataset", pointer, key)
    return payload


def _taxonomy(files: Sequence[DataFile], blobs: Sequence[bytes]) -> tuple[Topic, ...] | None:
    """The topics of the taxonomy files (few, and parsed each time), or None on any problem."""
    from .catalog import merge_topics
    from .schema import parse_topics
    from .yamlnodes import parse

    bundled = {data for f, data in zip(files, blobs, strict=True) if f.origin == "bundled"}
    topics: dict[str, tuple[Topic, str]] = {}
    for file, data in zip(files, blobs, strict=True):
        if not file.taxonomy or (file.origin != "bundled" and data in bundled):
            continue
        node, problems = parse(data, file.display)
        if problems or node is None:
            return None
        new, problems = parse_topics(node, file.display, topics)
        if problems or merge_topics(topics, new, file.display):
            return None
    return tuple(t for t, _ in topics.values())


def _parse(file: DataFile, data: bytes, topic_ids: list[str]) -> tuple[str, bytes, Any] | None:
    """A code file parsed and checked: its id, its record as the cache stores it, and what the
    see-also table needs (each principle's number and topics); None on any problem or a
    ``replaces``."""
    from .cache_records import encode
    from .schema import parse_code
    from .yamlnodes import parse

    node, problems = parse(data, file.display)
    if problems or node is None:
        return None
    code, problems = parse_code(node, file.display, topic_ids, file.origin)
    if problems or code is None or code.replaces:
        return None
    meta = [(p.number, list(p.topics)) for p in code.principles]
    return code.id, marshal.dumps(encode(code)), meta


def _known(entry: dict[str, Any]) -> dict[str, tuple[str, bytes, Any]]:
    """The records of the last build's files, by file key (nothing if its entry is another
    shape: an entry built the whole way has no file table)."""
    try:
        version, table = marshal.loads(entry["files"])
        if version != FILES_FORMAT:
            return {}
        blobs = dict(entry["codes"])
        return {file_key: (cid, blobs[cid], meta) for file_key, cid, meta in table
                if isinstance(blobs.get(cid), bytes)}
    except (KeyError, TypeError, ValueError, EOFError):
        return {}


def _distinct(ids: list[str]) -> bool:
    """Whether no two code ids differ only in hyphens (catalog.py says which when they do)."""
    from .ids import squash_key

    return len({squash_key(i) for i in ids}) == len(ids)


def _see_also(order: list[str],
              codes: dict[str, tuple[bytes, Any]]) -> tuple[list[str], list[str],
                                                             dict[str, list[int]]]:
    """The see-also table (see_also.py) from each code's principles' numbers and topics."""
    ids: list[str] = []
    owners: list[str] = []
    by_topic: dict[str, list[int]] = {}
    for cid in order:
        for number, topics in codes[cid][1]:
            for topic in topics:
                by_topic.setdefault(topic, []).append(len(ids))
            ids.append(f"{cid}-{number}")
            owners.append(cid)
    return ids, owners, by_topic


def code_files(packed: bytes) -> dict[str, str]:
    """Each code id's file key, from the file table of a catalog entry built file by file."""
    try:
        version, table = marshal.loads(packed)
        return {cid: file_key for file_key, cid, _ in table} if version == FILES_FORMAT else {}
    except (KeyError, TypeError, ValueError, EOFError):
        return {}
