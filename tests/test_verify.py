"""verify: is this text what a code says? Asserted on the example codes (XB's curly quotes and
dashes) and on the parts of the bundled documents around the principles, through the library,
the command line and the JSON contract."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES_VALID

from peerethics import InputError, verify_quote
from peerethics.model import Catalog


def _text(catalog: Catalog, pid: str) -> str:
    code, number = pid.rsplit("-", 1)
    p = catalog.code(code).principle(int(number))  # type: ignore[union-attr]
    assert p is not None
    return p.text


def test_a_principle_word_for_word_is_verified_with_its_id_and_exact_text(
        examples: Catalog) -> None:
    text = _text(examples, "XB-3")
    v = verify_quote(examples, text)
    assert (v.status, v.passage.id, v.text, v.exact) == ("verified", "XB-3", text, True)  # type: ignore[union-attr]
    part = verify_quote(examples, "meet a mentee at the café for their own")
    assert part.status == "verified" and part.passage.id == "XB-3" and part.exact  # type: ignore[union-attr]
    assert part.text == "meet a mentee at the café for their own"


def test_a_quote_in_quotation_marks_and_with_a_final_stop_is_verified(examples: Catalog) -> None:
    v = verify_quote(examples, '"Mentors will not meet a mentee at the café."')
    assert v.status == "verified" and v.passage.id == "XB-3"  # type: ignore[union-attr]
    assert v.text == "Mentors will not meet a mentee at the café"
    assert v.differences[-1].quote == "café."


def test_quotes_and_dashes_only_are_verified_not_exact_with_each_difference(
        examples: Catalog) -> None:
    v = verify_quote(examples, 'Mentors will not "borrow" money from a mentee -- nor lend it - '
                               "whatever the sum.")
    assert v.status == "verified" and v.passage.id == "XB-2"  # type: ignore[union-attr]
    assert not v.exact
    assert v.text == _text(examples, "XB-2")  # the document's characters, to repair the quote
    assert [(d.quote, d.code) for d in v.differences] == [
        ('"borrow"', "“borrow”"), ("--", "–"), ("-", "–")]
    spaced = verify_quote(examples, "A person–of any age–whom a mentor supports")
    assert spaced.status == "verified" and spaced.passage.part == "glossary"  # type: ignore[union-attr]


def test_a_changed_word_is_close_with_the_difference_word_by_word(examples: Catalog) -> None:
    v = verify_quote(examples, "Mentors will not meet a mentee at the café for their own "
                               "business life.")
    assert v.status == "close" and v.passage.id == "XB-3"  # type: ignore[union-attr]
    assert v.text == _text(examples, "XB-3")
    assert [(d.quote, d.code) for d in v.differences] == [("business", "social")]
    case = verify_quote(examples, "mentors will not meet a mentee")
    assert case.status == "close" and case.differences[0].code == "Mentors"


def test_a_paraphrase_is_never_verified(examples: Catalog) -> None:
    for paraphrase in ("Mentors should avoid socialising with mentees at cafés",
                       "Mentors must never lend or borrow money with mentees",
                       "peer specialists must be nice"):
        assert verify_quote(examples, paraphrase).status != "verified"
    assert verify_quote(examples, "peer specialists must be nice").status == "not_found"


def test_a_quote_joining_two_principles_is_close_with_each_part(examples: Catalog) -> None:
    quote = "nor lend it – whatever the sum. Mentors will not meet a mentee at the café"
    v = verify_quote(examples, quote)
    assert v.status == "close"
    assert [(p.passage.id, p.text) for p in v.parts] == [
        ("XB-2", "nor lend it – whatever the sum."),
        ("XB-3", "Mentors will not meet a mentee at the café")]


def test_glossary_importance_and_preamble_texts_are_verified_with_where(
        examples: Catalog) -> None:
    ct, ne = examples.code("CT"), examples.code("NE")
    assert ct is not None and ne is not None
    client = next(e for e in ct.glossary if e.term == "Client")
    v = verify_quote(examples, client.definition)
    assert (v.status, v.passage.id, v.passage.part, v.passage.label) == (  # type: ignore[union-attr]
        "verified", "CT", "glossary", "Client")
    important = next(p for p in ct.principles if p.importance)
    v = verify_quote(examples, important.importance)  # type: ignore[arg-type]
    assert (v.passage.id, v.passage.part) == (important.id, "importance")  # type: ignore[union-attr]
    v = verify_quote(examples, ne.preamble[0])
    assert (v.passage.id, v.passage.part, v.passage.label) == (  # type: ignore[union-attr]
        "NE", "preamble", "paragraph 1")


def test_editorial_text_is_never_a_source(examples: Catalog) -> None:
    xb = examples.code("XB")
    assert xb is not None
    assert verify_quote(examples, xb.sanction_note).status != "verified"


def test_the_id_given_is_checked(examples: Catalog) -> None:
    quote = "Mentors will not meet a mentee at the café"
    assert verify_quote(examples, quote, "xb3").status == "verified"
    assert verify_quote(examples, quote, "XB").status == "verified"
    v = verify_quote(examples, quote, "XB-1")
    assert v.status == "not_found" and [a.id for a in v.also_in] == ["XB-3"]
    with pytest.raises(InputError, match="XB has principles 1-3"):
        verify_quote(examples, quote, "XB-9")


def test_words_shared_by_codes_name_every_place(examples: Catalog) -> None:
    v = verify_quote(examples, _text(examples, "XA-1"))
    assert v.status == "verified" and [a.id for a in v.also_in] == ["XB-1"]


@pytest.mark.parametrize(("quote", "message"), [
    ("", "no quote given"), ('  "" ', "no quote given"), ("x" * 1_000_000, "1,000,000 characters"),
])
def test_empty_and_huge_quotes_are_input_errors(examples: Catalog, quote: str,
                                                message: str) -> None:
    with pytest.raises(InputError, match=message):
        verify_quote(examples, quote)


def test_the_command_line_exits_0_only_when_verified(run) -> None:
    d = ["--data-dir", str(EXAMPLES_VALID)]
    ok = run(*d, "verify", "Mentors will not meet a mentee at the café")
    assert ok.exit_code == 0 and ok.stdout.startswith("verified: word for word XB-3")
    close = run(*d, "verify", "Mentors will not meet a mentee at the pub", "--json")
    assert close.exit_code == 1
    import json

    data = json.loads(close.stdout)
    assert data["status"] == "close" and data["differences"] == [{"quote": "pub",
                                                                   "code": "café"}]
    bad = run(*d, "verify", " ")
    assert bad.exit_code == 2 and bad.stderr.startswith("peerethics: error: no quote given")
