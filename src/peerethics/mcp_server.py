"""``peerethics mcp``: the codes served to AI assistants over the Model Context Protocol (stdio).

A face, like the ``cli*`` modules: each tool parses its arguments, calls the library and renders
the answer. The structured content of a tool's result is the JSON the command line prints with
``--json`` (built by :mod:`peerethics.contract`; a JSON list is wrapped as ``{"result": [...]}``,
since MCP structured content is an object), and its text content a short plain rendering of the
same answer for the model to read. Bad input comes back as a tool error (``isError``) carrying the
lines the command line prints for it (:func:`peerethics.errors.error_lines`), and the server keeps
serving.

The MCP SDK (the ``mcp`` extra; :mod:`peerethics.install` says how to add it) is imported
only by :func:`serve`, never at module level, so nothing else pays for it. Nothing here writes
to stdout: the SDK owns it for protocol messages; its logging goes to stderr.

No ``from __future__ import annotations`` here: the SDK reads the tools' parameter and return
annotations at run time, and the tools are defined inside :func:`build_server`, where the SDK's
types are imported.
"""

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import PeerEthicsError, error_lines
from .inert import inert
from .mcp_answers import (
    EDITORIAL,
    SANCTIONS,
    SILENCE,
    VERBATIM,
    code_text,
    codes_answer,
    compare_answer,
    sanctions_answer,
    search_answer,
    show_answer,
    topics_answer,
    verify_answer,
)

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer
    from mcp.types import CallToolResult

    from .model import Catalog
    from .options import Globals


INSTRUCTIONS = f"""\
peerethics holds the codes of ethics US peer specialists work under, word for word: MO (Missouri \
Credentialing Board, CPS), MO-DMH (Missouri Department of Mental Health, MPS), MA (Massachusetts \
CPS), NE (Nebraska CPSS), CT (Connecticut CPRS), plus any code the user added. Each code binds the \
people holding its credential, not everyone: say which code an answer rests on.

To answer a question about ethics: search in the person's own words, show the principles that \
matter, and answer by quoting them with their ids. {VERBATIM} {EDITORIAL} {SANCTIONS} {SILENCE} \
Never state a rule, amount or time limit that no principle's text states."""




# ------------------------------------------------------------------------------------- the server


def build_server(opts: "Globals", catalog: Callable[[], "Catalog"] | None = None, *,
                 on_loop: bool = False) -> "MCPServer[Any]":
    """The server, answering with the global options ``opts`` (paths already absolute) from
    ``catalog`` (default: a :class:`~peerethics.served.ServedCatalog` of them). The catalog is
    kept in memory between calls and re-checked against the files' stamps on each, so a user's
    data file fixed while the server runs is read, and one that breaks is an error result, not
    a dead server.

    ``on_loop``: answer each call on the event loop's thread, as stdio's one client is served
    (handing a call to a worker thread and back was 0.8 ms of a bundled search's 4.3 ms over a
    ping); else on a worker thread, as over HTTP, where a long answer (a whole code of
    thousands of principles) must not hold up other clients' calls."""
    import anyio.to_thread
    from mcp.server.mcpserver import MCPServer
    from mcp.types import CallToolResult, TextContent

    from .served import ServedCatalog

    current = catalog or ServedCatalog(opts.data_dirs)

    async def answer(work: Callable[["Catalog"], tuple[Any, str]],
                     as_of: str | None = None) -> CallToolResult:
        if on_loop:
            return respond(work, as_of)
        return await anyio.to_thread.run_sync(respond, work, as_of)

    def respond(work: Callable[["Catalog"], tuple[Any, str]],
                as_of: str | None) -> CallToolResult:
        try:
            cat = current()
            if as_of is not None:  # the text in force that day (peerethics.versions)
                cat = cat.as_of(as_of)
            data, text = work(cat)
        except PeerEthicsError as exc:
            lines = [inert(line) for line in error_lines(exc)]
            return CallToolResult(content=[TextContent(type="text", text="\n".join(lines))],
                                  is_error=True)
        structured = data if isinstance(data, dict) else {"result": data}
        if as_of is not None:
            said = [*cat.absent.values(), *cat.notes]
            text = "\n".join([f"As of {cat.as_of_date}:", *said, "", text]) if said else text
        # The text an assistant may print to a terminal shows data's control and direction
        # characters as escapes, as every face does; the structured content keeps them exact.
        return CallToolResult(content=[TextContent(type="text", text=inert(text))],
                              structured_content=structured)

    server: MCPServer[Any] = MCPServer("peerethics", version=__version__,
                                       instructions=INSTRUCTIONS, log_level="WARNING")
    _lookup_tools(server, answer)
    _verify_tool(server, answer)
    _overview_tools(server, answer)
    _refuse_unknown_arguments(server)
    from .mcp_prompts import answer_prompt, decide_prompt, refuse_unknown_arguments

    answer_prompt(server)
    decide_prompt(server, current)
    refuse_unknown_arguments(server)
    _code_resources(server, current)
    return server


