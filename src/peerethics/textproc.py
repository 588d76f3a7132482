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
ourselves out over own really same shall shan't she she'd she'll she's should shouldn't so some
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
""".split())

# Words too general to be worth correcting a misspelling towards.
_MIN_CORRECT_LEN = 4


def words(text: str) -> list[str]:
    """Lower-cased word tokens, apostrophes kept inside words (``don't``), possessives dropped."""
    out = []
    for w in _WORD.findall(text.lower().replace("\u2019", "'")):
        if w.endswith("'s"):
            w = w[:-2]
        out.append(w)
    return out


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOP_WORDS and len(w) > 1]


_VOWELS = set("aeiou")


def _has_vowel(s: str) -> bool:
    return any(ch in _VOWELS for ch in s) or ("y" in s[1:])


# Longest first within each step; (suffix, replacement, minimum stem length left).
_STEP1 = [
    ("sses", "ss", 1), ("ies", "y", 2), ("ied", "y", 2), ("ss", "ss", 1), ("us", "us", 1),
    ("is", "is", 1), ("s", "", 2),
]
_STEP2 = [
    ("ational", "ate", 2), ("tional", "tion", 2), ("ization", "ize", 2), ("isation", "ize", 2),
    ("fulness", "ful", 2), ("ousness", "ous", 2), ("iveness", "ive", 2), ("ability", "able", 2),
    ("ibility", "ible", 2), ("ation", "ate", 2), ("ator", "ate", 2), ("alism", "al", 2),
    ("ality", "al", 2), ("ivity", "ive", 2), ("ously", "ous", 2), ("fully", "ful", 2),
    ("ently", "ent", 2), ("ably", "able", 2), ("ibly", "ible", 2), ("ally", "al", 2),
    ("izer", "ize", 2), ("iser", "ize", 2), ("ness", "", 3), ("ment", "", 4), ("ship", "", 3),
    ("ly", "", 3),
]
_STEP3 = [
    ("ative", "", 3), ("alize", "al", 2), ("icate", "ic", 2), ("iciti", "ic", 2), ("ical", "ic", 2),
    ("ful", "", 3),
]
_STEP4 = [
    ("ement", "", 3), ("ance", "", 3), ("ence", "", 3), ("able", "", 3), ("ible", "", 3),
    ("ant", "", 3), ("ent", "", 4), ("ism", "", 3), ("ist", "", 3), ("ate", "", 3), ("iti", "", 3),
    ("ous", "", 3), ("ive", "", 3), ("ize", "", 3), ("ise", "", 3), ("ion", "", 3), ("al", "", 3),
    ("er", "", 3), ("ic", "", 3), ("or", "", 4), ("ure", "", 4),
]


def _strip(word: str, rules: list[tuple[str, str, int]]) -> str:
    for suffix, repl, min_stem in rules:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) >= min_stem and _has_vowel(stem):
                if suffix == "ion" and not stem.endswith(("s", "t")):
                    return word
                return stem + repl
            return word
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Map a word's inflected and derived forms to one key: gifts/gifting -> gift."""
    w = word.lower()
    if len(w) <= 3 or not w.isalpha():
        return w.rstrip("'")
    if "'" in w:
        w = w.split("'", 1)[0]
    w = _strip(w, _STEP1)
    for suffix in ("eed", "ed", "ing"):
        if w.endswith(suffix):
            stem_ = w[: -len(suffix)]
            if suffix == "eed":
                if len(stem_) >= 2:
                    w = stem_ + "ee"
            elif len(stem_) >= 3 and _has_vowel(stem_):
                w = stem_
                if w.endswith(("at", "bl", "iz")):
                    w += "e"
                elif len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                    w = w[:-1]
            break
    if w.endswith("y") and not w.endswith("ly") and len(w) > 4:
        w = w[:-1]
    w = _strip(w, _STEP2)
    w = _strip(w, _STEP3)
    w = _strip(w, _STEP4)
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    if w.endswith("ll") and len(w) > 4:
        w = w[:-1]
    return w


def stems(text: str) -> list[str]:
    """Content words of ``text``, stemmed, in order (duplicates kept)."""
    return [stem(w) for w in content_words(text)]


def correctable(word: str) -> bool:
    return len(word) >= _MIN_CORRECT_LEN and word.isalpha()
