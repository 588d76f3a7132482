"""Help text has no hard line breaks inside a paragraph (issue 29): Rich wraps it to the
terminal, so a break kept from a docstring would cut a line mid-sentence at narrow widths."""

from __future__ import annotations

import typer

from peerethics.cli import app


def test_no_command_help_has_a_line_break_inside_a_paragraph() -> None:
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert len(commands) >= 9
    for name, command in commands.items():
        for para in (command.help or "").split("\n\n"):
            assert "\n" not in para, (name, para)


def test_help_at_60_columns_keeps_words_and_options_whole(run) -> None:
    out = run("quiz", "--help", env={"COLUMNS": "60"}).stdout
    assert "--format markdown" in " ".join(out.split())
    assert "answers are read from stdin" in " ".join(out.split())
