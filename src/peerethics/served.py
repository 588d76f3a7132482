"""The catalog a long-running server answers from: kept in memory between calls, re-checked
against the data files' stamps on each call.

Why: a command line call loads the catalog from the cache and is done; a server answering an
assistant's calls one after another would pay that load (and the search index's) on every call:
6.6 ms a search on the bundled codes, 220 ms at 50,000 principles, no cheaper than starting the
command line. Keeping the catalog (and so everything it owns: its search index, its quotable
passages) makes a call cost what the answer costs. The files are still the truth: each call
lists them and compares their stamp (each file's path, device, inode, size and times) with the
one the kept catalog was read from, so a file fixed, added or broken while the server runs is
read on the next call, as before. The stamp is compared in this process only, so it is the stat
results themselves, not :func:`peerethics.cache.stamp_key`'s hash, which also stamps every
module of the package for a cache shared between versions (checking cost 0.57 ms a call on the
bundled codes with that hash, 0.04 ms without: a search itself is 0.33 ms). A file changed too
recently to be known by its stamp (:func:`peerethics.cache.settled`), or a user file changed in
the last minute (:func:`peerethics.cache.recent`), is read again on every call until it settles,
as the command line does.

Plain library code: the MCP server (:mod:`peerethics.mcp_server`) holds one; a library user
serving many requests can too.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .discover import DataFile
    from .model import Catalog


class ServedCatalog:
    """Call it for the catalog of the bundled codes, ``PEERETHICS_DATA`` and ``data_dirs`` (as
    :meth:`peerethics.options.Globals.catalog` loads it), the same object while the files are
    unchanged. Raises :class:`~peerethics.errors.DataError` as loading does while a file is
    broken, and keeps nothing from a broken state."""

    __slots__ = ("_data_dirs", "_kept", "_lock")

    def __init__(self, data_dirs: Sequence[str] = ()) -> None:
        self._data_dirs = tuple(data_dirs)
        # The catalog and the stamp it was read at, as one value: a call that took the catalog
        # while another thread reloaded must not compare its stamp with the new one (it would
        # answer from the old text after the edit was read). Stamp None: read again next call.
        self._kept: tuple[tuple[object, ...] | None, Catalog] | None = None
        self._lock = threading.Lock()  # the SDK runs tools on worker threads: one reload at once

    def __call__(self) -> Catalog:
        from . import cache as store
        from .catalog import assemble, load_catalog
        from .discover import discover
        from .options import Globals

        dirs = Globals(data_dirs=self._data_dirs).data_paths()
        found = discover(dirs)
        if found.problems:
            self._kept = None
            return load_catalog(dirs)  # raises, with every problem
        stamp = _stamp(found.files)
        kept = self._kept
        if kept is not None and kept[0] == stamp:
            return kept[1]
        with self._lock:
            kept = self._kept
            if kept is not None and kept[0] == stamp:
                return kept[1]
            self._kept = None
            catalog = assemble(found.files)
            now = time.time_ns()  # a file changed in the last minute is read again each call
            trusted = store.settled(found.files) and not store.recent_files(found.files, now)
            self._kept = (stamp if trusted else None, catalog)
            return catalog


def _stamp(files: Sequence[DataFile]) -> tuple[object, ...]:
    """What the files are, as found: a file replaced, rewritten, added, removed or renamed
    changes it (its change time moves even when its size and modification time are set back)."""
    return tuple((f.path, f.origin, f.taxonomy, f.stat.st_dev, f.stat.st_ino, f.stat.st_size,
                  f.stat.st_mtime_ns, f.stat.st_ctime_ns) for f in files)
