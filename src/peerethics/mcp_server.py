"""``peerethics mcp``: the codes served to AI assistants over the Model Context Protocol (stdio).

A face, like the ``cli*`` modules: each tool parses its arguments, calls the library and renders
the answer. The structured content of a tool's result is the JSON the command line prints with
``--json`` (built by :mod:`peerethics.contract`; a JSON list is wrapped as ``{"result": [...]}``,
since MCP structured content is an object), and its text content a short plain rendering of the
same answer for the model to read. Bad input comes back as a tool error (``isError``) carrying the
lines the command line prints for it (:func:`peerethics.errors.error_lines`), and the server keeps
serving.

The MCP SDK (``pip install 'peerethics[mcp]'``) is imported only by :func:`serve`, never at module
level, so nothing else pays for it. Nothing here writes to stdout: the SDK owns it for protocol
messages; its logging goes to stderr.

No ``from __future__ import annotations`` here: the SDK reads the tools' parameter and return
annotations at run time, and the tools are defined inside :func:`build_server`, where the SDK's
types are imported.
"""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import InputError, PeerEthicsError, error_lines

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

    from .comparison import Comparison
    from .model import Catalog, Code, Principle
    from .sanctions import SanctionMenu
    from .search_ranking import SearchHit

INSTALL_HINT = "install it with: pip install 'peerethics[mcp]'"

VERBATIM = ("Principle texts (and CT's importance texts, MO's tiers and sanction menus, CT's "
            "glossary sanctions) are the boards' own words, word for word: quote them exactly, "
            "each with its id (e.g. MO-13).")
EDITORIAL = ("Topics, key terms and see-also are peerethics' editorial summary, not the codes' "
             "words: use them to find principles, never quote them as a code's rule.")
SANCTIONS = ("A sanction menu is the Board's suggested range of sanctions for a seriousness "
             "level, not a determination of what will happen in any case.")
SILENCE = ("A code with no principle on a topic is silent on it: say so, and do not extrapolate a "
           "rule for it from another code or from general ethics.")

INSTRUCTIONS = f"""\
peerethics holds the codes of ethics US peer specialists work under, word for word: MO (Missouri \
Credentialing Board, CPS), MO-DMH (Missouri Department of Mental Health, MPS), MA (Massachusetts \
CPS), NE (Nebraska CPSS), CT (Connecticut CPRS), plus any code the user added. Each code binds the \
people holding its credential, not everyone: say which code an answer rests on.

To answer a question about ethics: search in the person's own words, show the principles that \
matter, and answer by quoting them with their ids. {VERBATIM} {EDITORIAL} {SANCTIONS} {SILENCE} \
Never state a rule, amount or time limit that no principle's text states."""


# ------------------------------------------------------------------------------------ the answers
# Each takes the catalog and the tool's arguments and returns (the CLI's JSON, a text rendering);
# a PeerEthicsError raised here becomes the tool's error result.


def search_answer(cat: "Catalog", query: str, codes: Sequence[str] | None,
                  limit: int) -> tuple[Any, str]:
    from .contract import search_json
    from .ids import code_of, looks_like_ids, resolve_code, resolve_principle, split_codes
    from .search_ranking import search
    from .search_spelling import suggestions

    text = query.strip()
    if not text:
        raise InputError("the query is empty", hint="give words to look for, e.g. "
                         '"a client offered to buy me lunch"')
    wanted = [resolve_code(cat, c).id for given in codes or [] for c in split_codes(cat, given)]
    as_ids = looks_like_ids(text)
    if as_ids:
        try:
            found = [resolve_principle(cat, i).id for i in as_ids]
        except InputError:
            if all(code_of(cat, i) for i in as_ids):
                raise  # MO-99: say MO's range, as the command line does, not "no words"
            found = []
        if found:
            raise InputError(f"{text[:60]!r} is a principle id, not words to search for",
                             hint=f"call the show tool with ids {found}")
    hits = search(cat, text, codes=wanted or None, limit=limit)
    data = search_json(cat, hits)
    where = f" in {', '.join(wanted)}" if wanted else ""
    if not hits:
        elsewhere = search(cat, text, limit=3) if wanted else []
        near = [] if elsewhere else suggestions(cat, text)
        hint = (f"other codes do: {', '.join(h.id for h in elsewhere)}" if elsewhere
                else f"closest words in the codes: {', '.join(near)}" if near
                else "try other words, or list_topics and compare")
        return data, (f"Nothing found{where} for {text[:80]!r}; {hint}. No principle's text "
                      "matched: do not answer as if a code had a rule on it.")
    lines = [f"{len(hits)} principle{'s' if len(hits) != 1 else ''}{where} for {text[:80]!r}, "
             "best first" + _reading(hits) + ":"]
    for h in hits:
        lines.append("")
        lines += _principle_lines(cat, h.principle)
        lines.append(f"Matched: {_matched(h)}")
    lines += ["", "Texts are verbatim: quote them with their ids. A match through an editorial "
              "topic only means peerethics files the question and the principle together: check "
              "that the text itself speaks to the question. Use show for a principle's tiers, "
              "topics and see-also."]
    return data, "\n".join(lines)


