"""The MCP server's prompts: ``answer_with_citations`` (search, show, then an answer quoted from
the codes) and ``decide`` (the decision worksheet, :mod:`peerethics.mcp_worksheets`).

Apart from :mod:`peerethics.mcp_server` so that module stays about its tools; like it, no
``from __future__ import annotations``: the SDK reads the prompts' annotations at run time.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .errors import PeerEthicsError, error_lines
from .mcp_answers import EDITORIAL, SANCTIONS, SILENCE, VERBATIM

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

    from .model import Catalog


PROMPT = """\
Answer this question about peer specialist ethics from the codes themselves: {question}

1. Call search with the question in the person's own words (add codes=[...] if they said which \
credential or state they work under). Search again with other words if the results miss the \
point.
2. Call show with the ids of the principles that bear on the question, to read their full \
records (tiers, importance, see-also to the other codes' principles on the same topics).
3. If the person asks what could happen to them, call sanctions for the principle.
4. Answer: quote each principle you rely on word for word, in quotation marks, with its id \
(e.g. MO-13), and say which code (state and credential) it belongs to. {verbatim} {editorial} \
{sanctions} {silence} If no principle's text answers the question, say that the codes do not \
address it rather than inventing a rule."""


def answer_prompt(server: "MCPServer[Any]") -> None:
    """The prompt that walks a model through an answer quoted from the codes."""
    from typing import Annotated

    from pydantic import Field

    @server.prompt(name="answer_with_citations", title="Answer an ethics question with citations",
                   description="Walks through search, show (and sanctions), then an answer that "
                               "quotes the codes word for word with their ids.")
    def answer_with_citations(
        question: Annotated[str, Field(description="The question or situation, in the "
                                       "person's own words.")],
    ) -> str:
        return PROMPT.format(question=question, verbatim=VERBATIM, editorial=EDITORIAL,
                             sanctions=SANCTIONS, silence=SILENCE)


def decide_prompt(server: "MCPServer[Any]", catalog: Callable[[], "Catalog"]) -> None:
    """``decide``: the decision worksheet for a situation (peerethics.mcp_worksheets); bad
    input is the command line's one-line message, as an invalid-params error."""
    from typing import Annotated

    from mcp.shared.exceptions import MCPError
    from mcp.types import INVALID_PARAMS
    from pydantic import Field

    from .mcp_worksheets import decide_prompt as worksheet

    @server.prompt(name="decide", title="Work through an ethical decision",
                   description="A decision worksheet for supervision or class: the principles "
                               "that may apply, word for word with ids (or that a code is "
                               "silent), then the steps of a decision to work through.")
    def decide(
        situation: Annotated[str, Field(description="The situation, in the person's own "
                                        "words.")],
        codes: Annotated[str | None, Field(description="Only these codes, comma-separated "
                                           "(e.g. MO or MO,CT); default every code.")] = None,
    ) -> str:
        from .inert import inert

        try:  # data's control characters shown, as in every text the server gives
            return inert(worksheet(catalog(), situation, [codes] if codes else None))
        except PeerEthicsError as exc:
            raise MCPError(INVALID_PARAMS, "\n".join(error_lines(exc))) from None


def refuse_unknown_arguments(server: "MCPServer[Any]") -> None:
    """A prompt that does not exist, a required argument left out, or an argument a prompt does
    not take, said in one line as an invalid-params error that names what exists, as the tools
    do (the SDK said ``Unknown prompt: x`` with a name's line break in it, ``Missing required
    arguments: {'situation'}``, and "Error rendering prompt decide" for ``code`` given for
    ``codes``, all code 0). Wraps the server's ``get_prompt``, which the SDK's handler calls
    through the instance: the SDK has no public hook."""
    from mcp.shared.exceptions import MCPError
    from mcp.types import INVALID_PARAMS

    from .mcp_tool_errors import shown

    original = server.get_prompt
    prompts = server._prompt_manager

    async def get_prompt(name: str, arguments: dict[str, str] | None = None,
                         context: Any = None) -> Any:
        prompt = prompts.get_prompt(name)
        if prompt is None:
            known = ", ".join(p.name for p in prompts.list_prompts())
            raise MCPError(INVALID_PARAMS, f"peerethics: error: there is no prompt "
                                           f"{shown(name)}; the prompts are {known}")
        takes = [a.name for a in prompt.arguments or ()]
        missing = [a.name for a in prompt.arguments or ()
                   if a.required and a.name not in (arguments or {})]
        if missing:
            raise MCPError(INVALID_PARAMS, f"peerethics: error: the prompt {name} needs "
                                           f"{', '.join(missing)}; its arguments are "
                                           f"{', '.join(takes)}")
        unknown = sorted(set(arguments or {}) - set(takes))
        if unknown:
            raise MCPError(INVALID_PARAMS, f"peerethics: error: the prompt {name} takes no "
                                           f"argument {unknown[0]!r}; its arguments are "
                                           f"{', '.join(takes)}")
        return await original(name, arguments, context)

    server.get_prompt = get_prompt  # type: ignore[method-assign]
