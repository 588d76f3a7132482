"""docs/json.md is the JSON contract: its key lists must match what the commands print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "json.md"


def documented() -> dict[str, list[str]]:
    if not DOC.is_file():
        pytest.skip("docs/json.md is not beside the tests (installed without the repository)")
    keys: dict[str, list[str]] = {}
    section = ""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^## `peerethics (\w+)`", line)
        if m:
            section = m.group(1)
        m = re.match(r"^(Keys|Row keys): (.*)$", line)
        if m and section:
            name = section if m.group(1) == "Keys" else f"{section}.rows"
            keys[name] = re.findall(r"`(\w+)`", m.group(2).split(" (and")[0])
    return keys


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("show", ["show", "MO-13", "CT-12"]),
        ("search", ["search", "gifts"]),
        ("sanctions", ["sanctions", "MO-13"]),
        ("compare", ["compare", "MO", "CT"]),
        ("compare.rows", ["compare", "MO", "CT"]),
        ("codes", ["codes"]),
        ("topics", ["topics"]),
        ("validate", ["validate", "examples"]),
    ],
)
def test_documented_keys_match_output(run, name: str, args: list[str]) -> None:
    keys = documented()[name]
    if args[0] == "validate":
        examples = Path(__file__).resolve().parents[1] / "examples"
        if not examples.is_dir():
            pytest.skip("examples/ is not beside the tests")
        args = ["validate", str(examples)]
    data = run.json(*args, "--json")
    if name.endswith(".rows"):
        items = data["rows"]
    else:
        items = data if isinstance(data, list) else [data]
    assert items
    for item in items:
        assert list(item) == keys, name
    if isinstance(data, dict):
        assert data.get("schema_version", 1) == 1