def _matched(hit: "SearchHit") -> str:
    """Why a result matched, in words (the spelling corrections are said once, above)."""
    where = {"text": "words of its text", "importance": "words of its importance text",
             "key_terms": "words of its key terms (editorial)"}
    parts = []
    for m in hit.matched:
        words = ", ".join(m.get("words", []))
        if m["via"] in where:
            parts.append(f"{where[m['via']]} ({words})")
        elif m["via"] == "topic":
            parts.append(f"editorial topic {m['topic']} ({words})")
        elif m["via"] == "related":
            parts.append(f"editorial topic {m['topic']}, related to {m['from']}")
    return "; ".join(parts) or "its text"


def _reading(hits: "Sequence[SearchHit]") -> str:
    """How the query was read: its spelling corrections (every hit carries the same ones)."""
    fixed = [f"{m['from']!r} as {m['to']!r}" for m in hits[0].matched if m["via"] == "spelling"]
    return f" (read {', '.join(fixed)})" if fixed else ""


def _principle_lines(cat: "Catalog", p: "Principle") -> list[str]:
    """A principle's id and code, its text word for word, and CT's importance text."""
    code = cat.code(p.code)
    out = [f"{p.id} ({code.jurisdiction}, {code.title})" if code else p.id, p.text]
    if p.importance:
        out.append(f"Importance (the document's words): {p.importance}")
    return out


def show_answer(cat: "Catalog", ids: Sequence[str]) -> tuple[Any, str]:
    from .contract import show_json
    from .ids import resolve_principle, split_ids

    wanted = [i for item in ids for i in split_ids(item)]
    if not wanted:
        raise InputError("no ids given", hint="e.g. show with ids ['MO-13', 'CT-12']")
    principles = [resolve_principle(cat, i) for i in wanted]
    data = show_json(cat, principles)
    blocks = []
    for p, d in zip(principles, data, strict=True):
        lines = _principle_lines(cat, p)
        if p.tiers:
            lines.append(f"Seriousness levels it permits: {'/'.join(p.tiers)} (sanction menu: "
                         "the sanctions tool)")
        labels = [(t.label if (t := cat.topic(tid)) else tid) for tid in p.topics]
        if labels:
            lines.append(f"Topics (editorial): {', '.join(labels)}")
        lines += [f"Key term (editorial), {k['topic']}: {k['facet']}: {k['value']}"
                  for k in d["key_terms"]]
        if d["see_also"]:
            lines.append(f"See also (editorial, other codes on the same topics): "
                         f"{', '.join(d['see_also'])}")
        blocks.append("\n".join(lines))
    return data, "\n\n".join(blocks) + f"\n\n{VERBATIM} {EDITORIAL}"


def sanctions_answer(cat: "Catalog", principle_id: str, level: str | None) -> tuple[Any, str]:
    from .contract import sanctions_json
    from .ids import resolve_principle
    from .sanctions import sanction_menu

    menu = sanction_menu(cat, resolve_principle(cat, principle_id), level)
    return sanctions_json(menu), _menu_text(menu)


