"""A compiled cache of the validated catalog and its search index, so a call need not import
PyYAML, re-validate, or re-tokenise every text.

Why it cannot go stale: a cache file's *name* is a hash of everything it is built from (every
data file's bytes, name and origin, the topics file, this package's version, the cache format,
the Python version, and the size and time of the modules that build it). Edit one byte of a data
file and the next call looks for a different file, misses, and rebuilds. Files are written to a
temporary name and renamed into place, so concurrent calls never see half a file; each starts
with a CRC of its payload, so one that is truncated or garbage is rebuilt, never believed. When
the cache directory cannot be written, the catalog is simply built each time. Payloads are
``marshal`` data (plain lists, dicts, strings and numbers only): several times faster to read
than JSON.
"""

from __future__ import annotations

import itertools
import marshal
import os
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .model import (
    Catalog,
    Code,
    KeyTerm,
    Marker,
    MenuItem,
    NamedSanction,
    Principle,
    Source,
    Tier,
    Topic,
)

FORMAT = 4
ENV_CACHE = "PEERETHICS_CACHE_DIR"
_MAGIC = b"PEC2"


def _sha256() -> Any:
    """SHA-256 without loading OpenSSL when the interpreter has its own (a few ms at start-up)."""
    try:
        from _sha2 import sha256  # type: ignore[import-not-found]  # Python >= 3.12
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found]  # Python 3.11
        except ImportError:
            from hashlib import sha256
    return sha256


def cache_dir() -> Path:
    """Per-platform user cache directory; ``PEERETHICS_CACHE_DIR`` overrides it."""
    override = os.environ.get(ENV_CACHE)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "peerethics" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "peerethics"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "peerethics"


# The modules whose code decides what a cache holds: a changed module (a development checkout,
# an upgrade that kept the version number) must not meet a cache the old code built.
_BUILDERS = ("cache.py", "catalog.py", "loader.py", "model.py", "ranking.py", "textproc.py")


def _code_stamp() -> str:
    here = os.path.dirname(__file__)
    stamp = []
    for name in _BUILDERS:
        try:
            st = os.stat(os.path.join(here, name))
            stamp.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            stamp.append(f"{name}:-")
    return " ".join(stamp)


def cache_key(files: Sequence[tuple[Path, str, str]], topics_path: Path) -> str | None:
    from . import __version__

    h = _sha256()(f"peerethics {__version__} cache {FORMAT} {sys.version} {_code_stamp()}\0"
                  .encode())
    try:
        for path, display, origin in [(topics_path, "topics", "bundled"), *files]:
            data = path.read_bytes()
            h.update(f"{display}\0{origin}\0{len(data)}\0".encode())
            h.update(data)
    except OSError:
        return None  # let the loader report the unreadable file properly
    return str(h.hexdigest()[:32])


def read(kind: str, key: str) -> Any:
    """The payload cached under ``kind``/``key``, or None if missing, damaged or unreadable."""
    try:
        raw = (cache_dir() / f"{kind}-{key}.bin").read_bytes()
    except OSError:
        return None
    if len(raw) < 8 or raw[:4] != _MAGIC:
        return None
    body = raw[8:]
    if zlib.crc32(body) != int.from_bytes(raw[4:8], "little"):
        return None
    try:
        return marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None