def settle(catalog: Callable[[], "Catalog"]) -> None:
    """Before the first request: load the catalog and build what its calls use (the search
    index, the quotable passages), then move everything alive into the collector's permanent
    generation (``gc.freeze``). The SDK's hundreds of pydantic models and the catalog are never
    garbage; without this, each full collection walks them all again (the p95 of a search was
    42 ms, its median 6.6 ms). A broken data file is left for the first call to report."""
    import gc

    from .search_ranking import search
    from .verify import verify_quote

    try:
        cat = catalog()
        search(cat, "gifts", limit=1)
        verify_quote(cat, "gifts")
    except PeerEthicsError:
        pass
    gc.collect()
    gc.freeze()


# The SDK reads each tool's signature at run time (its annotations, evaluated when the function is
# defined: no postponed annotations in this module), so each registering function imports the
# SDK's and pydantic's types itself, and declares its tools one after another.
Answer = Callable[[Callable[["Catalog"], tuple[Any, str]], "str | None"],
                  Awaitable["CallToolResult"]]
AS_OF_HELP = ("A date (YYYY-MM-DD): answer from the version of each code in force that day, as "
              "an investigator needs for an incident; codes with no text on file for that day "
              "are left out and named. Default: the version in force today.")


# Bounds on what a tool is given, in its schema: an argument over one is a tool error naming it
# and the bound (the SDK's words), and the model reads the bounds in the schema. A megabyte
# argument is refused so, not worked on; the transport reads lines up to 16 MB so that it gets
# here (peerethics.mcp_transport). A quote's bound is the library's (peerethics.verify), worded
# as the command line words it.
MAX_QUERY = 10_000  # characters of a question: a situation told at length is a few hundred
MAX_NAME = 200  # characters of an id, a code, a topic or a level (each tool's Name)
MAX_ITEMS = 1_000  # ids or codes in one call


# The ``offset`` argument of every tool whose answer is paged (peerethics.mcp_pages).
OFFSET_HELP = ("Where to start, for the rest of an answer too long for one result (its last line "
               "and 'page.next_offset' say which offset to give); default 0.")


def _read_only() -> Any:
    from mcp.types import ToolAnnotations

    return ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                           open_world_hint=False)


def _lookup_tools(server: "MCPServer[Any]", answer: Answer) -> None:
    """search, show and sanctions: principles found, read and looked up.

    Longer than 60 lines: the SDK reads each tool's signature, so the three tools are defined
    here side by side with the argument types they share (AsOf, Offset, Codes)."""
    from typing import Annotated

    from mcp.types import CallToolResult
    from pydantic import Field

    read_only = _read_only()
    Name = Annotated[str, Field(max_length=MAX_NAME)]
    AsOf = Annotated[str | None, Field(description=AS_OF_HELP)]
    Offset = Annotated[int, Field(ge=0, description=OFFSET_HELP)]
    Codes = Annotated[Annotated[list[Name], Field(max_length=MAX_ITEMS)] | None, Field(
        description="Only these codes, by id (MO, MO-DMH, MA, NE, CT, or a user's own); "
                    "default: all.")]

    @server.tool(name="search", title="Search the codes of ethics", annotations=read_only,
                 description=(
                     "Find the principles that bear on a question or situation, across every code, "
                     "best first. Use it first, with the person's own words (a situation, a "
                     "question or keywords; typos are fine), then call show for the ids that "
                     "matter. Returns each principle's id, code and verbatim text, and how it "
                     f"matched (spelling corrections included). {VERBATIM} {EDITORIAL} An empty "
                     "result means no principle's text matched: say so, do not invent a rule."))
    async def search(
        query: Annotated[str, Field(max_length=MAX_QUERY,
                                    description="What to look for, in your own words.")],
        codes: Codes = None,
        limit: Annotated[int, Field(ge=1, le=50, description="Most results (ties with the "
                                    "last are kept, up to twice this).")] = 10,
        offset: Offset = 0,
        as_of: AsOf = None,
    ) -> CallToolResult:
        return await answer(lambda cat: search_answer(cat, query, codes, limit, offset), as_of)

    @server.tool(name="show", title="Show principles word for word", annotations=read_only,
                 description=(
                     "Show principles by id (MO-13, CT-12; forgiving: mo13, 'MO 13'): the verbatim "
                     "text, the code it belongs to, its seriousness levels (MO), its importance "
                     "text (CT), its topics and key terms, and see-also (principles of other codes "
                     "on the same topics, to compare). A code's id alone (MO) gives the whole "
                     "code, in document order; a long answer comes in pages (offset). "
                     f"{VERBATIM} {EDITORIAL}"))
    async def show(
        ids: Annotated[list[Name], Field(max_length=MAX_ITEMS, description=(
            "Principle ids, e.g. ['MO-13', 'CT-12'], or one code's id alone for the whole "
            "code."))],
        offset: Offset = 0,
        as_of: AsOf = None,
    ) -> CallToolResult:
        return await answer(lambda cat: show_answer(cat, ids, offset), as_of)

    @server.tool(name="sanctions", title="A principle's sanction menu", annotations=read_only,
                 description=(
                     "What a principle's code publishes about sanctions for breaking it: MO rates "
                     "each principle by seriousness (S, VS, ES) with a sanction menu per level; CT "
                     "defines four sanctions tied to no principle; MO-DMH, MA and NE publish none "
                     f"(the result says so). Use it when asked what could happen. {SANCTIONS} "
                     "Never present a menu as what will happen, and never give a code without one "
                     "another code's sanctions."))
    async def sanctions(
        principle_id: Annotated[Name, Field(description="One principle id, e.g. MO-13.")],
        level: Annotated[Name | None, Field(
            description="Only this seriousness level: S, VS or ES (or serious, very-serious, "
                        "extremely-serious); only codes that rate principles have levels.")]
        = None,
        as_of: AsOf = None,
    ) -> CallToolResult:
        return await answer(lambda cat: sanctions_answer(cat, principle_id, level), as_of)


