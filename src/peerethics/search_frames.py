"""Frames: what a situation *is* (who acts, toward whom, doing what), read before topics.

Why a frame layer and not more topic phrases: a phrase matches wording, a frame matches a
situation. "My coworker showed up high" and "I showed up high" share every phrase, but the codes
speak only to the second (the peer's own use); "the person I support is my cousin's husband" and
"my client is my neighbour" share no phrase, but both are a second relationship with the person
served. So a query is read for a few roles (the peer, the person served, a third party), a few
kinds of act (telling someone, using, harming, a second role) and who does them, and each frame
found adds to, or takes from, the topics it belongs to. 320 more phrases lifted the set they were
written for and left sets nobody tuned for flat; frames are few, and general.

The data below is editorial, like ``data/topics.yaml``: words are compared as typed (lower-cased,
after ``search_words.words``), never stemmed, so each list says every form it accepts. Every topic
id named here must exist in the taxonomy (``tests/test_search_frames.py`` checks it, and
``frame_topics`` is what it checks). A user taxonomy without those topics simply gets no boost
from the frame (a frame only ever adjusts topics the catalog has).
"""

from __future__ import annotations

from .search_words import content_words, tokens_of
from .search_words import words as split_words

# -- roles -------------------------------------------------------------------------------------
# "someone I support", "a guy I coach", "the people I work with": the person served, written so
# that the "I" in it is not read as the peer acting.
_SERVED_NOUN = frozenset("""someone somebody person persons people guy girl lady man woman folks one
ones peer peers""".split())
_SERVING = frozenset("support serve coach work help see mentor".split())
SERVED = frozenset("""client clients participant participants consumer consumers recoveree
recoverees mentee mentees patient patients member members caseload""".split())
PEER_SUBJECT = frozenset("i i'm im i've ive i'd we we're".split())
COLLEAGUE = frozenset("""coworker coworkers co-worker co-workers colleague colleagues staff
supervisor boss manager team teammate""".split())
FAMILY = frozenset("""mom mother dad father wife husband sister brother cousin son daughter kids
kid children child boyfriend girlfriend partner family relative relatives aunt uncle parent
parents grandma grandmother grandpa spouse""".split())
OUTSIDER = frozenset("""landlord pastor priest minister officer po doctor employer police cops
lawyer teacher friend friends neighbor neighbour anyone anybody everyone reporter""".split())
OTHER_SUBJECT = frozenset("he she they he's she's they're someone somebody".split())
ONLINE = frozenset("online internet post posted posting posts media blog".split())

# -- platforms: one name for all of them, so the same question goes to the same topics --------
PLATFORMS = frozenset("""facebook fb instagram insta ig tiktok snapchat twitter whatsapp linkedin
youtube reddit discord""".split())

# -- acts ---------------------------------------------------------------------------------------
TELLING = frozenset("""tell telling told share sharing shared discuss discussing discussed
talk talking talked mention mentioning mentioned gossip gossiping post posting posted asking
ask asked report reporting forward forwarded""".split())
SUBSTANCE = frozenset("""high drunk drinking drank using relapsed relapsing relapse alcohol weed
beer pills hungover stoned wasted intoxicated impaired booze buzzed tipsy""".split())
HARM = frozenset("""hits hit hitting beats beat beating abused abuse abusing abuses hurt hurting
hurts neglect neglecting neglected molested molesting assault assaulted kill killing suicide
suicidal rape raped shoot shooting stab stabbing""".split())
THREAT = frozenset("""threatened threatens threatening threat yelled yells harassing harassed
bullied bullying attacked""".split())
PREJUDICE = frozenset("racist sexist homophobic transphobic slur slurs bigoted".split())
# A second role toward the person served: strong enough alone...
TIE_STRONG = frozenset("""sponsor sponsee neighbor neighbour neighbors neighbours cousin
congregation roommate babysit babysitter landlord tenant""".split())
# ... or beside the person served.
TIE = frozenset("""hire hiring hired employ employee job business customer customers store shop
wedding funeral party favor favors favour favours personally pay paying""".split())
_SAME = frozenset("""church meeting meetings gym group building congregation school mosque temple
aa na home""".split())
CONTACT = frozenset("""dm dms dming message messaged messages messaging text texts texting texted
follow following followed friend request add phone number cell call calls calling called""".split())
# Subjects the bundled codes have no principle on: asked about, search says so.
UNCOVERED = frozenset("""hug hugs hugging hugged touch touching dress clothes salary paid wage
wages insurance malpractice pray praying prayer vote voting candidate record recording
medallion tattoo tattoos""".split())

# -- the topics each frame speaks to (editorial; ids in data/topics.yaml) ------------------------
SECOND_ROLE = "dual-relationships"
CONFIDENTIALITY = "confidentiality-and-privacy"
DUTY = "duty-to-warn-and-mandated-reporting"
SAFETY = "safe-work-environment"
OWN_SUBSTANCE = "substance-use"
OWN_COERCION = "intimidation-and-coercion"
OWN_PREJUDICE = "non-discrimination"
OWN_ROMANCE = "romantic-relationships"
WORK_HOURS = "work-hours-and-locations"
OWN_STORY = "recovery-stories-and-self-disclosure"


