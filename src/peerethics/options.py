"""The global options (``--data-dir``, and any a later issue adds), declared once, here.

Why here, in the library: three readers need them and none may own them. The Typer application
(:mod:`peerethics.cli`) turns each :class:`Option` into a Typer option on the program and on
every command that reads the catalog; the Typer-free fast path (:mod:`peerethics.cli_fast`)
reads the same tuple to parse plain calls; and every command, and the MCP server, receives the
parsed values as one typed record, :class:`Globals`, and loads its catalog through
:meth:`Globals.catalog`. Adding a global option is a line in :data:`OPTIONS`, a field of
:class:`Globals`, and the code that uses it: no signature anywhere else changes.

Kinds: ``path`` is a repeatable option taking a path (its field is a tuple of the paths given,
before the command and after it, in order); ``flag`` takes no value (its field is a bool, true
when given anywhere on the line); ``text`` takes one value (its field is the last one given, or
None). Nothing here imports Typer.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .model import Catalog

PATH, FLAG, TEXT = "path", "flag", "text"


class Option(NamedTuple):
    """A global option: the :class:`Globals` field it fills, the tokens that give it, its kind
    (:data:`PATH` or :data:`FLAG`) and its help line."""

    name: str
    tokens: tuple[str, ...]
    kind: str
    help: str


OPTIONS: tuple[Option, ...] = (
    Option("data_dirs", ("--data-dir",), PATH,
           "Add a directory of code YAML files (repeatable; also PEERETHICS_DATA)."),
    Option("as_of", ("--as-of",), TEXT,
           "Answer from the version of each code in force on this date, YYYY-MM-DD (also "
           "PEERETHICS_AS_OF)."),
)
BY_TOKEN: dict[str, Option] = {token: o for o in OPTIONS for token in o.tokens}


class Globals(NamedTuple):
    """The global options of one call, as every command and the MCP server receive them."""

    data_dirs: tuple[str, ...] = ()
    as_of: str | None = None

    def catalog(self) -> Catalog:
        """The catalog a call answers from: bundled codes, PEERETHICS_DATA, then ``--data-dir``;
        each code in the version in force on ``--as-of`` (else ``PEERETHICS_AS_OF``, else
        today). The catalog says which codes it left out and why (``absent``, ``notes``)."""
        from .catalog import load_catalog

        as_of = self.as_of if self.as_of is not None else os.environ.get("PEERETHICS_AS_OF")
        return load_catalog(self.data_paths(), as_of=as_of)

    def data_paths(self) -> list[str]:
        """The user's data paths of this call: ``PEERETHICS_DATA``'s, then ``--data-dir``'s."""
        from .discover import env_data_dirs

        return [*env_data_dirs(), *self.data_dirs]

    def resolved(self) -> Globals:
        """The same options with every path absolute: a server's client may start it from any
        directory, and the paths must mean what they meant on the command line."""
        from .discover import absolute

        return self._replace(data_dirs=tuple(absolute(d) for d in self.data_dirs))


def gather(given: Iterable[tuple[Option, Any]]) -> Globals:
    """The :class:`Globals` of a call from its (option, value) pairs in command-line order: a
    path option's values (one path, or a list of them as Typer gives) accumulate, a flag is true
    if given at all."""
    values: dict[str, Any] = {}
    for option, value in given:
        if option.kind == PATH:
            paths = value if isinstance(value, list | tuple) else [value]
            values[option.name] = (*values.get(option.name, ()), *map(os.fspath, paths))
        elif option.kind == TEXT:
            values[option.name] = str(value)  # given twice, the last one counts, as in Click
        elif value:
            values[option.name] = True
    return Globals(**values)


ENV_CODES = "PEERETHICS_CODES"


def default_codes(given: list[str] | None,
                  environ: os._Environ[str] | dict[str, str] | None = None) -> list[str] | None:
    """The codes a command's ``--code`` names (search, define, quiz): those given on the command
    line, else ``PEERETHICS_CODES``'s (``MO`` or ``MO,CT``; a Missouri peer wants Missouri first,
    every time), else None: every code. An explicit ``--code`` always wins; an empty variable
    is no default. Declared here, once, for every command that has ``--code``."""
    if given:
        return given
    value = (os.environ if environ is None else environ).get(ENV_CODES, "")
    return [value] if value.strip() else None
