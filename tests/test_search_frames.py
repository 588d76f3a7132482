"""Search reads situations: who acts, toward whom, doing what (search_frames.py), one test or more
per failure class of issue 15, plus the library API search shares with the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerethics import load_catalog, search, yamlnodes
from peerethics.errors import DataError, InputError
from peerethics.matches import Reading, Spelling
from peerethics.model import Catalog
from peerethics.schema import parse_frames
from peerethics.search_frames import (
    TOPIC_ROLES,
    WORD_LISTS,
    Frame,
    Lexicon,
    fold_platforms,
    load_frames,
)
from peerethics.search_frames import read as read_frame
from peerethics.search_index import index_for

CONFIDENTIALITY = {"MO-4", "MO-DMH-4", "MA-8", "NE-8", "CT-13"}
DUAL = {"MO-12", "MO-DMH-12", "MA-10", "NE-10", "CT-7"}
GIFTS = {"MO-13", "MO-DMH-13", "MA-11", "NE-14", "CT-12"}
OWN_SUBSTANCE = {"MO-19", "MA-14", "NE-12", "CT-5"}


def ids(catalog: Catalog, query: str, n: int = 10) -> list[str]:
    return [h.id for h in search(catalog, query, limit=n)]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return index_for(load_catalog([])).lexicon


def read(text: str) -> Frame:
    return read_frame(text, index_for(load_catalog([])).lexicon)


# -- the frame data (data/search/frames.yaml): the loader check ---------------------------------

def test_the_bundled_frame_data_loads_whole(catalog: Catalog) -> None:
    data = load_frames({t.id for t in catalog.topics})
    assert set(data["words"]) == set(WORD_LISTS) and set(data["topics"]) == set(TOPIC_ROLES)
    assert all(data["words"][k] for k in WORD_LISTS)


def _problems(text: str, topics: set[str]) -> list[str]:
    node, problems = yamlnodes.parse(text.encode(), "frames.yaml")
    assert node is not None and not problems
    return [str(p) for p in parse_frames(node, "frames.yaml", topics, ["served"], ["duty"])[1]]


def test_the_frame_data_is_checked() -> None:
    good = "words:\n  served: [client]\ntopics:\n  duty: gifts\n"
    assert _problems(good, {"gifts"}) == []
    assert _problems(good.replace("duty: gifts", "duty: gift"), {"gifts"}) == [
        "frames.yaml:4:9: `topics` `duty` names unknown topic `gift`; did you mean `gifts`?"]
    assert "not one lower-case word" in _problems(good.replace("[client]", "[Two Words]"),
                                                  {"gifts"})[0]
    assert "missing the required key `served`" in _problems(
        "words: {}\ntopics:\n  duty: gifts\n", {"gifts"})[0]
    assert "unknown key `servd`" in _problems(good.replace("served:", "servd:"), {"gifts"})[0]


def test_a_broken_frames_file_is_a_data_error(monkeypatch, tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "frames.yaml").write_text("words: [\n", encoding="utf-8")
    monkeypatch.setattr("peerethics.discover.bundled_data_dir", lambda: str(tmp_path))
    with pytest.raises(DataError, match="frames.yaml"):
        load_frames({"gifts"})


# -- 1. who the situation concerns -----------------------------------------------------------------

def test_someone_elses_substance_use_is_not_read_as_the_peers_own(catalog: Catalog) -> None:
    hits = search(catalog, "client showed up drunk to group")
    # Read as someone else's use, which keeps the peer's own-use principles down; it no longer
    # says on its own that nothing answers (a client drunk at group is a question the codes'
    # other principles speak to: measured on bench/, that rule marked answerable ones weak).
    assert "someone else's substance use" in hits[0].reading
    assert not OWN_SUBSTANCE & set(h.id for h in hits[:3])
    # The peer's own use is still the peer's own.
    assert ids(catalog, "I showed up to work drunk", 4)[0] in OWN_SUBSTANCE
    assert search(catalog, "I showed up to work drunk")[0].direct


def test_a_coworkers_use_says_the_codes_bind_each_peer_for_their_own(catalog: Catalog) -> None:
    hit = search(catalog, "my coworker showed up high")[0]
    assert "a colleague's substance use" in hit.reading
    assert "their own use" in hit.reading
    # The coworker's own code binds them (the substance principles lead); a safe workplace follows.
    found = ids(catalog, "my coworker showed up high", 10)
    assert {"MO-17", "MO-DMH-17"} & set(found) and {"MO-19", "CT-5"} & set(found[:4])


def test_harm_by_someone_else_leads_to_the_duty_to_report(catalog: Catalog) -> None:
    for query in ("my client's boyfriend hits her kids", "client abused by group home staff"):
        found = ids(catalog, query)
        assert found[0] == "CT-14", query
        assert not {"MO-8", "MO-DMH-8", "NE-11", "CT-11", "MA-13"} & set(found[:2]), query


def test_a_possessive_is_not_the_actor(catalog: Catalog) -> None:
    # "a client's pills": the peer took them.
    frame = read("I took some of a client's leftover pain pills")
    assert "substance-use" not in frame.damp


# -- 2. a second relationship with the person served -------------------------------------------

@pytest.mark.parametrize("query", [
    "the person I support is my cousin's husband",
    "my client is my neighbor",
    "client wants me to be their AA sponsor",
    "can I hire a client to mow my lawn",
    "we go to the same church and she sits next to me",
    "my best friend's brother was just assigned to me",
])
def test_a_second_role_is_a_dual_relationship(catalog: Catalog, query: str) -> None:
    hits = search(catalog, query)
    assert hits[0].id in DUAL, (query, hits[0].id)
    assert "a second relationship" in hits[0].reading


def test_the_clients_own_relations_are_not_the_peers(catalog: Catalog) -> None:
    assert "dual-relationships" not in read("a man in my group said he's going to shoot his "
                                            "neighbor").boost


# -- 3. passing information to a third party ---------------------------------------------------

@pytest.mark.parametrize("query", [
    "tell my coworker what a client told me",
    "landlord called to ask if my client is in treatment",
    "client's mom called asking how he's doing",
    "posting a client's story online",
])
def test_passing_information_on_is_confidentiality(catalog: Catalog, query: str) -> None:
    # The frame itself, not only a ranking the vocabulary might reach without it.
    assert "confidentiality-and-privacy" in read(query).boost
    assert "passing information about the person served" in search(catalog, query)[0].reading
    found = ids(catalog, query, 14)
    assert found[0] in CONFIDENTIALITY, (query, found[:3])
    assert CONFIDENTIALITY <= set(found), query


def test_telling_the_person_served_is_not_passing_it_on() -> None:
    assert "confidentiality-and-privacy" not in read("I told a client I'd stop helping her").boost
    assert "confidentiality-and-privacy" not in read("a client told me my coworker is lazy").boost


# -- 4. platform names -------------------------------------------------------------------------

def test_every_platform_reads_the_same(catalog: Catalog, lexicon: Lexicon) -> None:
    answers = {tuple(ids(catalog, f"a client sent me a friend request on {p}", 5))
               for p in ("facebook", "instagram", "tiktok", "snapchat")}
    assert len(answers) == 1
    assert set(answers.pop()) <= DUAL | CONFIDENTIALITY
    platforms = lexicon.w["platforms"]
    assert all(fold_platforms(p, platforms) == "social media" for p in platforms)


def test_a_misspelt_platform_is_still_the_platform(catalog: Catalog) -> None:
    hits = search(catalog, "facbook")
    assert Spelling("facbook", "facebook") in hits[0].matched
    assert [h.id for h in hits] == ids(catalog, "facebook", 10)


# -- 5. short-word typos -----------------------------------------------------------------------

@pytest.mark.parametrize("typo", ["gfits", "gitfs", "gifst"])
def test_a_swapped_pair_of_letters_is_corrected_to_the_word_meant(catalog: Catalog,
                                                                  typo: str) -> None:
    hits = search(catalog, typo)
    assert {h.id for h in hits[:5]} == GIFTS
    assert Spelling(typo, "gifts") in hits[0].matched


# -- 6. a user code's own words ----------------------------------------------------------------

AGENCY = """\
id: AG
jurisdiction: Example County
title: Example Agency Peer Code
issuer: Example Agency
credential:
  name: Peer Recovery Coach
  abbreviation: PRC
