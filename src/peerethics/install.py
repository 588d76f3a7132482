"""How this copy of peerethics was installed, to say how to add an optional extra to it.

Why: peerethics is not on a package index, so ``pip install 'peerethics[mcp]'`` fails; what
works depends on how it was installed. A pipx install takes ``pipx inject peerethics mcp``; an
install from a clone (editable or not) takes ``pip install '.[mcp]'`` run in that clone with the
same Python. Both are read from what the installation left behind: pipx's venv path
(``.../pipx/venvs/peerethics``), and the ``direct_url.json`` pip writes beside an install from a
local directory (PEP 610).
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse


def extra_hint(extra: str, package: str = "mcp", *, prefix: str | None = None,
               executable: str | None = None, direct_url: str | None = None) -> str:
    """How to install the optional ``extra`` (whose package is ``package``) into this
    installation, as the end of an error line. The keyword arguments stand in for what is read
    from the running interpreter (for tests)."""
    prefix = sys.prefix if prefix is None else prefix
    executable = sys.executable if executable is None else executable
    parts = Path(prefix).parts
    if "venvs" in parts and any("pipx" in p for p in parts[:parts.index("venvs")]):
        return f"installed with pipx, so add it with: pipx inject peerethics {package}"
    source = _source(direct_url if direct_url is not None else _direct_url())
    if source is not None:
        where, editable = source
        pip = f"{shlex.quote(executable)} -m pip install {'-e ' if editable else ''}'.[{extra}]'"
        return f"installed from the clone at {where}, so add it with: cd {shlex.quote(where)} " \
               f"&& {pip}"
    return (f"in the clone peerethics was installed from, run: pip install '.[{extra}]' "
            f"(or, for a pipx install: pipx inject peerethics {package}); see docs/mcp.md")


def _direct_url() -> str:
    """The ``direct_url.json`` of the installed distribution, or "" (none, or unreadable)."""
    from importlib import metadata

    try:
        return metadata.distribution("peerethics").read_text("direct_url.json") or ""
    except (metadata.PackageNotFoundError, OSError):
        return ""


def _source(text: str) -> tuple[str, bool] | None:
    """The local directory an install came from and whether it is editable, from PEP 610's
    ``direct_url.json``; None for anything else (an archive, a VCS URL, nothing)."""
    try:
        data = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        return None
    url = urlparse(data["url"])
    info = data.get("dir_info")
    if url.scheme != "file" or not isinstance(info, dict):
        return None
    return unquote(url.path), bool(info.get("editable"))