def write(kind: str, key: str, payload: Any) -> None:
    """Store ``payload`` atomically; an unwritable cache only costs speed, never an error."""
    path = cache_dir() / f"{kind}-{key}.bin"
    try:
        import tempfile

        body = marshal.dumps(payload)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + zlib.crc32(body).to_bytes(4, "little") + body)
            os.replace(tmp, path)
            _prune(path.parent, kind, keep=path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except (OSError, ValueError):
        pass


KEEP_PER_KIND = 8


def _prune(folder: Path, kind: str, keep: Path) -> None:
    """Remove all but the newest few files of a kind: data that changed leaves its old caches
    behind, and several data sets (with and without --data-dir) may be in use at once."""
    try:
        family = "".join(itertools.takewhile(str.isalpha, kind))  # "index10-..." -> "index"
        old = sorted((p for p in folder.glob(f"{family}*.bin") if p != keep),
                     key=lambda p: p.stat().st_mtime, reverse=True)
        for p in old[KEEP_PER_KIND - 1:]:
            p.unlink(missing_ok=True)
    except OSError:
        pass


T = TypeVar("T")


def _same(value: Any) -> Any:
    return value


def memo(
    kind: str,
    key: str | None,
    build: Callable[[], T],
    *,
    encode: Callable[[T], Any] = _same,
    decode: Callable[[Any], T] = _same,
) -> T:
    """The value cached under ``kind``/``key``, else ``build()`` stored there; the one way
    anything is cached. ``encode`` turns the value into plain data (lists, dicts, strings,
    numbers) and ``decode`` back; a payload ``decode`` rejects (``KeyError``, ``TypeError``,
    ``ValueError``, ``IndexError``, ``AttributeError``) is rebuilt, never believed. ``key`` None:
    the value is built and not stored.
    """
    if key is not None:
        data = read(kind, key)
        if data is not None:
            try:
                return decode(data)
            except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                pass  # a well-formed file of the wrong shape: rebuild
    value = build()
    if key is not None:
        write(kind, key, encode(value))
    return value


def cached_catalog(
    files: Sequence[tuple[Path, str, str]],
    topics_path: Path,
    build: Callable[[Sequence[tuple[Path, str, str]], Path], Catalog],
) -> Catalog:
    key = cache_key(files, topics_path)
    if key is None:
        return build(files, topics_path)
    data = read("catalog", key)
    catalog = None
    if isinstance(data, dict):
        try:
            catalog = from_data(data)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            catalog = None  # well-formed file, wrong shape: rebuild
    if catalog is None:
        catalog = build(files, topics_path)
        write("catalog", key, to_data(catalog))
    catalog.key = key
    return catalog


# ------------------------------------------------------------------------------ (de)serialising


def to_data(catalog: Catalog) -> dict[str, Any]:
    return {
        "topics": [[t.id, t.label, t.description, list(t.phrases), list(t.related)]
                   for t in catalog.topics],
        "codes": [_code_to_data(c) for c in catalog.codes],
    }


def _code_to_data(c: Code) -> dict[str, Any]:
    return {
        "id": c.id, "jurisdiction": c.jurisdiction, "title": c.title, "issuer": c.issuer,
        "credential": [c.credential_name, c.credential_abbreviation],
        "source": [c.source.title, c.source.file, list(c.source.revisions), c.source.effective],
        "sanction_note": c.sanction_note,
        "tiers": [[t.level, t.label, [[m.text, m.note] for m in t.sanctions]] for t in c.tiers],
        "sanctions": [[s.name, s.definition] for s in c.sanctions],
        "preamble": list(c.preamble), "introduction": list(c.introduction),
        "purposes": list(c.purposes), "closing": list(c.closing), "notes": list(c.notes),
        "marker": [c.marker.symbol, c.marker.note] if c.marker else None,
        "replaces": c.replaces, "origin": c.origin, "preamble_topics": list(c.preamble_topics),
        "principles": [
            [p.number, p.text, list(p.tiers), p.importance, list(p.topics),
             [[k.topic, k.facet, k.value] for k in p.key_terms]]
            for p in c.principles
        ],
    }


def from_data(data: dict[str, Any]) -> Catalog:
    topics = tuple(Topic(i, lb, d, tuple(ph), tuple(rel)) for i, lb, d, ph, rel in data["topics"])
    codes = []
    for c in data["codes"]:
        cid = c["id"]
        codes.append(Code(
            id=cid, jurisdiction=c["jurisdiction"], title=c["title"], issuer=c["issuer"],
            credential_name=c["credential"][0], credential_abbreviation=c["credential"][1],
            source=Source(c["source"][0], c["source"][1], tuple(c["source"][2]), c["source"][3]),
            sanction_note=c["sanction_note"],
            tiers=tuple(Tier(lv, lb, tuple(MenuItem(t, n) for t, n in items))
                        for lv, lb, items in c["tiers"]),
            sanctions=tuple(NamedSanction(n, d) for n, d in c["sanctions"]),
            preamble=tuple(c["preamble"]), introduction=tuple(c["introduction"]),
            purposes=tuple(c["purposes"]), closing=tuple(c["closing"]), notes=tuple(c["notes"]),
            marker=Marker(*c["marker"]) if c["marker"] else None,
            replaces=c["replaces"], origin=c["origin"],
            preamble_topics=tuple(c["preamble_topics"]),
            principles=tuple(
                Principle(cid, n, text, tuple(tiers), imp, tuple(tops),
                          tuple(KeyTerm(*k) for k in kts))
                for n, text, tiers, imp, tops, kts in c["principles"]
            ),
        ))
    return Catalog(tuple(codes), topics)
