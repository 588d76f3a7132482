"""Is this text what a code says? :func:`verify_quote` checks a quotation against the codes' own
words and says exactly what it verified.

Why a module of its own: an assistant quoting a code must not pass off its paraphrase as the
board's words, and a person pasting a quotation into a complaint or a handout must know whether
it is exact. The answer is one of three, never a silent pass:

- ``verified``: the quote is, word for word, in one passage of a code (a principle's text, CT's
  importance text, a glossary definition, a preamble paragraph...); the answer gives the id and
  the document's exact words. Typography is not wording: a quote that differs only in its
  quotation marks, apostrophes, dashes or spacing is verified, with ``exact`` false and each
  such difference listed, so the quotation can be repaired to the document's characters. A quote
  that begins or ends inside the passage's punctuation (``"services"`` of ``services.``) is
  verified too; its ``text`` is the document's.
- ``close``: not word for word anywhere, but near one passage: the answer gives that passage,
  its exact words and what differs, word by word. A quote joining the words of two passages
  (the end of MO-12 and the start of MO-13) is close, with each part's id and words: every word
  is the codes', but no code says them together. A quote that is word for word in a passage other
  than the id it was given for is close to the id given, and says where it is word for word.
- ``not_found``: no passage holds these words or words near them.

Only the document's words are checked: editorial fields (topics, key terms, notes) are never a
source a quote can be verified against. Plain library code: nothing here imports Typer, Rich or
the MCP SDK.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from .errors import InputError

if TYPE_CHECKING:
    from .model import Catalog, Code

MAX_QUOTE = 10_000  # characters: longer than any passage of any code many times over
CLOSE_SHARE = 0.6  # the least share of words a passage and a quote must share, in order, to be near
MAX_PARTS = 6  # a quote joined from more passages than this is not a quotation
MAX_ALSO = 20  # other passages holding the same words, listed

# Typography that is not wording, each mapped to one character (so offsets are kept).
_TYPOGRAPHY = str.maketrans({
    **dict.fromkeys("‘’‚‛′`´", "'"), **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"), **dict.fromkeys("\u00a0\u2007\u2009\u202f", " "),
})
_QUOTE_MARKS = "\"'“”‘’„«»"
# Words, and each run of dashes a word of its own: "person–of" and "person – of" are one wording.
_WORD = re.compile(r"-+|[^\s-]+")
_KEY = re.compile(r"[^\w]+")


class Passage(NamedTuple):
    """A run of a document's own words a quote can come from: a principle's ``text`` or
    ``importance`` (``id`` the principle's), or a part of the document around the principles
    (``id`` the code's; ``label`` the glossary term, the sanction's name, the seriousness level or
    the paragraph's number)."""

    id: str
    code: str
    part: str
    label: str | None
    text: str


class Difference(NamedTuple):
    """Words where a quote and the document differ: ``quote`` what the quote says there,
    ``code`` what the document says (either empty when one side has nothing)."""

    quote: str
    code: str


class Part(NamedTuple):
    """One passage's share of a quote joined from several: its exact words."""

    passage: Passage
    text: str


class Verification(NamedTuple):
    """The answer of :func:`verify_quote` (``status``: ``verified``, ``close`` or
    ``not_found``). ``passage`` is the one verified or nearest; ``text`` the document's exact
    words matching the quote; ``also_in`` other passages holding the quote word for word."""

    status: str
    quote: str
    given_id: str | None
    passage: Passage | None = None
    text: str | None = None
    exact: bool = False
    differences: tuple[Difference, ...] = ()
    parts: tuple[Part, ...] = ()
    also_in: tuple[Passage, ...] = ()


class _Prepared(NamedTuple):
    """A passage made ready to match: its words' keys (lower case, no punctuation), the words
    joined by single spaces with typography unified, and where each word starts there and in the
    original text."""

    passage: Passage
    joined: str
    starts: tuple[int, ...]
    origins: tuple[int, ...]
    ends: tuple[int, ...]
    keys: tuple[str, ...]
    keyset: frozenset[str]


def passages(catalog: Catalog) -> Iterator[Passage]:
    """Every passage of the document's own words in the catalog, in document order."""
    for code in catalog.codes:
        yield from code_passages(code)


def code_passages(code: Code) -> Iterator[Passage]:
    """A code's passages: what it says around its principles, then each principle's texts."""
    c = code.id
    for part in ("preamble", "introduction", "seriousness_note", "legend", "purposes", "closing"):
        for n, paragraph in enumerate(getattr(code, part), 1):
            yield Passage(c, c, part, f"paragraph {n}", paragraph)
    for part in ("purposes_intro", "principles_intro"):
        if getattr(code, part):
            yield Passage(c, c, part, None, getattr(code, part))
    for entry in code.glossary:
        yield Passage(c, c, "glossary", entry.term, entry.definition)
    for sanction in code.sanctions:
        yield Passage(c, c, "sanctions", sanction.name, sanction.definition)
    for tier in code.tiers:
        for item in tier.sanctions:
            yield Passage(c, c, "sanction_menu", tier.level, item.text)
    for p in code.principles:
        yield Passage(p.id, c, "text", None, p.text)
        if p.importance:
            yield Passage(p.id, c, "importance", None, p.importance)


def _prepare(passage: Passage) -> _Prepared:
    words = list(_WORD.finditer(passage.text.translate(_TYPOGRAPHY)))
    starts, at = [], 0
    for m in words:
        starts.append(at)
        at += len(m.group()) + 1
    keys = tuple(_key(m.group()) for m in words)
    return _Prepared(passage, " ".join(m.group() for m in words), tuple(starts),
                     tuple(m.start() for m in words), tuple(m.end() for m in words), keys,
                     frozenset(keys) - {""})


def _key(word: str) -> str:
    return _KEY.sub("", word).lower()


def _prepared(catalog: Catalog) -> list[_Prepared]:
    """The catalog's passages made ready, built once per catalog (it owns them)."""
    return catalog.derived("verify.passages", lambda cat: [_prepare(p) for p in passages(cat)])


def clean_quote(quote: str) -> str:
    """The quote as checked: surrounding whitespace and one pair of surrounding quotation marks
    taken off (a quotation pasted with its marks). Empty, over :data:`MAX_QUOTE` characters, or
    without a word: an :class:`InputError` saying so."""
    if len(quote) > MAX_QUOTE:
        raise InputError(f"the quote is {len(quote):,} characters; a quote is checked up to "
                         f"{MAX_QUOTE:,}", hint="check one principle or passage at a time")
    text = quote.strip()
    if len(text) >= 2 and text[0] in _QUOTE_MARKS and text[-1] in _QUOTE_MARKS:
        text = text[1:-1].strip()
    if not any(ch.isalnum() for ch in text):
        raise InputError("no quote given: the quote has no words",
                         hint='e.g. peerethics verify "will not enter into dual relationships"')
    return text


def verify_quote(catalog: Catalog, quote: str, id: str | None = None) -> Verification:
    """Check ``quote`` against the codes' own words; ``id`` (a principle's or a code's id,
    forgiving as everywhere) says where the quote claims to come from. Raises
    :class:`InputError` for an empty or huge quote and for an id no code has."""
    text = clean_quote(quote)
    given = _scope_id(catalog, id)
    everything = _prepared(catalog)
    scope = [p for p in everything if _in_scope(p.passage, given)]
    tokens = _tokens(text)
    words = [norm for norm, _ in tokens]
    found = [(p, span) for p in scope if (span := _find(p, words)) is not None]
    if found:
        first, (start, end) = found[0]
        exact_text = first.passage.text[start:end]
        differences = _typography(tokens, exact_text)
        return Verification("verified", text, given, first.passage, exact_text, not differences,
                            differences, (), tuple(p.passage for p, _ in found[1:MAX_ALSO + 1]))
    elsewhere = () if given is None else tuple(
        p.passage for p in everything if not _in_scope(p.passage, given)
        and _find(p, words) is not None)[:MAX_ALSO]
    candidates = _candidates(scope, words)
    parts = _joined(candidates, words)
    near = _nearest(candidates, tokens)
    if near is None and parts:  # joined from passages none of which holds half the quote
        longest = max(parts, key=lambda part: len(part[1]))[0]
        window = _window(longest, tokens)
        near = None if window is None else (longest, window)
    if near is None:
        return Verification("not_found", text, given, also_in=elsewhere)
    best, (said, diffs) = near
    return Verification("close", text, given, best.passage, said, False, diffs,
                        tuple(Part(p.passage, t) for p, t in parts), elsewhere)


def _tokens(text: str) -> list[tuple[str, str]]:
    """A text's words as passages are split: each (typography unified, with ``--`` a dash; as
    the text has it)."""
    return [("-" if m.group()[0] == "-" else m.group(), text[m.start():m.end()])
            for m in _WORD.finditer(text.translate(_TYPOGRAPHY))]


def _scope_id(catalog: Catalog, given: str | None) -> str | None:
    """The id a quote is checked against (a principle's or a code's, resolved), or None."""
    if given is None or not given.strip():
        return None
    from .ids import resolve_code, resolve_principle

    if any(ch.isdigit() for ch in given) and not catalog.code(given.strip().upper()):
        return resolve_principle(catalog, given).id
    return resolve_code(catalog, given).id


def _in_scope(passage: Passage, given: str | None) -> bool:
    return given is None or passage.id == given or passage.code == given


def _find(p: _Prepared, words: Sequence[str]) -> tuple[int, int] | None:
    """Where the quote's words (typography unified) are in the passage, as offsets into its
    original text, or None. The quote may begin or end inside the passage's punctuation: its
    first and last words are matched without the punctuation around them, and the span takes in
    that punctuation where the passage has it too."""
    first, last = words[0].lstrip(_PUNCT) or words[0], words[-1].rstrip(_PUNCT) or words[-1]
    if len(words) == 1:
        first = last = first.rstrip(_PUNCT) or first
    core = " ".join([first, *words[1:-1], last]) if len(words) > 1 else first
    lead = words[0][:words[0].find(first)] if first in words[0] else ""
    trail = words[-1][len(words[-1].rstrip(_PUNCT)):] if words[-1].rstrip(_PUNCT) else ""
    at = p.joined.find(core)
    while at >= 0:
        end = at + len(core)
        if _boundary(p.joined, at - 1) and _boundary(p.joined, end):
            if lead and p.joined[max(at - len(lead), 0):at] == lead:
                at -= len(lead)
            if trail and p.joined[end:end + len(trail)] == trail:
                end += len(trail)
            return _origin(p, at), _origin(p, end - 1) + 1
        at = p.joined.find(core, at + 1)
    return None


_PUNCT = ".,;:!?\"'()[]-*"


def _boundary(joined: str, at: int) -> bool:
    return at < 0 or at >= len(joined) or not joined[at].isalnum()


def _origin(p: _Prepared, at: int) -> int:
    """The offset in the passage's original text of offset ``at`` of its joined words."""
    word = bisect_right(p.starts, at) - 1
    return p.origins[word] + (at - p.starts[word])


def _typography(tokens: Sequence[tuple[str, str]], exact: str) -> tuple[Difference, ...]:
    """Where a verified quote's characters differ from the document's (quotation marks,
    dashes, the punctuation at either end): word against word, spacing aside."""
    theirs = [orig for _, orig in _tokens(exact)]
    mine = [orig for _, orig in tokens]
    if len(mine) != len(theirs):
        return () if mine == theirs else (Difference(" ".join(mine), " ".join(theirs)),)
    return tuple(Difference(a, b) for a, b in zip(mine, theirs, strict=True) if a != b)


def _candidates(scope: Sequence[_Prepared], words: Sequence[str]) -> list[_Prepared]:
    """The passages sharing most of the quote's words (a cheap filter before aligning)."""
    keys = {_key(w) for w in words} - {""}
    scored = [(len(keys & p.keyset), i) for i, p in enumerate(scope)]
    scored = [s for s in scored if s[0]]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [scope[i] for _, i in scored[:12]]


def _nearest(candidates: Sequence[_Prepared], tokens: Sequence[tuple[str, str]],
             ) -> tuple[_Prepared, tuple[str, tuple[Difference, ...]]] | None:
    """The candidate whose words best line up with the quote's: the words they share in order
    over the longer of the quote and the passage's words it spans, at least
    :data:`CLOSE_SHARE` (a paraphrase sharing a few common words with a long sentence is not
    near it); with the document's words aligned to the quote and the differences."""
    keys = [_key(w) for w, _ in tokens]
    best: tuple[float, _Prepared] | None = None
    for p in candidates:
        found = _aligned(keys, p)
        if found is None:
            continue
        matched, lo, hi = found
        score = matched / max(len(keys), hi - lo)
        if matched >= 2 and score >= CLOSE_SHARE and (best is None or score > best[0]):
            best = (score, p)
    if best is None:
        return None
    window = _window(best[1], tokens)
    return None if window is None else (best[1], window)


def _aligned(keys: Sequence[str], p: _Prepared) -> tuple[int, int, int] | None:
    """How many of the quote's words the passage holds in order, and the passage's words they
    span (stretched by the quote's words around them): (matched, first, after the last)."""
    from difflib import SequenceMatcher

    blocks = [b for b in SequenceMatcher(None, list(keys), list(p.keys), autojunk=False)
              .get_matching_blocks() if b.size]
    if not blocks:
        return None
    last = blocks[-1]
    lo = max(blocks[0].b - blocks[0].a, 0)
    hi = min(last.b + last.size + (len(keys) - last.a - last.size), len(p.keys))
    return sum(b.size for b in blocks), lo, hi


def _window(p: _Prepared, tokens: Sequence[tuple[str, str]],
            ) -> tuple[str, tuple[Difference, ...]] | None:
    """The document's words aligned with the quote, exactly as the document has them, and the
    word-by-word differences."""
    from difflib import SequenceMatcher

    found = _aligned([_key(w) for w, _ in tokens], p)
    if found is None:
        return None
    _, lo, hi = found
    said = p.passage.text[p.origins[lo]:p.ends[hi - 1]]
    theirs = p.joined.split(" ")[lo:hi]
    shown = [p.passage.text[a:b] for a, b in zip(p.origins[lo:hi], p.ends[lo:hi], strict=True)]
    diffs = []
    ours = [w for w, _ in tokens]
    for op, a1, a2, b1, b2 in SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes():
        edge = (a2 - a1 == b2 - b1 == 1 and a1 in (0, len(ours) - 1)
                and ours[a1].strip(_PUNCT) == theirs[b1].strip(_PUNCT))
        if op != "equal" and not edge:  # punctuation at either end of a quote is the quote's
            diffs.append(Difference(" ".join(o for _, o in tokens[a1:a2]),
                                    " ".join(shown[b1:b2])))
    return said, tuple(diffs)


def _joined(candidates: Sequence[_Prepared],
            words: Sequence[str]) -> list[tuple[_Prepared, str]]:
    """The quote as consecutive runs of words, each word for word in a passage (longest run
    first from each point), when it takes two passages or more; else ``[]``."""
    parts: list[tuple[_Prepared, str]] = []
    at = 0
    while at < len(words):
        best: tuple[int, _Prepared, tuple[int, int]] | None = None
        for p in candidates:
            end = at
            span = None
            while end < len(words) and (found := _find(p, words[at:end + 1])) is not None:
                end, span = end + 1, found
            if span is not None and (best is None or end > best[0]):
                best = (end, p, span)
        if best is None or best[0] - at < 2 or len(parts) == MAX_PARTS:
            return []
        end, p, (s, e) = best
        parts.append((p, p.passage.text[s:e]))
        at = end
    return parts if len({p.passage for p, _ in parts}) > 1 else []


_PARTS = {"importance": "importance text", "glossary": "glossary", "sanctions": "sanctions",
          "sanction_menu": "sanction menu", "seriousness_note": "note on seriousness",
          "purposes_intro": "purposes (introductory sentence)",
          "principles_intro": "principles (introductory sentence)"}


def place(p: Passage) -> str:
    """Where a passage is, in words: ``MO-12``, ``CT-3's importance text``, ``CT's glossary
    (Client)``, ``NE's preamble (paragraph 1)``."""
    if p.part == "text":
        return p.id
    where = f"{p.id}'s {_PARTS.get(p.part, p.part)}"
    return f"{where} ({p.label})" if p.label else where


def summary(v: Verification) -> str:
    """The answer in one line: what was verified, or why not."""
    also = ", ".join(place(a) for a in v.also_in)
    if v.status == "verified":
        assert v.passage is not None
        head = f"verified: word for word {place(v.passage)}"
        if not v.exact:
            head = (f"verified: the words of {place(v.passage)}; only typography differs ("
                    + "; ".join(f"{d.quote} for {d.code}" for d in v.differences)
                    + "): quote the document's characters")
        return head + (f"; also word for word in {also}" if also else "")
    given = f" in {v.given_id}" if v.given_id else ""
    if v.status == "not_found":
        return (f"not found: no passage{given} holds these words or words near them"
                + (f"; they are word for word in {also}" if also else ""))
    assert v.passage is not None
    if v.parts:
        ids = [place(p.passage) for p in v.parts]
        head = (f"close, not verified: the quote joins words of {', '.join(ids[:-1])} and "
                f"{ids[-1]}; each part is word for word, but no code says them together: quote "
                "each part with its id")
    else:
        changes = "; ".join(_change(d) for d in v.differences[:5])
        more = f" (and {len(v.differences) - 5} more)" if len(v.differences) > 5 else ""
        head = (f"close, not verified: nearest is {place(v.passage)}, which differs: "
                f"{changes}{more}")
    return head + (f"; the quote is word for word in {also}, not{given}" if also else "")


def _change(d: Difference) -> str:
    if not d.code:
        return f"the quote adds {d.quote!r}"
    if not d.quote:
        return f"the quote leaves out {d.code!r}"
    return f"the quote says {d.quote!r} where the code says {d.code!r}"
