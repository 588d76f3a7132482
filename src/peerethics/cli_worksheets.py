"""What ``case`` and ``decide`` do once their arguments are parsed: build the worksheet
(:mod:`peerethics.worksheets`), then print it, or write it to the file ``-o`` names.

Apart from :mod:`peerethics.cli_commands` (which re-exports both, so the fast path and Typer call
them as they call every command) only so that module stays under 450 lines. Like it, these take
every value explicitly and declare no defaults (declared once, in
:mod:`peerethics.cli_app_worksheets`), and import nothing heavy at module level.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cli_output import EXIT_NOTHING, EXIT_OK, check_format, emit, plain, say
from .formats import Format

if TYPE_CHECKING:
    from .cli_render import View
    from .options import Globals

# What a file named with -o is written as when no --format is given: by its name's ending.
_BY_SUFFIX = {".json": Format.json, ".csv": Format.csv, ".txt": Format.table}


def case(opts: Globals, ids: list[str], level: str | None, incident_date: str | None,
         allegation: str | None, output: str | None, fmt: Format | None, as_json: bool) -> int:
    from .cli_commands import _catalog
    from .cli_view_worksheets import case_view
    from .ids import split_ids
    from .worksheets import case_file, incident_day

    check_format(fmt, as_json)
    incident_day(incident_date)  # a date that is not a date is said before anything is read
    cat = _catalog(opts)
    given = [i for item in ids for i in split_ids(item)]
    worksheet = case_file(cat, given, level, incident_date, allegation)
    _out(case_view(worksheet), output, fmt, as_json, opts)
    return EXIT_OK


def decide(opts: Globals, situation: list[str], code: list[str] | None, output: str | None,
           fmt: Format | None, as_json: bool) -> int:
    from .cli_commands import _catalog, _code_option
    from .cli_view_worksheets import decide_view
    from .ids import split_codes
    from .worksheets import decision, situation_text

    check_format(fmt, as_json)
    text = situation_text(" ".join(situation))
    cat = _catalog(opts)
    chosen = _code_option(cat, code)
    codes = [c for given in chosen or [] for c in split_codes(cat, given)]
    worksheet = decision(cat, text, codes or None)
    _out(decide_view(cat, worksheet), output, fmt, as_json, opts)
    if not any(f.hits for f in worksheet.findings):
        say(plain(f"peerethics: search found no principle for {text.strip()[:80]!r}; the "
                  "worksheet's steps still apply"))
        return EXIT_NOTHING
    return EXIT_OK


def _out(view: View, output: str | None, fmt: Format | None, as_json: bool,
         opts: Globals) -> None:
    """Print the view, or write it whole to ``output`` (in ``--format``, else by the file's
    ending: ``.json``, ``.csv``, ``.txt`` for the terminal's page, anything else Markdown)."""
    import os

    if output in (None, "-"):
        emit(view, fmt, as_json)
        return
    assert output is not None
    from .output_file import check_folder, write_file

    check_folder(output, opts.data_paths())
    suffix = os.path.splitext(output)[1].lower()
    chosen = Format.json if as_json else fmt or _BY_SUFFIX.get(suffix, Format.markdown)
    from .cli_render import file_bytes

    write_file(output, file_bytes(_rendered(view, chosen)))
    say(plain(f"peerethics: wrote {output} ({chosen.value})"))


def _rendered(view: View, fmt: Format) -> str:
    """The text of ``view`` in ``fmt`` for a file, whatever stdout is: JSON indented (a file is
    for a person to open, or a case system, which reads either), a table drawn without colour,
    as through a pipe."""
    import io

    from .cli_render import console, render
    from .contract import dumps

    if fmt is Format.json:
        return dumps(view.data, indent=True) + "\n"
    if fmt is not Format.table:
        out = render(view, fmt)
        assert out is not None
        return out
    buf = io.StringIO()
    view.pretty(console(buf))
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"
