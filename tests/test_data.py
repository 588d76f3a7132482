"""The bundled data is faithful to the source documents, word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from peerethics.model import Catalog

COUNTS = {"MO": 21, "MO-DMH": 18, "MA": 14, "NE": 14, "CT": 15}
FILES = {
    "MO": "MO-mcb-certified-peer-specialist.txt",
    "MO-DMH": "MO-dmh-peer-specialist.txt",
    "MA": "MA-certified-peer-specialist.txt",
    "NE": "NE-certified-peer-support-specialist.txt",
    "CT": "CT-ccb-certified-peer-recovery-specialist.txt",
}
# Read off the document by hand: the "(S/VS/ES)" marker ending each MO principle.
MO_TIERS = {
    1: "S", 2: "VS/ES", 3: "S", 4: "S/VS/ES", 5: "S/VS", 6: "S", 7: "VS/ES", 8: "ES", 9: "S/VS",
    10: "S/VS", 11: "S/VS", 12: "ES", 13: "S/VS/ES", 14: "S/VS", 15: "VS/ES", 16: "S/VS",
    17: "S/VS", 18: "VS/ES", 19: "ES", 20: "ES", 21: "VS/ES",
}


def test_counts(catalog: Catalog) -> None:
    assert {c.id: len(c.principles) for c in catalog.codes} == COUNTS
    assert sum(COUNTS.values()) == 82


def _numbered_lines(text: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(2).rstrip()
            for m in re.finditer(r"(?m)^(\d+)\. (.*)$", text)}


@pytest.mark.parametrize("code_id", ["MO", "MO-DMH", "MA", "NE"])
def test_numbered_codes_are_verbatim(catalog: Catalog, sources: Path, code_id: str) -> None:
    """Each numbered line of the document is exactly the principle text plus its marker."""
    lines = _numbered_lines((sources / FILES[code_id]).read_text(encoding="utf-8"))
    code = catalog.code(code_id)
    assert code is not None
    assert sorted(lines) == [p.number for p in code.principles]
    for p in code.principles:
        expected = p.text
        if code_id == "MO":
            expected += f" ({'/'.join(p.tiers)})"
        if code_id == "NE":
            expected += " *"
        assert lines[p.number] == expected, p.id


def _interleaves(seq: list[str], a: list[str], b: list[str]) -> bool:
    """True when ``seq`` is ``a`` and ``b`` merged, each kept in order (the flattened table)."""
    if len(seq) != len(a) + len(b):
        return False
    ok = [[False] * (len(b) + 1) for _ in range(len(a) + 1)]
    ok[0][0] = True
    for i in range(len(a) + 1):
        for j in range(len(b) + 1):
            if i and ok[i - 1][j] and a[i - 1] == seq[i + j - 1]:
                ok[i][j] = True
            if j and ok[i][j - 1] and b[j - 1] == seq[i + j - 1]:
                ok[i][j] = True
    return ok[len(a)][len(b)]


def test_ct_ethics_and_importance_are_verbatim(catalog: Catalog, sources: Path) -> None:
    """CT's two-column table was flattened (some rows interleaved line by line): row by row, the
    document's words must be exactly the ethic's words and the importance's words, merged."""
    doc = (sources / FILES["CT"]).read_text(encoding="utf-8")
    words = doc.split("ETHIC\tIMPORTANCE", 1)[1].split("Adapted from", 1)[0].split()
    code = catalog.code("CT")
    assert code is not None
    pos = 0
    for p in code.principles:
        assert p.importance, p.id
        a, b = p.text.split(), p.importance.split()
        segment = words[pos:pos + len(a) + len(b)]
        assert _interleaves(segment, a, b), p.id
        pos += len(a) + len(b)
    assert pos == len(words), "document words left over after the last ethic"


def test_ct_clean_rows_are_contiguous(catalog: Catalog, sources: Path) -> None:
    doc = (sources / FILES["CT"]).read_text(encoding="utf-8")
    code = catalog.code("CT")
    assert code is not None
    for p in code.principles[:10]:
        assert f"{p.text}\t{p.importance}" in doc, p.id


def test_mo_tiers(catalog: Catalog) -> None:
    code = catalog.code("MO")
    assert code is not None
    assert {p.number: "/".join(p.tiers) for p in code.principles} == MO_TIERS


def test_mo_sanction_menus(catalog: Catalog, sources: Path) -> None:
    code = catalog.code("MO")
    assert code is not None
    assert [(t.level, t.label) for t in code.tiers] == [
        ("S", "Serious"), ("VS", "Very Serious"), ("ES", "Extremely Serious")]
    menus = {t.level: [m.text for m in t.sanctions] for t in code.tiers}
    assert menus["S"] == [
        "Additional Education: Ethics, Counseling Techniques, specific drugs, other trainings",
        "Increased Supervision", "Reprimand", "Denial of Credential or Application",
        "Reading/Written Reports"]
    assert len(menus["VS"]) == 8 and menus["VS"][0] == "Suspension of Credential"
    assert menus["ES"][:2] == ["Revocation for ____ time", "Suspension for ____ time"]
    blanks = [m for t in code.tiers for m in t.sanctions if "____" in m.text]
    assert blanks and all(m.note and "Board sets the period" in m.note for m in blanks)
    # The document's table: each column is its items joined by a space.
    doc = (sources / FILES["MO"]).read_text(encoding="utf-8")
    columns = re.findall(r"<p>(.*?)</p>", doc)
    assert columns == [" ".join(menus[lv]) for lv in ("S", "VS", "ES")]


def test_ct_sanctions_from_glossary(catalog: Catalog, sources: Path) -> None:
    code = catalog.code("CT")
    assert code is not None
    assert not code.tiers and all(not p.tiers for p in code.principles)
    assert [s.name for s in code.sanctions] == [
        "Written Caution", "Public Reprimand", "Suspension", "Revocation"]
    doc = (sources / FILES["CT"]).read_text(encoding="utf-8")
    for s in code.sanctions:
        assert f"\n{s.name}\n\n{s.definition}\n" in doc


@pytest.mark.parametrize("code_id", ["MO-DMH", "MA", "NE"])
def test_codes_without_sanctions_say_so(catalog: Catalog, code_id: str) -> None:
    code = catalog.code(code_id)
    assert code is not None
    assert not code.tiers and not code.sanctions
    assert "publishes no sanctions" in code.sanction_note


def test_ne_asterisk_is_data_not_text(catalog: Catalog) -> None:
    code = catalog.code("NE")
    assert code is not None and code.marker is not None
    assert code.marker.symbol == "*" and "no key" in code.marker.note
    assert not any(p.text.endswith("*") for p in code.principles)


def test_every_principle_has_known_topics(catalog: Catalog) -> None:
    topic_ids = {t.id for t in catalog.topics}
    for p in catalog.principles():
        assert p.topics and set(p.topics) <= topic_ids, p.id
        for k in p.key_terms:
            assert k.topic in p.topics, p.id
    used = {t for p in catalog.principles() for t in p.topics}
    assert used == topic_ids, "every topic is used by some principle"


def test_quoted_key_terms_are_the_principles_words(catalog: Catalog) -> None:
    """Key terms are editorial, but any words they put in double quotes must be the text's own."""
    for p in catalog.principles():
        source = " ".join((p.text + " " + (p.importance or "")).split())
        for k in p.key_terms:
            for quote in re.findall(r'"([^"]+)"', k.value):
                assert quote.replace("...", "").strip() in source or all(
                    part.strip() in source for part in quote.split("...")
                ), (p.id, quote)
