"""The example folders (tests/examples/, as check-jsonschema keeps its example files): every valid
code there loads, validates and shows its texts word for word; every invalid one is refused with
exactly the problems its `# expect: LINE:COL: message` lines name, by the library and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES_INVALID, EXAMPLES_VALID

from peerethics import validate_paths
from peerethics.model import Catalog

VALID = sorted(p for p in EXAMPLES_VALID.glob("*.yaml") if p.name != "topics.yaml")
INVALID = sorted(EXAMPLES_INVALID.glob("*.yaml"))


def _expected(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [f"{path}:{line.removeprefix('# expect: ')}" for line in lines
            if line.startswith("# expect: ")]


def test_the_folders_hold_examples() -> None:
    assert len(VALID) >= 2 and len(INVALID) >= 10
    assert all(_expected(p) for p in INVALID), "every invalid example says what is wrong"
    assert not any(_expected(p) for p in VALID)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_a_valid_example_validates_and_shows_its_own_words(run, path: Path,
                                                           examples: Catalog) -> None:
    topics = EXAMPLES_VALID / "topics.yaml"  # the folder's own topics, which XB uses
    result = run("validate", str(path), str(topics))
    assert result.exit_code == 0, result.stdout
    assert result.stderr == "peerethics: 2 files valid\n"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    code = examples.code(data["id"])
    assert code is not None and code.origin != "bundled"
    shown = run.json("--data-dir", str(EXAMPLES_VALID), "show", data["id"], "--json")
    assert [p["text"] for p in shown[0]["principles"]] == [
        " ".join(p["text"].split()) for p in data["principles"]]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_an_invalid_example_gives_exactly_its_problems(run, path: Path) -> None:
    files, problems = validate_paths([path])
    assert files == [str(path)]
    assert [str(p) for p in problems] == _expected(path)
    result = run("validate", str(path), "--json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert [f"{p['file']}:{p['line']}:{p['column']}: {p['message']}"
            for p in report["problems"]] == _expected(path)
