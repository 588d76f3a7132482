"""Words: tokenising, stop words and a small suffix-stripping stemmer, with no dependencies.

Search thinks in words, so "gifts", "gifting" and "gift" must meet, and "the", "can" and "I" must
not count. The stemmer is a compact Porter-style one: it need not produce real words, only map a
word's forms to one key, the same way for the texts and for queries.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Function words, and words every peer code uses so often that they say nothing about a topic.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't could couldn't did didn't do does doesn't doing
don't down during each even ever every few for from further get gets getting got had hadn't has
hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how
how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like likewise may me
might more most mustn't my myself no nor not of off on once only or other ought our ours
ourselves out over really same shall shan't she she'd she'll she's should shouldn't so some
such than that that's the their theirs them themselves then there there's these they they'd
they'll they're they've this those through to too under until up upon us very was wasn't we we'd
we'll we're we've were weren't what what's when when's where where's which while who who's whom
why why's will with won't would wouldn't you you'd you'll you're you've your yours yourself
yourselves ok okay im ive dont cant wont didnt doesnt isnt whats thats theres hes shes youre
theyre id ill its much many lot lots thing things something someone somebody anyone anybody
one ones two also still yet already really just maybe well want wants wanted need needs
know knew think thought say said tell told go goes going went come came make made take took
cps mps cpss cprs peer peers specialist specialists professional professionals certified
individual individuals person persons people those serve served serving support supported
supports supporting
allowed allow supposed able okay alright fine wrong whether anyway anymore actually basically
definitely probably kind sort bit little lot new old good great best better big long sure
guy guys lady ladies man men woman women someone's everyone everybody nobody thing stuff
way part place day days week weeks year years time times ever since every each always
keep keeps kept tell tells telling ask asks asked asking let lets put puts try tries tried
seem seems look looks looking mean means happen happens happened wait find found turn turns
become becomes stay stays gonna wanna gotta
""".split())

# Everyday words that do carry some meaning ("use" drugs, "work" hours, "call" the police) but
# mostly appear in passing: they count, at a fraction of a word's usual weight.
WEAK_WORDS = frozenset("""
use used uses using work works worked working call calls called calling help helps helped
helping talk talks talked talking give gives gave giving get gets getting got go goes going
went come comes came see saw seen seeing meet meets met meeting run runs running bring brings
brought show shows showed hold holds held leave leaves left start started stop stopped own
""".split())

# Idioms whose words would mislead ("I used to support her" is not about using drugs).
IDIOMS = (
    ("used to", "former"), ("use to", "former"), ("have to", ""), ("has to", ""),
    ("had to", ""), ("going to", ""), ("got to", ""), ("want to", ""), ("supposed to", ""),
    ("able to", ""), ("make sure", ""),
)

# Pronouns and determiners, folded by person as far as phrases go: "held her hand" and "holding
# his hand", "take his shot" and "take the shot" are one phrase each, but "hurt me" is not "hurt
# him": who a situation is about matters.
_PERSONS = {
    "\u00b71": "i me my mine myself we us our ours ourselves",
    "\u00b72": "you your yours yourself",
    "\u00b73": "he him his himself she her hers herself they them their theirs themselves "
                "a an the this these those",
}
FOLDED = {w: key for key, ws in _PERSONS.items() for w in ws.split()}


def phrase_word(word: str) -> str:
    """A word as phrases are matched: stemmed, with pronouns and determiners folded by person."""
    return FOLDED.get(word) or stem(word)


# Words too general to be worth correcting a misspelling towards.
_MIN_CORRECT_LEN = 4


def fold(text: str) -> str:
    """A query as search reads it: compatibility forms folded (NFKC: fullwidth ``ＧＩＦＴＳ`` is
    ``GIFTS``), case folded, and invisible characters and combining marks dropped, so ``GİFTS``
    (a Turkish dotted capital I, which lower-cases to ``i`` and a combining dot) is ``gifts``.
    Plain ASCII is returned as it is, at no cost."""
    if text.isascii():
        return text
    import unicodedata

    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    # Combining marks (Mn) and invisible format characters (Cf: a zero-width space or soft
    # hyphen pasted inside "gi\u200bfts") are dropped, so the word is read whole.
    return unicodedata.normalize("NFC", "".join(c for c in folded
                                                if unicodedata.category(c) not in ("Mn", "Cf")))


