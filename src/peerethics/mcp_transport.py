"""The stdio wire of ``peerethics mcp``: the SDK's own transport (``mcp.server.stdio``), fed with
streams of ours that fix what it would get wrong on a real client's wire.

- **Every request gets an answer.** A request holding a lone surrogate escape (``"gifts
  \\ud83d"``: valid JSON, what a JavaScript client sends when it cuts an emoji in two) or
  preceded by a UTF-8 byte-order mark is dropped by the SDK, and its client waits forever. Here
  a lone surrogate becomes U+FFFD and a byte-order mark is removed, before the SDK reads the line.
- **Nothing is lost at the end.** When stdin closes right after a request, the SDK stops before
  answering it. Here the end of stdin is passed on only once every request read has been
  answered (or after :data:`DRAIN_SECONDS`).
- **Ctrl-C stops it.** The SDK reads stdin in a worker thread the event loop waits for when it
  stops, so an interrupt waited for the next line. Here stdin is read by a daemon thread, which
  nothing waits for.
- **A request the SDK cannot read** (a wrong ``jsonrpc`` version, ``params`` that are not an
  object), a line that is not JSON and a batch (a JSON array of requests) are dropped by it
  unanswered; here each is answered with a JSON-RPC error.
- **Reads are bounded**, as every read of stdin is (:mod:`peerethics.stdin`): a line longer than
  :data:`MAX_LINE_BYTES`, or nested too deeply for Python's JSON reader (``[[[...`` 100,000
  deep, which raised RecursionError and ended the server), is answered with a JSON-RPC error
  and skipped; by its request's id when the line's first :data:`HEAD_BYTES` say it, so the
  client waiting on it is answered. The bound is well above a megabyte argument (even one
  written all in ``\\u`` escapes), which reaches the tool and is refused there, as a tool
  error that says why (each tool's schema and :mod:`peerethics.verify` bound their arguments).
- **Its log is one line a problem**, never a box-drawn traceback: the SDK logs a failed request
  (a prompt called without its argument) with a traceback; here each record is one line on
  stderr.

This is the MCP face, like :mod:`peerethics.mcp_server`: the only other module that imports
the SDK, and only when ``peerethics mcp`` runs.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

# One JSON-RPC message a line: a tool call is a few hundred bytes. A megabyte argument (a quote
# pasted whole) must reach its tool, to be refused there as a tool error that says why, even
# written in \\u escapes (6 bytes a character): so 16 MB, and anything longer is skipped unread.
MAX_LINE_BYTES = 16_000_000
# Of a line longer than that, what is kept to find its request's id (the SDK's client writes
# ``{"jsonrpc": "2.0", "id": 7, "method": ...`` with the id before the long params).
HEAD_BYTES = 65_536
# How long the end of stdin waits for the answers to requests still being worked on.
DRAIN_SECONDS = 10.0

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE = re.compile("[\ud800-\udfff]")


class OneLineLog(logging.Handler):
    """Each log record as one line on stderr (``peerethics mcp: warning: ...``), with no
    traceback: the SDK's own handler draws one in a box for a request that failed, which the
    client has already been answered about."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage().strip().splitlines()
            line = f"peerethics mcp: {record.levelname.lower()}: {text[0] if text else ''}"
            err = sys.stderr
            if err is not None:
                err.write(line[:500] + "\n")
                err.flush()
        except Exception:  # noqa: BLE001 - a log line that cannot be written is lost, no more
            pass


