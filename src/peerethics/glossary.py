"""Looking terms up in the codes' glossaries: "what counts as a client in CT?".

A glossary is the document's own (CT's defines 18 terms, among them its four sanctions); only
the lookup is peerethics'. A query's words are matched against each term's words (plurals and
question words aside), so ``client``, ``clients`` and ``who is a client`` all find CT's "Client";
a code id among the words (``a client in CT``) narrows the lookup to that code. Terms come first,
then definitions that use every word of the query. A code with no glossary is reported as having
none, never as "not defined there".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from .model import Catalog, Code, GlossaryEntry

# Words of a question that are not what is asked about: "what counts as a client in CT?"
_QUESTION = frozenset(
    "what whats who whom which is are was a an the count counts counted as in of for does do "
    "mean means meaning define defined definition definitions term terms by someone person "
    "anyone under glossary".split())
_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    """A query as it is matched: compatibility forms folded (fullwidth ``ＣＬＩＥＮＴ`` is
    ``CLIENT``), so a term typed on any keyboard finds the same entry."""
    import unicodedata

    return unicodedata.normalize("NFKC", text)


def _norm(word: str) -> str:
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def words(text: str) -> list[str]:
    """The words a term or query is matched by: lower case, singular."""
    return [_norm(w) for w in _WORD.findall(text)]


class Lookup(NamedTuple):
    """What a lookup found: each (code, entry) with how it matched (``term`` or
    ``definition``), and the codes searched (those without a glossary among them)."""

    found: tuple[tuple[Code, GlossaryEntry, str], ...]
    codes: tuple[Code, ...]
    query: str

    @property
    def without_glossary(self) -> tuple[Code, ...]:
        return tuple(c for c in self.codes if not c.glossary)


def define(catalog: Catalog, query: str, codes: Iterable[Code] | None = None) -> Lookup:
    """The glossary entries for ``query`` in ``codes`` (default: every code, or the codes the
    query names). An empty query lists every entry of the codes searched."""
    searched = list(codes) if codes is not None else []
    asked: list[str] = []
    other = False  # a word that is neither a code's id nor a term's: "what is a", "???"
    ids = {c.lower(): c for c in catalog.code_ids}
    for raw in _WORD.findall(_fold(query)):
        if raw.lower() in ids and raw.isupper():
            code = catalog.code(ids[raw.lower()])
            if codes is None and code is not None and code not in searched:
                searched.append(code)  # "a client in CT": the code named is where to look
        elif raw.lower() not in _QUESTION:
            asked.append(_norm(raw))
        else:
            other = True
    if not searched:
        searched = list(catalog.codes)
    found: list[tuple[Code, GlossaryEntry, str]] = []
    if not asked:
        # Nothing asked about: every entry, when nothing was given (or only codes' ids); a
        # query of only question words or signs is a lookup that found nothing, not all.
        if other or (query.strip() and not _WORD.findall(_fold(query))):
            return Lookup((), tuple(searched), query)
        found = [(c, e, "term") for c in searched for e in c.glossary]
        return Lookup(tuple(found), tuple(searched), query)
    wanted = set(asked)
    exact, partial, inside = [], [], []
    for c in searched:
        for e in c.glossary:
            term = [w for w in words(e.term) if w not in _QUESTION]
            if term == asked:
                exact.append((c, e, "term"))
            elif wanted <= set(term):
                partial.append((c, e, "term"))
            elif wanted <= set(words(e.definition)):
                inside.append((c, e, "definition"))
    found = exact + partial + ([] if exact or partial else inside)
    return Lookup(tuple(found), tuple(searched), query)


def near_terms(lookup: Lookup, n: int = 3) -> list[str]:
    """Terms of the codes searched that look like the query (for a miss)."""
    import difflib

    terms = {e.term.lower(): e.term for c in lookup.codes for e in c.glossary}
    asked = " ".join(w for w in _WORD.findall(lookup.query.lower()) if w not in _QUESTION)
    near = difflib.get_close_matches(asked, list(terms), n=n, cutoff=0.5)
    return [terms[t] for t in near]
