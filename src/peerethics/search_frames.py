"""Frames: what a situation *is* (who acts, toward whom, doing what), read before topics.

Why a frame layer and not more topic phrases: a phrase matches wording, a frame matches a
situation. "My coworker showed up high" and "I showed up high" share every phrase, but the codes
speak only to the second (the peer's own use); "the person I support is my cousin's husband" and
"my client is my neighbour" share no phrase, but both are a second relationship with the person
served. So a query is read for a few roles (the peer, the person served, a third party), a few
kinds of act (telling someone, using, harming, a second role) and who does them, and each frame
found adds to, or takes from, the topics it belongs to. 320 more phrases lifted the set they were
written for and left sets nobody tuned for flat; frames are few, and general.

The words are editorial data, like ``data/topics.yaml``: ``data/search/frames.yaml`` (format in
docs/data-format.md). Words are compared as typed (lower-cased, possessives kept), never stemmed,
so each list says every form it accepts. The file is read and checked (``schema.parse_frames``:
every list and topic present, one word each, every topic in the taxonomy) when the search index
is built, a cache miss, and stored in the index, so a warm call never reads YAML. This module
holds the grammar: how roles and acts combine into frames, and what each frame does to topics.
"""

from __future__ import annotations

import os
from typing import Any

from .search_words import content_words, tokens_of
from .search_words import words as split_words

# The data: data/search/frames.yaml, read with the taxonomy when the search index is built (a cache
# miss) and stored in the index; ``WORD_LISTS`` and ``TOPIC_ROLES`` are its keys (schema.py checks).
WORD_LISTS = (
    "served", "served_nouns", "serving", "peer_subject", "colleague", "family", "outsider",
    "other_subject", "online", "platforms", "telling", "disclosing", "own_acts", "substance",
    "harm", "threat", "prejudice", "tie_strong", "tie", "same", "contact", "uncovered",
)
TOPIC_ROLES = ("second-role", "confidentiality", "duty", "safety", "own-substance",
               "own-coercion", "own-prejudice", "own-romance", "work-hours", "own-story")


class Lexicon:
    """The frame data as sets, built once per process from the index's plain lists."""

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        words = data.get("words", {})
        self.w: dict[str, frozenset[str]] = {k: frozenset(words.get(k, ())) for k in WORD_LISTS}
        self.topic: dict[str, str] = dict(data.get("topics", {}))
        w = self.w
        self.third = w["colleague"] | w["family"] | w["outsider"]
        self.roles = w["served"] | self.third


# The same bound as a code file: the shipped frame data is a few kilobytes.
MAX_FRAMES_BYTES = 5_000_000


def load_frames(topic_ids: set[str]) -> dict[str, dict[str, Any]]:
    """The bundled frame data, checked (raises :class:`DataError` with every problem): read when
    the search index is built, never on a warm call."""
    from . import yamlnodes
    from .discover import bundled_data_dir
    from .errors import DataError
    from .schema import parse_frames

    path = frames_path(bundled_data_dir())
    display = "data/search/frames.yaml"
    import stat

    from .errors import Problem

    try:  # a regular file only, and bounded: a FIFO in its place was read for ever
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise DataError([Problem(display, 1, 1, "the frame data is not a regular file; "
                                     "reinstall peerethics")])
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FRAMES_BYTES + 1)
    except OSError as exc:
        raise DataError([Problem(display, 1, 1, f"cannot read the frame data: {exc}")]) from exc
    if len(raw) > MAX_FRAMES_BYTES:
        raise DataError([Problem(display, 1, 1, f"the frame data is too large (more than "
                                 f"{MAX_FRAMES_BYTES:,} bytes); reinstall peerethics")])
    node, problems = yamlnodes.parse(raw, display)
    data: dict[str, dict[str, Any]] = {}
    if node is not None:
        data, more = parse_frames(node, display, topic_ids, WORD_LISTS, TOPIC_ROLES)
        problems += more
    if problems:
        raise DataError(problems)
    return data


