"""What names a cache entry: a SHA-256 of the package (its version, the cache format, the Python
version, every module's and the bundled search data's name, size and time) and of what the entry
is built from (cache.py says why each part is there). Apart from cache.py, which says where
entries live and how safely.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .discover import DataFile

FORMAT = 8


def _sha256(size: int = 0) -> Any:
    """SHA-256 without loading OpenSSL when the interpreter has its own (a few ms at start-up),
    for ``size`` bytes; OpenSSL's for many (at 16 MB of user data, 90 ms against 16 ms and
    3 ms to import it, issue 28; the two cross near 1.5 MB). Both give the same digest."""
    if size > 1_500_000:
        import hashlib

        return hashlib.sha256
    try:
        from _sha2 import sha256  # type: ignore[import-not-found]  # Python >= 3.12
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found]  # Python 3.11
        except ImportError:
            from hashlib import sha256
    return sha256


def _code_stamp() -> bytes:
    """Every module of the package, and the bundled data search is built with
    (``data/search/``: the frames and the learned reader's weights), by name, size and time: a
    changed checkout or an upgrade that kept the version number never meets a cache the old code
    or data built."""
    from .discover import bundled_data_dir

    here = os.path.dirname(os.path.abspath(__file__))
    parts = []
    for folder, suffix in ((here, ".py"),
                           (os.path.join(bundled_data_dir(), "search"), (".yaml", ".json"))):
        try:
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.name.endswith(suffix):
                    st = entry.stat()
                    parts.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{os.path.basename(folder)}: unreadable")
    return " ".join(parts).encode()


_BASES: dict[bool, Any] = {}


def _hasher(size: int = 0) -> Any:
    """A hash already fed with what every key holds (the version, the code stamp): computed once
    a process, then copied (a build by file makes a key per file: 3,600 scans of the package's
    folder were over a second)."""
    large = size > 1_500_000
    base = _BASES.get(large)
    if base is None:
        from . import __version__

        base = _sha256(size)(f"peerethics {__version__} cache {FORMAT} {sys.version}\0".encode())
        base.update(_code_stamp())
        _BASES[large] = base
    return base.copy()


def _entry(h: Any, file: DataFile) -> None:
    h.update(b"\0" + file.display.encode("utf-8", "surrogateescape") + b"\0"
             + file.origin.encode("utf-8", "surrogateescape")
             + (b"\0taxonomy\0" if file.taxonomy else b"\0code\0"))


def key_of(*parts: bytes) -> str:
    """A key for anything else built from plain bytes (the search index's topic part, built
    from the taxonomy alone)."""
    h = _hasher()
    for part in parts:
        h.update(f"{len(part)}\0".encode())
        h.update(part)
    return str(h.hexdigest()[:32])


def content_key(files: Sequence[DataFile], blobs: Sequence[bytes]) -> str:
    """The key of a catalog built from exactly these bytes."""
    h = _hasher(sum(map(len, blobs)))
    for file, data in zip(files, blobs, strict=True):
        _entry(h, file)
        h.update(f"{len(data)}\0".encode())
        h.update(data)
    return str(h.hexdigest()[:32])


def stamp_key(files: Sequence[DataFile], contents: Mapping[int, bytes] | None = None) -> str:
    """The key of these files as found on disk (inode, size, times), without reading them, and
    of ``contents``: the bytes of those read on every call (by their place in ``files``).

    The files' names and stats are hashed as one marshalled list: at 3,600 files, hashing them
    file by file was 18 ms of a warm call, most of it the calls themselves."""
    contents = contents or {}
    h = _hasher(sum(map(len, contents.values())))
    h.update(b"stamp")
    h.update(marshal.dumps([
        (f.display, f.origin, f.taxonomy, f.stat.st_dev, f.stat.st_ino, f.stat.st_size,
         f.stat.st_mtime_ns, f.stat.st_ctime_ns) for f in files]))
    for i, data in sorted(contents.items()):
        h.update(f"\0read {i} {len(data)}\0".encode())
        h.update(data)
    return str(h.hexdigest()[:32])