def _menu_text(menu: "SanctionMenu") -> str:
    p, code = menu.principle, menu.code
    lines = [f"{p.id} ({code.jurisdiction}, {code.title})", p.text, ""]
    if menu.kind == "tiers":
        lines.append(f"Seriousness levels {code.id} permits for {p.id}: {', '.join(p.tiers)}")
        for t in menu.levels:
            lines.append(f"{t.label} ({t.level}), the Board's suggested sanctions:")
            lines += [f"- {m.text}" + (f" ({m.note})" if m.note else "") for m in t.sanctions]
        lines += ["", menu.note, f"Source: {menu.source}", "", SANCTIONS]
    elif menu.kind == "glossary":
        lines.append(f"{code.id} defines {len(menu.sanctions)} sanctions, tied to no principle "
                     "or level:")
        lines += [f"- {s.name}: {s.definition}" for s in menu.sanctions]
        lines += ["", menu.note, f"Source: {menu.source}", "",
                  "These are the sanctions the code defines, not a determination of which one, "
                  "if any, fits a case."]
    else:
        lines += [f"{code.id} publishes no sanction guidance. {menu.note}",
                  f"Source: {menu.source}", "",
                  "Say so; do not borrow another code's sanctions."]
    return "\n".join(lines)


def compare_answer(cat: "Catalog", codes: Sequence[str] | None, topic: str | None,
                   differences: bool, full: bool) -> tuple[Any, str]:
    from .comparison import compare
    from .contract import compare_json
    from .ids import split_codes

    given = [c for item in codes or [] for c in split_codes(cat, item)]
    comp = compare(cat, given or None, topic=topic, differences=differences)
    return compare_json(comp, full=full), _compare_text(comp, full)


def _compare_text(comp: "Comparison", full: bool) -> str:
    ids = [c.id for c in comp.codes]
    if not comp.rows:
        return f"The codes {', '.join(ids)} do not differ on any topic shown."
    lines = [f"Codes {', '.join(ids)} compared by topic (topics and key terms are editorial; "
             "(silent) = the code has no principle on the topic):"]
    for r in comp.rows:
        lines += ["", f"{r.topic.label} [{r.topic.id}]" + (" (the codes differ)" if r.differs
                                                              else "")]
        for cid in ids:
            ps = r.cells[cid]
            if not ps:
                lines.append(f"  {cid}: (preamble only: its preamble speaks to this, no principle "
                             "does)" if cid in r.preamble else f"  {cid}: (silent)")
                continue
            terms = "; ".join(f"{k.facet}: {k.value}" for p in ps
                              for k in p.key_terms_for(r.topic.id))
            lines.append(f"  {cid}: {', '.join(p.id for p in ps)}" + (f" ({terms})" if terms
                                                                     else ""))
            if full:
                lines += [f"    {p.id}: {p.text}" for p in ps]
    lines += ["", "Topics covered: " + ", ".join(f"{cid} {comp.coverage[cid]}/{comp.total_topics}"
                                                 for cid in ids),
              SILENCE + (" Quote the texts (show, or full=true) rather than the key terms."
                         if not full else "")]
    return "\n".join(lines)


def codes_answer(cat: "Catalog") -> tuple[Any, str]:
    from .contract import codes_json

    lines = []
    for c in cat.codes:
        tiers = "/".join(t.level for t in c.tiers)
        sanctions = ("a sanction menu per seriousness level" if c.tiers
                     else f"{len(c.sanctions)} named sanctions" if c.sanctions
                     else "no sanctions published")
        lines.append(f"{c.id}: {c.title} ({c.jurisdiction}; {c.issuer}); credential "
                     f"{c.credential_name} ({c.credential_abbreviation}); "
                     f"{len(c.principles)} principles, ids {c.id}-1 to {c.id}-{len(c.principles)}"
                     + (f"; seriousness levels {tiers}" if tiers else "") + f"; {sanctions}"
                     + ("" if c.origin == "bundled" else f"; from {c.origin}"))
    lines += ["", "Each code's full text is a resource: peerethics://codes/ID."]
    return codes_json(cat), "\n".join(lines)


def topics_answer(cat: "Catalog") -> tuple[Any, str]:
    from .contract import topics_json

    data = topics_json(cat)
    lines = ["Topics (peerethics' editorial taxonomy; principles per code):"]
    for d in data:
        counts = ", ".join(f"{cid} {n}" for cid, n in d["counts"].items())
        lines.append(f"{d['id']}: {d['label']}: {d['description']} ({counts})")
    lines += ["", "A count of 0 means the code is silent on the topic."]
    return data, "\n".join(lines)