def frame_topics() -> set[str]:
    """Every topic id the frames name (the loader check compares them with the taxonomy)."""
    return {SECOND_ROLE, CONFIDENTIALITY, DUTY, SAFETY, OWN_SUBSTANCE, OWN_COERCION,
            OWN_PREJUDICE, OWN_ROMANCE, WORK_HOURS, OWN_STORY}


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


def fold_platforms(text: str) -> str:
    """``facebook``, ``insta``, ``tiktok``... all read as "social media" ("DMing" as
    "messaging")."""
    ws = split_words(text)
    if not (PLATFORMS.intersection(ws) or _PLATFORM_VERBS.keys() & set(ws)):
        return text
    return " ".join("social media" if w in PLATFORMS else _PLATFORM_VERBS.get(w, w) for w in ws)


def merge(first: Frame, second: Frame) -> Frame:
    """Two readings of one query (as typed, and as corrected): every frame either found."""
    boost = dict(first.boost)
    for t, v in second.boost.items():
        boost[t] = max(boost.get(t, 0.0), v)
    damp = dict(first.damp)
    for t, v in second.damp.items():
        damp[t] = min(damp.get(t, 1.0), v)
    labels = first.labels + [x for x in second.labels if x not in first.labels]
    return Frame(boost, damp, labels, first.covered and second.covered, second.text,
                 sorted(set(first.subject) | set(second.subject)))


def _actor(tokens: list[str], i: int) -> str:
    """Who does the act at ``tokens[i]``: the nearest role before it ("peer", "served",
    "colleague", "other"), passing over possessives ("a client's pills"); nobody named means the
    one asking, the peer."""
    for j in range(i - 1, max(-1, i - 8), -1):
        w = tokens[j]
        if w.endswith("'s"):
            continue
        if w in PEER_SUBJECT:
            return "peer"
        if w in SERVED:
            return "served"
        if w in COLLEAGUE:
            return "colleague"
        if w in FAMILY or w in OUTSIDER or w in OTHER_SUBJECT:
            return "other"
    return "peer"


_POSSESSOR = frozenset("my his her their our your the client's".split())
_ASKING = frozenset("ask asks asked asking called calling".split())
_QUESTION = frozenset("how if whether about what where why".split())
_TELL = frozenset("tell telling told".split())


def read(text: str) -> Frame:
    """The frames of a query (see the module docstring)."""
    text = fold_platforms(text)
    tokens = _normalise(tokens_of(text))
    low = " ".join(tokens)
    bare = [t[:-2] if t.endswith("'s") else t for t in tokens]
    present = set(bare)
    boost: dict[str, float] = {}
    damp: dict[str, float] = {}
    labels: list[str] = []
    covered = True
    served = bool(present & SERVED)
    # Someone else's conduct: the codes speak to the peer's own.
    harm_by_other = False
    for i, w in enumerate(tokens):
        if w in HARM or w in THREAT or w in SUBSTANCE or w in PREJUDICE:
            who = _actor(tokens, i)
            if who == "peer":
                continue
            if w in SUBSTANCE and who == "colleague":
                # A colleague is bound by the same code: their use is their breach of it.
                boost[SAFETY] = 0.5
                _label(labels, "a colleague's substance use (the codes bind each peer for "
                               "their own use; none says what a coworker must do)")
            elif w in SUBSTANCE:
                damp[OWN_SUBSTANCE] = 0.25
                _label(labels, "someone else's substance use (the codes speak to the peer's own)")
                covered = False
            elif w in PREJUDICE:
                damp[OWN_PREJUDICE] = 0.25
                _label(labels, "someone else's prejudice (the codes speak to the peer's own)")
                covered = False
            elif w in THREAT:
                if "me" in tokens[i + 1:i + 3] or "us" in tokens[i + 1:i + 3]:
                    damp[OWN_COERCION] = 0.25
                    boost[SAFETY] = 1.0
                    _label(labels, "a threat to the peer")
            else:
                harm_by_other = True
                damp[OWN_COERCION] = 0.25
                damp[OWN_ROMANCE] = 0.25
                boost[DUTY] = 0.6
                _label(labels, "harm by someone else (duty to warn or report)")
    # Passing on what the person served said or did, to a third party.
    if served and _passes_on(tokens, bare):
        boost[CONFIDENTIALITY] = 1.0
        _label(labels, "passing information about the person served to a third party")
    # The peer telling the person served about the peer's own life: self-disclosure.
    if served and CONFIDENTIALITY not in boost and _discloses_own(bare):
        boost[OWN_STORY] = 0.7
        _label(labels, "telling the person served about the peer's own life")
    # A second relationship with the person served.
    tie = (any(w in TIE_STRONG and (i == 0 or tokens[i - 1] not in _NOT_MINE)
               for i, w in enumerate(bare))
           or _after(tokens, "same", _SAME) or _after(tokens, "stay", {"at", "with"})
           or (served and present & TIE)
           or (served and _my_relation(bare)))
    if tie and not harm_by_other and CONFIDENTIALITY not in boost:
        boost[SECOND_ROLE] = 1.0
        _label(labels, "a second relationship with the person served")
    contact = any(w in CONTACT and ({"me", "my"} & set(bare[max(0, i - 2):i + 3]))
                  for i, w in enumerate(bare)) or "my social media" in low
    if served and contact and not harm_by_other and CONFIDENTIALITY not in boost:
        boost[SECOND_ROLE] = max(boost.get(SECOND_ROLE, 0.0), 0.5)
        boost[WORK_HOURS] = 0.5
        _label(labels, "personal contact with the person served")
    subject: list[str] = []
    if not labels and (present & UNCOVERED
                       or ("social media" in low and len(content_words(low)) <= 3)):
        covered = False
        subject = sorted(present & (UNCOVERED | {"social", "media"}))
        _label(labels, "a subject none of the bundled codes has a principle on")
    return Frame(boost, damp, labels, covered, text, subject)


