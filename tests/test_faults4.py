"""Faults, round 4 (an adversarial run after issue 23): each test reproduces what broke,
through the public surface (the library's API; the command line where the fault is in what a
user sees)."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerethics import DataError, load_catalog, validate_paths

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
