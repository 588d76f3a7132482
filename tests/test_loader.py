"""The loader validates everything and says where: FILE:LINE:COLUMN, every problem at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from peerethics import DataError, load_catalog, validate_paths
from peerethics.schema import parse_code
from peerethics.yamlnodes import parse

VALID = """\
id: AG
jurisdiction: Example County
title: Example Agency Peer Code
issuer: Example Agency
credential:
  name: Peer Recovery Coach
  abbreviation: PRC
source:
  title: Example Agency Peer Code of Ethics
sanction_note: The agency publishes no sanctions.
principles:
  - number: 1
    text: Coaches will respect the privacy of the people they support.
    topics: [confidentiality-and-privacy]
  - number: 2
    text: Coaches will not accept gifts of significant value.
    topics: [gifts]
"""


def write(tmp_path: Path, text: str | bytes, name: str = "code.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_for(tmp_path: Path, text: str | bytes) -> list[str]:
    path = write(tmp_path, text)
    files, problems = validate_paths([path])
    assert files == [str(path)]
    return [str(p).replace(str(path), "FILE") for p in problems]


def test_valid_file_has_no_problems(tmp_path: Path) -> None:
    assert problems_for(tmp_path, VALID) == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # a misspelt key is an error, with a suggestion, at its line
        (lambda t: t.replace("issuer:", "isuer:"),
         "FILE:4:1: a code file has an unknown key `isuer`; did you mean `issuer`?"),
        (lambda t: t.replace("issuer: Example Agency\n", ""),
         "FILE:1:1: a code file is missing the required key `issuer`"),
        (lambda t: t.replace("  - number: 2", "  - number: 1"),
         "FILE:15:13: principle number 1 is used twice (also on line 12)"),
        (lambda t: t.replace("  - number: 2", "  - number: 3"),
         "FILE:15:13: principle numbers must run 1, 2, 3...: number 2 is missing before 3"),
        (lambda t: t.replace("  - number: 2", "  - number: 2.0"),
         "FILE:15:13: principle 2 `number` must be a whole number from 1, not '2.0'"),
        (lambda t: t.replace("[gifts]", "[gift]"),
         "FILE:17:14: AG-2: unknown topic `gift`; did you mean `gifts`?"),
        (lambda t: t.replace("[gifts]", "[]"),
         "FILE:17:13: AG-2 has no topics; tag it with at least one (see `peerethics topics`)"),
        (lambda t: t.replace("    topics: [gifts]", "    topics: [gifts]\n    tiers: [VS]"),
         "FILE:18:13: AG-2: tier VS has no sanction menu in this file's `tiers` (defined: none);"
         " add one or remove the tier"),
        (lambda t: t.replace("title: Example Agency Peer Code\n", "title: [a, b]\n"),
         "FILE:3:8: `title` must be text, not a list"),
        (lambda t: t.replace("id: AG", "id: ag!"),
         "FILE:1:5: `id` 'ag!' must be capital letters, digits and hyphens, starting and ending"
         " with a letter (like MO or MO-DMH)"),
        (lambda t: t.replace("id: AG", "id: !!python/object:os.system ls"),
         "FILE:1:5: `id`: YAML tags such as `tag:yaml.org,2002:python/object:os.system` are not "
         "allowed; write plain text"),
        (lambda t: t.replace("    text: Coaches will not accept", "    text:\n    xtext: C"),
         "FILE:17:5: principle 2 has an unknown key `xtext`; did you mean `text`?"),
    ],
)
def test_each_problem_is_reported_with_file_and_line(tmp_path: Path, edit, expected) -> None:
    assert expected in problems_for(tmp_path, edit(VALID))


def test_all_problems_at_once(tmp_path: Path) -> None:
    bad = VALID.replace("issuer:", "isuer:").replace("[gifts]", "[gift]")
    found = problems_for(tmp_path, bad)
    assert len(found) == 3  # unknown key, missing issuer, unknown topic
    assert [f.split(":")[1] for f in found] == ["4", "1", "17"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "FILE:1:1: file is empty; a code file needs at least `id` and `principles`"),
        ("# only a comment\n", "FILE:1:1: file is empty"),
        (b"id: AG\ntitle: caf\xe9\n", "FILE:2:11: file is not UTF-8 (byte 0xe9); save it as UTF-8"),
        ("- just\n- a list\n", "FILE:1:1: a code file must be a mapping of `key: value` lines"),
        ("id: AG\n  title: [unclosed\n", "FILE:2:8: YAML syntax error:"),
        ("a: &x [1, 2]\nb: *x\n", "FILE:2:4: YAML aliases (*name) are not allowed"),
        ("x: " + "[" * 200 + "]" * 200 + "\n", "FILE:1:35: nesting is deeper than 32 levels"),
    ],
)
def test_broken_files(tmp_path: Path, content: str | bytes, expected: str) -> None:
    found = problems_for(tmp_path, content)
    assert any(f.startswith(expected) for f in found), found


def test_yaml_implicit_types_stay_text(tmp_path: Path) -> None:
    """NO, yes, 1.0 and 2022-04-01 are what was written, not False/1.0/a date."""
    text = (VALID.replace("id: AG", "id: NO")
            .replace("abbreviation: PRC", "abbreviation: ON")
            .replace("title: Example Agency Peer Code of Ethics", "title: 2022-04-01")
            .replace("title: Example Agency Peer Code", "title: 1.0")
            .replace("Example County", "yes"))
    node, problems = parse(write(tmp_path, text).read_bytes(), "f")
    assert not problems and node is not None
    code, problems = parse_code(node, "f", None)
    assert not problems and code is not None
    assert (code.id, code.credential_abbreviation, code.title, code.jurisdiction) == (
        "NO", "ON", "1.0", "yes")
    assert code.source.title == "2022-04-01"


def test_data_dir_with_a_bad_file_stops_with_every_problem(tmp_path: Path) -> None:
    write(tmp_path, VALID.replace("issuer:", "isuer:"))
    with pytest.raises(DataError) as info:
        load_catalog([tmp_path], cache=False)
    assert [p.line for p in info.value.problems] == [4, 1]
    assert str(info.value).startswith(f"{tmp_path / 'code.yaml'}:4:1: ")


def test_duplicate_id_needs_replaces(tmp_path: Path) -> None:
    write(tmp_path, VALID.replace("id: AG", "id: MO"))
    with pytest.raises(DataError, match="code id MO is already defined by data/codes/MO.yaml"):
        load_catalog([tmp_path], cache=False)
    write(tmp_path, VALID.replace("id: AG", "id: MO\nreplaces: MO"))
    catalog = load_catalog([tmp_path], cache=False)
    mo = catalog.code("MO")
    assert mo is not None and len(mo.principles) == 2 and mo.origin.endswith("code.yaml")


def test_duplicate_ids_across_user_files(tmp_path: Path) -> None:
    write(tmp_path, VALID, "a.yaml")
    write(tmp_path, VALID, "b.yaml")
    files, problems = validate_paths([tmp_path])
    assert len(files) == 2
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'b.yaml'}:1:1: code id AG is already defined by {tmp_path / 'a.yaml'}; "
        "give this code another id, or add `replaces: AG` to replace it on purpose"]


def test_missing_data_dir(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="nope:1:1: no such file or directory"):
        load_catalog([tmp_path / "nope"], cache=False)


def test_bundled_data_validates(run) -> None:
    from peerethics.discover import bundled_data_dir

    folder = os.path.join(bundled_data_dir(), "codes")
    result = run("validate", folder)
    assert result.exit_code == 0, result.stdout
    files = [f for f in os.listdir(folder) if f.endswith(".yaml")]
    assert len(files) >= 5 and f"{len(files)} files valid" in result.stderr
