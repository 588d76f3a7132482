"""The one exception family the core raises.

The core never prints and never exits: it raises these, and the CLI turns each into one line on
stderr and an exit code (``exit_code``). Library users catch :class:`PeerEthicsError`.
"""


from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong in a data file, with where it is (1-based line and column)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class PeerEthicsError(Exception):
    """Base of every error peerethics raises on purpose; the CLI exits with ``exit_code``."""

    exit_code: int = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class DataError(PeerEthicsError):
    """One or more data files are invalid; ``problems`` lists every problem found, not the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = str(self.problems[0]) if self.problems else "invalid data"
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        super().__init__(
            head + more,
            hint="run `peerethics validate PATH` to list every problem; fix the file and retry",
        )


class InputError(PeerEthicsError):
    """The user asked for something that does not exist or does not apply (bad id, level, code)."""


class NotInForce(InputError):
    """No text of the code asked for is on file in force on the ``--as-of`` date: nothing to
    answer with (exit 1, as nothing found), never a newer text shown for an older day."""

    exit_code = 1


def error_lines(exc: PeerEthicsError) -> list[str]:
    """What peerethics says about ``exc``, worded once for every face (the command line prints
    these lines on stderr; ``peerethics mcp`` returns them as a tool error): a data error's
    problem lines (FILE:LINE:COL) and a summary, else one line, the message and its hint."""
    if isinstance(exc, DataError):
        count = len(exc.problems)
        return [*(str(p) for p in exc.problems),
                f"peerethics: error: {count} problem{'s' if count != 1 else ''} in data files; "
                "fix the file(s) named above and retry"]
    line = f"peerethics: error: {exc.message}"
    if exc.hint:
        line += f"; {exc.hint}"
    return [line]