def _verify_tool(server: "MCPServer[Any]", answer: Answer) -> None:
    """verify_quote: is this text what a code says."""
    from typing import Annotated

    from mcp.types import CallToolResult
    from pydantic import Field

    Name = Annotated[str, Field(max_length=MAX_NAME)]
    AsOf = Annotated[str | None, Field(description=AS_OF_HELP)]

    @server.tool(name="verify_quote", title="Check a quotation against the codes",
                 annotations=_read_only(), description=(
                     "Check that a quotation is a code's own words before giving it to the person: "
                     "answers 'verified' (the id and the document's exact words; differences of "
                     "quotation marks or dashes only are listed, to be repaired), 'close' (the "
                     "nearest passage, its exact words and what differs, word by word; or each "
                     "part of a quote joined from several principles) or 'not_found'. Checks "
                     "principle texts, CT's importance texts, glossaries, preambles and the rest "
                     "of each document, never the editorial fields. Only a 'verified' quote may "
                     "be presented as a code's words; never present a paraphrase as a quotation."))
    async def verify_quote(
        quote: Annotated[str, Field(description="The words to check, as you mean to quote them.")],
        id: Annotated[Name | None, Field(
            description="Where the quote says it comes from: a principle id (MO-13) or a code "
                        "id (CT); default: anywhere.")] = None,
        as_of: AsOf = None,
    ) -> CallToolResult:
        return await answer(lambda cat: verify_answer(cat, quote, id), as_of)


def _overview_tools(server: "MCPServer[Any]", answer: Answer) -> None:
    """compare, list_codes and list_topics: the codes side by side and what there is."""
    from typing import Annotated

    from mcp.types import CallToolResult
    from pydantic import Field

    read_only = _read_only()
    Name = Annotated[str, Field(max_length=MAX_NAME)]
    AsOf = Annotated[str | None, Field(description=AS_OF_HELP)]
    Offset = Annotated[int, Field(ge=0, description=OFFSET_HELP)]

    @server.tool(name="compare", title="Compare codes topic by topic", annotations=read_only,
                 description=(
                     "Line codes up by topic: which principles each code has on each topic, with "
                     "their key terms, and where the codes differ (one silent, or different key "
                     "terms such as time limits). Use it for 'how do the states differ on X' and "
                     "to see which codes are silent on a topic. "
                     f"{EDITORIAL} {SILENCE} Quote the principles' texts (full=true, or show) "
                     "when you answer."))
    async def compare(
        codes: Annotated[Annotated[list[Name], Field(max_length=MAX_ITEMS)] | None, Field(
            description="Two or more codes, by id; default: all.")] = None,
        topic: Annotated[Name | None, Field(
            description="Only this topic (an id from list_topics, or its label; 'romance' is "
                        "matched by meaning).")] = None,
        differences: Annotated[bool, Field(
            description="Only the topics where the codes differ.")] = False,
        full: Annotated[bool, Field(
            description="Add the principles' verbatim texts (field 'texts').")] = False,
        offset: Offset = 0,
        as_of: AsOf = None,
    ) -> CallToolResult:
        return await answer(
            lambda cat: compare_answer(cat, codes, topic, differences, full, offset), as_of)

    @server.tool(name="list_codes", title="List the codes", annotations=read_only,
                 description=(
                     "List the codes: id, title, jurisdiction, issuer, credential, number of "
                     "principles, seriousness levels and what sanctions each publishes. Use it "
                     "to learn the code ids and which credential each code binds; a code binds "
                     "only the people holding its credential."))
    async def list_codes(offset: Offset = 0, as_of: AsOf = None) -> CallToolResult:
        return await answer(lambda cat: codes_answer(cat, offset), as_of)

    @server.tool(name="list_topics", title="List the topics", annotations=read_only,
                 description=(
                     "List peerethics' topics (gifts, dual relationships, confidentiality...) with "
                     "how many principles each code has on each, and which. Use it to pick a topic "
                     f"for compare or to see which codes are silent on one. {EDITORIAL} {SILENCE}"))
    async def list_topics(offset: Offset = 0, as_of: AsOf = None) -> CallToolResult:
        return await answer(lambda cat: topics_answer(cat, offset), as_of)


