"""``PEERETHICS_CODES`` (issue 29, item 3): the default of ``--code`` on every command that has
one (search, define, quiz); an explicit ``--code`` wins, and a code it names that does not exist
is an error saying where it came from."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import EXAMPLES_VALID

DATA = ["--data-dir", str(EXAMPLES_VALID)]
XB = {"PEERETHICS_CODES": "XB"}


def test_search_defaults_to_the_variable_and_an_explicit_code_wins(run) -> None:
    hits = run.json(*DATA, "search", "gifts of any value", "--json")
    assert len({h["code"] for h in hits}) > 1  # no default: every code
    result = run(*DATA, "search", "borrow money", "--json", env=XB)
    assert result.exit_code == 0, result.stderr
    assert {h["code"] for h in json.loads(result.stdout)} == {"XB"}
    explicit = run(*DATA, "search", "gifts of any value", "--code", "XA", "--json", env=XB)
    assert {h["code"] for h in json.loads(explicit.stdout)} == {"XA"}


def test_define_and_quiz_default_too(run) -> None:
    result = run(*DATA, "define", "--json", env={"PEERETHICS_CODES": "XA"})
    assert result.exit_code == 1  # XA has no glossary: the default was used
    assert "XA has no glossary" in result.stderr
    quiz = run(*DATA, "quiz", "-n", "3", "--seed", "1", "--json", env=XB)
    assert quiz.exit_code == 0, quiz.stderr
    assert {q["code"] for q in json.loads(quiz.stdout)} == {"XB"}


@pytest.mark.parametrize("command", [["search", "gifts"], ["define", "mentee"], ["quiz"]])
def test_an_unknown_code_in_the_variable_says_so(run, command: list[str]) -> None:
    result = run(*DATA, *command, env={"PEERETHICS_CODES": "NOSUCHCODE"})
    assert result.exit_code == 2
    assert "PEERETHICS_CODES: unknown code 'NOSUCHCODE'" in result.stderr


def test_the_fast_path_reads_it_too() -> None:
    out = subprocess.run([sys.executable, "-m", "peerethics", *DATA, "search", "borrow money",
                          "--json"], capture_output=True, text=True,
                         env={**os.environ, **XB}, check=False)
    assert out.returncode == 0, out.stderr
    assert '"code":"XB"' in out.stdout and '"code":"XA"' not in out.stdout