def code_text(code: "Code") -> str:
    """A code's full text for its resource: the document's words, then peerethics' notes."""
    lines = [f"{code.id}: {code.title}", f"Jurisdiction: {code.jurisdiction}",
             f"Issuer: {code.issuer}",
             f"Credential: {code.credential_name} ({code.credential_abbreviation})",
             f"Source: {code.source.title}"
             + (f"; revisions: {', '.join(code.source.revisions)}" if code.source.revisions
                else "") + (f"; effective {code.source.effective}" if code.source.effective
                            else "")]
    for heading, paragraphs in (("Preamble", code.preamble), ("Introduction", code.introduction),
                                ("Purposes", code.purposes)):
        if paragraphs:
            lines += ["", f"{heading}:", *paragraphs]
    lines += ["", f"Principles (word for word; the ids {code.id}-N are how peerethics and its "
              "users cite them):"]
    for p in code.principles:
        lines.append(f"{p.id}" + (f" [{'/'.join(p.tiers)}]" if p.tiers else "") + f": {p.text}")
        if p.importance:
            lines.append(f"  Importance: {p.importance}")
    if code.closing:
        lines += ["", "Closing:", *code.closing]
    if code.tiers:
        lines += ["", "Seriousness levels and the Board's suggested sanctions for each "
                  "(suggestions, not determinations):"]
        for t in code.tiers:
            lines.append(f"{t.label} ({t.level}):")
            lines += [f"- {m.text}" + (f" ({m.note})" if m.note else "") for m in t.sanctions]
    if code.sanctions:
        lines += ["", "Sanctions the code defines:"]
        lines += [f"- {s.name}: {s.definition}" for s in code.sanctions]
    lines += ["", f"Sanctions (peerethics' summary): {code.sanction_note}"]
    if code.marker:
        lines += ["", f"Marker {code.marker.symbol}: {code.marker.note}"]
    if code.notes:
        lines += ["", "Notes (editorial, peerethics'):", *(f"- {n}" for n in code.notes)]
    return "\n".join(lines) + "\n"


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


# ------------------------------------------------------------------------------------- the server


