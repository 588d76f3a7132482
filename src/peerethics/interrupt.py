"""Ctrl-C while the command line starts: exit 130 without a traceback, as it does once a
command runs (:func:`peerethics.cli_commands.guarded`).

A command's own handler is reached only after its modules are imported (Typer's alone is tens
of milliseconds), and an interrupt before that used to print Python's ``KeyboardInterrupt``
traceback. So :mod:`peerethics.cli_fast` sets ``sys.excepthook`` on its first line (an interrupt
that escapes every handler then ends the process quietly, by SIGINT, which a shell reports as
130), and wraps ``main`` in :func:`exit_on_interrupt`. Only the command line uses this; the
library never touches signals or hooks.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

EXIT_INTERRUPTED = 130


def _unraisable(info: object) -> None:
    if not isinstance(getattr(info, "exc_value", None), KeyboardInterrupt):
        sys.__unraisablehook__(info)  # type: ignore[arg-type]


def exit_on_interrupt(run: Callable[[], None]) -> None:
    """Run ``run``; an interrupt that reaches here (while Typer or a command's modules load)
    is exit 130, as a command's own handler makes it."""
    sys.unraisablehook = _unraisable  # "Exception ignored in ...: KeyboardInterrupt", too
    try:
        run()
    except KeyboardInterrupt:
        try:
            if sys.stderr is not None:
                sys.stderr.write("\n")
                sys.stderr.flush()
        except (OSError, ValueError):
            pass
        sys.exit(EXIT_INTERRUPTED)
