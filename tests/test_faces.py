"""Every field of a principle reaches every face that shows the principle: the table, Markdown and
CSV of show, show CODE, search and sanctions, and (tests/test_mcp.py) the MCP tools and resource.

Drawn for CT-15, the principle with every kind of field (text, importance, an editorial note,
topics, key terms, see-also). A field a face forgets fails here by name."""

from __future__ import annotations

import csv
import io
import re

import pytest

from peerethics import contract


def _flat(s: str) -> str:
    """Text with every run of whitespace (a wrapped line) as one space, Markdown's `\\` escapes
    and quote marks left as they are."""
    return re.sub(r"\s+", " ", s.replace("\\", ""))


FACES = {
    "show": ["show", "CT-15"],
    "show CODE": ["show", "CT"],
    "search": ["search", "avoid negative criticism of colleagues", "-c", "CT", "-n", "1"],
    "sanctions": ["sanctions", "CT-15"],
    "case": ["case", "CT-15"],
}
# What each face shows of a principle besides its text (JSON shows everything: see
# tests/test_json_contract.py, where every JSON face holds contract.principle_json's object).
SHOWN = {
    "show": ("importance", "editorial_note", "see_also"),
    "show CODE": ("importance", "editorial_note"),
    "search": ("editorial_note",),  # in the table; its Markdown and CSV are the flat table
    "sanctions": ("editorial_note",),
    "case": ("importance", "editorial_note"),
}


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
@pytest.mark.parametrize("face", sorted(FACES))
def test_every_field_of_a_principle_reaches_every_face(run, catalog, face: str, fmt: str) -> None:
    ct15 = catalog.code("CT").principle(15)
    data = contract.principle_json(catalog, ct15)
    result = run(*FACES[face], "--format", fmt, env={"COLUMNS": "1000"})  # no wrapped columns
    assert result.exit_code == 0, result.stderr
    out = _flat(result.stdout if fmt != "csv" else
                " ".join(c for row in csv.reader(io.StringIO(result.stdout)) for c in row))
    if face == "search" and fmt != "table":
        pytest.skip("search's Markdown and CSV are its flat table (rank, id, code, score, weak...)")
    wanted = {"text": data["text"]} | {k: data[k] for k in SHOWN[face]
                                       if fmt != "csv" or k != "see_also"}
    for field, value in wanted.items():
        for part in value if isinstance(value, list) else [value]:
            assert _flat(str(part)) in out, (face, fmt, field)
    if fmt != "csv":
        note = _flat(data["editorial_note"] or "")
        at = out.index(note)
        around = out[max(0, at - 30):at] + out[at + len(note):at + len(note) + 30]
        assert "editorial" in around.lower(), (face, fmt)  # marked as editorial
