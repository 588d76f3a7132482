"""Text from data made inert for a reader that may be a terminal: control characters (ESC and the
rest) and the bidirectional overrides and isolates shown as visible escapes (``\\x1b``,
``\\u202e``), so a code file cannot drive a terminal or make text read in another order.

Why a module of its own: every face shows data this way (the command line's tables and pages,
and the MCP server's texts, which an assistant may print to a terminal); one definition, with no
import beyond ``re``, so the MCP server need not import the command line's rendering.
"""

from __future__ import annotations

import re

# C0 and C1 controls, and the bidirectional overrides and isolates (U+202A-U+202E,
# U+2066-U+2069), which can make a terminal show text in another order than it is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """Control characters (ESC and the rest) made visible, so data cannot drive the terminal."""
    return _CONTROL.sub(_visible_escape, text)


def _visible_escape(m: re.Match[str]) -> str:
    n = ord(m.group())
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"
