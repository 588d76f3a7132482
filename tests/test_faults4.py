"""Faults, round 4 (an adversarial run after issue 23): each test reproduces what broke,
through the public surface (the library's API; the command line where the fault is in what a
user sees)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from peerethics import (
    DataError,
    InputError,
    load_catalog,
    resolve_code,
    resolve_principle,
    validate_paths,
)
from peerethics.model import Catalog

TOPIC_NONE = """topics:
  - id: none
    label: Nothing
    description: A topic an agency happened to call none.
    phrases: [tattoo]
"""


def test_a_topic_called_none_is_refused(tmp_path: Path) -> None:
    """``none`` is the learned reader's class for questions no principle answers: a user topic
    of that id took the reader's "nothing speaks to this" (97%) as evidence for itself, and its
    principles led the results as "topic none (learned reader 97%)"."""
    (tmp_path / "topics.yaml").write_text(TOPIC_NONE, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_catalog([tmp_path])
    (problem,) = caught.value.problems
    assert problem.file.endswith("topics.yaml") and problem.line == 2
    assert "reserved" in problem.message
    assert any("reserved" in p.message for p in validate_paths([tmp_path])[1])


@pytest.mark.parametrize("resolve", [resolve_principle, resolve_code])
def test_an_id_that_is_not_text_or_holds_a_lone_surrogate_is_refused_plainly(
        catalog: Catalog, resolve: Callable[[Catalog, str], object]) -> None:
    """Before: ``AttributeError: 'NoneType' object has no attribute 'strip'`` for ``None``, and
    a ``UnicodeEncodeError`` while wording the message for ``"MO-\\ud800"``."""
    for wrong in (None, 13, b"MO-1", ["MO-1"]):
        with pytest.raises(TypeError, match="must be a str"):
            resolve(catalog, wrong)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"\\ud800"):
        resolve(catalog, "MO-\ud800")


# Pasted from a PDF or a word processor: an id with an en dash or a minus sign, a word with a
# zero-width space or soft hyphen inside it, read as typed.

@pytest.mark.parametrize("typed", ["MO\u201313", "MO\u221213", "MO\u201113", "\u200bMO-13",
                                   "MO\u00a013"])
def test_an_id_pasted_with_other_dashes_or_invisible_characters_resolves(
        catalog: Catalog, run, typed: str) -> None:
    assert resolve_principle(catalog, typed).id == "MO-13"
    result = run("show", typed, "--json")
    assert result.exit_code == 0, result.stderr
    assert [p["id"] for p in json.loads(result.stdout)] == ["MO-13"]


def test_a_code_id_pasted_with_an_en_dash_resolves(catalog: Catalog) -> None:
    assert resolve_code(catalog, "mo\u2013dmh").id == "MO-DMH"


@pytest.mark.parametrize("query", ["gi\u200bfts", "gif\u00adts", "\ufeffgifts"])
def test_a_word_with_an_invisible_character_inside_is_read_whole(catalog: Catalog, run,
                                                                 query: str) -> None:
    from peerethics import search

    expected = [h.id for h in search(catalog, "gifts")]
    assert expected and [h.id for h in search(catalog, query)] == expected
    assert [h["id"] for h in run.json("search", query, "--json")] == expected  # type: ignore[index,union-attr]


def test_validate_of_an_empty_path_says_it_is_empty_not_the_current_folder(run) -> None:
    result = run("validate", "")
    assert result.exit_code == 2
    assert "a data path is empty" in result.stdout and "(empty path):1:1" in result.stdout


@pytest.mark.parametrize("args", [["--as-of", "2023\u201301\u201301", "show", "CT-1", "--json"],
                                  ["case", "CT-1", "--incident-date", "2023\u201301\u201301",
                                   "--json"]])
def test_a_date_pasted_with_en_dashes_reads_as_the_date(run, args: list[str]) -> None:
    assert run(*args).exit_code == 0
    plain = [a.replace("\u2013", "-") for a in args]
    assert run(*args).stdout == run(*plain).stdout
