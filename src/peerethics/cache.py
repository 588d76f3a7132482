"""A compiled cache of the validated catalog, so a call need not import PyYAML or re-validate.

Why it cannot go stale: the cache file's *name* is a hash of everything the catalog is built
from (every data file's bytes, its name and origin, the topics file, and this package's version
and cache format). Edit one byte of a data file and the next call looks for a different file,
misses, and rebuilds. A cache file is written to a temporary name and renamed into place, so
concurrent calls never see half a file; one that is truncated or garbage fails to parse and is
rebuilt, never believed. When the cache directory cannot be written, the catalog is simply built
each time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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

FORMAT = 1
ENV_CACHE = "PEERETHICS_CACHE_DIR"


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


def cache_key(files: Sequence[tuple[Path, str, str]], topics_path: Path) -> str | None:
    from . import __version__

    h = hashlib.sha256(f"peerethics {__version__} cache {FORMAT}\0".encode())
    try:
        for path, display, origin in [(topics_path, "topics", "bundled"), *files]:
            data = path.read_bytes()
            h.update(f"{display}\0{origin}\0{len(data)}\0".encode())
            h.update(data)
    except OSError:
        return None  # let the loader report the unreadable file properly
    return h.hexdigest()[:32]


def cached_catalog(
    files: Sequence[tuple[Path, str, str]],
    topics_path: Path,
    build: Callable[[Sequence[tuple[Path, str, str]], Path], Catalog],
) -> Catalog:
    key = cache_key(files, topics_path)
    if key is None:
        return build(files, topics_path)
    path = cache_dir() / f"catalog-{key}.json"
    try:
        with open(path, encoding="utf-8") as fh:
            payload = json.load(fh)
        if payload.get("key") == key:
            return from_data(payload["catalog"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        pass  # missing, truncated or garbage: rebuild below
    catalog = build(files, topics_path)
    _write_atomic(path, {"key": key, "catalog": to_data(catalog)})
    return catalog


def _write_atomic(path: Path, payload: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        pass  # an unwritable cache only costs speed


# ------------------------------------------------------------------------------ (de)serialising


def to_data(catalog: Catalog) -> dict[str, Any]:
    return {
        "topics": [[t.id, t.label, t.description, list(t.phrases)] for t in catalog.topics],
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
        "replaces": c.replaces, "origin": c.origin,
        "principles": [
            [p.number, p.text, list(p.tiers), p.importance, list(p.topics),
             [[k.topic, k.facet, k.value] for k in p.key_terms]]
            for p in c.principles
        ],
    }


def from_data(data: dict[str, Any]) -> Catalog:
    topics = tuple(Topic(i, lb, d, tuple(ph)) for i, lb, d, ph in data["topics"])
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
            principles=tuple(
                Principle(cid, n, text, tuple(tiers), imp, tuple(tops),
                          tuple(KeyTerm(*k) for k in kts))
                for n, text, tiers, imp, tops, kts in c["principles"]
            ),
        ))
    return Catalog(tuple(codes), topics)