def quiet_logging() -> None:
    """Install :class:`OneLineLog` before the SDK configures logging (its ``basicConfig`` then
    leaves the root logger alone)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    logging.basicConfig(level=logging.WARNING, handlers=[OneLineLog()], force=True)


def clean(line: str) -> str:
    """A request line the SDK can read: no byte-order mark, no lone surrogate (each becomes
    U+FFFD, as a cut emoji should). Lines without either are returned as they are."""
    line = line.lstrip("\ufeff")
    if not _SURROGATE_ESCAPE.search(line) and not _LONE.search(line):
        return line
    try:
        message = json.loads(line)
    except ValueError:
        return _LONE.sub("\ufffd", line)
    return json.dumps(_mend(message), ensure_ascii=False) + "\n"


def _mend(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_mend(v) for v in value]
    if isinstance(value, dict):
        return {_mend(k): _mend(v) for k, v in value.items()}
    return value


def _request_id(line: str) -> str | None:
    """The id of a request (a message with a method and an id), as a key, else None."""
    try:
        message = json.loads(line)
    except ValueError:
        return None
    if isinstance(message, dict) and "method" in message and "id" in message:
        return json.dumps(message["id"])  # a request, its id valid or not (_valid says)
    return None


def _unread(line: str) -> list[dict[str, Any]]:
    """The JSON-RPC errors owed for a line that is no single message, which the SDK drops
    without a word: a line that is not JSON (``-32700``, id null), and a batch (an array; MCP
    has none since 2025-06-18), whose each request is refused by its id so that a client
    waiting on it is answered. Empty for anything else (a notification, a response, a blank
    line)."""
    try:
        message = json.loads(line)
    except ValueError:
        if not line.strip():
            return []
        return [_error(None, -32700, "a line that is not JSON; send one JSON-RPC request a "
                                     "line")]
    if not isinstance(message, list):
        return []
    ids = [m.get("id") for m in message if isinstance(m, dict) and "method" in m]
    ids = [i for i in ids if isinstance(i, str) or (isinstance(i, int)
                                                     and not isinstance(i, bool))]
    text = "a batch of requests (a JSON array); send one request a line"
    return [_error(i, -32600, text) for i in ids] or [_error(None, -32600, text)]


def _error(rid: str | int | None, code: int, text: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": rid, "error": {"code": code,
                                                   "message": f"peerethics: error: {text}"}}


def _valid(line: str) -> bool:
    """Whether the SDK will read the request ``line`` as one it answers: it drops a line its
    schema refuses, and reads one whose id is not a string or an integer (``null``, an object)
    as a notification, never answered."""
    import mcp_types

    try:
        message = mcp_types.jsonrpc_message_adapter.validate_json(line, by_name=False)
    except Exception:  # noqa: BLE001 - pydantic's ValidationError, or anything it raises
        return False
    rid = getattr(message, "id", None)
    return isinstance(rid, str) or (isinstance(rid, int) and not isinstance(rid, bool))


def _answered_id(text: str) -> str | None:
    """The id a response answers (a message with a result or an error), as a key, else None.
    Read from the members before the result (the SDK writes the id first), not by decoding the
    whole answer again: that was a tenth of what the server spent on a search beyond it."""
    members, ending = _leading(text, ("result", "error"))
    if ending in ("result", "error") and "id" in members:
        return json.dumps(members["id"])
    if ending == "}":  # a whole message with neither: a request or a notification
        return None
    try:  # written another way: read it all
        message = json.loads(text)
    except ValueError:
        return None
    if isinstance(message, dict) and ("result" in message or "error" in message):
        return json.dumps(message.get("id"))
    return None


def _leading(text: str, stop: tuple[str, ...] = ()) -> tuple[dict[str, Any], str | None]:
    """The members of the JSON object ``text`` begins with, decoded one by one with the
    standard reader, up to the first whose key is in ``stop`` (left undecoded), and how the
    reading ended: that key, ``"}"`` at the object's end, or None where ``text`` stops being
    readable (cut short, or not an object)."""
    decoder = json.JSONDecoder()
    members: dict[str, Any] = {}
    at = len(text) - len(text.lstrip().lstrip("\ufeff"))
    if not text.startswith("{", at):
        return members, None
    at += 1
    try:
        while True:
            while text[at:at + 1].isspace() or text[at:at + 1] == ",":
                at += 1
            if text[at:at + 1] == "}":
                return members, "}"
            key, at = decoder.raw_decode(text, at)
            if not isinstance(key, str):
                return members, None
            if key in stop:
                return members, key
            while text[at:at + 1].isspace():
                at += 1
            if text[at:at + 1] != ":":
                return members, None
            at += 1
            while text[at:at + 1].isspace():
                at += 1
            members[key], at = decoder.raw_decode(text, at)
    except (ValueError, RecursionError):  # cut short, or no JSON
        return members, None


class _Wire:
    """What was asked and not yet answered: the end of stdin waits for it."""

    def __init__(self) -> None:
        import anyio

        self.pending: set[str] = set()
        self.idle = anyio.Event()
        self.idle.set()

    def asked(self, key: str) -> None:
        import anyio

        if not self.pending:
            self.idle = anyio.Event()
        self.pending.add(key)

    def answered(self, key: str) -> None:
        self.pending.discard(key)
        if not self.pending:
            self.idle.set()


class Requests:
    """The request lines, as the SDK's transport reads them (``async for line in stdin``)."""

    def __init__(self, wire: _Wire, receive: Any, reply: Any) -> None:
        self.wire, self.receive, self.reply = wire, receive, reply

    def __aiter__(self) -> Requests:
        return self

    async def __anext__(self) -> str:
        import anyio

        while True:
            try:
                item = await self.receive.receive()
            except anyio.EndOfStream:
                with anyio.move_on_after(DRAIN_SECONDS):
                    await self.wire.idle.wait()
                raise StopAsyncIteration from None
            if isinstance(item, TooLong):  # a line too long to be a request: say so, read on
                await self.reply.write(json.dumps({
                    "jsonrpc": "2.0", "id": _head_id(item.head), "error": {
                        "code": -32600, "message": f"peerethics: error: a request is longer than "
                        f"{MAX_LINE_BYTES:,} bytes; it was skipped"}}) + "\n")
                await self.reply.flush()
                continue
            try:
                line = clean(item)
                key = _request_id(line)
            except RecursionError:  # nested past Python's JSON reader: no request of ours
                await self.reply.write(json.dumps({
                    "jsonrpc": "2.0", "id": None, "error": {
                        "code": -32600, "message": "peerethics: error: a request is nested "
                        "too deeply to read; it was skipped"}}) + "\n")
                await self.reply.flush()
                continue
            if key is None and (refusals := _unread(line)):  # the SDK drops it silently
                for refusal in refusals:
                    await self.reply.write(json.dumps(refusal) + "\n")
                await self.reply.flush()
                continue
            if key is not None and not _valid(line):  # the SDK would drop it unanswered
                rid = json.loads(key)
                good = isinstance(rid, str) or (isinstance(rid, int) and not isinstance(rid, bool))
                await self.reply.write(json.dumps({
                    "jsonrpc": "2.0", "id": rid if good else None, "error": {
                        "code": -32600, "message": "peerethics: error: not a valid JSON-RPC "
                        "request (see the MCP specification's schema)"}}) + "\n")
                await self.reply.flush()
                continue
            if key is not None:
                self.wire.asked(key)
            return line