def _refuse_unknown_arguments(server: "MCPServer[Any]") -> None:
    """Make an argument a tool does not take a tool error that names it, not silently dropped
    (the SDK's argument models ignore extra keys): a misspelt ``codes`` would otherwise search
    every code. Each tool's argument model is swapped for one that forbids extra keys, and its
    schema says so (``additionalProperties: false``). Reaches into the SDK's tool manager, as
    :mod:`peerethics.mcp_transport` does into its low-level server: there is no public hook."""
    from pydantic import ConfigDict

    for tool in server._tool_manager.list_tools():
        base = tool.fn_metadata.arg_model
        config = ConfigDict(**{**base.model_config, "extra": "forbid"})
        tool.fn_metadata.arg_model = type(base.__name__, (base,), {"model_config": config})
        tool.parameters["additionalProperties"] = False
    from .mcp_tool_errors import one_line_schema_errors

    one_line_schema_errors(server)  # what is refused, and an unknown tool, said in one line


def _code_resources(server: "MCPServer[Any]", catalog: Callable[[], "Catalog"]) -> None:
    """One resource per code found at start-up, its full text read afresh on each request."""
    from mcp.server.mcpserver.exceptions import ResourceError

    from .catalog import load_catalog

    try:
        listed = catalog().codes
    except PeerEthicsError:  # the bundled codes at least; reading one says what is wrong
        listed = load_catalog([]).codes

    def add_code_resource(code_id: str, title: str) -> None:
        def read() -> str:
            try:
                code = catalog().code(code_id)
            except PeerEthicsError as exc:
                raise ResourceError("\n".join(error_lines(exc))) from None
            if code is None:
                raise ResourceError(f"peerethics: error: there is no code {code_id} any more")
            return inert(code_text(code))

        server.resource(f"peerethics://codes/{code_id}", name=code_id, title=title,
                        mime_type="text/plain",
                        description=f"The full text of {code_id} ({title}): preamble or "
                                    "introduction, every principle word for word with its id, "
                                    "and peerethics' notes.")(read)

    for code in listed:
        add_code_resource(code.id, f"{code.short_name}: {code.title}")


def check_sdk() -> None:
    """Say in one line, as an error, that the MCP SDK 2.x is missing, and how to install it
    (for how peerethics itself was installed: peerethics.install)."""
    from .install import extra_hint

    try:
        import mcp  # noqa: F401
    except ImportError:
        raise PeerEthicsError("peerethics mcp needs the MCP SDK (the mcp package, 2.x), which "
                              "is not installed", hint=extra_hint("mcp")) from None
    try:
        import mcp.server.mcpserver  # noqa: F401
    except ImportError as exc:  # mcp 1.x, or a broken install
        raise PeerEthicsError(f"peerethics mcp needs the MCP SDK 2.x; the installed mcp package "
                              f"cannot serve ({exc})", hint=extra_hint("mcp")) from None


def serve(opts: "Globals") -> int:
    """Serve over stdio until the client closes the connection. The options' paths are made
    absolute once, here, before the SDK is loaded (a path that names nothing is said at once): a
    client may start the server from any directory."""
    opts = opts.resolved()
    check_sdk()
    from . import mcp_transport

    mcp_transport.quiet_logging()  # before the SDK sets up its own (a traceback in a box)
    from .served import ServedCatalog

    catalog = ServedCatalog(opts.data_dirs)
    server = build_server(opts, catalog, on_loop=True)
    settle(catalog)
    mcp_transport.run(server)
    return 0
