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

The SDK (and uvicorn, which it brings) is imported inside the functions, never at module level.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .options import Globals

LOOPBACK = ("127.0.0.1", "localhost", "::1")
PATH = "/mcp"


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
    app = build_server(resolved, catalog).streamable_http_app(
        streamable_http_path=PATH, stateless_http=True, json_response=True, host=host)
    settle(catalog)
    return app


def serve(opts: Globals, host: str, port: int) -> int:
    """Serve over HTTP on ``host``:``port`` until interrupted."""
    import uvicorn

    from . import mcp_transport

    if host not in LOOPBACK:
        print(f"peerethics: warning: serving on {host}, reachable from other machines, with no "
              "authentication of its own: put it behind a proxy that authenticates (see "
              "docs/mcp.md)", file=sys.stderr)
    mcp_transport.quiet_logging()
    _check_free(host, port)
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
    except OSError as exc:
        why = ("the port is in use" if exc.errno == errno.EADDRINUSE
               else exc.strerror or str(exc))
        raise InputError(f"cannot listen on {host}:{port}: {why}",
                         hint="choose another --port or --host") from None


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def __getattr__(name: str) -> Any:
    """``peerethics.mcp_http:app``: the application, built when a server first asks for it."""
    if name == "app":
        built = create_app()
        globals()["app"] = built
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
