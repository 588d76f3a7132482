"""Which files are data, and reading them safely: the one walk that loading and validating share.

The bundled data is the package's ``data/`` folder (``topics.yaml`` and ``codes/*.yaml``). A user
path (``--data-dir``, ``PEERETHICS_DATA``, or an argument of ``validate``) is read by the same
rules whether it is loaded or validated, so a folder that validates is a folder that loads:

- a folder: its ``topics.yaml`` (or ``.yml``) is a taxonomy that adds topics to the bundled ones;
  every other ``*.yaml``/``*.yml`` in it and in its ``codes/`` subfolder is a code file;
- a file: a taxonomy if it is named ``topics.yaml``/``.yml``, else a code file.

Only regular files are data: a FIFO, a device or a socket named ``x.yaml`` is reported, never
opened for a blocking read, and no file is read past the size limit.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .errors import DataError, Problem

if TYPE_CHECKING:
    from os import PathLike

ENV_DATA = "PEERETHICS_DATA"
MAX_FILE_BYTES = 5_000_000
_SUFFIXES = (".yaml", ".yml")
_TAXONOMY = ("topics.yaml", "topics.yml")


class DataFile(NamedTuple):
    """One file to load: where it is, how messages name it, and where its code came from."""

    path: str
    display: str  # data/codes/MO.yaml for bundled files, the path as given for the user's
    origin: str  # "bundled", or the folder or file the user named (shown by `codes`)
    taxonomy: bool  # a topics file, not a code file
    stat: os.stat_result  # as found, so a cache can tell an unchanged file without reading it


class DataSet(NamedTuple):
    """Every file to load, bundled first then each user path in order, and what was wrong with
    the paths themselves (missing, unreadable, empty folders)."""

    files: tuple[DataFile, ...]
    problems: tuple[Problem, ...]


@lru_cache(maxsize=1)
def bundled_data_dir() -> str:
    """The data directory that ships with the package (or the checkout's, in development).

    The wheel installs it as ``peerethics/data`` beside this module. Looking there first costs
    nothing; ``importlib.resources`` (several milliseconds to import) is only asked when the
    package lives somewhere that is not a plain directory.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(here, "data")
    checkout = os.path.join(os.path.dirname(os.path.dirname(here)), "data")
    for candidate in (installed, checkout):
        if os.path.isfile(os.path.join(candidate, "topics.yaml")):
            return candidate
    from importlib.resources import files

    resource = os.path.join(str(files("peerethics")), "data")
    if os.path.isfile(os.path.join(resource, "topics.yaml")):
        return resource
    raise DataError([Problem(installed, 1, 1, "the bundled data is missing; reinstall "
                             "peerethics (`pip install --force-reinstall peerethics`)")])


def env_data_dirs(environ: os._Environ[str] | dict[str, str] | None = None) -> list[str]:
    """Directories named in ``PEERETHICS_DATA`` (``os.pathsep``-separated; empty parts ignored)."""
    value = (os.environ if environ is None else environ).get(ENV_DATA, "")
    return [p for p in value.split(os.pathsep) if p.strip()]


_NO_CWD = ("the current folder no longer exists, so a relative path names nothing; cd to a "
           "folder that exists, or give an absolute path")


def absolute(path: str) -> str:
    """``path`` made absolute, or a :class:`DataError` saying why not (a relative path when the
    current folder was deleted), rather than an ``OSError`` with no file name."""
    try:
        return os.path.abspath(path)
    except OSError:
        raise DataError([Problem(_shown(path), 1, 1, _NO_CWD)]) from None


def discover(paths: Sequence[str | PathLike[str]], *, bundled: bool = True) -> DataSet:
    """The bundled files (unless ``bundled`` is false), then every user path's files."""
    files: list[DataFile] = []
    problems: list[Problem] = []
    if bundled:
        root = bundled_data_dir()
        files += _folder(root, "data/", "bundled", problems, top_codes=False)
    seen: set[str] = set()
    for raw in paths:
        path = os.fspath(raw)
        if not isinstance(path, str):  # bytes: every message and key here is text
            raise TypeError(f"a data path must be text (str or a PathLike of str), not "
                            f"{type(path).__name__}: {path!r}")
        shown = _shown(path)
        if not path.strip():  # `--data-dir ''`: not the current folder, a missing value
            problems.append(Problem("(empty path)", 1, 1, "a data path is empty; name a folder "
                                    "or file (`.` for the current folder)"))
            continue
        try:
            real = os.path.realpath(path)
        except OSError:  # a relative path, and the current folder was deleted
            problems.append(Problem(shown, 1, 1, _NO_CWD))
            continue
        if real in seen:
            continue  # named twice (PEERETHICS_DATA and --data-dir): its codes are not a clash
        seen.add(real)
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            problems.append(Problem(shown, 1, 1, "no such file or directory"))
            continue
        if stat.S_ISDIR(st.st_mode):
            found = _folder(path, None, None, problems, top_codes=True)
            if not found and not any(p.file.startswith(shown) for p in problems):
                problems.append(Problem(shown, 1, 1, "directory holds no .yaml code files "
                                        "(nor a topics.yaml)"))
            files += found
        elif stat.S_ISREG(st.st_mode):
            taxonomy = os.path.basename(path) in _TAXONOMY
            files.append(DataFile(path, shown, _user_origin(shown), taxonomy, st))
        else:
            problems.append(Problem(shown, 1, 1, "is not a regular file or a directory"))
    return DataSet(_once(files), tuple(problems))


def would_read(path: str, paths: Sequence[str]) -> str | None:
    """The user's data folder (as shown) a new file at ``path`` would be read from, or None: a
    ``*.yaml``/``*.yml`` made in a data folder or its ``codes/`` is a code file to every later
    call, so ``-o`` must not make one (``-o agency/new.yaml``: each command after it failed on a
    case file's Markdown). Folders are compared by device and inode, as files are. (The bundled
    data folder is :func:`in_bundled`'s, all of it.)"""
    name = os.path.basename(path)
    if not name.endswith(_SUFFIXES) or name.startswith("."):
        return None
    try:
        st = os.stat(os.path.dirname(os.path.abspath(path)))
    except (OSError, ValueError):
        return None
    folders: list[tuple[str, str]] = []
    for given in paths:
        folders += [(given, _shown(given)), (os.path.join(given, "codes"),
                                             _shown(os.path.join(given, "codes")))]
    for folder, shown in folders:
        try:
            found = os.stat(folder)
        except (OSError, ValueError):
            continue
        if stat.S_ISDIR(found.st_mode) and (found.st_dev, found.st_ino) == (st.st_dev,
                                                                            st.st_ino):
            return shown
    return None


def in_bundled(path: str) -> bool:
    """Whether ``path`` (a file, made or not) lies anywhere under the bundled data folder: its
    codes, and the search's reader and words beside them, which every call reads (``-o
    .../peerethics/data/search/reader.json`` replaced the trained reader, and every search
    after it failed). Folders are compared by device and inode, up from the file's own."""
    try:
        root = os.stat(bundled_data_dir())
    except (OSError, ValueError):
        return False
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        try:
            st = os.stat(folder)
        except (OSError, ValueError):
            st = None
        if st is not None and (st.st_dev, st.st_ino) == (root.st_dev, root.st_ino):
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent


def _user_origin(shown: str) -> str:
    """A user file's origin: the path as given, but never the bundled files' own ``bundled``
    (a code file typed as ``bundled`` in the current folder is ``./bundled``), which would make
    the user's code pass for the package's, and be known by its stat alone (cache.recent)."""
    return os.path.join(".", shown) if shown == "bundled" else shown


def _once(files: list[DataFile]) -> tuple[DataFile, ...]:
    """Each file once, by what it is (device and inode), not by the path that named it:
    ``--data-dir d --data-dir d/codes`` finds ``d/codes/x.yaml`` twice, and a file is not a
    clash with itself. The first finding is kept. Bundled files are all kept (a user copy of
    one, even the package's own ``data/`` named as a user folder, stands in for it when the
    catalog is built, so it can be validated)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for file in files:
        key = (file.stat.st_dev, file.stat.st_ino)
        if file.origin == "bundled" or not file.stat.st_ino:
            out.append(file)
        elif key not in seen:
            seen.add(key)
            out.append(file)
    return tuple(out)


def _folder(
    folder: str, prefix: str | None, origin: str | None, problems: list[Problem], *,
    top_codes: bool,
) -> list[DataFile]:
    """A data folder's taxonomy and code files (``prefix``: how the bundled files are named;
    ``origin`` None: each file is its own origin, as `codes` shows for user codes)."""
    out: list[DataFile] = []
    for name in _TAXONOMY:
        path = os.path.join(folder, name)
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            continue
        if stat.S_ISREG(st.st_mode):
            shown = _display(path, prefix, name)
            out.append(DataFile(path, shown, origin or shown, True, st))
        else:
            problems.append(Problem(_shown(path), 1, 1, "is not a regular file"))
    where = [folder, os.path.join(folder, "codes")] if top_codes else [
        os.path.join(folder, "codes")]
    for sub in where:
        for name, path, st in _yaml_files(sub, problems, required=sub == folder):
            if sub == folder and name in _TAXONOMY:
                continue
            rel = name if sub == folder else f"codes/{name}"
            shown = _display(path, prefix, rel)
            out.append(DataFile(path, shown, origin or shown, False, st))
    return out


def _yaml_files(
    folder: str, problems: list[Problem], *, required: bool
) -> list[tuple[str, str, os.stat_result]]:
    """``*.yaml``/``*.yml`` regular files of ``folder`` (name, path, stat), sorted by name;
    others are reported. (Names, then a stat of each: at 3,600 files a third faster than
    ``os.scandir``'s entries, and every warm call lists them.)"""
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        if not required:
            return []
        problems.append(Problem(_shown(folder), 1, 1, "is not a directory"))
        return []
    except OSError as exc:
        problems.append(Problem(_shown(folder), 1, 1, f"directory cannot be read "
                                f"({exc.strerror or 'error'}); check its permissions"))
        return []
    out = []
    base = os.path.join(folder, "")
    for name in names:
        if not name.endswith(_SUFFIXES) or name.startswith("."):
            continue
        path = base + name
        try:
            st = os.stat(path)
        except OSError:
            problems.append(Problem(_shown(path), 1, 1, "cannot be read (a broken link?)"))
            continue
        if stat.S_ISREG(st.st_mode):
            out.append((name, path, st))
        elif not stat.S_ISDIR(st.st_mode):
            problems.append(Problem(_shown(path), 1, 1,
                                    "is not a regular file; only regular files are data"))
    return out


def _display(path: str, prefix: str | None, rel: str) -> str:
    return prefix + rel if prefix is not None else _shown(path)


# Control characters of a name (a line break would split a one-line message in two).
_NAME_CONTROLS = {n: f"\\x{n:02x}" for n in (*range(0x20), 0x7F)}


def _shown(path: str) -> str:
    """A path as messages show it: always valid text on one line (a name's undecodable bytes
    and control characters escaped)."""
    if path.isprintable():  # most names (undecodable bytes are not): nothing to escape, and
        return path  # every warm call shows them all (0.1 us a name)
    return path.encode("utf-8", "surrogateescape").decode(
        "utf-8", "backslashreplace").translate(_NAME_CONTROLS)


def read(file: DataFile) -> tuple[bytes | None, Problem | None, bool]:
    """A file's bytes, at most the size limit plus one, as (bytes, problem, unchanged).

    ``unchanged`` is true when the file read is the one :func:`discover` found (same inode,
    size and times): only then may a cache remember the file by its stat alone.
    """
    try:
        fd = os.open(file.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        return None, Problem(file.display, 1, 1, "is a directory, not a YAML file"), False
    except OSError as exc:
        return None, Problem(file.display, 1, 1,
                             f"cannot read the file: {exc.strerror or exc}"), False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, Problem(file.display, 1, 1,
                                 "is not a regular file; only regular files are data"), False
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(max(st.st_size - size, 0), MAX_FILE_BYTES) + 1)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_FILE_BYTES:
            return None, Problem(file.display, 1, 1, f"file is too large (more than "
                                 f"{MAX_FILE_BYTES:,} bytes); a code file is far smaller"), False
        unchanged = _same_file(st, file.stat) and _same_file(os.fstat(fd), file.stat)
        return b"".join(chunks), None, unchanged
    except OSError as exc:
        return None, Problem(file.display, 1, 1,
                             f"cannot read the file: {exc.strerror or exc}"), False
    finally:
        os.close(fd)


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino, a.st_size, a.st_mtime_ns, a.st_ctime_ns) == (
        b.st_dev, b.st_ino, b.st_size, b.st_mtime_ns, b.st_ctime_ns)
