"""A cache of what is costly to build (the validated catalog, its search index), so a call need
not import PyYAML, re-validate, or re-tokenise every text.

Why it cannot go stale: an entry's *name* is a hash of what it is built from: the very bytes
that were parsed (every data file's bytes, name and origin), this package's version, the cache
format, the Python version, and the size and time of every module of the package. Edit one byte
of a data file and the next call looks for another name, misses, and rebuilds.

Reading every data file to hash it is most of a warm call at 50,000 principles, so a call may
skip it: once the catalog is built, its content key is also filed under a *stamp*, a hash of
each file's inode, size, modification and change times, and of the bytes of each user file
changed in the last minute (:func:`recent`: a write through a shared mmap can still be coming,
unseen by those times). The stamp is filed only when every file
read was the file found (nothing changed during the read) and is more than two seconds old, so
a file rewritten later, even with the same size within the same clock tick as its last write,
has another stamp (its change time moved, and no file system's clock ticks slower than two
seconds); and the change time cannot be set back by a user.

Entries are written to a temporary name and renamed into place, so concurrent calls never see
half a file; each starts with a magic and a CRC of its payload, so a truncated or garbage file is
rebuilt, never believed; each also records the kind and key it was written under, so an entry
renamed to another key (moved between data sets) is not believed either. Files not owned by this
user, or writable by others, are ignored, and so is a whole cache folder that someone else could
write or swap (it, or a folder above it, writable by others, or by a group other than the
user's private one, without the sticky bit; or owned by another user): the cache cannot be
forged by a neighbour. Folders it creates are readable by this user only, whatever the umask.
When no cache directory can be found or written, things are simply built each time. Payloads
are ``marshal`` data: several times faster to read than JSON.
"""

from __future__ import annotations

import marshal
import os
import re
import stat
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

# What names an entry is cache_keys.py's; re-exported, so callers know the cache, not its parts.
from .cache_keys import FORMAT as FORMAT
from .cache_keys import _code_stamp as _code_stamp
from .cache_keys import content_key as content_key
from .cache_keys import key_of as key_of
from .cache_keys import stamp_key as stamp_key

if TYPE_CHECKING:
    from .discover import DataFile

ENV_CACHE = "PEERETHICS_CACHE_DIR"
SETTLED_NS = 2_000_000_000  # a file older than this is remembered by its stamp
# A user data file changed more recently than this is read and hashed on every call (recent()).
RECHECK_NS = 60_000_000_000
KEEP_PER_KIND = 8
_MAGIC = b"PEC3"
BLOCKS = b"PEB1"  # an entry read a block at a time (cache_blocks.py)
_NAME = re.compile(r"(?P<kind>[a-z][a-z0-9-]*)-(?P<key>[0-9a-f]{32})\.bin")
_STALE_TMP_SECONDS = 3600

T = TypeVar("T")


def cache_dir() -> str | None:
    """Per-platform user cache directory; ``PEERETHICS_CACHE_DIR`` overrides it. None when there
    is no home to put one in (a uid with no passwd entry and no HOME): then nothing is cached."""
    override = os.environ.get(ENV_CACHE)
    if override:
        return override
    try:
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA") or os.path.join(
                os.path.expanduser("~"), "AppData", "Local")
            return os.path.join(base, "peerethics", "Cache")
        home = os.path.expanduser("~")
        if home == "~" or not os.path.isabs(home):
            raise KeyError("no home directory")
        if sys.platform == "darwin":
            return os.path.join(home, "Library", "Caches", "peerethics")
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = xdg if xdg and os.path.isabs(xdg) else os.path.join(home, ".cache")
        return os.path.join(base, "peerethics")
    except (KeyError, RuntimeError, OSError):
        return None


# ---------------------------------------------------------------------------- files on disk


def settled(files: Sequence[DataFile]) -> bool:
    """Whether every file was last changed long enough ago to be known by its stamp."""
    now = time.time_ns()
    return all(max(f.stat.st_mtime_ns, f.stat.st_ctime_ns) < now - SETTLED_NS for f in files)


