"""Bounded answers for the MCP tools: no tool result over :data:`MAX_RESULT_CHARS` characters.

Why: some MCP clients reject a tool result over 25,000 tokens, and a model reads a long one
badly. Bundled answers are far below the bound, but a user's catalog (an agency's 50,000
principles, a code of 20,000) makes whole codes and long lists unbounded. So a tool's list (its
results, principles, rows, codes or topics) is cut into pages that fit, each saying which part
it is and how to ask for the rest (``offset``), in its text and in its structured content
(``page``). An answer that fits whole is exactly what it was, page-free, so the structured content
stays the JSON the command line prints.

Plain library code, no SDK: :mod:`peerethics.mcp_answers` pages its answers with :func:`paged`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .errors import InputError

T = TypeVar("T")

MAX_RESULT_CHARS = 80_000  # text and structured content together, as the client receives them
NOTE_ROOM = 600  # kept free for the page's note and its structured ``page``


SEE_ALSO_MAX = 50  # see-also ids kept per principle in a tool's answer


def trimmed(principle: dict[str, Any]) -> dict[str, Any]:
    """A principle object with at most :data:`SEE_ALSO_MAX` see-also ids, and
    ``see_also_total`` when it had more: with thousands of codes on the same topics, the list
    alone would be over the bound (3,600 codes: 80,000 characters for one principle)."""
    also = principle.get("see_also")
    if not isinstance(also, list) or len(also) <= SEE_ALSO_MAX:
        return principle
    return {**principle, "see_also": also[:SEE_ALSO_MAX], "see_also_total": len(also)}


def size(data: Any, text: str) -> int:
    """A result's characters: its text, and its structured content as JSON, counted as the
    widest common writer writes it (spaces after separators, non-ASCII escaped), so a client
    counting another way counts no more."""
    return len(text) + len(json.dumps(data))


def paged(items: Sequence[T], offset: int, render: Callable[[Sequence[T]], tuple[Any, str]],
          what: str, again: str) -> tuple[Any, str]:
    """The answer for ``items[offset:]``, or for as many of them as fit (at least one), with a
    note saying which ``what`` are shown and how to get the rest (``again``: the call to repeat,
    e.g. ``"call show with the same ids"``). A list answer that is paged becomes
    ``{"result": [...], "page": {...}}``; an object answer gets a ``page`` key."""
    total = len(items)
    if offset < 0 or (offset and offset >= total):
        raise InputError(f"offset {offset} is past the end: there are {total:,} {what}",
                         hint=f"give an offset from 0 to {max(total - 1, 0)}")
    rest = items[offset:]
    data, text = render(rest)
    if not offset and size(data, text) <= MAX_RESULT_CHARS:
        return data, text
    count = len(rest)
    if size(data, text) > MAX_RESULT_CHARS - NOTE_ROOM:
        count = _fitting(rest, render)
        data, text = render(rest[:count])
    end = offset + count
    page = {"offset": offset, "count": count, "total": total,
            "next_offset": end if end < total else None}
    note = (f"Shown: {what} {offset + 1:,}-{end:,} of {total:,}."
            + (f" For the rest, {again} and offset={end}." if end < total else " That is all."))
    if isinstance(data, dict):
        data = {**data, "page": page}
    else:
        data = {"result": data, "page": page}
    return data, f"{text}\n\n{note}"


def _fitting(items: Sequence[T], render: Callable[[Sequence[T]], tuple[Any, str]]) -> int:
    """The most leading items whose answer fits with room for the note (a binary search: an
    answer grows with its items). One item that alone does not fit is an error saying so."""
    budget = MAX_RESULT_CHARS - NOTE_ROOM
    if size(*render(items[:1])) > budget:
        raise InputError(f"one item of this answer is over the {MAX_RESULT_CHARS:,} characters a "
                         "tool result may hold",
                         hint="read it with the command line (peerethics show ID)")
    lo, hi = 1, len(items)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if size(*render(items[:mid])) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return lo
