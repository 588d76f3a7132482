"""The cache by file (issue 28): after one file of a data set changes, only that file is parsed
and tokenised again, and the answers are exactly those of a build from nothing."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from peerethics import load_catalog, search
from peerethics.errors import DataError
from peerethics.search_index import index_for

ROOT = Path(__file__).resolve().parents[1]
NE = ROOT / "data" / "codes" / "NE.yaml"


def _copies(folder: Path, n: int) -> list[Path]:
    text = NE.read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        code = "NE" + "".join(chr(65 + int(d)) for d in f"{i:03d}")
        path = folder / f"{code}.yaml"
        path.write_text(text.replace("\nid: NE\n", f"\nid: {code}\n", 1), encoding="utf-8")
        paths.append(path)
    shutil.copy(ROOT / "examples" / "EX-AGENCY.yaml", folder / "EX-AGENCY.yaml")
    return paths


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    st = path.stat()  # as if written long ago, so only its bytes can tell
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed (YAML) from now on."""
    from peerethics import yamlnodes

    seen: list[str] = []
    real = yamlnodes.parse

    def counting(raw: bytes, file: str):  # type: ignore[no-untyped-def]
        seen.append(file)
        return real(raw, file)

    monkeypatch.setattr(yamlnodes, "parse", counting)
    return seen


def _same_index(a, b) -> None:  # type: ignore[no-untyped-def]
    for name in type(a).STORED:
        if name != "reader":
            assert getattr(a, name) == getattr(b, name), name


def test_one_edited_file_is_the_only_one_parsed_and_tokenised(
        tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from peerethics import search_index_parts

    paths = _copies(tmp_path, 12)
    first = load_catalog([tmp_path])
    index_for(first)
    _edit(paths[5], "dual relationships", "zebra crossings")
    parsed.clear()
    catalog = load_catalog([tmp_path])
    code_files = [f for f in parsed if not f.endswith("topics.yaml")]
    assert code_files == [str(paths[5])]
    tokenised: list[str] = []
    real = search_index_parts.part

    def counting(principles):  # type: ignore[no-untyped-def]
        principles = list(principles)
        tokenised.append(principles[0].code if principles else "")
        return real(principles)

    monkeypatch.setattr(search_index_parts, "part", counting)
    index_for(catalog)
    assert tokenised == ["NEAAF"]
    monkeypatch.setattr(search_index_parts, "part", real)
    fresh = load_catalog([tmp_path], cache=False)
    assert catalog.codes == fresh.codes and catalog.topics == fresh.topics
    from peerethics.search_index import Index

    _same_index(index_for(catalog), Index.build(fresh))
    hits = search(catalog, "zebra crossings")
    assert hits and hits[0].principle.code == "NEAAF"
    assert "zebra" in hits[0].principle.text


def test_the_see_also_of_a_build_by_file_is_the_codes(tmp_path: Path) -> None:
    from peerethics.see_also import see_also_table

    paths = _copies(tmp_path, 4)
    load_catalog([tmp_path])
    _edit(paths[1], "topics: [dual-relationships", "topics: [gifts, dual-relationships")
    catalog = load_catalog([tmp_path])
    fresh = load_catalog([tmp_path], cache=False)
    from peerethics.see_also import _topic_index

    ids, codes, by_topic = see_also_table(fresh.principles())
    table = _topic_index(catalog)
    for topic, at in by_topic.items():
        assert table.members(topic) == (at, [ids[i] for i in at], [codes[i] for i in at])
    assert table.members("no-such-topic") == ([], [], [])


def test_added_removed_and_broken_files_after_a_build_by_file(tmp_path: Path) -> None:
    paths = _copies(tmp_path, 5)
    load_catalog([tmp_path])
    paths[2].unlink()
    assert "NEAAC" not in load_catalog([tmp_path]).code_ids
    extra = tmp_path / "NEZZZ.yaml"
    extra.write_text(paths[0].read_text().replace("\nid: NEAAA\n", "\nid: NEZZZ\n"))
    assert "NEZZZ" in load_catalog([tmp_path]).code_ids
    # A clash and a broken file are reported as a build from nothing reports them.
    extra.write_text(paths[0].read_text())
    with pytest.raises(DataError) as by_file:
        load_catalog([tmp_path])
    with pytest.raises(DataError) as cold:
        load_catalog([tmp_path], cache=False)
    assert str(by_file.value) == str(cold.value) and "NEAAA" in str(by_file.value)
    extra.write_text("id: [\n")
    with pytest.raises(DataError) as by_file:
        load_catalog([tmp_path])
    with pytest.raises(DataError) as cold:
        load_catalog([tmp_path], cache=False)
    assert by_file.value.problems == cold.value.problems


def test_a_change_no_stat_can_see_is_still_noticed(tmp_path: Path) -> None:
    """Same size, same times: the bytes decide, file by file too."""
    paths = _copies(tmp_path, 3)
    load_catalog([tmp_path])
    time.sleep(0.01)
    st = paths[1].stat()
    text = paths[1].read_text(encoding="utf-8")
    paths[1].write_text(text.replace("dual relationships", "dual relationshipz", 1),
                        encoding="utf-8")
    os.utime(paths[1], ns=(st.st_atime_ns, st.st_mtime_ns))
    hits = search(load_catalog([tmp_path]), "relationshipz")
    assert [h.principle.code for h in hits][:1] == ["NEAAB"]


def test_each_topic_reaches_exactly_the_principles_that_have_it(tmp_path: Path) -> None:
    """Search scores only the principles a query's topics reach (index.topic_docs, issue 28):
    the same set as a walk of every principle's topics finds."""
    import marshal

    _copies(tmp_path, 3)
    for catalog in (load_catalog([]), load_catalog([tmp_path])):
        index = index_for(catalog)
        reached = [marshal.loads(b) for b in index.topic_docs]
        walked = [[d for d, ts in enumerate(index.doc_topics) if t in ts]
                  for t in range(len(index.topic_ids))]
        assert reached == walked and any(reached)
