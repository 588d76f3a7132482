#!/usr/bin/env python3
"""Regenerate the output of README.md's `$ peerethics ...` examples (tests/test_readme.py checks
them), and of `$ printf ANSWERS | peerethics quiz ...` sessions (tests/test_quiz.py checks those).
Elided examples (with a `...` line) and examples that need a file are left alone.

    python tools/update_readme.py
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    env.pop("PEERETHICS_DATA", None)

    def redo(m: re.Match[str]) -> str:
        lines = m.group(1).splitlines()
        # `$ printf 'a\n2\n' | peerethics quiz ...`: a session with its answers piped in.
        piped = re.match(r"^\$ printf (\S+) \| (peerethics .*)$", lines[0]) if lines else None
        given = None
        if piped:
            given = shlex.split(piped.group(1))[0].encode().decode("unicode_escape")
            command = piped.group(2)
        elif lines and lines[0].startswith("$ peerethics "):
            command = lines[0][2:]
        else:
            return m.group(0)
        if "..." in lines or "my-code.yaml" in lines[0]:
            return m.group(0)
        args = shlex.split(command)[1:]
        out = subprocess.run([sys.executable, "-m", "peerethics", *args], capture_output=True,
                             text=True, env=env, check=False, input=given).stdout.rstrip("\n")
        return f"```console\n{lines[0]}\n{out}\n```"

    README.write_text(re.sub(r"```console\n(.*?)```", redo, text, flags=re.S), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
