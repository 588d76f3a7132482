"""Records as plain data for the cache, and a catalog read back lazily, code by code.

Why apart from cache.py: the cache stores any plain data under a key (cache.py: where, how safely,
how long); this module is what the catalog and the search index put there, and how a record
comes back as the same typed record. A new record type or field of the model needs no edit here.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Catalog, Code


def _record_types() -> tuple[type, ...]:
    """The model's record types, found in the model itself: a new record or field needs no
    edit here (the cache key covers the model module, so the numbering cannot go stale)."""
    from . import model

    return tuple(sorted((v for v in vars(model).values()
                         if isinstance(v, type) and issubclass(v, tuple) and hasattr(v, "_fields")
                         and v.__module__ == model.__name__), key=lambda t: t.__name__))


def encode(value: Any) -> Any:
    """A record as plain data: ``(type number, *fields)``; a plain tuple as a list; text,
    numbers and None as they are."""
    if isinstance(value, tuple):
        if hasattr(value, "_fields"):
            return (_TYPE_NUMBER[type(value)], *[encode(v) for v in value])
        return [encode(v) for v in value]
    return value


def decode(data: Any) -> Any:
    """The inverse of :func:`encode`."""
    kind = type(data)
    if kind is tuple:
        return _TYPES[data[0]](*[decode(v) for v in data[1:]])
    if kind is list:
        return tuple([decode(v) for v in data])
    return data


_TYPES = _record_types()
_TYPE_NUMBER = {t: i for i, t in enumerate(_TYPES)}


def encode_catalog(catalog: Catalog) -> dict[str, Any]:
    """A catalog as plain data, each code apart, so reading it back builds only the codes used."""
    from .see_also import pack, see_also_table

    versions = {i: catalog.versions(i) for i in catalog.code_ids} if catalog.has_versions else {}
    return {"topics": encode(catalog.topics),
            "codes": [(c.id, marshal.dumps(encode(c))) for c in catalog.codes],
            "versions": [(i, encode(v)) for i, v in versions.items() if len(v) > 1],
            "see_also": pack(see_also_table(catalog.principles()))}


def decode_catalog(
    data: dict[str, Any], key: str | None, rescue: Callable[[str], Code] | None = None,
    blobs: Callable[[int], bytes | None] | None = None,
) -> Catalog:
    """A catalog whose codes are decoded on first use. A code whose entry will not decode (an
    entry damaged in a way its CRC cannot tell, or forged by its owner) is taken from
    ``rescue`` (the files parsed afresh), and the entry is removed, so it is rebuilt next time:
    never believed, never a traceback. The codes' records are ``data["codes"]``, or, for an
    entry read a block at a time, ``data["ids"]`` and ``blobs(i)`` (None: a damaged block)."""
    from functools import partial

    from .model import Catalog, Code

    def build(cid: str, blob: bytes | int) -> Any:
        """A code from its record (``blob``, or the number of its block in ``blobs``)."""
        try:
            packed = blob if isinstance(blob, bytes) else blobs(blob) if blobs else None
            code = decode(marshal.loads(packed or b""))
            if not isinstance(code, Code) or code.id != cid:
                raise TypeError(f"the entry for {cid} is not that code")
            return code
        except Exception:  # RecursionError, EOFError, TypeError...: any damage
            if rescue is None:
                raise
            if key is not None:
                from .cache import discard

                discard("catalog", key)
            return rescue(cid)

    # One partial a code (made in C): at 3,600 codes, two closures each were 2 ms a warm call.
    if blobs is None:
        if not all(isinstance(b, bytes) for _, b in data["codes"]):
            raise TypeError("a code entry is not bytes")
        lazy = {cid: partial(build, cid, blob) for cid, blob in data["codes"]}
    else:
        if not all(isinstance(cid, str) for cid in data["ids"]):
            raise TypeError("a code id is not text")
        lazy = {cid: partial(build, cid, i) for i, cid in enumerate(data["ids"])}
    versions = {cid: decode(found) for cid, found in data.get("versions", ())}
    catalog = Catalog(topics=decode(data["topics"]), key=key, lazy=lazy, versions=versions)
    see_also = data.get("see_also")
    if isinstance(see_also, bytes):  # unpacked only if a command lists see-also (contract.py)
        catalog.derived("see_also-packed", lambda _: see_also)
    if data.get("files"):  # built file by file: the search index can reuse its parts per file
        catalog.derived("built-by-file", lambda _: (data["files"], data.get("previous")))
    return catalog


# A catalog's cache entry is read a block at a time (cache_blocks.py): its header (topics, code
# ids, versions), the see-also table, the file table, then one block per code. A warm call reads
# the header and the codes it uses: at 3,600 codes the entry is 27 MB, and reading, checking and
# unpacking all of it was about 30 ms of every call (issue 28).
_SEE_ALSO, _FILES, _CODES = 1, 2, 3


def store_catalog(key: str, data: dict[str, Any]) -> None:
    """Write a catalog's plain data (:func:`encode_catalog`, or a build by file) as its entry."""
    from .cache_blocks import write_blocks

    head = {"topics": data["topics"], "ids": [cid for cid, _ in data["codes"]],
            "versions": data.get("versions", []), "previous": data.get("previous")}
    write_blocks("catalog", key, [marshal.dumps(head), data.get("see_also") or b"",
                                  data.get("files") or b"", *(b for _, b in data["codes"])])


def catalog_entry(key: str, rescue: Callable[[str], Code] | None = None) -> Catalog | None:
    """The catalog cached under ``key``, its codes read from their blocks when first used; None
    when there is none, or it is damaged (then it is rebuilt)."""
    found = _entry_blocks(key)
    if found is None:
        return None
    head, blocks = found
    see_also, files = blocks.get(_SEE_ALSO), blocks.get(_FILES)
    if see_also is None or files is None:
        return None
    data = {**head, "see_also": see_also or None, "files": files or None}
    try:
        return decode_catalog(data, key, rescue, lambda i: blocks.get(_CODES + i))
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None


def catalog_data(key: str) -> dict[str, Any] | None:
    """A cached catalog's plain data, every block read (the build after it reuses its codes)."""
    found = _entry_blocks(key)
    if found is None:
        return None
    head, blocks = found
    codes = [(cid, blocks.get(_CODES + i)) for i, cid in enumerate(head["ids"])]
    files = blocks.get(_FILES)
    if files is None or not all(isinstance(b, bytes) for _, b in codes):
        return None
    return {**head, "codes": codes, "files": files}


def _entry_blocks(key: str) -> tuple[dict[str, Any], Any] | None:
    from .cache_blocks import open_blocks

    blocks = open_blocks("catalog", key)
    head_bytes = blocks.get(0) if blocks is not None else None
    if blocks is None or head_bytes is None:
        return None
    try:
        head = marshal.loads(head_bytes)
    except (EOFError, ValueError, TypeError):
        return None
    if (not isinstance(head, dict) or not isinstance(head.get("ids"), list)
            or len(blocks) != _CODES + len(head["ids"])):
        return None
    return head, blocks