def recent(file: DataFile, now: int) -> bool:
    """Whether a user data file changed so recently that a write its times cannot show may
    still come, so it is read and hashed on every call rather than known by its stat.

    Why a minute: a second write through a shared ``mmap`` to a page not yet written back moves
    neither the modification nor the change time, and the kernel writes a dirty page back within
    35 s by default (``vm.dirty_expire_centisecs`` plus ``dirty_writeback_centisecs``); the next
    write after that moves both times again. So a file whose last change is over a minute old
    holds every such write already. Reading all 3,600 files of a +50,400-principle data set on
    every call cost about 90 ms, more than two bundled calls (docs/troubleshooting.md). Bundled
    files are part of the installed package and go by their stat alone.
    """
    return bool(recent_files([file], now))


def recent_files(files: Sequence[DataFile], now: int) -> list[int]:
    """The places in ``files`` of those :func:`recent` is true of (one loop: at 3,600 files a
    call per file was 1-2 ms of every warm call)."""
    cut = now - RECHECK_NS
    return [i for i, f in enumerate(files) if f.origin != "bundled"
            and (f.stat.st_mtime_ns >= cut or f.stat.st_ctime_ns >= cut)]


def _mine(st: os.stat_result) -> bool:
    """A regular file this user owns that nobody else can write: one we may believe."""
    getuid = getattr(os, "getuid", None)
    owner_ok = getuid is None or st.st_uid == getuid()
    return stat.S_ISREG(st.st_mode) and owner_ok and not st.st_mode & 0o022


def read(kind: str, key: str) -> Any:
    """The payload cached under ``kind``/``key``, or None if missing, damaged or not ours."""
    fd = open_entry(kind, key)
    if fd is None:
        return None  # missing, or a FIFO, a device, a file someone else could have written
    try:
        size = os.fstat(fd).st_size
        raw = b""
        while len(raw) < size:
            chunk = os.read(fd, size - len(raw))
            if not chunk:
                break
            raw += chunk
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(raw) < 8 or raw[:4] != _MAGIC:
        return None
    body = memoryview(raw)[8:]  # not a copy: entries reach tens of MB at 50,000 principles
    if zlib.crc32(body) != int.from_bytes(raw[4:8], "little"):
        return None
    try:
        entry = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None
    if type(entry) is not tuple or len(entry) != 2 or entry[0] != f"{kind}-{key}":
        return None  # written under another name: moved here, not written here
    return entry[1]


def write(kind: str, key: str, payload: Any) -> None:
    """Store ``payload`` atomically; an unwritable cache only costs speed, never an error."""
    try:
        body = marshal.dumps((f"{kind}-{key}", payload))
    except ValueError:
        return
    store_bytes(kind, key, _MAGIC + zlib.crc32(body).to_bytes(4, "little"), body)


