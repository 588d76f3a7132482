"""The MCP prompt ``decide``: the decision worksheet (:func:`peerethics.worksheets.decision`)
as the text an assistant is given, with how to work through it with the person.

Plain library code, like :mod:`peerethics.mcp_answers`: no MCP SDK, Typer or Rich here.
:mod:`peerethics.mcp_server` registers it. The principles are quoted exactly as the catalog
holds them, each with its id; search's reading, a code's silence and the steps are marked as
peerethics' words, as the command line's worksheet marks them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .mcp_answers import EDITORIAL, SILENCE, VERBATIM

if TYPE_CHECKING:
    from .model import Catalog

DECIDE = """\
Help the person work through this situation with the decision worksheet below, one step at a \
time, in conversation: ask about what they know before you suggest anything, and let them make \
the decision. The principles below were found by peerethics' search for the situation as given; \
call search or show for more (another code, other words) if the conversation brings up more. \
{verbatim} {editorial} {silence} Never state a rule, amount or time limit that no principle's \
text states. The steps and their prompts are peerethics' (editorial), not any code's.

"""


def decide_prompt(catalog: Catalog, situation: str, codes: Sequence[str] | None) -> str:
    """The prompt's text for ``situation`` (``codes``: only these, else every code)."""
    from .ids import split_codes
    from .worksheets import decision

    wanted = [c for given in codes or () for c in split_codes(catalog, given)]
    ws = decision(catalog, situation, wanted or None)
    lines = [DECIDE.format(verbatim=VERBATIM, editorial=EDITORIAL, silence=SILENCE),
             f"Situation (the person's words): {ws.situation}"]
    if ws.reading:
        lines.append(f"How search read it (editorial): {ws.reading}")
    lines += ["", "What the codes may say (each principle word for word, with its id):"]
    for f in ws.findings:
        lines.append(f"{f.code.id} ({f.code.short_name}):")
        if f.silent:
            lines.append(f"  (editorial) {f.silent}")
        for h in f.hits:
            weak = " (weak match)" if h.weak else ""
            lines.append(f'  {h.id}{weak}: "{h.principle.text}"')
    lines += ["", "The steps to work through (editorial):"]
    lines += [f"{s.heading}: {s.prompt}" for s in ws.steps]
    return "\n".join(lines)
