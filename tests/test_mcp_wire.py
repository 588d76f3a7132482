"""`peerethics mcp` on a real client's wire (issue 23, item 6): requests a JavaScript client
sends (a cut emoji, a byte-order mark), stdin closing right after a request, Ctrl-C, a data dir
broken from the start, a prompt called without its argument. Raw lines where the fault is on the
wire; the SDK's own client elsewhere, as tests/test_mcp.py drives it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp", reason="the MCP SDK is not installed (pip install -e '.[test]')")

import anyio.from_thread  # noqa: E402
from mcp import ClientSession, StdioServerParameters, stdio_client  # noqa: E402
from mcp.shared.exceptions import MCPError  # noqa: E402

CMD = [sys.executable, "-m", "peerethics"]
INIT = json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {},
    "clientInfo": {"name": "t", "version": "1"}}})
READY = json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"})


def _search(query_json: str, prefix: str = "") -> str:
    return (prefix + '{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": '
            '"search", "arguments": {"query": ' + query_json + "}}}")


def exchange(*lines: str, args: tuple[str, ...] = ()) -> tuple[dict[int, Any], str]:
    """Send the lines and close stdin at once; the answers by id, and stderr."""
    data = "\n".join([INIT, READY, *lines]) + "\n"
    result = subprocess.run([*CMD, *args, "mcp"], input=data.encode("utf-8", "surrogatepass"),
                            capture_output=True, timeout=60)
    messages = [json.loads(line) for line in result.stdout.splitlines()]
    answers = {m["id"]: m for m in messages if "id" in m}
    answers["nulls"] = [m for m in messages if "id" in m and m["id"] is None]
    return answers, result.stderr.decode()


def _with_id(line: str, new: int) -> str:
    return line.replace('"id": 1,', f'"id": {new},', 1)


DEEP = ('{"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "search", '
        '"arguments": ' + "[" * 100_000 + "]" * 100_000 + "}}")


@pytest.fixture(scope="module")
def wire() -> tuple[dict[Any, Any], str]:
    """One server, fed every raw line the tests below look at, one after another, and stdin
    closed right after the last: each test reads the answers to its own lines (their ids are
    distinct), and the answers with no id are checked all together. One server start rather
    than one a test (a second of CPU each: the SDK's import)."""
    from peerethics.mcp_transport import MAX_LINE_BYTES

    return exchange(
        _search('"gifts \\ud83d"'),  # a lone surrogate escape: a JavaScript client's cut emoji
        _with_id(_search('"gifts"', prefix="\ufeff"), 2),  # a UTF-8 byte-order mark first
        '{"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": "not an object"}',
        '{"jsonrpc": "1.0", "id": 6, "method": "tools/list"}',  # both dropped by the SDK
        _with_id(_search('"' + "x" * MAX_LINE_BYTES + '"'), 7),  # longer than the bound
        '{"jsonrpc": "2.0", "id": null, "method": "tools/list"}',  # ids the SDK would take
        '{"jsonrpc": "2.0", "id": {"a": 1}, "method": "tools/list"}',  # for notifications
        DEEP,  # nested too deeply to read, then a request that must still be answered
        _with_id(_search('"gifts"'), 12),
        "not json at all",  # not JSON, then a batch, then a request
        '[{"jsonrpc": "2.0", "id": 8, "method": "tools/list"}, '
        '{"jsonrpc": "2.0", "id": "nine", "method": "ping"}]',
        _with_id(_search('"gifts"'), 22),
        _with_id(_search('"gifts"'), 3),  # stdin closes right after this call
    )


def test_every_request_is_answered(wire: tuple[dict[Any, Any], str]) -> None:
    """Each line what a real client may send, the last one right before stdin closes."""
    from peerethics.mcp_transport import MAX_LINE_BYTES

    answers, stderr = wire
    for request in (1, 2, 3):
        assert request in answers, (request, stderr)
        result = answers[request]["result"]
        assert not result.get("isError") and "NE-14" in json.dumps(result)
    assert answers[5]["error"]["code"] == answers[6]["error"]["code"] == -32600
    # Skipped unread, yet answered by its id (read from the line's first bytes): the client
    # waiting on it is told why, not left waiting.
    assert answers[7]["error"]["code"] == -32600
    assert answers[7]["error"]["message"] == ("peerethics: error: a request is longer than "
                                              f"{MAX_LINE_BYTES:,} bytes; it was skipped")
    # The answers with no id: exactly one for each line that gets one, in the lines' order
    # (the ids null and {"a": 1}; the line nested too deeply; the line that is not JSON).
    nulls = [(m["error"]["code"], m["error"]["message"]) for m in answers["nulls"]]
    assert nulls == [
        (-32600, "peerethics: error: not a valid JSON-RPC request (see the MCP specification's "
                 "schema)"),
        (-32600, "peerethics: error: not a valid JSON-RPC request (see the MCP specification's "
                 "schema)"),
        (-32600, "peerethics: error: a request is nested too deeply to read; it was skipped"),
        (-32700, "peerethics: error: a line that is not JSON; send one JSON-RPC request a line"),
    ], nulls


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="POSIX signals")
def test_ctrl_c_stops_the_server_at_once() -> None:
    proc = subprocess.Popen([*CMD, "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write((INIT + "\n").encode())
    proc.stdin.flush()
    assert json.loads(proc.stdout.readline())["id"] == 0  # serving, and waiting for a line
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(timeout=10)
    finally:
        proc.kill()
    stderr = proc.communicate()[1].decode()
    assert code == 130 and "Traceback" not in stderr, stderr


def _session(args: list[str], work: Any, errlog: Any) -> Any:
    params = StdioServerParameters(command=sys.executable, args=["-m", "peerethics", *args, "mcp"],
                                   env=dict(os.environ))

    async def main() -> Any:
        async with stdio_client(params, errlog=errlog) as (read, write), \
                ClientSession(read, write) as session:
            await session.initialize()
            return await work(session)

    with anyio.from_thread.start_blocking_portal() as portal:
        return portal.call(main)


def test_a_data_dir_broken_at_start_up_still_lists_the_codes(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: BRK\ntitle: [unclosed\n", encoding="utf-8")

    async def work(session: ClientSession) -> Any:
        listed = [str(r.uri) for r in (await session.list_resources()).resources]
        try:
            await session.read_resource("peerethics://codes/MO")  # type: ignore[arg-type]
        except MCPError as exc:
            return listed, str(exc)
        return listed, None

    with (tmp_path / "err.txt").open("w") as errlog:
        listed, error = _session(["--data-dir", str(tmp_path)], work, errlog)
    assert "peerethics://codes/MO" in listed and "peerethics://codes/CT" in listed
    assert error is not None and "broken.yaml:" in error


def test_a_prompt_without_its_argument_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    async def work(session: ClientSession) -> str:
        with pytest.raises(MCPError, match="question"):
            await session.get_prompt("answer_with_citations")
        return "done"

    log = tmp_path / "err.txt"
    with log.open("w") as errlog:
        assert _session([], work, errlog) == "done"
    stderr = log.read_text()
    assert "Traceback" not in stderr and "│" not in stderr and "╭" not in stderr, stderr
    assert all(line.startswith("peerethics mcp: ") for line in stderr.splitlines()), stderr



def test_a_request_nested_too_deeply_is_answered_and_the_server_reads_on(
        wire: tuple[dict[Any, Any], str]) -> None:
    """A request nested 100,000 levels deep (a hostile or broken client) made Python's JSON
    reader raise RecursionError in the transport: the server died with a traceback and every
    request after it went unanswered."""
    answers, stderr = wire
    assert "Traceback" not in stderr, stderr[-2000:]
    assert 12 in answers and "NE-14" in json.dumps(answers[12]["result"])
    nulls = [m["error"] for m in answers["nulls"]]
    assert 4 in answers or any("nested too deeply" in e["message"] for e in nulls), answers


def test_a_line_that_is_not_json_or_a_batch_is_answered(
        wire: tuple[dict[Any, Any], str]) -> None:
    """The SDK dropped both without a word: a client that sent a batch (allowed before MCP
    2025-06-18) waited for ever on its ids."""
    answers, stderr = wire
    assert "Traceback" not in stderr, stderr[-2000:]
    assert answers[8]["error"]["code"] == answers["nine"]["error"]["code"] == -32600
    assert "batch" in answers[8]["error"]["message"]
    assert [m["error"]["code"] for m in answers["nulls"]].count(-32700) == 1
    assert "NE-14" in json.dumps(answers[22]["result"])
