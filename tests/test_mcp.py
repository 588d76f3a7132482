"""`peerethics mcp`: the server driven over stdio by the MCP SDK's own client, as an assistant's
client drives it; and the start-up of plain calls, which must not pay for the SDK.

One server process serves the whole module, started as `peerethics --data-dir DIR mcp` with
PEERETHICS_DATA naming a copy of examples/ (so both ways of adding codes are exercised), from
another directory: the client session lives in a blocking portal's event loop, so each test is a
plain function that calls into it.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp", reason="the MCP SDK is not installed (pip install -e '.[test]')")

import anyio.from_thread  # noqa: E402  (after the skip: the SDK brings anyio)
from conftest import ESCAPING_CODE  # noqa: E402
from mcp import ClientSession, StdioServerParameters, stdio_client  # noqa: E402
from mcp.shared.exceptions import MCPError  # noqa: E402
from mcp.types import CallToolResult  # noqa: E402

from peerethics.model import Catalog  # noqa: E402

# The SDK is hundreds of pydantic models, alive for the rest of the run once imported: every full
# garbage collection in every later test would walk them (about 3 s of CPU over the suite on two
# cores). Nothing imported so far is garbage, so take it out of the collector's sight.
gc.freeze()

REPO = Path(__file__).resolve().parents[1]
TOOLS = {"search", "show", "sanctions", "compare", "list_codes", "list_topics", "verify_quote"}


class Server:
    """The client end of one server process: calls made from sync tests."""

    def __init__(self, portal: Any, session: ClientSession, env_dir: Path, data_dir: Path,
                 errors: list[Any], stderr: Path) -> None:
        self.portal, self.session, self.data_dir = portal, session, data_dir
        self.errors, self.stderr = errors, stderr
        # The same codes for the command line: PEERETHICS_DATA's come before --data-dir's.
        self.cli_args = ["--data-dir", str(env_dir), "--data-dir", str(data_dir)]

    def call(self, tool: str, **arguments: Any) -> CallToolResult:
        return self.portal.call(self.session.call_tool, tool, arguments)

    def __getattr__(self, method: str) -> Any:  # list_tools, read_resource, get_prompt...
        target = getattr(self.session, method)
        return lambda *args: self.portal.call(target, *args)


@asynccontextmanager
async def _connect(params: StdioServerParameters, errlog: Any,
                   errors: list[Any]) -> AsyncIterator[ClientSession]:
    async def on_message(message: Any) -> None:
        if isinstance(message, Exception):  # a line on stdout that is not a protocol message
            errors.append(message)

    async with stdio_client(params, errlog=errlog) as (read, write), \
            ClientSession(read, write, message_handler=on_message) as session:
        await session.initialize()
        yield session


@pytest.fixture(scope="module")
def server(_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    env_dir = tmp_path_factory.mktemp("mcp-env-data")
    shutil.copy(REPO / "examples" / "EX-AGENCY.yaml", env_dir)
    data_dir = tmp_path_factory.mktemp("mcp-data")  # a second agency code, EXB
    example = (REPO / "examples" / "EX-AGENCY.yaml").read_text(encoding="utf-8")
    (data_dir / "EXB.yaml").write_text(example.replace("\nid: EXA\n", "\nid: EXB\n"),
                                       encoding="utf-8")
    # The client passes the server only a minimal environment: give it the suite's isolated
    # cache and XDG dirs (as tests/conftest.py's _isolated sets them) explicitly.
    env = {"PEERETHICS_DATA": str(env_dir), "PEERETHICS_CACHE_DIR": str(_home / "cache"),
           **{var: str(_home / var.lower())
              for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")}}
    params = StdioServerParameters(command=sys.executable,
                                   args=["-m", "peerethics", "--data-dir", str(data_dir), "mcp"],
                                   env=env, cwd=str(tmp_path_factory.mktemp("elsewhere")))
    stderr = data_dir.parent / "mcp-stderr.txt"
    errors: list[Any] = []
    with stderr.open("w") as errlog, anyio.from_thread.start_blocking_portal() as portal, \
            portal.wrap_async_context_manager(_connect(params, errlog, errors)) as session:
        yield Server(portal, session, env_dir, data_dir, errors, stderr)


def _text(result: CallToolResult) -> str:
    assert len(result.content) == 1
    block = result.content[0]
    assert block.type == "text"
    return block.text


# ----------------------------------------------------------------------------------------- tools


def test_lists_the_tools_with_descriptions_for_the_model(server: Server) -> None:
    tools = {t.name: t for t in server.list_tools().tools}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.annotations is not None and tool.annotations.read_only_hint
    assert "word for word" in tools["search"].description
    assert "with its id" in tools["show"].description
    assert "editorial" in tools["show"].description
    assert "not a determination" in tools["sanctions"].description
    assert "silent" in tools["compare"].description
    assert "extrapolate" in tools["compare"].description
    assert set(tools["search"].input_schema["properties"]) == {"query", "codes", "limit",
                                                              "offset", "as_of"}
    assert tools["search"].input_schema["required"] == ["query"]
    assert set(tools["compare"].input_schema["properties"]) == {"codes", "topic", "differences",
                                                               "full", "offset", "as_of"}
    # Every tool answers for a day (the versions issue): the text in force then.
    assert all("as_of" in t.input_schema["properties"] for t in tools.values())
    for tool in tools.values():
        assert tool.input_schema.get("additionalProperties") is False


@pytest.mark.parametrize(("tool", "arguments", "cli"), [
    ("search", {"query": "a client offered to buy me lunch", "limit": 3},
     ["search", "a client offered to buy me lunch", "-n", "3"]),
    ("search", {"query": "gifts", "codes": ["MO", "ct"]},
     ["search", "gifts", "-c", "MO", "-c", "ct"]),
    ("search", {"query": "gifts", "codes": ["EXA"]}, ["search", "gifts", "-c", "EXA"]),
    ("show", {"ids": ["MO-13", "ct12", "EXA-1", "EXB-2"]},
     ["show", "MO-13", "ct12", "EXA-1", "EXB-2"]),
    ("sanctions", {"principle_id": "MO-13", "level": "very-serious"},
     ["sanctions", "MO-13", "--level", "very-serious"]),
    ("sanctions", {"principle_id": "CT-2"}, ["sanctions", "CT-2"]),
    ("sanctions", {"principle_id": "NE-3"}, ["sanctions", "NE-3"]),
    ("compare", {"codes": ["MO", "MA", "CT"], "topic": "romantic", "full": True},
     ["compare", "MO", "MA", "CT", "--topic", "romantic", "--full"]),
    ("compare", {"differences": True}, ["compare", "--differences"]),
    ("list_codes", {}, ["codes"]),
    ("list_topics", {}, ["topics"]),
    ("verify_quote", {"quote": "will not enter into dual relationships"},
     ["verify", "will not enter into dual relationships"]),
    ("verify_quote", {"quote": "Coaches will respect the privacy", "id": "exa1"},
     ["verify", "Coaches will respect the privacy", "--id", "exa1"]),
])
def test_structured_content_is_the_cli_json(server: Server, run, tool: str,
                                            arguments: dict[str, Any], cli: list[str]) -> None:
    result = server.call(tool, **arguments)
    assert not result.is_error, _text(result)
    found = run(*server.cli_args, *cli, "--json")
    assert found.exit_code in (0, 1), found.stderr
    expected = json.loads(found.stdout)
    got = dict(result.structured_content or {})
    assert len(_text(result)) + len(json.dumps(got)) <= 80_000
    while "page" in got:  # over the bound (list_topics' phrases): the pages, joined
        page = got.pop("page")
        if page["next_offset"] is None:
            break
        result = server.call(tool, **arguments, offset=page["next_offset"])
        more = dict(result.structured_content or {})
        assert len(_text(result)) + len(json.dumps(more)) <= 80_000
        more["result"] = got["result"] + more["result"]
        got = more
    assert got == (expected if isinstance(expected, dict) else {"result": expected})
    assert _text(result)  # and a text rendering for the model


def test_texts_are_verbatim_with_their_ids(server: Server, catalog: Catalog) -> None:
    mo13 = catalog.code("MO").principle(13)  # type: ignore[union-attr]
    assert mo13 is not None
    result = server.call("show", ids=["mo 13"])
    assert result.structured_content["result"][0]["text"] == mo13.text  # type: ignore[index]
    text = _text(result)
    assert text.startswith("MO-13 (Missouri (MCB CPS): ") and f"\n{mo13.text}\n" in text
    assert "Topics (editorial)" in text
    ct = catalog.code("CT")
    assert ct is not None
    found = _text(server.call("search", query="gift", codes=["CT"], limit=1))
    assert any(p.text in found and p.id in found for p in ct.principles)


def test_search_says_how_the_query_was_read(server: Server) -> None:
    result = server.call("search", query="confidentality", codes=["MO"], limit=1)
    assert ("(read as: topics confidentiality-and-privacy; read 'confidentality' as "
            "'confidentiality')") in _text(result)
    hits = result.structured_content["result"]  # type: ignore[index]
    assert hits[0]["matched"][0] == {"via": "reading",
                                     "words": ["topics confidentiality-and-privacy"]}
    assert {"via": "spelling", "from": "confidentality", "to": "confidentiality"} in \
        hits[0]["matched"]


def test_nothing_found_is_an_empty_answer_not_an_error(server: Server) -> None:
    result = server.call("search", query="zzqxv")
    assert not result.is_error
    assert result.structured_content == {"result": []}
    assert _text(result).startswith("Nothing found for 'zzqxv'")


def test_sanction_menus_are_the_boards_suggestions(server: Server) -> None:
    text = _text(server.call("sanctions", principle_id="MO-13", level="VS"))
    assert "not a determination" in text and "Very Serious (VS)" in text
    assert "publishes no sanction guidance" in _text(server.call("sanctions", principle_id="MA-1"))


def test_compare_says_where_a_code_is_silent(server: Server) -> None:
    text = _text(server.call("compare", codes=["MO", "CT"]))
    assert "(silent)" in text and "do not extrapolate" in text


# ----------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(("tool", "arguments", "cli"), [
    ("show", {"ids": ["MO-22"]}, ["show", "MO-22"]),
    ("show", {"ids": ["XX-1"]}, ["show", "XX-1"]),
    ("search", {"query": "MO-99"}, ["search", "MO-99"]),
    ("search", {"query": "gifts", "codes": ["XX"]}, ["search", "gifts", "-c", "XX"]),
    ("sanctions", {"principle_id": "MO-8", "level": "S"}, ["sanctions", "MO-8", "--level", "S"]),
    ("sanctions", {"principle_id": "MO-13", "level": "huge"},
     ["sanctions", "MO-13", "--level", "huge"]),
    ("sanctions", {"principle_id": "CT-2", "level": "VS"}, ["sanctions", "CT-2", "--level", "VS"]),
    ("compare", {"topic": "romance"}, ["compare", "--topic", "romance"]),
    ("compare", {"codes": ["MO"]}, ["compare", "MO"]),
    ("verify_quote", {"quote": "  "}, ["verify", "  "]),
    ("verify_quote", {"quote": "x" * 500_000}, ["verify", "x" * 500_000]),
    ("verify_quote", {"quote": "gifts", "id": "MO-99"}, ["verify", "gifts", "--id", "MO-99"]),
])
def test_bad_input_is_a_tool_error_with_the_cli_message(server: Server, run, tool: str,
                                                         arguments: dict[str, Any],
                                                         cli: list[str]) -> None:
    result = server.call(tool, **arguments)
    assert result.is_error
    expected = run(*server.cli_args, *cli)
    assert expected.exit_code == 2
    assert _text(result) == expected.stderr.rstrip("\n")
    assert _text(result).startswith("peerethics: error: ") and "\n" not in _text(result)
    assert not server.call("show", ids=["MO-1"]).is_error  # and it keeps serving


def test_verify_quote_gives_the_exact_words_and_never_verifies_a_paraphrase(
        server: Server) -> None:
    result = server.call("verify_quote", quote="CPS will strive to avoid dual relationships or "
                         "commitments that hurt the interests of those they serve.")
    data = result.structured_content
    assert data is not None and data["status"] == "close" and data["id"] == "MO-12"
    assert data["differences"] == [{"quote": "hurt", "code": "conflict with"}]
    text = _text(result)
    assert text.startswith("close, not verified: nearest is MO-12")
    assert "do not present these words as a code's" in text
    assert server.call("verify_quote", quote="gifts", unknown=1).is_error


def test_a_whole_code_is_shown_in_pages_under_the_bound(server: Server) -> None:
    from test_mcp_pages import big_code

    big = big_code(server.data_dir, principles=200)
    try:
        result = server.call("show", ids=["BIG"])
        data = result.structured_content
        assert data is not None and not result.is_error
        assert len(_text(result)) + len(json.dumps(data)) <= 80_000
        page = data["page"]
        assert page["offset"] == 0 and page["total"] == 200 and page["next_offset"]
        again = f"call show with ids ['BIG'] and offset={page['next_offset']}."
        assert _text(result).endswith(again)
        rest = server.call("show", ids=["BIG"], offset=page["next_offset"]).structured_content
        assert rest is not None
        first = rest["result"][0]["principles"][0]["id"]
        assert first == f"BIG-{page['next_offset'] + 1}"
        assert server.call("show", ids=["BIG"], offset=-1).is_error
    finally:
        big.unlink()
    whole = server.call("show", ids=["MO"]).structured_content
    assert whole is not None and "page" not in whole  # what fits is not paged


def test_a_principle_id_given_to_search_points_to_show(server: Server) -> None:
    result = server.call("search", query="MO-13")
    assert result.is_error
    assert _text(result) == ("peerethics: error: 'MO-13' is a principle id, not words to search "
                             "for; call the show tool with ids ['MO-13']")


def test_arguments_the_schema_refuses_are_tool_errors(server: Server) -> None:
    assert server.call("search", query="gifts", limit=0).is_error
    assert server.call("show").is_error
    for tool, arguments, why in [
        ("search", {"query": "gifts", "limt": 3},
         "peerethics: error: search: limt: no such argument; search takes query, codes, limit, "
         "offset, as_of"),
        ("verify_quote", {"quote": 5}, "verify_quote: quote: Input should be a valid string"),
        ("show", {"ids": "MO-1"}, "show: ids: Input should be a valid list"),
        ("search", {"query": "gifts", "limit": "many"},
         "search: limit: Input should be a valid integ"),
    ]:
        result = server.call(tool, **arguments)
        assert result.is_error and why in _text(result), _text(result)
        assert "\n" not in _text(result)  # one line, as every other error
    assert not server.call("list_codes").is_error  # and it keeps serving


def test_names_a_client_sends_stay_on_one_line(server: Server) -> None:
    """An argument's name with a line break or a direction mark, a long one, several unknown at
    once, and a tool that does not exist: each said in one line, the names made visible."""
    takes = "search takes query, codes, limit, offset, as_of"
    for tool, arguments, why in [
        ("search", {"query": "gifts", "limt\n": 3}, f"'limt\\n': no such argument; {takes}"),
        ("search", {"query": "gifts", "l\u202eimit": 3}, "'l\\u202eimit': no such argument"),
        ("search", {"query": "gifts", "x" * 5000: 3}, "...(5,000 characters): no such argument"),
        ("search", {"query": "gifts", "limt": 3, "lmt": 4},
         f"limt, lmt: no such argument; {takes}"),
        ("no\nsuch", {}, "there is no tool 'no\\nsuch'; the tools are search, show,"),
    ]:
        text = _text(result := server.call(tool, **arguments))
        assert result.is_error and why in text and text.startswith("peerethics: error: "), text
        assert "\n" not in text and "\u202e" not in text and len(text) < 300, text
        assert text.count("takes") <= 1


MEGABYTE = 1_000_000


@pytest.mark.parametrize(("tool", "arguments", "why"), [
    # The library's own bound and words, as the command line says them.
    ("verify_quote", {"quote": "x" * MEGABYTE},
     "peerethics: error: the quote is 1,000,000 characters; a quote is checked up to 10,000"),
    # Six bytes a character on the wire (\u0001): the line is 6 MB, and still reaches the tool.
    ("verify_quote", {"quote": "\x01" * MEGABYTE}, "the quote is 1,000,000 characters"),
    # The schema's bounds, named by the SDK with the argument.
    ("search", {"query": "gifts " * (MEGABYTE // 6)},
     "search: query: String should have at most 10000 characters"),
    ("show", {"ids": ["MO-1"] * (MEGABYTE // 6)}, "show: ids: List should have at most 1000 items"),
    ("show", {"ids": ["x" * MEGABYTE]}, "show: ids.0: String should have at most 200 characters"),
    ("verify_quote", {"quote": "gifts", "id": "MO-1" * (MEGABYTE // 4)},
     "verify_quote: id: String should"),
    ("compare", {"topic": "t" * MEGABYTE}, "compare: topic: String should have at most 200"),
    ("search", {"query": "gifts", "as_of": "2" * MEGABYTE}, "is not a date"),
])
def test_a_megabyte_argument_is_a_tool_error_that_says_why(server: Server, tool: str,
                                                            arguments: dict[str, Any],
                                                            why: str) -> None:
    """Not a protocol error, and not a client left waiting: the line is read whole (up to
    16 MB, peerethics.mcp_transport), and the tool refuses what it was given."""
    result = server.call(tool, **arguments)
    assert result.is_error and why in _text(result), _text(result)[:300]
    assert len(_text(result)) < 2_000  # the argument is not echoed back whole
    assert not server.call("show", ids=["MO-1"]).is_error  # and it keeps serving


def test_a_broken_user_data_dir_is_an_error_and_the_server_keeps_serving(server: Server,
                                                                         run) -> None:
    broken = server.data_dir / "broken.yaml"
    broken.write_text("id: BRK\ntitle: [unclosed\n", encoding="utf-8")
    try:
        result = server.call("list_codes")
        assert result.is_error
        expected = run(*server.cli_args, "codes")
        assert expected.exit_code == 2
        assert _text(result) == expected.stderr.rstrip("\n")
        assert "broken.yaml:" in _text(result)
        assert server.call("show", ids=["MO-1"]).is_error
        with pytest.raises(MCPError, match="broken.yaml:"):
            server.read_resource("peerethics://codes/MO")
    finally:
        broken.unlink()
    assert not server.call("list_codes").is_error


# ------------------------------------------------------------------------ resources and the prompt


def test_each_code_is_a_resource_with_its_full_text(server: Server, catalog: Catalog) -> None:
    listed = {str(r.uri): r for r in server.list_resources().resources}
    assert set(listed) == {f"peerethics://codes/{c}" for c in [*catalog.code_ids, "EXA", "EXB"]}
    for code_id in ("MO", "NE", "CT"):
        code = catalog.code(code_id)
        assert code is not None
        [content] = server.read_resource(f"peerethics://codes/{code_id}").contents
        text = content.text  # type: ignore[union-attr]
        assert text.startswith(f"{code_id}: {code.title}\n") and f"Issuer: {code.issuer}" in text
        for paragraph in (*code.preamble, *code.introduction, *code.notes):
            assert paragraph in text
        for p in code.principles:
            assert f"{p.id}" in text and p.text in text
    mo = server.read_resource("peerethics://codes/MO").contents[0].text  # type: ignore[union-attr]
    assert "MO-13 [S/VS/ES]: " in mo and "suggestions, not determinations" in mo


def test_the_prompt_walks_search_show_and_a_cited_answer(server: Server) -> None:
    prompts = {p.name for p in server.list_prompts().prompts}
    assert prompts == {"answer_with_citations", "decide"}
    result = server.get_prompt("answer_with_citations", {"question": "Can I accept a scarf?"})
    text = result.messages[0].content.text  # type: ignore[union-attr]
    assert "Can I accept a scarf?" in text
    assert text.index("search") < text.index("show") < text.index("Answer:")
    assert "word for word" in text and "silent" in text and "not a determination" in text


def test_the_decide_prompt_is_the_worksheet_quoting_each_principle_verbatim(
        server: Server, catalog: Catalog) -> None:
    from peerethics.worksheets import decision

    situation = "a client offered to buy me lunch"
    result = server.get_prompt("decide", {"situation": situation, "codes": "MO, CT"})
    text = result.messages[0].content.text  # type: ignore[union-attr]
    assert f"Situation (the person's words): {situation}" in text
    worksheet = decision(catalog, situation, ["MO", "CT"])
    hits = [h for f in worksheet.findings for h in f.hits]
    assert hits
    for h in hits:
        assert f'{h.id}{" (weak match)" if h.weak else ""}: "{h.principle.text}"' in text
    for step in worksheet.steps:
        assert f"{step.heading}: {step.prompt}" in text
    assert "word for word" in text and "silent" in text and "(editorial)" in text


def test_the_decide_prompt_says_where_a_code_is_silent_and_refuses_an_empty_situation(
        server: Server) -> None:
    result = server.get_prompt("decide", {"situation": "can I hug a client", "codes": "EXA"})
    text = result.messages[0].content.text  # type: ignore[union-attr]
    assert "EXA (Example County (fictional)):" in text
    assert "(editorial) " in text.split("EXA (Example County (fictional)):")[1]
    with pytest.raises(MCPError, match="the situation is empty"):
        server.get_prompt("decide", {"situation": "  "})
    with pytest.raises(MCPError, match="unknown code"):
        server.get_prompt("decide", {"situation": "gifts", "codes": "ZZ"})


def test_a_prompt_argument_the_prompt_does_not_take_is_named(server: Server) -> None:
    """``decide`` with ``code`` (for ``codes``) was "Error rendering prompt decide", code 0:
    nothing said which argument was wrong. The tools refuse an unknown argument by name; so do
    the prompts, as invalid params, saying which arguments they take."""
    with pytest.raises(MCPError, match="'code'.*situation, codes") as caught:
        server.get_prompt("decide", {"situation": "gifts", "code": "MO"})
    assert caught.value.error.code == -32602
    with pytest.raises(MCPError, match="'codes'.*question"):
        server.get_prompt("answer_with_citations", {"question": "gifts", "codes": "MO"})


def test_an_unknown_prompt_or_a_missing_argument_is_one_line(server: Server) -> None:
    """The SDK said ``Unknown prompt: no<line break>such`` and ``Missing required arguments:
    {'situation'}``, code 0: each is now one line, invalid params, saying what there is."""
    for name, arguments, why in [
        ("no\nsuch", {}, "there is no prompt 'no\\nsuch'; the prompts are "),
        ("decide", {"codes": "MO"}, "the prompt decide needs situation; its arguments are "
                                    "situation, codes"),
    ]:
        with pytest.raises(MCPError) as caught:
            server.get_prompt(name, arguments)
        assert caught.value.error.code == -32602
        message = caught.value.error.message
        assert message.startswith("peerethics: error: ") and why in message and "\n" not in message


def test_nothing_but_protocol_messages_on_stdout(server: Server) -> None:
    """Runs last in this module: every line the server wrote to stdout so far parsed as a
    protocol message, and its stderr holds no traceback."""
    assert server.call("list_topics").structured_content
    assert server.errors == []
    assert "Traceback" not in server.stderr.read_text(encoding="utf-8")


# -------------------------------------------------------------------- start-up and the missing SDK

SDK = ("mcp", "mcp_types", "pydantic", "pydantic_core", "anyio", "httpx", "httpx2", "starlette",
       "sse_starlette", "uvicorn", "jsonschema", "typer")


def test_plain_calls_import_neither_the_sdk_nor_its_dependencies() -> None:
    code = ("import sys\n"
            "sys.argv = ['peerethics', 'search', 'gifts', '--json']\n"
            "from peerethics.cli_fast import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            f"print(sorted(m for m in {SDK!r} if m in sys.modules), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, env=os.environ.copy())
    assert result.stderr.strip() == "[]", result.stderr
    assert json.loads(result.stdout)


def test_mcp_without_the_sdk_says_how_to_install_it_and_exits_2() -> None:
    code = ("import sys\n"
            "sys.modules['mcp'] = None  # as if the extra were not installed\n"
            "sys.argv = ['peerethics', 'mcp']\n"
            "from peerethics.cli_fast import main\n"
            "main()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, stdin=subprocess.DEVNULL, env=os.environ.copy())
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("peerethics: error: peerethics mcp needs the MCP SDK (the mcp "
                           "package, 2.x), which is not installed; ")
    assert "peerethics[mcp]" not in line  # not on an index: that would fail
    assert "'.[mcp]'" in line or "pipx inject peerethics mcp" in line


@pytest.mark.parametrize(("prefix", "direct_url", "wanted"), [
    ("/home/u/.local/share/pipx/venvs/peerethics", "", "pipx inject peerethics mcp"),
    ("/home/u/.local/pipx/venvs/peerethics",
     '{"url": "file:///src/pe", "dir_info": {}}', "pipx inject peerethics mcp"),
    ("/home/u/pe/.venv", '{"url": "file:///home/u/pe", "dir_info": {"editable": true}}',
     "installed from the clone at /home/u/pe, so add it with: cd /home/u/pe && "
     "/home/u/pe/.venv/bin/python -m pip install -e '.[mcp]'"),
    ("/opt/v", '{"url": "file:///my%20clone", "dir_info": {}}',
     "cd '/my clone' && /home/u/pe/.venv/bin/python -m pip install '.[mcp]'"),
    ("/opt/v", '{"url": "https://example.org/pe.tar.gz", "archive_info": {}}',
     "run: pip install '.[mcp]' (or, for a pipx install: pipx inject peerethics mcp)"),
])
def test_the_install_hint_fits_how_peerethics_was_installed(prefix: str, direct_url: str,
                                                            wanted: str) -> None:
    from peerethics.install import extra_hint

    hint = extra_hint("mcp", prefix=prefix, executable="/home/u/pe/.venv/bin/python",
                      direct_url=direct_url)
    assert wanted in hint


@pytest.mark.parametrize(("shell", "code", "message"), [
    ("{cmd} mcp <&-", 2, "reads its client's requests on stdin, which is closed"),
    ("printf x | {cmd} mcp >&-", 74, "cannot write the output: stdout is closed"),
    ("printf '%s\\n' '{init}' | {cmd} mcp >/dev/full", 74,
     "cannot write the output: No space left on device"),
])
def test_closed_or_full_streams_are_one_line_not_a_traceback(shell: str, code: int,
                                                              message: str) -> None:
    import json as _json
    import shlex
    import subprocess
    import sys

    init = _json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "t", "version": "1"}}})
    cmd = f"{shlex.quote(sys.executable)} -m peerethics"
    result = subprocess.run(shell.format(cmd=cmd, init=init), shell=True, executable="/bin/bash",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == code, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_principles_editorial_note_reaches_the_tools_and_the_resource(server: Server) -> None:
    """CT-15's editorial note (one reading of CT's flattened table) is in the show tool's JSON and
    text, and in CT's resource, marked as editorial in both texts."""
    result = server.call("show", ids=["CT-15"])
    [ct15] = result.structured_content["result"]  # type: ignore[index]
    note = ct15["editorial_note"]
    assert note and "editorial_note" in ct15["editorial"]
    assert f"Note (editorial, peerethics' own, not the document's): {note}" in _text(result)
    [content] = server.read_resource("peerethics://codes/CT").contents
    assert f"Note (editorial, peerethics'): {note}" in content.text  # type: ignore[union-attr]


