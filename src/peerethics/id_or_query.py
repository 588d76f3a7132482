"""The rule for a search query that is a principle id (``MO-13``), for every face at once.

A person who types an id to search wants that principle, not words like it; a script must still
get no other shape than a search's. Both faces (the command line's ``search`` and the MCP
``search`` tool) ask :func:`principles_named` first and decide only how to answer: the command
line shows the principle (or, for JSON, points to ``show``), the MCP tool points to its ``show``
tool. Kept apart from :mod:`peerethics.ids` (which reads ids) because this is search's rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from .model import Catalog, Principle


def require_words(text: str, example: str) -> str:
    """The query, stripped; an :class:`InputError` when it is empty (``example`` shows one)."""
    if not text.strip():
        raise InputError("the query is empty", hint=f"give words to look for, e.g. {example}")
    return text.strip()


def principles_named(catalog: Catalog, text: str) -> list[Principle]:
    """The principles a query names when it is only principle ids (``MO-13``, ``mo13, ct 2``),
    else ``[]`` (search it as words). An id past the end of a code it names (``MO-99``) is an
    :class:`InputError` saying the code's range, not a search for the words "MO" and "99"."""
    from .ids import code_of, looks_like_ids, resolve_principle

    as_ids = looks_like_ids(text)
    if not as_ids:
        return []
    try:
        return [resolve_principle(catalog, i) for i in as_ids]
    except InputError:
        if all(code_of(catalog, i) for i in as_ids):
            raise
        return []


def not_words_error(text: str, hint: str) -> InputError:
    """The error for ids given where only words are taken (JSON output, the MCP tool)."""
    return InputError(f"{text.strip()[:60]!r} is a principle id, not words to search for",
                      hint=hint)