class Replies:
    """Where the SDK's transport writes: stdout, one message a line; each response written
    marks its request answered."""

    def __init__(self, wire: _Wire, out: BinaryIO) -> None:
        self.wire, self.out = wire, out

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.out.flush()

    async def write(self, text: str) -> None:
        import anyio

        await anyio.to_thread.run_sync(self._write, text.encode("utf-8", "surrogateescape"))
        key = _answered_id(text)
        if key is not None:
            self.wire.answered(key)

    async def flush(self) -> None:
        pass  # each write is flushed


class TooLong:
    """Stands for a line longer than :data:`MAX_LINE_BYTES`, skipped unread but for its first
    :data:`HEAD_BYTES` (where a request's id is looked for)."""

    __slots__ = ("head",)

    def __init__(self, head: bytes) -> None:
        self.head = head


def _head_id(head: bytes) -> str | int | None:
    """The id of the request a line over the bound began with, when its first bytes hold the
    top-level ``"id"`` member whole (before any member too long to be in them), else None.
    Member by member on the head only, so it costs little."""
    members, _ = _leading(head.decode("utf-8", "replace"))
    rid = members.get("id")
    return rid if isinstance(rid, str) or (isinstance(rid, int)
                                           and not isinstance(rid, bool)) else None


def _lines(fd: int) -> Any:
    """The lines of ``fd``, read with ``os.read`` (a buffered reader's lock, held by a thread
    blocked in a read, stops the interpreter at exit); a line longer than the bound is skipped
    and given as :class:`TooLong`. Each byte is looked at once: a 16 MB line is read in 64 KB
    chunks, so joining them anew for each chunk would copy gigabytes."""
    import os

    pending = bytearray()
    skipping = False  # the rest of a line over the bound, already answered
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                if not skipping:
                    pending += chunk[start:]
                    if len(pending) > MAX_LINE_BYTES:
                        yield TooLong(bytes(pending[:HEAD_BYTES]))
                        pending.clear()
                        skipping = True
                break
            if skipping:
                skipping = False
            else:
                pending += chunk[start:end + 1]
                if len(pending) > MAX_LINE_BYTES:
                    yield TooLong(bytes(pending[:HEAD_BYTES]))
                else:
                    yield pending.decode("utf-8", "replace")
                pending.clear()
            start = end + 1
    if pending and not skipping:
        yield pending.decode("utf-8", "replace")


def _read_lines(fd: int, send: Any, token: Any) -> None:
    """Read stdin in a daemon thread, handing each line to the event loop; end the stream at
    the end of input."""
    import anyio.from_thread

    try:
        for item in _lines(fd):
            anyio.from_thread.run(send.send, item, token=token)
    except (OSError, ValueError):
        pass
    except Exception:  # noqa: BLE001 - the loop has stopped (Ctrl-C, the client went away)
        return
    try:
        anyio.from_thread.run_sync(send.close, token=token)
    except Exception:  # noqa: BLE001 - the loop has stopped already
        pass


async def _serve(server: MCPServer[Any], stdin: int, stdout: BinaryIO) -> None:
    import anyio
    import anyio.lowlevel
    from mcp.server.stdio import stdio_server

    send, receive = anyio.create_memory_object_stream[str | TooLong](16)
    wire = _Wire()
    replies = Replies(wire, stdout)
    reader = threading.Thread(target=_read_lines, name="peerethics-mcp-stdin", daemon=True,
                              args=(stdin, send, anyio.lowlevel.current_token()))
    reader.start()
    low = server._lowlevel_server  # the SDK's run_stdio_async, with our streams
    async with stdio_server(stdin=Requests(wire, receive, replies),  # type: ignore[arg-type]
                            stdout=replies) as (read_stream, write_stream):  # type: ignore[arg-type]
        await low.run(read_stream, write_stream, low.create_initialization_options())


def run(server: MCPServer[Any]) -> None:
    """Serve ``server`` on this process's stdin and stdout until stdin ends (or Ctrl-C)."""
    import anyio

    anyio.run(_serve, server, sys.stdin.fileno(), sys.stdout.buffer)