def frames_path(data_dir: str) -> str:
    return os.path.join(data_dir, "search", "frames.yaml")


class Frame:
    """How a query was read: topic boosts (added, in units of a strong topic match), topic
    damping (multiplied), the frames found (for people), whether the codes speak to it
    (``covered``), the query with platform names read as "social media" (``text``), and the
    words of a subject no code has a principle on ("hug"). A plain class, not a NamedTuple:
    creating one of those at import costs a few hundred microseconds every call pays."""

    __slots__ = ("boost", "damp", "labels", "covered", "text", "subject")

    def __init__(self, boost: dict[str, float], damp: dict[str, float], labels: list[str],
                 covered: bool, text: str, subject: list[str]) -> None:
        self.boost, self.damp, self.labels = boost, damp, labels
        self.covered, self.text, self.subject = covered, text, subject


# Their verbs: "DMing me" is messaging me.
_PLATFORM_VERBS = {"dm": "message", "dms": "messages", "dming": "messaging", "dmed": "messaged",
                   "dmd": "messaged", "dm'd": "messaged", "dm'ing": "messaging"}


def fold_platforms(text: str, platforms: frozenset[str] | set[str]) -> str:
    """``facebook``, ``insta``, ``tiktok``... all read as "social media" ("DMing" as
    "messaging")."""
    ws = split_words(text)
    if not (platforms.intersection(ws) or _PLATFORM_VERBS.keys() & set(ws)):
        return text
    return " ".join("social media" if w in platforms else _PLATFORM_VERBS.get(w, w) for w in ws)


def _actor(lx: Lexicon, tokens: list[str], i: int) -> str:
    """Who does the act at ``tokens[i]``: the nearest role before it ("peer", "served",
    "colleague", "other"), passing over possessives ("a client's pills"); nobody named means the
    one asking, the peer."""
    for j in range(i - 1, max(-1, i - 13), -1):
        w = tokens[j]
        if w.endswith("'s"):
            continue
        if w in lx.w["peer_subject"]:
            return "peer"
        if w in lx.w["served"]:
            return "served"
        if w in lx.w["colleague"]:
            return "colleague"
        if w in lx.w["family"] or w in lx.w["outsider"] or w in lx.w["other_subject"]:
            return "other"
    return "peer"


_POSSESSOR = frozenset("my his her their our your the client's".split())
_ASKING = frozenset("ask asks asked asking called calling".split())
_QUESTION = frozenset("how if whether about what where why".split())
_TELL = frozenset("tell telling told".split())


