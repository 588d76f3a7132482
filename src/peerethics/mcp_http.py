"""``peerethics mcp --http``: the same MCP server over the SDK's Streamable HTTP transport, at
``/mcp``, for an agency that wants every peer's assistant to use one server.

Why these choices:

- **Stateless** (the SDK's ``stateless_http``, with plain JSON responses): no per-client state in
  the process, so any worker of any machine answers any request, and the agency runs as many as
  it needs behind its own proxy. Every tool is read-only; nothing a client sends is kept.
- **Loopback unless told otherwise**: ``127.0.0.1`` by default, where the SDK also refuses
  requests whose Host or Origin is not the loopback's (DNS rebinding). Any other address is
  served as asked, with a warning on stderr: this server has no authentication of its own, so an
  agency puts it behind a proxy that terminates TLS and authenticates (docs/mcp.md).
- **The ASGI application exposed**: :func:`create_app` (``uvicorn --factory
  peerethics.mcp_http:create_app``) and ``peerethics.mcp_http:app`` (built on first access), so
  an agency runs it under uvicorn or gunicorn with several workers. Both read the codes as
  every command does: the bundled ones plus ``PEERETHICS_DATA``.
- **A bound on a request's body**, the stdio transport's line bound (16 MB): the SDK reads a whole
  body into memory before it looks at it, so one client could fill the server's memory. A body
  declared longer is refused before it is read (413, with a JSON-RPC error), and one sent in
  chunks is refused once it passes the bound.

The SDK (and uvicorn, which it brings) is imported inside the functions, never at module level.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .options import Globals

LOOPBACK = ("127.0.0.1", "localhost", "::1")
PATH = "/mcp"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
_EXAMPLES = "e.g. --http 8000, --http 0.0.0.0:8000 or --http [::1]:8000"


def listen_address(http: bool, address: str | None, host: str | None,
                   port: int | None) -> tuple[str, int]:
    """Where ``peerethics mcp --http [HOST:]PORT`` listens: ``8000`` (on loopback),
    ``0.0.0.0:8000``, ``[::1]:8000`` (an IPv6 address in brackets, as in a URL); ``--http``
    alone is 127.0.0.1:8000. ``--host`` and ``--port`` (the first spelling, kept for the
    configurations that use it) say the same, and may not be given beside an address.
    :class:`~peerethics.errors.InputError` (exit 2) for anything else, before the SDK loads."""
    from .errors import InputError

    if not http:
        given = address if address is not None else "--host/--port"
        raise InputError(f"{given} says where to serve over HTTP, but --http was not given",
                         hint=f"add --http ({_EXAMPLES}); without it the server uses stdio")
    if address is None:
        return host or DEFAULT_HOST, port or DEFAULT_PORT
    if host is not None or port is not None:
        raise InputError(f"--http {address} and --host/--port both say where to listen",
                         hint="give one: --http [HOST:]PORT")
    return _parse_address(address)


def _parse_address(address: str) -> tuple[str, int]:
    from .errors import InputError

    def bad(why: str) -> InputError:
        return InputError(f"--http {address!r} is not [HOST:]PORT: {why}", hint=_EXAMPLES)

    text = address.strip()
    if text.startswith("["):  # [IPv6]:PORT
        host, sep, rest = text[1:].partition("]")
        if not sep or not rest.startswith(":"):
            raise bad("an address in brackets is followed by :PORT")
        port_text = rest[1:]
    elif text.count(":") > 1:
        raise bad("write an IPv6 address in brackets, as [::1]:8000")
    elif ":" in text:
        host, _, port_text = text.partition(":")
    elif text.isascii() and text.isdigit():
        host, port_text = DEFAULT_HOST, text
    else:
        raise bad("no port; give HOST:PORT, as 0.0.0.0:8000, or the port alone")
    if not host:
        raise bad("the host before ':' is empty (give the port alone for loopback)")
    if not port_text.isascii() or not port_text.isdigit():
        raise bad(f"the port {port_text!r} is not a number" if port_text else "no port")
    port = int(port_text)
    if not 1 <= port <= 65535:
        raise bad(f"the port {port} is not from 1 to 65535")
    return host, port


def create_app(opts: Globals | None = None, host: str = "127.0.0.1") -> Any:
    """The ASGI application: the MCP server over Streamable HTTP at ``/mcp``, stateless, with
    its catalog loaded (and the collector's start-up objects frozen) before the first request.
    ``host`` is the address served, for the SDK's DNS-rebinding protection on loopback."""
    from .mcp_server import build_server, check_sdk, settle
    from .options import Globals
    from .served import ServedCatalog

    check_sdk()
    resolved = (opts or Globals()).resolved()
    catalog = ServedCatalog(resolved.data_dirs)
    make = build_server(resolved, catalog).streamable_http_app
    app = make(streamable_http_path=PATH, stateless_http=True, json_response=True, host=host,
               **_sdk_body_bound(make))
    settle(catalog)
    return BodyLimit(app)


def _sdk_body_bound(make: Any) -> dict[str, Any]:
    """The SDK's own bound on a body lifted above ours where it has one: SDK 2.3 refuses a body
    over 4 MiB in plain text ('Request body too large'), so a 5 MB request, one stdio reads,
    never reached BodyLimit's bound or its JSON-RPC error. Four times ours: a body BodyLimit
    mended may have grown (each byte that was not UTF-8 is now U+FFFD's three)."""
    import inspect

    from .mcp_transport import MAX_LINE_BYTES

    wanted = "max_request_body_size"
    return {wanted: 4 * MAX_LINE_BYTES} if wanted in inspect.signature(make).parameters else {}


def _mended(body: bytes) -> bytes | None:
    """A body the SDK can read, as the stdio transport mends a line (mcp_transport.clean): a
    lone surrogate escape (``"gifts \\ud83d"``, a JavaScript client's cut emoji) becomes U+FFFD
    and a byte-order mark goes, rather than a parse error the client cannot match to its
    request; bytes that are not UTF-8 (a Latin-1 client's ``café``) become U+FFFD too, as the
    stdio transport reads a line. None when there is nothing to mend."""
    if body.isascii() and b"\\u" not in body:
        return None
    from .mcp_transport import clean

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("utf-8", "replace")
    try:
        mended = clean(text).encode("utf-8")
    except RecursionError:  # nested past Python's JSON reader: the SDK's parse error says so
        return None  # (a lone surrogate escape inside such a body was a 500 and a traceback)
    return None if mended == body else mended


class BodyLimit:
    """ASGI middleware: an HTTP request's body is read here, at most the bound, mended as a
    stdio line is (:func:`_mended`), then handed on whole; a longer one is answered 413 with a
    JSON-RPC error and never reaches the SDK."""

    def __init__(self, app: Any, limit: int | None = None) -> None:
        from .mcp_transport import MAX_LINE_BYTES

        self.app = app
        self.limit = MAX_LINE_BYTES if limit is None else limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                await self._refuse(send)
                return
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        mended = _mended(body)
        if mended is not None:  # the body's length changed: say the new one
            body = mended
            scope = {**scope, "headers": [
                *((k, v) for k, v in scope.get("headers") or () if k != b"content-length"),
                (b"content-length", str(len(body)).encode())]}
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: the disconnect, when it comes

        await self.app(scope, replay, send)

    async def _refuse(self, send: Any) -> None:
        import json

        body = json.dumps({"jsonrpc": "2.0", "id": None, "error": {
            "code": -32600, "message": f"peerethics: error: the request is over "
                                       f"{self.limit:,} bytes; send a shorter one"}}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def serve(opts: Globals, host: str, port: int) -> int:
    """Serve over HTTP on ``host``:``port`` until interrupted. An address that cannot be
    listened on is said before the SDK is loaded (a second, not a moment)."""
    if host not in LOOPBACK:
        from .cli_output import plain, say

        say(plain(f"peerethics: warning: serving on {host}, reachable from other machines, with "
                  "no authentication of its own: put it behind a proxy that authenticates (see "
                  "docs/mcp.md)"))  # the host as typed, its control characters made visible
    _check_free(host, port)
    from .mcp_server import check_sdk

    check_sdk()
    import uvicorn

    from . import mcp_transport

    mcp_transport.quiet_logging()
    app = create_app(opts, host)
    print(f"peerethics: serving MCP at http://{_url_host(host)}:{port}{PATH}", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


def _check_free(host: str, port: int) -> None:
    """Say in one line, before loading anything, that the address cannot be listened on (a port
    in use, an address not this machine's), rather than uvicorn's log line and exit 3."""
    import errno
    import socket

    from .errors import InputError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except UnicodeError:  # no host name can be this (a label over 63 letters, a bad byte)
        raise InputError(f"cannot listen on {host}:{port}: not a host name or address",
                         hint="give an address (0.0.0.0, [::1]) or a host name") from None
    except OSError as exc:
        why = ("the port is in use" if exc.errno == errno.EADDRINUSE
               else exc.strerror or str(exc))
        raise InputError(f"cannot listen on {host}:{port}: {why}",
                         hint="choose another port or address (--http [HOST:]PORT)") from None


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def __getattr__(name: str) -> Any:
    """``peerethics.mcp_http:app``: the application, built when a server first asks for it."""
    if name == "app":
        built = create_app()
        globals()["app"] = built
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
