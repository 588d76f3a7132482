"""Progress of long work (a large cache build, a long ``validate``), for a person watching.

Why a hook rather than output: the library never writes to the streams itself. The command line
installs a reporter (:func:`peerethics.cli_output.check_format`) only when both stdout and stderr
are terminals and the answer is not JSON, so a pipe, a script or a JSON reader never sees a byte
of it. Long loops ask :func:`reporter` once and call what it gives at each item; with no reporter
installed, or too few items to take long, it gives None and the loop pays nothing.
"""

from __future__ import annotations

from collections.abc import Callable

MIN_ITEMS = 200  # fewer files or codes than this build in well under a second

Reporter = Callable[[str, int, int], None]
_INSTALLED: list[Reporter] = []


def install(report: Reporter | None) -> None:
    """Set (or, with None, remove) the one reporter: ``report(label, done, total)``."""
    _INSTALLED[:] = [report] if report is not None else []


def reporter(label: str, total: int) -> Callable[[int, int], None] | None:
    """What a loop over ``total`` items calls with ``(done, total)``, or None (no one watching,
    or too little work to report)."""
    if not _INSTALLED or total < MIN_ITEMS:
        return None
    report = _INSTALLED[0]

    def step(done: int, of: int) -> None:
        report(label, done, of)

    return step
