"""The learned reader's weight table as the search index keeps it: in buckets read one at a time.

Why apart from search_index.py: the index holds many tables; this one is large (22,000 rows, most
of the index's bytes) and is consulted a few dozen rows per query, so it has its own layout and
its own cache entry (cache_blocks.py), read with ``os.pread``. What the weights mean is
search_reader.py's.
"""

from __future__ import annotations

import marshal
import zlib
from typing import Any

from .search_reader import load_reader

ROWS_FORMAT = 1

def build_reader() -> dict[str, Any]:
    """The reader's weights, in buckets marshalled apart (:class:`ReaderRows`), so a warm search
    unpacks only the buckets of the query's features, not the whole table."""
    from .discover import bundled_data_dir

    reader = load_reader(bundled_data_dir())
    buckets: list[dict[str, Any]] = [{} for _ in range(READER_BUCKETS)]
    for feature, row in reader["weights"].items():
        buckets[ReaderRows.bucket(feature)][feature] = row
    reader["weights"] = [marshal.dumps(b) for b in buckets]
    return reader


READER_BUCKETS = 512


class ReaderRows:
    """The reader's table (feature -> row), read a bucket at a time. Why: the table has some
    22,000 features, and reading and unpacking it whole was a third of a warm search; a query
    has a few dozen features, so it unpacks a few dozen small buckets. A feature's bucket is a
    CRC of its name (stable across processes, unlike ``hash``). The buckets are in memory
    (``buckets``), or in a cache entry of their own read with ``os.pread`` (``key``,
    cache_blocks.py); a bucket missing or damaged there is rebuilt from the bundled weights,
    never believed."""

    __slots__ = ("buckets", "key", "_blocks", "_open")

    def __init__(self, buckets: list[bytes] | None, key: str | None = None) -> None:
        if buckets is not None and (len(buckets) != READER_BUCKETS
                                    or not all(type(b) is bytes for b in buckets)):
            raise TypeError("reader buckets are not bytes")
        if buckets is None and not isinstance(key, str):
            raise TypeError("reader rows have neither buckets nor a key")
        self.buckets = buckets
        self.key = key
        self._blocks: Any = None
        self._open: dict[int, dict[str, Any]] = {}

    @staticmethod
    def bucket(feature: str) -> int:
        return zlib.crc32(feature.encode("utf-8", "surrogatepass")) % READER_BUCKETS

    def store(self) -> None:
        """Write the buckets to their cache entry (when built under a key)."""
        if self.key is not None and self.buckets is not None:
            from .cache_blocks import write_blocks

            write_blocks(reader_kind(), self.key, self.buckets)

    def _raw(self, i: int) -> bytes | None:
        if self.buckets is not None:
            return self.buckets[i]
        if self._blocks is None:
            from .cache_blocks import open_blocks

            self._blocks = open_blocks(reader_kind(), str(self.key)) or ()
        return self._blocks.get(i) if len(self._blocks) == READER_BUCKETS else None

    def _table(self, i: int) -> dict[str, Any]:
        table = self._open.get(i)
        if table is None:
            try:
                table = marshal.loads(self._raw(i) or b"")
            except (EOFError, ValueError, TypeError):
                table = None
            if not isinstance(table, dict):  # missing or damaged: from the bundled weights
                self.buckets = build_reader()["weights"]
                self.store()
                table = marshal.loads(self.buckets[i])
            self._open[i] = table
        return table

    def get(self, feature: str, default: Any = None) -> Any:
        return self._table(self.bucket(feature)).get(feature, default)

    def items(self) -> list[tuple[str, Any]]:
        return [item for i in range(READER_BUCKETS) for item in self._table(i).items()]


def reader_kind() -> str:
    """The cache name of the reader's buckets (its key is the topic index's, which changes with
    the taxonomy, the weights, and every module of the package)."""
    return f"reader-rows{ROWS_FORMAT}"


def with_rows(reader: Any) -> Any:
    """The reader's plain data with its weights as :class:`ReaderRows` (from their buckets,
    or from the key of their cache entry)."""
    if isinstance(reader, dict):
        weights = reader.get("weights")
        if isinstance(weights, list):
            return {**reader, "weights": ReaderRows(weights)}
        if isinstance(weights, str):
            return {**reader, "weights": ReaderRows(None, weights)}
    return reader


def plain_rows(value: Any) -> Any:
    """A field as plain data for marshal (the reader's rows as the key of their entry, or as
    their buckets when they have none)."""
    if isinstance(value, dict) and isinstance(value.get("weights"), ReaderRows):
        rows = value["weights"]
        return {**value, "weights": rows.key if rows.key is not None else rows.buckets}
    return value
