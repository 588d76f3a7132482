"""Bounded reads of standard input, as data files are bounded (``discover.MAX_FILE_BYTES``):
``peerethics show - < /dev/zero`` or ``quiz < /dev/zero`` stop with one line, never exhaust
memory. Bytes that are not UTF-8 reach the caller as escapes (surrogates), never as an error.
"""

from __future__ import annotations

from typing import TextIO

from .errors import InputError

# Ids on stdin: a million bytes is some 100,000 ids, far more than anyone pipes to `show -`.
MAX_STDIN_BYTES = 1_000_000
# One answer to a quiz question: a letter or a number; a line this long is not an answer.
MAX_LINE_BYTES = 10_000

_BOM = b"\xef\xbb\xbf"


def _too_large(what: str, limit: int, hint: str) -> InputError:
    return InputError(f"{what} on standard input is too large (more than {limit:,} bytes)",
                      hint=hint)


def read_text(stream: TextIO | None, *, limit: int = MAX_STDIN_BYTES) -> str:
    """All of ``stream`` as text, or "" when it is closed or unreadable. A UTF-8 byte-order
    mark at the start is dropped. More than ``limit`` bytes is an :class:`InputError`."""
    if stream is None:
        return ""
    hint = "give ids a few at a time, one a line (e.g. printf 'MO-13\\n' | peerethics show -)"
    try:
        raw = getattr(stream, "buffer", None)
        if raw is None:
            text = str(stream.read(limit + 1))
            if len(text) > limit:
                raise _too_large("the text", limit, hint)
        else:
            data = bytes(raw.read(limit + 1))
            if len(data) > limit:
                raise _too_large("the text", limit, hint)
            text = data.decode("utf-8-sig" if data.startswith(_BOM) else
                               (stream.encoding or "utf-8"), "surrogateescape")
    except (OSError, ValueError):
        return ""
    except MemoryError:  # a read this small cannot exhaust memory unless memory is all but gone
        raise _too_large("the text", limit, hint) from None
    return text.removeprefix("\ufeff")


def read_line(stream: TextIO | None, *, limit: int = MAX_LINE_BYTES) -> str | None:
    """One line of ``stream`` without its line end, or None at its end (or when there is none).
    A line longer than ``limit`` bytes is an :class:`InputError`; bytes that are not UTF-8 are
    text like any other (replaced), never an error."""
    if stream is None:
        return None
    hint = "answer with a letter or a number, one a line"
    try:
        raw = getattr(stream, "buffer", None)
        if raw is not None:
            data = bytes(raw.readline(limit + 1))
            if not data:
                return None
            if len(data) > limit:
                raise _too_large("a line", limit, hint)
            line = data.decode("utf-8", "replace")
        else:
            line = str(stream.readline(limit + 1))
            if not line:
                return None
            if len(line) > limit:
                raise _too_large("a line", limit, hint)
    except (OSError, ValueError):
        return None
    return line.rstrip("\r\n").removeprefix("\ufeff")
