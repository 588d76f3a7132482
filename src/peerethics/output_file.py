"""Writing what ``-o`` names (``html``, ``case``, ``decide``): whole or not at all, through a
link, to a device as it is, with the permissions the file had or the umask allows.

Apart from :mod:`peerethics.cli_commands` because it is one concept with several callers, and
that module was at its 450 lines (the house limit). Command-line only: it raises
:class:`peerethics.errors.InputError` worded for ``-o``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence


def check_folder(path: str, data_paths: Sequence[str] = ()) -> None:
    """Refuse a path in a folder that does not exist, before any work is done for it (a page
    or a worksheet built, then nowhere to put it), and a data file this call reads (the bundled
    codes, ``data_paths``' files): ``-o agency/ag.yaml`` for ``-o agency/ag.md``, one letter
    mistyped, would put a case file where the agency's code was."""
    import os

    if not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        raise InputError(f"cannot write {path}: its folder does not exist",
                         hint="give -o a file in a folder that exists")
    from .discover import discover, in_bundled, would_read

    if in_bundled(os.path.realpath(path)):  # through links, as the write goes
        raise InputError(f"cannot write {path}: it is in the data peerethics ships with (its "
                         "codes, search reader and words), which every call reads",
                         hint="give -o a file outside the package's data folder")
    try:
        st = os.stat(path)  # through links, as the write goes
    except (OSError, ValueError):  # a new file: nothing to lose, unless it would be read
        folder = would_read(os.path.realpath(path), data_paths)  # a dangling link's target
        if folder is not None:
            raise InputError(f"cannot write {path}: it would be a data file peerethics reads "
                             f"(a YAML file in {folder}), and every later call would fail "
                             "on it", hint="give -o another file name (e.g. ending .md)"
                             ) from None
        return

    for file in discover(data_paths).files:
        if (file.stat.st_dev, file.stat.st_ino) == (st.st_dev, st.st_ino):
            raise InputError(f"cannot write {path}: it is a data file peerethics reads "
                             f"({file.display}); writing would replace it",
                             hint="give -o another file name")


def write_file(path: str, data: bytes) -> None:
    """Write ``data`` whole or not at all (a temporary file beside it, then renamed), so a full
    disk never leaves half a page where a good one was. A symbolic link is written through (the
    link stays); a character device or a pipe (``/dev/stdout``, ``/dev/full``) is written to as
    it is, a block device refused, never replaced by a file (as root, the rename put a file
    where /dev/full was). A file replaced keeps its permissions, and a new one gets what the
    umask allows: a case file is confidential."""
    import os
    import stat
    import tempfile

    try:
        if path.endswith(("/", os.sep)):  # a folder's name ("out/"): never the file "out"
            raise IsADirectoryError(21, "it names a folder")
        umask = os.umask(0)
        os.umask(umask)
        try:
            mode = os.stat(path).st_mode  # through links, as the kernel follows them
        except FileNotFoundError:
            mode = stat.S_IFREG | (0o666 & ~umask)  # a new file, as the umask allows
        if stat.S_ISBLK(mode):  # a disk: never written over (`-o /dev/sda` for `-o sda.md`)
            raise IsADirectoryError(21, "it is a block device (a disk), not a file")
        if not stat.S_ISREG(mode):  # opened by its name: /dev/stdout -> /proc/self/fd/1 ->
            with open(path, "wb") as out:  # a pipe, which no path names
                out.write(data)
            return
        real = os.path.realpath(path)  # a file, through its links: replaced where it is
        fd, tmp = tempfile.mkstemp(prefix=".peerethics-", suffix=".tmp",
                                   dir=os.path.dirname(real))
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, stat.S_IMODE(mode))  # a file made private stays private
            os.replace(tmp, real)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}",
                         hint="give -o a file in a folder you can write to") from None