def read(text: str, lx: Lexicon) -> Frame:
    """The frames of a query (see the module docstring).

    (Over 60 lines for one reason: the frames are rules tried in order, each seeing what the
    ones before it found, "passing it on" before "a second relationship"; kept in one function,
    the order is the code's own.)"""
    text = fold_platforms(text, lx.w["platforms"])
    tokens = _normalise(lx, tokens_of(text))
    low = " ".join(tokens)
    bare = [t[:-2] if t.endswith("'s") else t for t in tokens]
    present = set(bare)
    boost: dict[str, float] = {}
    damp: dict[str, float] = {}
    labels: list[str] = []
    covered = True
    served = bool(present & lx.w["served"])
    # "her landlord called asking if she's in treatment": in a peer's question, someone named
    # only by a pronoun is, most often, the person served.
    implied = not served and bool(present & _THIRD_PERSON) and not present & lx.w["colleague"]
    # Someone else's conduct: the codes speak to the peer's own.
    harm_by_other = False
    acts = lx.w["harm"] | lx.w["threat"] | lx.w["substance"] | lx.w["prejudice"]
    for i, w in enumerate(tokens):
        if w in acts:
            who = _actor(lx, tokens, i)
            if who == "peer":
                continue
            if w in lx.w["substance"] and who == "colleague":
                # A colleague is bound by the same code: their use is their breach of it.
                boost[lx.topic["safety"]] = 0.5
                _label(labels, "a colleague's substance use (the codes bind each peer for "
                               "their own use; none says what a coworker must do)")
            elif w in lx.w["substance"]:
                damp[lx.topic["own-substance"]] = 0.25
                _label(labels, "someone else's substance use (the codes speak to the peer's own)")
                covered = False
            elif w in lx.w["prejudice"]:
                damp[lx.topic["own-prejudice"]] = 0.25
                _label(labels, "someone else's prejudice (the codes speak to the peer's own)")
                covered = False
            elif w in lx.w["threat"]:
                if "me" in tokens[i + 1:i + 3] or "us" in tokens[i + 1:i + 3]:
                    damp[lx.topic["own-coercion"]] = 0.25
                    boost[lx.topic["safety"]] = 1.0
                    _label(labels, "a threat to the peer")
            else:
                harm_by_other = True
                damp[lx.topic["own-coercion"]] = 0.25
                damp[lx.topic["own-romance"]] = 0.25
                boost[lx.topic["duty"]] = 0.6
                _label(labels, "harm by someone else (duty to warn or report)")
    # Passing on what the person served said or did, to a third party.
    if (served or implied) and _passes_on(lx, tokens, bare):
        boost[lx.topic["confidentiality"]] = 1.0
        _label(labels, "passing information about the person served to a third party")
    # The peer telling the person served about the peer's own life: self-disclosure.
    if served and lx.topic["confidentiality"] not in boost and _discloses_own(lx, bare):
        boost[lx.topic["own-story"]] = 0.7
        _label(labels, "telling the person served about the peer's own life")
    # A second relationship with the person served.
    # "my neighbor" is a second role only toward someone served ("a screaming match with my
    # neighbor" is the peer's conduct); "sponsor" is a role toward someone by itself.
    tie = (any(w in lx.w["tie_strong"] and (i == 0 or tokens[i - 1] not in _NOT_MINE)
               and (served or implied or w in ("sponsor", "sponsee"))
               for i, w in enumerate(bare))
           or _after(tokens, "same", lx.w["same"]) or _after(tokens, "stay", {"at", "with"})
           or (served and present & lx.w["tie"])
           or (served and _my_relation(lx, bare)))
    if tie and not harm_by_other and lx.topic["confidentiality"] not in boost:
        boost[lx.topic["second-role"]] = 1.0
        _label(labels, "a second relationship with the person served")
    contact = any(w in lx.w["contact"] and ({"me", "my"} & set(bare[max(0, i - 2):i + 3]))
                  for i, w in enumerate(bare)) or "my social media" in low
    if served and contact and not harm_by_other and lx.topic["confidentiality"] not in boost:
        boost[lx.topic["second-role"]] = max(boost.get(lx.topic["second-role"], 0.0), 0.5)
        boost[lx.topic["work-hours"]] = 0.5
        _label(labels, "personal contact with the person served")
    subject: list[str] = []
    if not labels and (present & lx.w["uncovered"]
                       or ("social media" in low and len(content_words(low)) <= 3)):
        covered = False
        subject = sorted(present & (lx.w["uncovered"] | {"social", "media"}))
        _label(labels, "a subject none of the bundled codes has a principle on")
    return Frame(boost, damp, labels, covered, text, subject)


_THIRD_PERSON = frozenset("he she they him her them his their he's she's they're".split())
_NOT_MINE = frozenset("his her their client's".split())


def _passes_on(lx: Lexicon, tokens: list[str], bare: list[str]) -> bool:
    """Information about the person served going to a third party: the peer tells, discusses or
    posts it ("tell my coworker what a client said", "posting a client's story online"), or a
    third party asks for it ("her mom called asking how she is")."""
    def third(i: int) -> bool:
        w = bare[i]
        if w in lx.w["family"]:  # "a mom in my group" is someone served; "her mom" is family
            return i > 0 and tokens[i - 1] in _POSSESSOR or tokens[i - 1].endswith("'s")
        return w in lx.w["colleague"] or w in lx.w["outsider"] or w in lx.w["online"]

    for i, w in enumerate(bare):
        if w in lx.w["telling"]:
            after = bare[i + 1:i + 7]
            if after[:1] in (["me"], ["us"]):
                continue  # someone told the peer
            if w in _TELL and lx.w["served"].intersection(tokens[i + 1:i + 3]):
                continue  # telling the person served
            if any(third(j) for j in range(i + 1, min(len(bare), i + 7))):
                return True
        if w in _ASKING or (w == "know" and bare[max(0, i - 2):i - 1] in (
                ["want"], ["wants"], ["wanted"])):
            if (w != "know" and not _QUESTION.intersection(bare[i + 1:i + 4])
                    and bare[i + 1:i + 3] != ["to", "ask"]):
                continue
            if any(third(j) and bare[j] not in lx.w["online"] for j in range(max(0, i - 4), i)):
                return True
    return False


