"""Bounded answers: no MCP tool result over 80,000 characters. A whole code and a long list come
in pages that say which part they are and how to get the rest; an answer that fits is unchanged.
Asserted through the tools' plain answers (peerethics.mcp_answers) on a large generated code;
tests/test_mcp.py asserts a page through the SDK's client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peerethics.catalog import load_catalog
from peerethics.contract import document_json, show_json
from peerethics.errors import InputError
from peerethics.mcp_answers import (
    codes_answer,
    compare_answer,
    search_answer,
    show_answer,
)
from peerethics.mcp_pages import MAX_RESULT_CHARS, size
from peerethics.model import Catalog

N = 300


def big_code(folder: Path, code_id: str = "BIG", principles: int = N) -> Path:
    """A valid code of ``principles`` principles of about 600 characters each."""
    lines = [f"id: {code_id}", "jurisdiction: Bigtown (fictional)", "title: A long code",
             "issuer: Bigtown Board", "credential:", "  name: Peer Helper",
             "  abbreviation: PH", "source:", "  title: test fixture",
             "sanction_note: The document publishes no sanctions.", "principles:"]
    for n in range(1, principles + 1):
        text = " ".join(f"Helpers will respect the privacy of person {n} and keep records safe "
                        f"in clause {n}-{k}." for k in range(8))
        lines += [f"  - number: {n}", f"    text: {text}",
                  "    topics: [confidentiality-and-privacy]"]
    path = folder / f"{code_id}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    folder = tmp_path_factory.mktemp("big")
    big_code(folder)
    return load_catalog([folder], cache=False)


def test_a_whole_code_comes_in_pages_that_say_how_to_get_the_rest(big: Catalog) -> None:
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        data, text = show_answer(big, ["big"], offset)
        assert size(data, text) <= MAX_RESULT_CHARS
        page = data["page"]
        [doc] = data["result"]
        assert doc["id"] == "BIG" and page["offset"] == offset and page["total"] == N
        ids = [p["id"] for p in doc["principles"]]
        assert len(ids) == page["count"]
        seen += ids
        offset = page["next_offset"]
        last = text.rsplit("\n", 1)[1]
        if offset is None:
            assert last.endswith("That is all.")
        else:
            assert last == (f"Shown: BIG's principles {page['offset'] + 1:,}-{offset:,} of {N}. "
                            f"For the rest, call show with ids ['BIG'] and offset={offset}.")
    assert seen == [f"BIG-{n}" for n in range(1, N + 1)]  # every principle once, in order


def test_long_lists_of_principles_are_paged_and_ranks_continue(big: Catalog) -> None:
    ids = [f"BIG-{n}" for n in range(1, N + 1)]
    data, text = show_answer(big, ids)
    assert size(data, text) <= MAX_RESULT_CHARS and data["page"]["next_offset"]
    first = data["page"]["count"]
    data2, _ = show_answer(big, ids, first)
    assert data2["result"][0]["id"] == f"BIG-{first + 1}"
    hits, _ = search_answer(big, "privacy records", ["BIG"], 50)
    assert hits["result"][0]["rank"] == 1 and "page" in hits
    more, _ = search_answer(big, "privacy records", ["BIG"], 50, hits["page"]["next_offset"])
    assert more["result"][0]["rank"] == hits["page"]["count"] + 1


def test_answers_that_fit_are_the_cli_json_unchanged(examples: Catalog) -> None:
    data, text = show_answer(examples, ["MO"])
    assert data == show_json(examples, [examples.code("MO")])  # type: ignore[list-item]
    assert data[0] == document_json(examples, examples.code("MO"))  # type: ignore[arg-type]
    assert "Shown:" not in text
    codes, _ = codes_answer(examples)
    assert isinstance(codes, list)


def test_an_offset_past_the_end_is_an_error_that_says_the_total(examples: Catalog) -> None:
    total = len(examples.code_ids)
    with pytest.raises(InputError, match=f"offset 99 is past the end: there are {total} codes"):
        codes_answer(examples, 99)
    with pytest.raises(InputError, match="give it alone"):
        show_answer(examples, ["MO", "CT-1"])


def test_compare_rows_are_paged_and_texts_too_long_for_any_page_are_left_out(
        big: Catalog) -> None:
    data, text = compare_answer(big, None, None, False, True)
    assert size(data, text) <= MAX_RESULT_CHARS
    rows = len(data["rows"])
    assert data["page"] == {"offset": 0, "count": rows, "total": data["page"]["total"],
                            "next_offset": rows}
    data, text = compare_answer(big, None, None, False, True, rows)  # the big code's topic
    assert size(data, text) <= MAX_RESULT_CHARS
    assert "texts" not in data["rows"][0] and text.endswith("Read them with show.")
    assert json.loads(json.dumps(data)) == data


def test_thousands_of_see_also_ids_are_cut_to_fifty_with_the_total() -> None:
    from peerethics.mcp_pages import SEE_ALSO_MAX, trimmed

    many = {"id": "NE-1", "see_also": [f"NE{i}-1" for i in range(3600)]}
    cut = trimmed(many)
    assert cut["see_also"] == many["see_also"][:SEE_ALSO_MAX] and cut["see_also_total"] == 3600
    few = {"id": "NE-1", "see_also": ["MO-1"]}
    assert trimmed(few) is few