def words(text: str) -> list[str]:
    """Lower-cased word tokens, apostrophes kept inside words (``don't``), possessives dropped."""
    out = []
    for w in _WORD.findall(text.lower().replace("\u2019", "'")):
        if w.endswith("'s"):
            w = w[:-2]
        out.append(w)
    return out


def tokens_of(text: str) -> list[str]:
    """Lower-cased word tokens with possessives kept (``client's``): who owns what matters to
    reading a situation (search_frames.py)."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def strip_idioms(text: str) -> str:
    low = " " + " ".join(words(text)) + " "
    for idiom, repl in IDIOMS:
        low = low.replace(f" {idiom} ", f" {repl} " if repl else " ")
    return low.strip()


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOP_WORDS and len(w) > 1]


def _cons(w: str, i: int) -> bool:
    ch = w[i]
    if ch in "aeiou":
        return False
    if ch == "y":
        return i == 0 or not _cons(w, i - 1)
    return True


def _measure(stem_: str) -> int:
    """Porter's m: the number of vowel-consonant runs in ``stem_`` ([C](VC)^m[V])."""
    m, prev_vowel = 0, False
    for i in range(len(stem_)):
        vowel = not _cons(stem_, i)
        if prev_vowel and not vowel:
            m += 1
        prev_vowel = vowel
    return m


def _has_vowel(stem_: str) -> bool:
    return any(not _cons(stem_, i) for i in range(len(stem_)))


def _cvc(w: str) -> bool:
    """Ends consonant-vowel-consonant, the last not w, x or y (hop, not hoop or box)."""
    return (len(w) >= 3 and _cons(w, -1 + len(w)) and not _cons(w, len(w) - 2)
            and _cons(w, len(w) - 3) and w[-1] not in "wxy")


_STEP2 = [
    ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
    ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
    ("ization", "ize"), ("isation", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"),
    ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"),
    ("biliti", "ble"), ("logi", "log"),
]
_STEP3 = [("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"),
          ("ful", ""), ("ness", "")]
_STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion",
          "ou", "ism", "ate", "iti", "ous", "ive", "ize", "ise"]


_STEP2.sort(key=lambda r: -len(r[0]))
_STEP3.sort(key=lambda r: -len(r[0]))
_STEP4.sort(key=len, reverse=True)


def _replace(w: str, rules: list[tuple[str, str]], min_m: int) -> str:
    for suffix, repl in rules:
        if w.endswith(suffix):
            stem_ = w[: -len(suffix)]
            return stem_ + repl if _measure(stem_) > min_m else w
    return w


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter's stemmer (1980): gifts/gifting/gifted -> gift, confidentiality -> confidenti."""
    w = word.lower()
    if "'" in w:
        w = w.split("'", 1)[0]
    if len(w) <= 2 or not w.isalpha():
        return w
    # Step 1a: plurals.
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        w = w[:-1]
    # Step 1b: -ed, -ing.
    if w.endswith("eed"):
        if _measure(w[:-3]) > 0:
            w = w[:-1]
    else:
        for suffix in ("ed", "ing"):
            if w.endswith(suffix) and _has_vowel(w[: -len(suffix)]):
                w = w[: -len(suffix)]
                if w.endswith(("at", "bl", "iz")):
                    w += "e"
                elif len(w) > 1 and w[-1] == w[-2] and _cons(w, len(w) - 1) and w[-1] not in "lsz":
                    w = w[:-1]
                elif _measure(w) == 1 and _cvc(w):
                    w += "e"
                break
    # Step 1c: y -> i.
    if w.endswith("y") and _has_vowel(w[:-1]):
        w = w[:-1] + "i"
    w = _replace(w, _STEP2, 0)
    w = _replace(w, _STEP3, 0)
    for suffix in _STEP4:
        if w.endswith(suffix):
            stem_ = w[: -len(suffix)]
            if _measure(stem_) > 1 and (suffix != "ion" or stem_.endswith(("s", "t"))):
                w = stem_
            break
    # Step 5: a final -e, and -ll.
    if w.endswith("e"):
        m = _measure(w[:-1])
        if m > 1 or (m == 1 and not _cvc(w[:-1])):
            w = w[:-1]
    if w.endswith("ll") and _measure(w) > 1:
        w = w[:-1]
    return w


def stems(text: str) -> list[str]:
    """Content words of ``text``, stemmed, in order (duplicates kept)."""
    return [stem(w) for w in content_words(text)]


def correctable(word: str) -> bool:
    return len(word) >= _MIN_CORRECT_LEN and word.isalpha()
