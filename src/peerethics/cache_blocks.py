"""Cache entries read a block at a time: a table too large to unpack on every call (the search
reader's 22,000 rows, issue 28) is stored in blocks, each with its own CRC, and a call reads
only the blocks it needs with ``os.pread``. Where entries live, and how safely, is cache.py's.
"""

from __future__ import annotations

import marshal
import os
import zlib
from collections.abc import Sequence

from .cache import BLOCKS, open_entry, store_bytes


def write_blocks(kind: str, key: str, blocks: Sequence[bytes]) -> None:
    """Store ``blocks`` so that each can be read alone (:func:`open_blocks`): a header (the
    entry's name, each block's size and CRC, under a CRC of its own), then the blocks."""
    head = marshal.dumps((f"{kind}-{key}", [len(b) for b in blocks],
                          [zlib.crc32(b) for b in blocks]))
    store_bytes(kind, key, BLOCKS + zlib.crc32(head).to_bytes(4, "little")
                + len(head).to_bytes(4, "little") + head, *blocks)  # not joined: no copy


class Blocks:
    """An entry written by :func:`write_blocks`, read a block at a time (``os.pread``); a block
    whose CRC does not match is None, never believed. The file stays open while this lives."""

    def __init__(self, fd: int, starts: list[int], sizes: list[int], crcs: list[int]) -> None:
        self.fd: int | None = fd
        self.starts, self.sizes, self.crcs = starts, sizes, crcs

    def __len__(self) -> int:
        return len(self.starts)

    def get(self, i: int) -> bytes | None:
        if self.fd is None:
            return None
        try:
            data = os.pread(self.fd, self.sizes[i], self.starts[i])
        except OSError:
            return None
        return data if zlib.crc32(data) == self.crcs[i] else None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __del__(self) -> None:
        self.close()


def open_blocks(kind: str, key: str) -> Blocks | None:
    """The entry :func:`write_blocks` stored under ``kind``/``key``, or None if missing,
    damaged or not ours."""
    fd = open_entry(kind, key)
    if fd is None:
        return None
    try:
        top = os.pread(fd, 12, 0)
        size = int.from_bytes(top[8:12], "little")
        head = os.pread(fd, size, 12) if len(top) == 12 and top[:4] == BLOCKS else b""
        if not head or zlib.crc32(head) != int.from_bytes(top[4:8], "little"):
            raise ValueError("not a blocks entry")
        name, sizes, crcs = marshal.loads(head)
        if name != f"{kind}-{key}" or len(sizes) != len(crcs) or not sizes:
            raise ValueError("another entry")
        starts, at = [], 12 + size
        for n in sizes:
            starts.append(at)
            at += n
        if at != os.fstat(fd).st_size:
            raise ValueError("cut short")
        return Blocks(fd, starts, sizes, crcs)
    except (OSError, ValueError, EOFError, TypeError):
        os.close(fd)
        return None
