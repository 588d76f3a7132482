"""The README's examples are real: each `$ peerethics ...` block is run and compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def examples() -> list[tuple[str, str]]:
    if not README.is_file():
        return []
    text = README.read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        lines = block.splitlines()
        if lines and lines[0].startswith("$ peerethics ") and "my-code.yaml" not in lines[0]:
            found.append((lines[0][2:], "\n".join(lines[1:])))
    return found


def test_readme_has_examples() -> None:
    if not README.is_file():
        pytest.skip("README.md is not beside the tests")
    assert len(examples()) >= 6


@pytest.mark.parametrize(("command", "expected"), examples() or [("", "")])
def test_readme_example_output(run, command: str, expected: str) -> None:
    if not command:
        pytest.skip("README.md is not beside the tests")
    args = shlex.split(command)[1:]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    got = result.stdout.rstrip("\n").splitlines()
    want = expected.splitlines()
    if "..." in want:  # an elided example: compare up to the elision, then the tail
        cut = want.index("...")
        assert got[:cut] == want[:cut]
        tail = want[cut + 1:]
        assert got[len(got) - len(tail):] == tail
    else:
        assert got == want
