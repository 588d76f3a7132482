"""A tool call the SDK refuses before the tool runs (arguments its schema refuses, a tool that
does not exist), said in one line as every other error is: ``peerethics: error: search: limt:
no such argument; search takes query, codes, limit, offset, as_of``, not pydantic's several
lines with its documentation link, nor the SDK's ``Unknown tool: x``.

Apart from :mod:`peerethics.mcp_server` (at the house's 450 lines) as one concept: what a
refused call says. A name the client sent is shown as typed when it is printable, else as
Python's repr (a line break or a direction mark in an argument's name split or reversed the
line), and shortened past 40 characters.
"""

from __future__ import annotations

from typing import Any


def shown(name: object) -> str:
    """A name a client sent, safe in a one-line message."""
    text = str(name)
    if len(text) > 40:
        text = f"{text[:37]}...({len(text):,} characters)"
    return text if text.isprintable() else repr(text)


def one_line_schema_errors(server: Any) -> None:
    """Wrap the server's ``call_tool``, which the SDK's handler calls through the instance."""
    from mcp.server.mcpserver.exceptions import ToolError
    from pydantic import ValidationError

    original = server.call_tool

    async def call_tool(name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        tool = server._tool_manager.get_tool(name)
        if tool is None:
            known = ", ".join(t.name for t in server._tool_manager.list_tools())
            raise ToolError(f"peerethics: error: there is no tool {shown(name)}; the tools are "
                            f"{known}")
        try:
            return await original(name, arguments, context)
        except ToolError as exc:
            if not isinstance(exc.__cause__, ValidationError):
                raise
            raise ToolError(f"peerethics: error: {name}: {_said(exc.__cause__, name, tool)}"
                            ) from exc.__cause__

    server.call_tool = call_tool


def _said(error: Any, name: str, tool: Any) -> str:
    """Each refused argument with why; the arguments the tool does not take named once, with
    what it does take."""
    said: list[str] = []
    extra: list[str] = []
    for err in error.errors():
        where = ".".join(shown(part) for part in err["loc"]) or "arguments"
        if err["type"] == "extra_forbidden":
            extra.append(where)
        else:
            said.append(f"{where}: {' '.join(str(err['msg']).split())}")
    if extra:
        takes = ", ".join(tool.parameters.get("properties", {}))
        said.append(f"{', '.join(extra)}: no such argument; {name} takes {takes}")
    return "; ".join(said)