def test_as_of_answers_from_the_text_in_force_that_day(server: Server) -> None:
    # CT's bundled code took effect 2022-04-01 (its own words): on an earlier day there is no CT
    # text on file, and the tool says so rather than answer from a later text.
    before = server.call("search", query="gifts", limit=20, as_of="2021-06-01")
    assert not before.is_error
    ids = [h["id"] for h in before.structured_content["result"]]  # type: ignore[index]
    assert ids and not any(i.startswith("CT-") for i in ids)
    assert "no CT text on file in force on 2021-06-01" in _text(before)
    after = server.call("search", query="gifts", limit=20, as_of="2023-01-01")
    assert any(h["id"].startswith("CT-")
               for h in after.structured_content["result"])  # type: ignore[index]
    bad = server.call("show", ids=["MO-13"], as_of="June 2021")
    assert bad.is_error and "peerethics: error:" in _text(bad)


def test_texts_show_datas_control_characters_as_escapes_and_structure_keeps_them(
        server: Server) -> None:
    """An assistant may print a tool's text to a terminal: a code's ESC sequences (colour, a
    cleared screen, a hidden link) and a right-to-left override are shown as ``\\x1b`` and
    ``\\u202e``, as every face shows them; the structured content keeps the exact text, and a
    quote of it still verifies."""
    code = server.data_dir / "ZE.yaml"
    code.write_text(ESCAPING_CODE, encoding="utf-8")
    try:
        for result in (server.call("show", ids=["ZE-1"]), server.call("search", query="gifts"),
                       server.call("list_codes"),
                       server.call("verify_quote", quote="accept gifts \x1b[2Jof any")):
            text = _text(result)
            assert not result.is_error, text
            assert "\x1b" not in text and "\u202e" not in text, text
        shown = server.call("show", ids=["ZE-1"])
        assert "Guides will not accept gifts \\x1b[2Jof any value." in _text(shown)
        [principle] = shown.structured_content["result"]  # type: ignore[index]
        assert principle["text"] == "Guides will not accept gifts \x1b[2Jof any value."
        found = server.call("verify_quote", quote="will not accept gifts \x1b[2Jof any value")
        assert found.structured_content["status"] == "verified"  # type: ignore[index]
        assert found.structured_content["id"] == "ZE-1"  # type: ignore[index]
        prompt = server.get_prompt("decide", {"situation": "a client offered me a gift"})
        assert all("\x1b" not in m.content.text for m in prompt.messages)  # type: ignore[union-attr]
    finally:
        code.unlink()
