"""``compare --differences`` (issue 29, item 7): only topics where the codes differ in substance
(a code silent where another has a rule, a key term stated against not stated, different
limits), most different first; the same rule in other words is no difference."""

from __future__ import annotations

import pytest

from peerethics.comparison import _gist, substance
from peerethics.model import KeyTerm, Principle


def _p(pid: str, topic: str, **facets: str) -> Principle:
    code, number = pid.rsplit("-", 1)
    return Principle(code=code, number=int(number), text="x", topics=(topic,),
                     key_terms=tuple(KeyTerm(topic, f.replace("_", " "), v)
                                     for f, v in facets.items()))


@pytest.mark.parametrize(("values", "gist"), [
    (["not stated"], ()),
    (['not stated ("openly share")'], ()),
    (['"strive to avoid"'], ("stated",)),
    (["5 years, for anyone served"], ("5",)),
    (['1 year ("in the past year")'], ("1",)),
    (["five years"], ("5",)),
])
def test_gist(values: list[str], gist: tuple[str, ...]) -> None:
    assert _gist(values) == gist


def test_wording_is_not_substance_but_limits_and_silence_are() -> None:
    same = {"XA": (_p("XA-1", "t", rule='"will not enter into"'),),
            "XB": (_p("XB-1", "t", rule='"shall not enter"'),)}
    assert substance(same, "t") == (0, ())
    limits = {"XA": (_p("XA-1", "t", after="5 years"),),
              "XB": (_p("XB-1", "t", after="1 year"),),
              "XC": (_p("XC-1", "t", after="not stated"),)}
    assert substance(limits, "t") == (2, ("after",))
    silent = {"XA": (_p("XA-1", "t", rule="stated"),), "XB": ()}
    assert substance(silent, "t") == (1, ())
    assert substance(silent, "t", preamble=("XB",)) == (0, ())


def test_compare_differences_narrows_and_orders(run) -> None:
    every = run.json("compare", "MO", "MO-DMH", "--json")
    diff = run.json("compare", "MO", "MO-DMH", "--differences", "--json")
    assert 0 < len(diff["rows"]) < len([r for r in every["rows"] if r["differs"]])
    scores = [r["substance"] for r in diff["rows"]]
    assert scores == sorted(scores, reverse=True) and min(scores) > 0
    assert diff["rows"][0]["topic"] == "romantic-relationships"
    assert "after services end" in diff["rows"][0]["substantive"]
    table = run("compare", "MO", "MO-DMH", "--differences").stdout
    assert "in substance, 2" in table
    markdown = run("compare", "MO", "MO-DMH", "--differences", "-f", "markdown").stdout
    assert markdown.index("Romantic") < markdown.index("Own recovery")
