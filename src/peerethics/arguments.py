"""The library's arguments checked where they enter it, so a wrong one is one clear error of the
family (:class:`InputError`), never an ``IndexError`` or ``AttributeError`` from deep inside.
A query that is not text is a ``TypeError``, as Python's own string functions raise."""

from __future__ import annotations

from typing import Any

from .errors import InputError


def check_search(catalog: Any, query: Any, codes: Any, limit: Any) -> None:
    """Refuse what :func:`peerethics.search` cannot answer: a query that is not a ``str``
    (TypeError); a catalog that is not one, codes that are not a list of ids, a limit that is
    not a whole number of at least 1 or None (InputError)."""
    from .model import Catalog

    if not isinstance(query, str):
        raise TypeError(f"the query must be a str, not {type(query).__name__}")
    if not isinstance(catalog, Catalog):
        raise InputError(f"the catalog must be a Catalog (from load_catalog()), not "
                         f"{type(catalog).__name__}", hint="e.g. search(load_catalog(), 'gifts')")
    if codes is not None and (not isinstance(codes, list | tuple)
                              or not all(isinstance(c, str) for c in codes)):
        raise InputError(f"codes must be a list of code ids, not {_shown(codes)}",
                         hint="e.g. codes=['MO', 'CT']")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InputError(f"the limit must be a whole number of at least 1 (or None for every "
                         f"result), not {_shown(limit)}", hint="e.g. limit=10")


def check_ids(ids: Any, what: str, example: str) -> None:
    """Refuse a lone string (or anything but a list or tuple of strings) where a list of ids
    goes: iterated, ``"MO-13"`` would be read letter by letter ("'M' is not a principle id").
    ``what`` names the argument and its ids (``ids``/``principle``, ``codes``/``code``)."""
    if not isinstance(ids, list | tuple) or not all(isinstance(i, str) for i in ids):
        name, kind = what.split("/")
        raise InputError(f"{name} must be a list of {kind} ids, not {_shown(ids)}",
                         hint=f"e.g. {name}={example}")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