_NOT_MINE = frozenset("his her their client's".split())


def _passes_on(tokens: list[str], bare: list[str]) -> bool:
    """Information about the person served going to a third party: the peer tells, discusses or
    posts it ("tell my coworker what a client said", "posting a client's story online"), or a
    third party asks for it ("her mom called asking how she is")."""
    def third(i: int) -> bool:
        w = bare[i]
        if w in FAMILY:  # "a mom in my group" is someone served; "her mom" is family
            return i > 0 and tokens[i - 1] in _POSSESSOR or tokens[i - 1].endswith("'s")
        return w in COLLEAGUE or w in OUTSIDER or w in ONLINE

    for i, w in enumerate(bare):
        if w in TELLING:
            after = bare[i + 1:i + 7]
            if after[:1] in (["me"], ["us"]):
                continue  # someone told the peer
            if w in _TELL and SERVED.intersection(tokens[i + 1:i + 3]):
                continue  # telling the person served
            if any(third(j) for j in range(i + 1, min(len(bare), i + 7))):
                return True
        if w in _ASKING or (w == "know" and bare[max(0, i - 2):i - 1] in (
                ["want"], ["wants"], ["wanted"])):
            if (w != "know" and not _QUESTION.intersection(bare[i + 1:i + 4])
                    and bare[i + 1:i + 3] != ["to", "ask"]):
                continue
            if any(third(j) and bare[j] not in ONLINE for j in range(max(0, i - 4), i)):
                return True
    return False


def _normalise(tokens: list[str]) -> list[str]:
    """Read a few turns of phrase as the role or act they name: "someone I support" and "assigned
    to me" are the person served, "hitting on" is flirting, "ending her life" is suicide."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        w = tokens[i]
        nxt = tokens[i + 1:i + 4]
        if w in _SERVED_NOUN:
            k = 1 + (nxt[:1] in (["that"], ["who"], ["whom"]))
            if tokens[i + k:i + k + 1] in (["i"], ["we"]) and (
                    tokens[i + k + 1:i + k + 2] and tokens[i + k + 1] in _SERVING):
                out.append("client")
                i += k + 2 + (tokens[i + k + 1] == "work" and tokens[i + k + 2:i + k + 3]
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


_DISCLOSING = frozenset("""tell telling told share sharing shared disclose disclosing disclosed
overshare oversharing overshared mention mentioning reveal revealing""".split())
_OWN_ACTS = frozenset("take took taking use used have had was went did been".split())
_ROLES = SERVED | COLLEAGUE | FAMILY | OUTSIDER


def _discloses_own(bare: list[str]) -> bool:
    """"should I tell people I support what medication I take", "oversharing my trauma": the
    peer's own life (``my`` and a thing that is not a person, or ``I`` and what I did or take)
    near a verb of telling."""
    for i, w in enumerate(bare):
        if w not in _DISCLOSING:
            continue
        near = bare[max(0, i - 3):i + 7]
        for j, x in enumerate(near[:-1]):
            if (x == "my" and near[j + 1] not in _ROLES) or (x == "i" and near[j + 1] in _OWN_ACTS):
                return True
    return False


def _my_relation(tokens: list[str]) -> bool:
    """"my cousin", "my best friend's brother": a relation of the peer's own."""
    for i, w in enumerate(tokens):
        if (w in FAMILY or w in ("friend", "friends")) and "my" in tokens[max(0, i - 3):i]:
            between = tokens[tokens.index("my", max(0, i - 3)) + 1:i]
            if not SERVED.intersection(between):
                return True
    return False


def _label(labels: list[str], label: str) -> None:
    if label not in labels:
        labels.append(label)