source:
  title: Example Agency Peer Code (2026)
sanction_note: The agency publishes no sanctions.
principles:
  - number: 1
    text: Coaches will not connect with the people they support on social media.
    topics: [dual-relationships]
  - number: 2
    text: Coaches will not accept gifts of significant value.
    topics: [gifts]
"""


def test_a_principles_own_words_outrank_editorial_phrases(tmp_path: Path) -> None:
    (tmp_path / "ag.yaml").write_text(AGENCY, encoding="utf-8")
    cat = load_catalog([str(tmp_path)], cache=False)
    for query in ("social media", "facebook"):
        hits = search(cat, query)
        assert hits[0].id == "AG-1", (query, [h.id for h in hits[:3]])
        assert hits[0].direct, query  # a principle does speak to it: the agency's


# -- 7. weak tails -----------------------------------------------------------------------------

def test_results_far_below_the_best_are_cut_or_marked(catalog: Catalog) -> None:
    hits = search(catalog, "can I give someone a ride home")
    best = hits[0].score
    assert all(h.score >= 0.2 * best for h in hits)
    assert [h.weak for h in hits] == [h.score < 0.4 * best for h in hits]
    assert len(hits) <= 7


# -- how the query was read, and questions no principle answers -------------------------------

def test_the_reading_is_one_line_on_every_hit_and_first_in_matched(catalog: Catalog) -> None:
    hits = search(catalog, "a client offered to buy me lunch")
    readings = {h.reading for h in hits}
    assert len(readings) == 1 and readings.pop().startswith("topics gifts")
    assert hits[0].matched[0] == Reading(hits[0].reading)
    assert not any(isinstance(m, Reading) for h in hits[1:] for m in h.matched)


@pytest.mark.parametrize("query", ["can I hug the people I support", "social media",
                                   "what is the dress code"])
def test_no_principle_speaks_to_it_directly(catalog: Catalog, query: str) -> None:
    hits = search(catalog, query)
    assert hits and not hits[0].direct
    assert "no principle speaks to this directly; nearest topic" in hits[0].reading


# -- the library API is the command line's ----------------------------------------------------

def test_unknown_code_and_empty_query_are_input_errors(catalog: Catalog) -> None:
    with pytest.raises(InputError, match="unknown code"):
        search(catalog, "gifts", codes=["NO-SUCH-CODE"])
    for empty in ("", "   "):
        with pytest.raises(InputError, match="empty"):
            search(catalog, empty)


def test_codes_are_read_as_the_command_line_reads_them(catalog: Catalog) -> None:
    assert ids(catalog, "gifts", 5) and {h.principle.code
                                         for h in search(catalog, "gifts", codes=["mo"])} == {"MO"}
    assert ([h.id for h in search(catalog, "gifts", codes=["mo-dmh"])]
            == [h.id for h in search(catalog, "gifts", codes=["MO-DMH"])])


def test_hits_carry_their_rank_as_the_json_does(catalog: Catalog, run) -> None:
    hits = search(catalog, "gifts")
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    js = run.json("search", "gifts", "--json")
    assert [h["rank"] for h in js] == [h.rank for h in hits]
    assert [h["weak"] for h in js] == [h.weak for h in hits]


# -- more frames: telling the person served about oneself, and messaging ----------------------

def test_telling_the_person_served_about_oneself_is_self_disclosure(catalog: Catalog) -> None:
    stories = {"MO-3", "MO-DMH-3", "MA-3", "NE-3", "CT-1", "CT-2"}
    for query in ("should I tell people I support what medication I take",
                  "can I tell a client about my diagnosis"):
        assert stories <= set(ids(catalog, query)), query


def test_dming_is_messaging_not_dating(catalog: Catalog) -> None:
    hits = search(catalog, "person I support keeps DMing me on tiktok")
    assert not any(isinstance(m, Spelling) for m in hits[0].matched)
    assert "personal contact with the person served" in hits[0].reading
    assert DUAL <= set(ids(catalog, "person I support keeps DMing me on tiktok", 5))


def test_a_phrase_of_only_common_words_still_finds_its_topic() -> None:
    """"asked me out" is all stop words, but a topic phrase: romance, not nothing found."""
    from peerethics import load_catalog, search

    hits = search(load_catalog(), "asked me out", limit=5)
    assert hits and {h.id for h in hits[:3]} <= {"CT-11", "MA-13", "MO-8", "MO-DMH-8", "NE-11"}
