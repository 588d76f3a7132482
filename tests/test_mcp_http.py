"""`peerethics mcp --http`: the same server over the SDK's Streamable HTTP transport, driven by
the SDK's own HTTP client on a free local port; and the ASGI application under uvicorn with two
workers answering one client (stateless: any worker answers any request)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp", reason="the MCP SDK is not installed (pip install -e '.[test]')")

import anyio  # noqa: E402
from mcp import ClientSession  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _started(cmd: list[str], port: int, env: dict[str, str], log: Path,
             host: str = "127.0.0.1") -> subprocess.Popen[bytes]:
    """A server process, once its port accepts connections."""
    with log.open("wb") as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(log.read_text())
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"no server on port {port}: {log.read_text()}")


@pytest.fixture(scope="module")
def env(_home: Path) -> dict[str, str]:
    return {**os.environ, "PEERETHICS_DATA": str(REPO / "examples"),
            "PEERETHICS_CACHE_DIR": str(_home / "cache")}


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


async def _calls(url: str, work: Any) -> Any:
    async with streamable_http_client(url) as (read, write, *_), \
            ClientSession(read, write) as session:
        await session.initialize()
        return await work(session)


def _post(url: str, body: bytes, timeout: float = 20) -> tuple[int, bytes]:
    """POST ``body`` to the server as an MCP client would (raw, so any bytes can be sent): the
    status and the answer's bytes."""
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=timeout)
    try:
        conn.request("POST", where.path, body=body, headers={
            "Content-Type": "application/json", "Accept": "application/json, text/event-stream"})
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def http_server(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    log = tmp_path_factory.mktemp("http") / "stderr.txt"
    proc = _started([sys.executable, "-m", "peerethics", "mcp", "--http", str(port)],
                    port, env, log)
    try:
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        _stop(proc)
    assert "Traceback" not in log.read_text()


def test_the_tools_answer_over_http_as_over_stdio(http_server: str, run) -> None:
    async def work(session: ClientSession) -> None:
        tools = {t.name for t in (await session.list_tools()).tools}
        assert {"search", "show", "verify_quote", "list_codes"} <= tools
        found = await session.call_tool("verify_quote",
                                        {"quote": "will not enter into dual relationships"})
        assert not found.is_error and found.structured_content is not None
        assert found.structured_content == run.json(
            "--data-dir", str(REPO / "examples"), "verify",
            "will not enter into dual relationships", "--json")
        shown = await session.call_tool("show", {"ids": ["EXA-1"]})
        assert shown.structured_content["result"][0]["id"] == "EXA-1"  # type: ignore[index]
        bad = await session.call_tool("show", {"ids": ["MO-99"]})
        assert bad.is_error and bad.content[0].text.startswith(  # type: ignore[union-attr]
            "peerethics: error: MO has principles 1-21")
        assert (await session.call_tool("search", {"query": "gifts", "limt": 3})).is_error
        assert (await session.call_tool("search", {"query": 5})).is_error
        assert not (await session.call_tool("list_codes", {})).is_error  # and it keeps serving

    anyio.run(_calls, http_server, work)


def test_two_workers_answer_the_same_client(env: dict[str, str], tmp_path: Path) -> None:
    port = _free_port()
    proc = _started([sys.executable, "-m", "uvicorn", "--factory",
                     "peerethics.mcp_http:create_app", "--workers", "2", "--port", str(port),
                     "--log-level", "warning"], port, env, tmp_path / "stderr.txt")

    async def work(session: ClientSession) -> list[str]:
        answers = []
        for _ in range(12):
            result = await session.call_tool("search", {"query": "gifts", "limit": 1})
            assert not result.is_error
            answers.append(result.structured_content["result"][0]["id"])  # type: ignore[index]
        return answers

    try:
        answers = anyio.run(_calls, f"http://127.0.0.1:{port}/mcp", work)
    finally:
        _stop(proc)
    assert len(set(answers)) == 1


def test_another_address_than_loopback_is_served_with_a_warning(env: dict[str, str],
                                                                 tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "stderr.txt"
    proc = _started([sys.executable, "-m", "peerethics", "mcp", "--http", f"0.0.0.0:{port}"],
                    port, env, log)
    _stop(proc)
    first = log.read_text().splitlines()[0]
    assert first.startswith("peerethics: warning: serving on 0.0.0.0, reachable from other "
                            "machines, with no authentication of its own")


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_an_ipv6_address_in_brackets_is_served(env: dict[str, str], tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET6) as s:
        s.bind(("::1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "stderr.txt"
    proc = _started([sys.executable, "-m", "peerethics", "mcp", "--http", f"[::1]:{port}"],
                    port, env, log, host="::1")

    async def work(session: ClientSession) -> bool:
        return not (await session.call_tool("show", {"ids": ["MO-1"]})).is_error

    try:
        assert anyio.run(_calls, f"http://[::1]:{port}/mcp", work)
    finally:
        _stop(proc)
    assert log.read_text().splitlines()[0] == (f"peerethics: serving MCP at http://[::1]:{port}"
                                               "/mcp")  # loopback: no warning


@pytest.mark.parametrize(("args", "why"), [
    (["--http", "0.0.0.0"], "no port; give HOST:PORT, as 0.0.0.0:8000, or the port alone"),
    (["--http", "::1:8000"], "write an IPv6 address in brackets, as [::1]:8000"),
    (["--http", "[::1]"], "an address in brackets is followed by :PORT"),
    (["--http", ":8000"], "the host before ':' is empty"),
    (["--http", "70000"], "the port 70000 is not from 1 to 65535"),
    (["--http", "localhost:http"], "the port 'http' is not a number"),
    (["--http", "8000", "--port", "9000"], "--http 8000 and --host/--port both say where"),
    (["8000"], "8000 says where to serve over HTTP, but --http was not given"),
    (["--port", "8000"], "--host/--port says where to serve over HTTP, but --http was not given"),
])
def test_a_bad_address_is_one_line_and_exit_2(run, args: list[str], why: str) -> None:
    result = run("mcp", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("peerethics: error: ") and why in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


def test_a_port_in_use_is_one_line_and_exit_2(env: dict[str, str]) -> None:
    """With the first spelling, --http --port PORT, kept for the configurations that use it."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "peerethics", "mcp", "--http", "--port",
                                 str(port)], capture_output=True, text=True, timeout=60, env=env,
                                stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stderr == (f"peerethics: error: cannot listen on 127.0.0.1:{port}: the port is "
                             "in use; choose another port or address (--http [HOST:]PORT)\n")


def test_a_body_over_the_bound_is_refused_413_and_the_server_keeps_serving(
        http_server: str, run) -> None:
    """The SDK reads a whole body before looking at it: over the stdio line bound (16 MB) it is
    refused, whether its length is declared (before a byte is read) or it comes in chunks."""
    import http.client
    from urllib.parse import urlsplit

    from peerethics.mcp_transport import MAX_LINE_BYTES

    url = urlsplit(http_server)
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    declared = http.client.HTTPConnection(url.hostname, url.port, timeout=20)
    declared.putrequest("POST", url.path)
    for name, value in headers.items():
        declared.putheader(name, value)
    declared.putheader("Content-Length", str(MAX_LINE_BYTES + 1))
    declared.endheaders()  # and no body at all: refused on the header alone
    answer = declared.getresponse()
    assert answer.status == 413
    error = json.loads(answer.read())["error"]
    declared.close()
    assert error["code"] == -32600 and "over 16,000,000 bytes" in error["message"]
    chunked = http.client.HTTPConnection(url.hostname, url.port, timeout=20)
    block = b"x" * 1_000_000
    try:
        chunked.request("POST", url.path, body=iter([block] * 17), headers=headers,
                        encode_chunked=True)
        assert chunked.getresponse().status == 413
    finally:
        chunked.close()

    async def work(session: ClientSession) -> None:
        assert not (await session.call_tool("list_codes", {})).is_error

    anyio.run(_calls, http_server, work)


def test_a_deep_body_with_a_lone_surrogate_is_a_parse_error_not_a_500(http_server: str
                                                                        ) -> None:
    """Mending a lone surrogate escape reads the body with Python's JSON reader: nested past
    its depth it raised RecursionError, a 500 and a traceback in the server's log; it is the
    SDK's parse error, as the same body without the escape is."""
    for depth in (5_000, 100_000):
        body = b"[" * depth + b'"\\ud83d"' + b"]" * depth
        status, text = _post(http_server, body)
        assert status == 400, text[:200]
        assert json.loads(text)["error"]["code"] == -32700


def test_a_body_at_the_bound_is_answered(http_server: str) -> None:
    """SDK 2.3 refused any body over 4 MiB itself, in plain text ('Request body too large'): a
    5 MB request, which stdio reads, and one of exactly the bound, are answered by their id."""
    from peerethics.mcp_transport import MAX_LINE_BYTES

    start = (b'{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"search",'
             b'"arguments":{"query":"gifts","limit":1}}')
    for size in (5_000_000, MAX_LINE_BYTES):
        body = start + b" " * (size - len(start) - 1) + b"}"  # JSON's own white space
        status, text = _post(http_server, body, timeout=60)
        assert status == 200, text[:200]
        assert json.loads(text)["id"] == 8


@pytest.mark.parametrize("body", [
    b'{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"search",'
    b'"arguments":{"query":"gifts \\ud83d","limit":1}}}',
    b'\xef\xbb\xbf{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"search",'
    b'"arguments":{"query":"gifts","limit":1}}}',
    # Not UTF-8 (Latin-1's caf\xe9): U+FFFD as over stdio, not a parse error with id null.
    b'{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"search",'
    b'"arguments":{"query":"gifts at the caf\xe9","limit":1}}}'])
def test_a_lone_surrogate_or_a_bom_is_answered_by_its_request_id(http_server: str,
                                                                  body: bytes) -> None:
    """A JavaScript client's cut emoji (a lone surrogate escape, valid JSON) was the SDK's parse
    error with id null; it is mended as over stdio (U+FFFD), and the search answers id 7."""
    status, text = _post(http_server, body)
    assert status == 200, text[:200]
    message = json.loads(text)
    assert message["id"] == 7 and "error" not in message
    assert not message["result"]["isError"]
    assert message["result"]["structuredContent"]["result"][0]["id"]
