"""One walk serves loading and validating: whatever validates loads, and whatever fails to load
fails to validate, with the same problems."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from test_loader import VALID

from peerethics import DataError, load_catalog, validate_paths

REPO = Path(__file__).resolve().parents[1]
NEW_TOPIC = """\
topics:
  - id: coaching-hours
    label: Coaching hours
    description: When coaching happens.
    phrases: [coaching rota]
    related: [gifts]
"""


def _own_topic(d: Path) -> None:
    (d / "topics.yaml").write_text(NEW_TOPIC, encoding="utf-8")
    (d / "ag.yaml").write_text(VALID.replace("[gifts]", "[gifts, coaching-hours]"),
                               encoding="utf-8")


def _taxonomy_only(d: Path) -> None:
    (d / "topics.yml").write_text(NEW_TOPIC, encoding="utf-8")


def _redefined_topic(d: Path) -> None:
    (d / "topics.yaml").write_text(NEW_TOPIC.replace("coaching-hours", "gifts"),
                                   encoding="utf-8")


def _unknown_topic(d: Path) -> None:
    (d / "ag.yaml").write_text(VALID.replace("[gifts]", "[coaching-hours]"), encoding="utf-8")


def _copy_of_the_bundled_data(d: Path) -> None:
    shutil.copytree(REPO / "data" / "codes", d / "codes")
    shutil.copy(REPO / "data" / "topics.yaml", d / "topics.yaml")


def _broken_taxonomy_alone(d: Path) -> None:
    (d / "topics.yaml").write_text("topics:\n  - id: [\n", encoding="utf-8")


def _fifo_named_yaml(d: Path) -> None:
    (d / "ag.yaml").write_text(VALID, encoding="utf-8")
    os.mkfifo(d / "x.yaml")


def _unreadable_codes_folder(d: Path) -> None:
    (d / "codes").write_text("a file where a folder is expected", encoding="utf-8")
    (d / "ag.yaml").write_text(VALID, encoding="utf-8")


CASES: dict[str, tuple[Callable[[Path], None], bool]] = {
    "a folder's own topics.yaml adds a topic": (_own_topic, True),
    "a folder holding only a taxonomy": (_taxonomy_only, True),
    "a copy of the bundled data stands in for it": (_copy_of_the_bundled_data, True),
    "a topic redefined with other content": (_redefined_topic, False),
    "a code naming a topic nobody defines": (_unknown_topic, False),
    "a broken topics.yaml with no codes": (_broken_taxonomy_alone, False),
    "a FIFO named x.yaml": (_fifo_named_yaml, False),
}
if not hasattr(os, "mkfifo"):
    del CASES["a FIFO named x.yaml"]


@pytest.mark.parametrize("name", list(CASES))
def test_validate_and_load_agree(name: str, tmp_path: Path, run) -> None:
    make, valid = CASES[name]
    make(tmp_path)
    _, problems = validate_paths([tmp_path])
    try:
        load_catalog([tmp_path], cache=False)
        load_problems = []
    except DataError as exc:
        load_problems = list(exc.problems)
    assert sorted(problems) == sorted(load_problems)
    assert (not problems) is valid, problems
    validated = run("validate", str(tmp_path))
    loaded = run("--data-dir", str(tmp_path), "topics", "--json")
    assert validated.exit_code == loaded.exit_code == (0 if valid else 2)


def test_a_folders_topic_is_usable_everywhere(run, tmp_path: Path) -> None:
    _own_topic(tmp_path)
    d = ["--data-dir", str(tmp_path)]
    shown = run.json(*d, "show", "AG-2", "--json")
    assert shown[0]["topics"] == ["gifts", "coaching-hours"]
    comp = run.json(*d, "compare", "AG", "MO", "--topic", "coaching-hours", "--json")
    assert comp["rows"][0]["cells"] == {"AG": ["AG-2"], "MO": []}
    hits = run.json(*d, "search", "the coaching rota", "--json")
    assert hits[0]["id"] == "AG-2"


def test_problems_name_the_line_of_the_redefined_topic_file(tmp_path: Path) -> None:
    _redefined_topic(tmp_path)
    _, problems = validate_paths([tmp_path])
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'topics.yaml'}:1:1: topic `gifts` is already defined by data/topics.yaml; "
        "give this topic another id"]


def test_a_folder_named_twice_is_read_once(run, tmp_path: Path) -> None:
    (tmp_path / "ag.yaml").write_text(VALID, encoding="utf-8")
    result = run("--data-dir", str(tmp_path), "show", "AG-1", "--json",
                 env={"PEERETHICS_DATA": f"{tmp_path}{os.pathsep}{tmp_path}/."})
    assert result.exit_code == 0, result.stderr
    bundled = len(load_catalog([]).code_ids)
    assert len(load_catalog([tmp_path, str(tmp_path) + "/"]).code_ids) == bundled + 1
