"""The labelled corpus of situations that search's learned reader is trained on
(``data/search/corpus/*.yaml``; format in docs/data-format.md).

Why it is data and checked like the codes: the reader is only as good as its labels, and a label
naming a topic that was renamed, or a principle id that does not exist, would silently teach it
nothing. Every problem is reported at once as FILE:LINE:COL, as for a code file.

Nothing at query time reads the corpus: ``tools/train_reader.py`` trains the weights file
(``data/search/reader.json``) from it, and a test checks that the shipped weights are what that
tool trains. The library has it so that the tool, the tests and ``validate`` read it one way.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import NamedTuple

from .errors import DataError, Problem

NONE = "none"
"""The label of a situation no principle of the bundled codes speaks to."""

VOICES = ("worry", "text-message", "keywords", "supervisor", "trainer", "exam", "forum",
          "vignette", "family", "served", "board")
"""How a situation is told: a first-person worry typed fast, a text message, a few words typed in
a search box, a supervisor's or trainer's question, an exam stem, a forum post, a vignette with a
named person, a relative's or a served person's words, an investigator's."""


class Situation(NamedTuple):
    """One labelled text: every topic it touches (or ``none``), and the principle ids it narrows
    to where it does; ``writer`` is the file it came from (each writer had a brief of their own)."""

    text: str
    voice: str
    topics: tuple[str, ...]
    ids: tuple[str, ...]
    writer: str


def corpus_dir(data_dir: str) -> str:
    return os.path.join(data_dir, "search", "corpus")


def load_corpus(
    data_dir: str, topic_ids: Iterable[str], principle_ids: Iterable[str]
) -> list[Situation]:
    """Every situation of every corpus file under ``data_dir`` (sorted by file name), checked
    against the taxonomy and the principle ids; raises :class:`DataError` with every problem."""
    from . import yamlnodes

    folder = corpus_dir(data_dir)
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".yaml"))
    except OSError as exc:
        raise DataError([Problem(folder, 1, 1, f"cannot read the corpus folder: {exc}")]) from exc
    topics, ids = set(topic_ids), set(principle_ids)
    out: list[Situation] = []
    problems: list[Problem] = []
    for name in names:
        display = f"data/search/corpus/{name}"
        with open(os.path.join(folder, name), "rb") as fh:
            node, found = yamlnodes.parse(fh.read(), display)
        problems += found
        if node is None:
            continue
        situations, found = parse_corpus(node, display, topics, ids, name[:-5])
        problems += found
        out += situations
    if problems:
        raise DataError(problems)
    return out


def parse_corpus(
    node: object, file: str, topics: set[str], ids: set[str], writer: str
) -> tuple[list[Situation], list[Problem]]:
    """One corpus file's situations: a mapping with ``items``, each item a mapping of ``text``,
    ``voice``, ``topics`` (topic ids, or ``[none]`` alone) and optional ``ids``."""
    import difflib

    from . import yamlnodes as yn

    r = yn.Reader(file)
    top = yn.mapping(r, node, "a corpus file", ["items"])  # type: ignore[arg-type]
    out: list[Situation] = []
    if top is None:
        return out, r.problems
    seen: set[str] = set()
    for i, item in enumerate(yn.items(r, top["items"], "`items`"), 1):
        what = f"item {i}"
        fields = yn.mapping(r, item, what, ["text", "voice", "topics"], ["ids"])
        if fields is None:
            continue
        text = yn.text(r, fields.get("text"), f"{what} `text`")
        voice = yn.text(r, fields.get("voice"), f"{what} `voice`")
        if voice is not None and voice not in VOICES:
            r.err(fields["voice"], f"{what}: unknown voice `{voice}`; one of {', '.join(VOICES)}")
        labels = yn.texts(r, fields.get("topics"), f"{what} `topics`")
        if not labels:
            r.err(fields.get("topics", item), f"{what} has no topic; write `[none]` if no "
                  "principle speaks to it")
        if NONE in labels and len(labels) > 1:
            r.err(fields["topics"], f"{what}: `none` cannot go with other topics")
        for t in labels:
            if t != NONE and t not in topics:
                near = difflib.get_close_matches(t, sorted(topics), n=1, cutoff=0.5)
                hint = f"did you mean `{near[0]}`?" if near else "see `peerethics topics`"
                r.err(fields["topics"], f"{what} names unknown topic `{t}`; {hint}")
        named = yn.texts(r, fields.get("ids"), f"{what} `ids`")
        for pid in named:
            if pid not in ids:
                r.err(fields["ids"], f"{what} names unknown principle `{pid}`")
        if NONE in labels and named:
            r.err(fields["ids"], f"{what}: a `none` situation names no principle")
        if text is not None:
            key = " ".join(text.lower().split())
            if key in seen:
                r.err(fields["text"], f"{what} repeats an earlier item's text")
            seen.add(key)
        if text is not None and voice is not None and labels:
            out.append(Situation(text, voice, tuple(labels), tuple(named), writer))
    return out, r.problems