def build_server(data_dirs: Sequence[str]) -> "MCPServer[Any]":
    """The server, reading the bundled codes plus ``data_dirs`` (already resolved). The catalog is
    loaded for each call (from the cache: about a millisecond), so a user's data file fixed while
    the server runs is read, and one that breaks is an error result, not a dead server."""
    from typing import Annotated

    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ResourceError
    from mcp.types import CallToolResult, TextContent, ToolAnnotations
    from pydantic import Field

    from .catalog import load_catalog

    dirs = list(data_dirs)

    def catalog() -> "Catalog":
        return load_catalog(dirs)

    def answer(work: Callable[["Catalog"], tuple[Any, str]]) -> CallToolResult:
        try:
            data, text = work(catalog())
        except PeerEthicsError as exc:
            return CallToolResult(content=[TextContent(type="text",
                                                       text="\n".join(error_lines(exc)))],
                                  is_error=True)
        structured = data if isinstance(data, dict) else {"result": data}
        return CallToolResult(content=[TextContent(type="text", text=text)],
                              structured_content=structured)

    server: MCPServer[Any] = MCPServer("peerethics", version=__version__,
                                       instructions=INSTRUCTIONS, log_level="WARNING")
    read_only = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                                open_world_hint=False)
    Codes = Annotated[list[str] | None, Field(
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
    def search(
        query: Annotated[str, Field(description="What to look for, in your own words.")],
        codes: Codes = None,
        limit: Annotated[int, Field(ge=1, le=50, description="Most results (ties with the "
                                    "last are kept, up to twice this).")] = 10,
    ) -> CallToolResult:
        return answer(lambda cat: search_answer(cat, query, codes, limit))

    @server.tool(name="show", title="Show principles word for word", annotations=read_only,
                 description=(
                     "Show principles by id (MO-13, CT-12; forgiving: mo13, 'MO 13'): the verbatim "
                     "text, the code it belongs to, its seriousness levels (MO), its importance "
                     "text (CT), its topics and key terms, and see-also (principles of other codes "
                     f"on the same topics, to compare). {VERBATIM} {EDITORIAL}"))
    def show(
        ids: Annotated[list[str], Field(description="Principle ids, e.g. ['MO-13', 'CT-12'].")],
    ) -> CallToolResult:
        return answer(lambda cat: show_answer(cat, ids))

    @server.tool(name="sanctions", title="A principle's sanction menu", annotations=read_only,
                 description=(
                     "What a principle's code publishes about sanctions for breaking it: MO rates "
                     "each principle by seriousness (S, VS, ES) with a sanction menu per level; CT "
                     "defines four sanctions tied to no principle; MO-DMH, MA and NE publish none "
                     f"(the result says so). Use it when asked what could happen. {SANCTIONS} "
                     "Never present a menu as what will happen, and never give a code without one "
                     "another code's sanctions."))
    def sanctions(
        principle_id: Annotated[str, Field(description="One principle id, e.g. MO-13.")],
        level: Annotated[str | None, Field(
            description="Only this seriousness level: S, VS or ES (or serious, very-serious, "
                        "extremely-serious); only codes that rate principles have levels.")]
        = None,
    ) -> CallToolResult:
        return answer(lambda cat: sanctions_answer(cat, principle_id, level))

    @server.tool(name="compare", title="Compare codes topic by topic", annotations=read_only,
                 description=(
                     "Line codes up by topic: which principles each code has on each topic, with "
                     "their key terms, and where the codes differ (one silent, or different key "
                     "terms such as time limits). Use it for 'how do the states differ on X' and "
                     "to see which codes are silent on a topic. "
                     f"{EDITORIAL} {SILENCE} Quote the principles' texts (full=true, or show) "
                     "when you answer."))
    def compare(
        codes: Annotated[list[str] | None, Field(
            description="Two or more codes, by id; default: all.")] = None,
        topic: Annotated[str | None, Field(
            description="Only this topic (an id from list_topics, or its label; 'romance' is "
                        "matched by meaning).")] = None,
        differences: Annotated[bool, Field(
            description="Only the topics where the codes differ.")] = False,
        full: Annotated[bool, Field(
            description="Add the principles' verbatim texts (field 'texts').")] = False,
    ) -> CallToolResult:
        return answer(lambda cat: compare_answer(cat, codes, topic, differences, full))

    @server.tool(name="list_codes", title="List the codes", annotations=read_only,
                 description=(
                     "List the codes: id, title, jurisdiction, issuer, credential, number of "
                     "principles, seriousness levels and what sanctions each publishes. Use it "
                     "to learn the code ids and which credential each code binds; a code binds "
                     "only the people holding its credential."))
    def list_codes() -> CallToolResult:
        return answer(codes_answer)

    @server.tool(name="list_topics", title="List the topics", annotations=read_only,
                 description=(
                     "List peerethics' topics (gifts, dual relationships, confidentiality...) with "
                     "how many principles each code has on each, and which. Use it to pick a topic "
                     f"for compare or to see which codes are silent on one. {EDITORIAL} {SILENCE}"))
    def list_topics() -> CallToolResult:
        return answer(topics_answer)

    @server.prompt(name="answer_with_citations", title="Answer an ethics question with citations",
                   description="Walks through search, show (and sanctions), then an answer that "
                               "quotes the codes word for word with their ids.")
    def answer_with_citations(
        question: Annotated[str, Field(description="The question or situation, in the "
                                       "person's own words.")],
    ) -> str:
        return PROMPT.format(question=question, verbatim=VERBATIM, editorial=EDITORIAL,
                             sanctions=SANCTIONS, silence=SILENCE)

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
            return code_text(code)

        server.resource(f"peerethics://codes/{code_id}", name=code_id, title=title,
                        mime_type="text/plain",
                        description=f"The full text of {code_id} ({title}): preamble or "
                                    "introduction, every principle word for word with its id, "
                                    "and peerethics' notes.")(read)

    for code in listed:
        add_code_resource(code.id, f"{code.jurisdiction}: {code.title}")
    return server


def serve(data_dirs: Sequence[str]) -> int:
    """Serve over stdio until the client closes the connection. ``data_dirs`` are resolved to
    absolute paths once, here: a client may start the server from any directory."""
    try:
        import mcp  # noqa: F401
    except ImportError:
        raise PeerEthicsError("peerethics mcp needs the MCP SDK (the mcp package, 2.x), which "
                              "is not installed", hint=INSTALL_HINT) from None
    try:
        import mcp.server.mcpserver  # noqa: F401
    except ImportError as exc:  # mcp 1.x, or a broken install
        raise PeerEthicsError(f"peerethics mcp needs the MCP SDK 2.x; the installed mcp package "
                              f"cannot serve ({exc})", hint=INSTALL_HINT) from None
    from . import mcp_transport

    mcp_transport.quiet_logging()  # before the SDK sets up its own (a traceback in a box)
    from .discover import absolute

    mcp_transport.run(build_server([absolute(d) for d in data_dirs]))
    return 0
