"""Why a result matched: one typed record per kind, and every face words every kind."""

from __future__ import annotations

import pytest

from peerethics.cli_view_search import explain_line
from peerethics.matches import Reading, Related, Spelling, TopicWords, Words, match_json
from peerethics.mcp_answers import _matched, _reading
from peerethics.model import Principle
from peerethics.search_ranking import SearchHit

KINDS = [Reading("topics gifts"), Spelling("gfits", "gifts"), Words("text", ("gift",)),
         Words("importance", ("trust",)), Words("key_terms", ("value",)),
         TopicWords("gifts", ('"buy me lunch"',)), Related("confidentiality", "duty-to-warn")]


def test_kinds_with_equal_fields_are_not_equal() -> None:
    assert Related("a", "b") != Spelling("a", "b")
    assert Words("text", ("x",)) != Words("importance", ("x",))


@pytest.mark.parametrize("match", KINDS, ids=lambda m: m.via)
def test_every_kind_reaches_json_explain_and_mcp(match) -> None:
    """Each kind is written to JSON with its `via`, and said by --explain and by the MCP
    server's text (the reading and the spelling once, for the whole search), never dropped."""
    data = match_json(match)
    assert data["via"] == match.via
    hit = SearchHit(Principle("XX", 1, "text"), 1.0, (match,))
    said = explain_line(hit) + _matched(hit) + _reading([hit])
    for value in (v for v in match if isinstance(v, str) and v != match.via):
        assert value in said, (match, said)
    for word in getattr(match, "words", ()):
        assert word in said, (match, said)
