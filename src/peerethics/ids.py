"""The ids people type, resolved: ``mo``, ``MO-DMH`` or ``mo dmh`` for a code, ``MO-13``,
``mo13`` or ``MO 13`` for a principle. A miss says what does exist, and what was probably meant.
"""

from __future__ import annotations

import re

from .errors import InputError, NotInForce
from .model import Catalog, Code, Principle

# What an id pasted from a PDF, a web page or a word processor may hold: dashes of other kinds
# (en dash, minus sign, non-breaking hyphen) read as the hyphen, a no-break space as a space, and
# the invisible format characters (zero-width space, soft hyphen, byte order mark, and the marks,
# embeddings and isolates that set the direction of text) dropped.
_INVISIBLE = "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e" \
    "\u2060\u2066\u2067\u2068\u2069\ufeff"
_PLAIN = {**{ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
          0xA0: " ", 0x202F: " ", **{ord(c): None for c in _INVISIBLE}}


def plain(text: str) -> str:
    """``text`` with its dashes, spaces and invisible characters as an id or a date is typed
    (``MO–13`` or ``2021–06–01`` pasted from a PDF is ``MO-13``, ``2021-06-01``); plain ASCII is
    returned as it is."""
    return text if text.isascii() else text.translate(_PLAIN)


_ID_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 _.-]*?)[\s_.-]*(\d+)\s*$")


