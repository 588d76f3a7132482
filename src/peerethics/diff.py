"""The differences between two versions of a code, principle by principle.

Which version a person means is read here too (``CT`` for the version the catalog answers from,
``CT@2012`` for a label, ``CT@2021-06-01`` for the version in force that day), so ``diff`` and
any later face (the MCP tools) read a version reference the same way. The rules of versions and
dates themselves are :mod:`peerethics.versions`.

Principles are paired by their words, not their numbers: a principle whose text is the same in
both is the same principle, renumbered or not; of the rest, each is paired with the most alike
principle of the other version when at least half their words line up (changed), and what is
left was added or removed. Changed words are marked word by word, so the text itself is never
rewritten: joining a principle's ``same`` and ``removed`` segments gives the old text, its
``same`` and ``added`` the new.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .errors import InputError, NotInForce

if TYPE_CHECKING:
    from .model import Catalog, Code, Principle

SAME, REMOVED, ADDED = "same", "removed", "added"
# How alike two texts must be (difflib's ratio over their words) to be one principle changed.
PAIRING_RATIO = 0.5


class Segment(NamedTuple):
    """A run of words the two versions share (``same``), or that one of them alone has."""

    op: str
    text: str


class Change(NamedTuple):
    """One principle across two versions: ``added`` (only ``new``), ``removed`` (only ``old``),
    ``changed`` or ``unchanged`` (both), with its words marked."""

    status: str
    old: Principle | None
    new: Principle | None
    text: tuple[Segment, ...]
    importance: tuple[Segment, ...] = ()

    @property
    def id(self) -> str:
        """The principle's id in the newer version, or in the older one if it was removed."""
        principle = self.new or self.old
        return principle.id if principle is not None else ""

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old.number != self.new.number


class Difference(NamedTuple):
    """Two versions of one code and every principle of either, in the newer one's order."""

    old: Code
    new: Code
    changes: tuple[Change, ...]

    def count(self, status: str) -> int:
        if status == "renumbered":
            return sum(c.renumbered for c in self.changes)
        return sum(c.status == status for c in self.changes)


def version_of(catalog: Catalog, text: str) -> Code:
    """The version ``text`` names: ``CODE`` (the version this catalog answers from),
    ``CODE@LABEL`` or ``CODE@YYYY-MM-DD`` (the version in force that day)."""
    from .ids import resolve_code
    from .versions import absent_message, in_force, iso_date

    given, at, wanted = text.partition("@")
    if at and not wanted.strip():
        raise InputError(f"{text.strip()[:40]!r} names no version",
                         hint=f"give a label or a date after @, e.g. {given.strip()}@2012 or "
                              f"{given.strip()}@2021-06-01")
    code = resolve_code(catalog, given)
    if not at:
        return code
    versions = catalog.versions(code.id)
    wanted = wanted.strip()
    for version in versions:
        if version.version == wanted:
            return version
    day = iso_date(wanted)
    if day is not None:
        live = [v for v in versions if in_force(v, day)]
        if not live:
            raise NotInForce(absent_message(versions, day),
                             hint=f"run `peerethics versions {code.id}` to list them")
        return live[-1]
    labels = ", ".join(v.version for v in versions if v.version) or "none has a label"
    raise InputError(f"{code.id} has no version {wanted[:40]!r}; its version labels: {labels}",
                     hint=f"run `peerethics versions {code.id}`, or give a date: "
                          f"{code.id}@2021-06-01")


def marked(old: str, new: str) -> tuple[Segment, ...]:
    """The words of ``old`` and ``new``, each run marked same, removed or added."""
    from difflib import SequenceMatcher

    a, b = old.split(), new.split()
    out: list[Segment] = []

    def put(op: str, words: list[str]) -> None:
        if words:
            out.append(Segment(op, " ".join(words)))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            put(SAME, a[i1:i2])
        else:
            put(REMOVED, a[i1:i2])
            put(ADDED, b[j1:j2])
    return tuple(out)


def diff(catalog: Catalog, old: str | Code, new: str | Code) -> Difference:
    """The differences from ``old`` to ``new`` (references as :func:`version_of` reads them, or
    codes). Both must be versions of one code: two codes are ``compare``'s to line up."""
    a = version_of(catalog, old) if isinstance(old, str) else old
    b = version_of(catalog, new) if isinstance(new, str) else new
    if a.id != b.id:
        raise InputError(f"{a.id} and {b.id} are two codes, not two versions of one",
                         hint=f"run `peerethics compare {a.id} {b.id}` to line codes up")
    pairs = _pairs(a.principles, b.principles)
    changes = [_change(p, pairs.get(p.number)) for p in b.principles]
    matched = {o.number for o in pairs.values()}
    for p in a.principles:  # removed: after the principle that came before it
        if p.number not in matched:
            gone = Change(REMOVED, p, None, (Segment(REMOVED, p.text),))
            changes.insert(_after(changes, p), gone)
    return Difference(a, b, tuple(changes))


def _pairs(old: tuple[Principle, ...], new: tuple[Principle, ...]) -> dict[int, Principle]:
    """For each new principle's number, the old principle it is (same words, else most alike)."""
    from difflib import SequenceMatcher

    pairs: dict[int, Principle] = {}
    free = list(old)
    for p in new:
        same = next((o for o in free if o.text == p.text), None)
        if same is not None:
            pairs[p.number] = same
            free.remove(same)
    scored = sorted(((SequenceMatcher(None, o.text.split(), p.text.split(),
                                      autojunk=False).ratio(), p.number, o.number, o)
                     for p in new if p.number not in pairs for o in free), reverse=True)
    taken: set[int] = set()
    for ratio, number, old_number, o in scored:
        if ratio >= PAIRING_RATIO and number not in pairs and old_number not in taken:
            pairs[number] = o
            taken.add(old_number)
    return pairs


def _change(new: Principle, old: Principle | None) -> Change:
    if old is None:
        return Change(ADDED, None, new, (Segment(ADDED, new.text),))
    importance = marked(old.importance or "", new.importance or "")
    same = (old.text == new.text and old.importance == new.importance
            and old.tiers == new.tiers)
    return Change("unchanged" if same else "changed", old, new, marked(old.text, new.text),
                  importance)


def _after(changes: list[Change], removed: Principle) -> int:
    """Where a removed principle goes: after the change holding the old principle before it."""
    for i in range(len(changes) - 1, -1, -1):
        old = changes[i].old
        if old is not None and old.number < removed.number:
            return i + 1
    return 0
