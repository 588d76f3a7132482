"""``peerethics validate``: check data files exactly as ``--data-dir`` would load them.

Validating *is* loading: the same walk (:func:`peerethics.discover.discover`) finds the files,
and the same path (:func:`peerethics.catalog.assemble`) reads, parses and merges them with the
bundled data. So a path that validates is a path that loads, and a path that would stop
``--data-dir`` is reported here with every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .errors import DataError, Problem

if TYPE_CHECKING:
    from os import PathLike


def validate_paths(paths: Iterable[str | PathLike[str]]) -> tuple[list[str], list[Problem]]:
    """Validate files and directories of data files; returns (files checked, problems).

    A taxonomy (``topics.yaml``, named or in a folder) is checked as a taxonomy, and the codes
    beside it are checked against the bundled topics plus its own: whoever edits both sees both.
    """
    from .catalog import assemble
    from .discover import discover

    found = discover(list(paths))
    problems = list(found.problems)
    try:
        assemble(found.files)
    except DataError as exc:
        problems += exc.problems
    checked = [f.display for f in found.files if f.origin != "bundled"]
    return checked, problems