def _squash(code_id: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", code_id.upper())


def _hyphenate(text: str) -> str:
    """``mo dmh``, ``mo_dmh`` and ``MO-DMH`` alike: separators read as the hyphens of an id."""
    return "-".join(re.split(r"[\s_.-]+", text.strip(" \t\r\n_.-").upper()))


def squash_key(code_id: str) -> str:
    """What two code ids that may not both be loaded share: the same letters and digits in the
    same order (``M-O`` and ``MO``, ``MODMH`` and ``MO-DMH``), since a typed id is matched
    without its hyphens."""
    return _squash(code_id)


def match_code(catalog: Catalog, text: str) -> str | None:
    """The id of the code ``text`` names, or None. An id given exactly (in any case, with spaces,
    dots or underscores for hyphens) resolves to that code only; one typed without its hyphens
    (``MODMH``) resolves by its letters and digits, which no two loaded codes share (the loader
    refuses such a pair). Separators that do not fall where a code's hyphens are (``MO CT`` for
    a code ``MOCT``) match nothing, so a loose match never crosses to another code."""
    text = plain(text)
    wanted = _hyphenate(text)
    ids = catalog.code_ids
    for code_id in ids:
        if code_id == wanted:
            return code_id
    if re.search(r"[\s_.-]", text.strip()):
        return None
    squashed = _squash(text)
    found = [c for c in ids if _squash(c) == squashed]
    return found[0] if len(found) == 1 else None


_ONE_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*?[_.-]*\d+$")


def split_ids(text: str) -> list[str]:
    """The ids in one argument or line: ``"MO-1, MO-10"`` (as a compare cell shows them) and
    ``"MO-1 CT-2"`` are two ids each, while ``"mo 13"`` and ``"mo dmh 4"`` stay one id. Pieces are
    split on commas, then on whitespace only where every word is itself a whole id."""
    text = plain(text)
    out: list[str] = []
    for piece in text.split(","):
        piece = piece.strip()
        if not piece:
            continue
        words = piece.split()
        if len(words) > 1 and all(_ONE_ID_RE.match(w) for w in words):
            out += words
        else:
            out.append(piece)
    return out or [text]  # nothing but commas or blanks: resolving it says what is wrong


def looks_like_ids(text: str) -> list[str] | None:
    """The ids ``text`` is made of when it is nothing but ids (``MO-13``, ``mo 13``,
    ``MO-1, CT-2``), else None. Whether they exist is :func:`resolve_principle`'s to say."""
    pieces = split_ids(text)  # split_ids reads pasted dashes as hyphens
    if pieces and all(_ID_RE.match(p) and not p.strip().isdigit() and len(p) < 40
                      and re.match(r"^\s*[A-Za-z]{1,8}([\s_.-]?[A-Za-z]{1,8})?[\s_.-]*\d+\s*$", p)
                      for p in pieces):
        return pieces
    return None


def code_of(catalog: Catalog, text: str) -> Code | None:
    """The code an id-like ``text`` names (``MO`` for ``MO-99``), or None: tells an id past
    the end of a code from words that merely end in a number (``step 12``)."""
    text = plain(text)
    m = _ID_RE.match(text) if len(text) < 200 else None
    if m is None:
        return None
    try:
        return resolve_code(catalog, m.group(1))
    except InputError:
        return None


def split_codes(catalog: Catalog, text: str) -> list[str]:
    """The codes in one argument: ``"MO, CT"`` or ``"MO CT"`` are two, ``"mo dmh"`` is one (a
    whitespace-separated piece is split only when it is not a code and each word is one)."""
    text = plain(text)
    out: list[str] = []
    for piece in text.split(","):
        piece = piece.strip()
        if not piece:
            continue
        words = piece.split()
        if (len(words) > 1 and match_code(catalog, piece) is None
                and all(match_code(catalog, w) is not None for w in words)):
            out += words
        else:
            out.append(piece)
    return out or [text]


def resolve_code(catalog: Catalog, text: str) -> Code:
    """A code from what a person typed: ``mo``, ``MO-DMH``, ``mo dmh``, ``MODMH``."""
    code_id = match_code(catalog, _text(text, "a code id"))
    if code_id is not None:
        code = catalog.code(code_id)
        assert code is not None
        return code
    for absent, why in catalog.absent.items():
        if squash_key(absent) == squash_key(text.strip().upper()):
            raise NotInForce(why, hint=f"run `peerethics versions {absent}` to list the "
                             "versions on file, or add a file of the text in force then")
    known = ", ".join(catalog.code_ids)
    import difflib  # only for a miss: kept off the start-up path

    near = difflib.get_close_matches(text.strip().upper(), list(catalog.code_ids), n=1, cutoff=0.4)
    hint = f"did you mean {near[0]}?" if near else "run `peerethics codes` to list them"
    shown = _quoted(text.strip(), 40) or "(empty)"
    raise InputError(f"unknown code {shown}; the codes are {known}", hint=hint)


def _visible(text: str) -> str:
    """What a person typed, quoted for a message: bytes that were not UTF-8 (on stdin, in a
    file name) shown as ``\\xff``, as file names are, and the rest as Python's repr shows it."""
    if not text:
        return ""
    try:
        raw = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate no byte escapes to (``"\ud800"``)
        return repr(text)
    return repr(raw) if raw == text else f"'{raw}'"


def _quoted(text: str, width: int = 60) -> str:
    """``text`` for a message, its first ``width`` characters and, when there are more, how
    many (``'MO-999999...' (5,003 characters)``), never cut as if it were typed so."""
    if len(text) <= width:
        return _visible(text)
    return f"{_visible(text[:width - 3] + '...')} ({len(text):,} characters)"


def _text(text: object, what: str) -> str:
    """``text`` if it is a string; a :class:`TypeError` naming what was wanted otherwise, as
    Python's own string functions raise (rather than an AttributeError from deep inside)."""
    if not isinstance(text, str):
        raise TypeError(f"{what} must be a str, not {type(text).__name__}")
    return text


def resolve_principle(catalog: Catalog, text: str) -> Principle:
    """A principle from what a person typed: ``MO-13``, ``mo-13``, ``MO13``, ``MO 13``."""
    text = plain(_text(text, "a principle id"))
    shown = _quoted(text.strip()) or "(empty)"
    m = _ID_RE.match(text) if len(text) < 200 else None
    if m is None:
        code_hint = ""
        try:
            code = resolve_code(catalog, text)
            code_hint = f"; {code.id} has principles 1-{len(code.principles)}, e.g. {code.id}-1"
        except InputError:
            pass
        raise InputError(f"{shown} is not a principle id{code_hint}",
                         hint="ids look like MO-13, MO-DMH-4 or CT-12")
    code = resolve_code(catalog, m.group(1))
    # Any script's digits (``MO-١٣``, fullwidth ``MO-１３``) as ASCII first, so their leading
    # zeros do not count towards the length either.
    significant = _ascii_digits(m.group(2)).lstrip("0")
    number = int(significant or "0") if len(significant) < 7 else 0
    principle = code.principle(number)
    if principle is None:
        last = len(code.principles)
        digits = m.group(2)
        nearest = last if len(significant) >= 7 else min(max(number, 1), last)
        # As typed when short; else without its leading zeros (they do not count, and a cut
        # would show only them), shortened with its length when that is long too.
        shorter = significant or "0"
        typed = (digits if len(digits) <= 12 else shorter if len(shorter) <= 12
                 else f"{shorter[:6]}...({len(shorter)} digits)")
        raise InputError(
            f"{code.id} has principles 1-{last}; there is no {code.id}-{typed}",
            hint=f"did you mean {code.id}-{nearest}?",
        )
    return principle


def _ascii_digits(digits: str) -> str:
    """``digits`` (what ``\\d`` matched: any script's decimal digits) in ASCII."""
    return digits if digits.isascii() else "".join(str(int(d)) for d in digits)


def split_items(catalog: Catalog, text: str) -> list[str]:
    """What ``show`` takes in one argument: principle ids and code ids, so ``"MO CT-12"`` is two
    items, while ``"mo 13"``, ``"mo dmh"`` and ``"mo dmh 4"`` stay one (see :func:`split_ids`)."""
    out: list[str] = []
    for piece in split_ids(text):
        words = piece.split()
        known = [match_code(catalog, w) is not None for w in words]
        if (len(words) > 1 and match_code(catalog, piece) is None and any(known)
                and all(_ONE_ID_RE.match(w) or k for w, k in zip(words, known, strict=True))):
            out += words
        else:
            out.append(piece)
    return out


def resolve_item(catalog: Catalog, text: str) -> Code | Principle:
    """A principle (``MO-13``) or, for a code's id alone (``MO``, ``mo dmh``), the whole code."""
    text = plain(_text(text, "an id"))
    if (len(text) >= 200 or not _ID_RE.match(text)) and text.strip():
        try:
            return resolve_code(catalog, text)
        except NotInForce:
            raise
        except InputError:
            shown = _quoted(text.strip())
            raise InputError(f"{shown} is not a principle id nor a code's id",
                             hint="ids look like MO-13, MO-DMH-4 or CT-12; a code's id alone "
                                  f"(e.g. {catalog.code_ids[0] if catalog.code_ids else 'MO'}) "
                                  "shows the whole code") from None
    return resolve_principle(catalog, text)