def _normalise(lx: Lexicon, tokens: list[str]) -> list[str]:
    """Read a few turns of phrase as the role or act they name: "someone I support" and "assigned
    to me" are the person served, "hitting on" is flirting, "ending her life" is suicide."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        w = tokens[i]
        nxt = tokens[i + 1:i + 4]
        relative = nxt[:1] in (["that"], ["who"], ["whom"])
        if w in lx.w["served_nouns"] or (relative and w not in lx.roles):
            # "someone I support", "a guy I used to coach", "his mom who I support"
            k = 1 + relative
            if tokens[i + k:i + k + 1] in (["i"], ["we"]):
                k += 1
                former = tokens[i + k:i + k + 2] == ["used", "to"]
                k += 2 * former
                if tokens[i + k:i + k + 1] and tokens[i + k] in lx.w["serving"]:
                    out += ["former", "client"] if former else ["client"]
                    i += k + 1 + (tokens[i + k] == "work" and tokens[i + k + 1:i + k + 2]
                                  == ["with"])
                    continue
        if (w == "assigned" and nxt[:1] == ["to"] and nxt[1:2] in (["me"], ["us"])):
            out.append("client")
            i += 3
            continue
        if w == "my" and nxt[:1] in (["group"], ["caseload"]):
            out.append("client")
            i += 2
            continue
        if w in ("hit", "hits", "hitting") and nxt[:1] == ["on"]:
            out += ["flirting", "with"]
            i += 2
            continue
        if w in ("end", "ends", "ended", "ending") and nxt[:1] and nxt[0] in (
                "his", "her", "their", "my"):
            rest = nxt[1:3]
            if rest[:1] == ["life"] or rest == ["own", "life"]:
                out.append("suicide")
                i += 3 + (rest[:1] == ["own"])
                continue
        out.append(w)
        i += 1
    return out


def _after(tokens: list[str], word: str, following: set[str] | frozenset[str]) -> bool:
    """Whether ``word`` is followed by one of ``following`` ("same church", "stay at")."""
    return any(w == word and tokens[i + 1:i + 2] and tokens[i + 1] in following
               for i, w in enumerate(tokens))




def _discloses_own(lx: Lexicon, bare: list[str]) -> bool:
    """"should I tell people I support what medication I take", "oversharing my trauma": the
    peer's own life (``my`` and a thing that is not a person, or ``I`` and what I did or take)
    near a verb of telling."""
    for i, w in enumerate(bare):
        if w not in lx.w["disclosing"]:
            continue
        near = bare[max(0, i - 3):i + 7]
        for j, x in enumerate(near[:-1]):
            if ((x == "my" and near[j + 1] not in lx.roles)
                    or (x == "i" and near[j + 1] in lx.w["own_acts"])):
                return True
    return False


def _my_relation(lx: Lexicon, tokens: list[str]) -> bool:
    """"my cousin", "my best friend's brother": a relation of the peer's own."""
    for i, w in enumerate(tokens):
        if (w in lx.w["family"] or w in ("friend", "friends")) and "my" in tokens[max(0, i - 3):i]:
            between = tokens[tokens.index("my", max(0, i - 3)) + 1:i]
            if not lx.w["served"].intersection(between):
                return True
    return False


def _label(labels: list[str], label: str) -> None:
    if label not in labels:
        labels.append(label)
