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
    from .see_also import see_also_table

    versions = {i: catalog.versions(i) for i in catalog.code_ids} if catalog.has_versions else {}
    return {"topics": encode(catalog.topics),
            "codes": [(c.id, marshal.dumps(encode(c))) for c in catalog.codes],
            "versions": [(i, encode(v)) for i, v in versions.items() if len(v) > 1],
            "see_also": marshal.dumps(see_also_table(catalog.principles()))}


def decode_catalog(
    data: dict[str, Any], key: str | None, rescue: Callable[[str], Code] | None = None
) -> Catalog:
    """A catalog whose codes are decoded on first use. A code whose entry will not decode (an
    entry damaged in a way its CRC cannot tell, or forged by its owner) is taken from
    ``rescue`` (the files parsed afresh), and the entry is removed, so it is rebuilt next time:
    never believed, never a traceback."""
    from .model import Catalog, Code

    def builder(cid: str, blob: bytes) -> Callable[[], Any]:
        def build() -> Any:
            try:
                code = decode(marshal.loads(blob))
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

        return build

    lazy = {cid: builder(cid, blob) for cid, blob in data["codes"]}
    if not all(isinstance(b, bytes) for _, b in data["codes"]):
        raise TypeError("a code entry is not bytes")
    versions = {cid: decode(found) for cid, found in data.get("versions", ())}
    catalog = Catalog(topics=decode(data["topics"]), key=key, lazy=lazy, versions=versions)
    see_also = data.get("see_also")
    if isinstance(see_also, bytes):  # unpacked only if a command lists see-also (contract.py)
        catalog.derived("see_also-packed", lambda _: see_also)
    if "files" in data:  # built file by file: the search index can reuse its parts per file
        catalog.derived("built-by-file", lambda _: (data["files"], data.get("previous")))
    return catalog