def open_entry(kind: str, key: str) -> int | None:
    """A file descriptor on the entry ``kind``/``key`` if it is ours to believe, else None."""
    folder = cache_dir()
    if folder is None or not _safe_folder(folder):
        return None
    try:
        fd = os.open(os.path.join(folder, f"{kind}-{key}.bin"),
                     os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    try:
        if _mine(os.fstat(fd)):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def store_bytes(kind: str, key: str, *data: bytes) -> None:
    """Write ``data`` as the entry ``kind``/``key``: to a temporary name, then renamed."""
    folder = cache_dir()
    if folder is None:
        return
    path = os.path.join(folder, f"{kind}-{key}.bin")
    try:
        import tempfile

        _make_folders(folder)
        if not _safe_folder(folder):
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                for part in data:  # written in parts: joined, a large entry is copied again
                    fh.write(part)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        _prune(folder, kind, keep=os.path.basename(path))
    except (OSError, ValueError):
        pass


def _make_folders(folder: str) -> None:
    """Create ``folder`` and any missing folder above it readable by this user only (``makedirs``
    would create those above with the umask's bits: under ``umask 000``, a ``~/.cache`` anyone
    could write)."""
    missing = []
    path = os.path.abspath(folder)
    while not os.path.isdir(path):
        missing.append(path)
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass


_SAFE: dict[str, bool] = {}


def _safe_folder(folder: str) -> bool:
    """Whether nobody else can write ``folder``, or rename it or a folder above it: each is a
    directory owned by this user or root, and none is writable by group or others unless it
    has the sticky bit (as ``/tmp``), which stops others renaming what is not theirs. Checked
    along the path as given and along the one its links lead to; once a process."""
    safe = _SAFE.get(folder)
    if safe is None:
        getuid = getattr(os, "getuid", None)
        if getuid is None:  # Windows: no owner bits to check
            return True
        uid = getuid()
        absolute = os.path.abspath(folder)
        safe = True
        try:
            for path in (absolute, os.path.realpath(absolute)):
                first = True
                while True:
                    st = os.stat(path)
                    shared = st.st_mode & 0o002 or (st.st_mode & 0o020
                                                    and not _private_group(st.st_gid, uid))
                    loose = shared and (first or not st.st_mode & stat.S_ISVTX)
                    if (not stat.S_ISDIR(st.st_mode) or st.st_uid not in (uid, 0)
                            or (first and st.st_uid != uid) or loose):
                        safe = False
                        break
                    parent, first = os.path.dirname(path), False
                    if parent == path:
                        break
                    path = parent
                if not safe:
                    break
        except (OSError, ValueError):
            safe = False
        if safe:  # an unsafe folder may be made safe (created) later in this process
            _SAFE[folder] = True
    return safe


def _private_group(gid: int, uid: int) -> bool:
    """Whether ``gid`` is this user's own private group (named as the user, with no other
    members), as systems with user-private groups and ``umask 002`` give every user: a folder
    only that group can write is the user's alone."""
    try:
        import grp
        import pwd

        user = pwd.getpwuid(uid).pw_name
        group = grp.getgrgid(gid)
    except (ImportError, KeyError, OSError):
        return False
    return group.gr_name == user and set(group.gr_mem) <= {user}


def _prune(folder: str, kind: str, keep: str) -> None:
    """Remove all but the newest few entries of this kind (data that changed leaves its old
    entries behind; several data sets may be in use at once), and temporary files left by killed
    writers. Only files named as this module names them, and starting with its magic, are ever
    removed: a cache directory shared with other files loses none of them."""
    try:
        mine: list[tuple[int, str]] = []
        now = time.time()
        for entry in os.scandir(folder):
            name = entry.name
            if name.startswith(".") and name.endswith(".tmp"):
                try:
                    if now - entry.stat().st_mtime > _STALE_TMP_SECONDS and _ours(entry.path,
                                                                                  tmp=True):
                        os.unlink(entry.path)
                except OSError:
                    pass
                continue
            m = _NAME.fullmatch(name)
            if m is None or m["kind"] != kind or name == keep or not _ours(entry.path):
                continue
            try:
                mine.append((entry.stat().st_mtime_ns, entry.path))
            except OSError:
                continue
        mine.sort(reverse=True)
        for _, path in mine[KEEP_PER_KIND - 1:]:
            os.unlink(path)
    except OSError:
        pass


def _ours(path: str, *, tmp: bool = False) -> bool:
    """Whether a file starts as this module writes files (an empty .tmp counts: a killed writer
    may leave one before its first byte)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not _mine(os.fstat(fd)):
            return False
        head = os.read(fd, 4)
    except OSError:
        return False
    finally:
        os.close(fd)
    return head in (_MAGIC, BLOCKS) or (tmp and head == b"")


def discard(kind: str, key: str) -> None:
    """Remove an entry found to be damaged, so the next call rebuilds it."""
    folder = cache_dir()
    if folder is not None:
        try:
            os.unlink(os.path.join(folder, f"{kind}-{key}.bin"))
        except OSError:
            pass


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
        found = lookup(kind, key, decode)
        if found is not None:
            return found
    value = build()
    if key is not None:
        write(kind, key, encode(value))
    return value


def lookup(kind: str, key: str, decode: Callable[[Any], T] = _same) -> T | None:
    """The value cached under ``kind``/``key``, decoded, or None."""
    data = read(kind, key)
    if data is None:
        return None
    try:
        return decode(data)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None  # a well-formed file of the wrong shape: rebuild
