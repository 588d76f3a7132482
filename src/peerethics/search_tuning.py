"""Every number search is tuned by, in one record, so a reader sees them together and a change to
one is a change to this file only.

Why one record and not module constants: the numbers were scattered over a 650-line module, with
names (``W_PAIR``, ``OTHER_SENSE``, ``MIN_PREFIX``) that did not say whether a number is added,
multiplied or compared. Each name here ends in what the number is:

- ``_weight``: how much one kind of evidence counts, added to a score;
- ``_factor``: multiplies a score or a weight;
- ``_threshold``: a score or a length is compared with it;
- ``_limit``: caps how much of the input is looked at.

The weights and factors were tuned on bench/queries.yaml, holdout.yaml, fresh.yaml and
fresh2.yaml; bench/holdout2.yaml and unseen.yaml are only ever scored, to tell how search does on
queries nobody tuned for. Three of them (``single_word_phrase_weight``,
``phrase_word_weight``, ``description_word_weight``) are built into the cached search index.
"""

from __future__ import annotations

from typing import Final


class Tuning:
    """Search's weights, factors, thresholds and limits (see the module docstring).

    A plain class whose values are read-only class attributes (``Final``, and no instance
    slots), not a NamedTuple: a NamedTuple of forty fields costs 1.5 ms to create at import,
    this costs next to nothing, and every call of the command line pays it.
    """

    __slots__ = ()

    # -- how much each kind of evidence counts in a principle's score
    # BM25 score of the principle's own text.
    text_weight: Final[float] = 0.6
    # BM25 score of its "why it matters" (CT's importance).
    importance_weight: Final[float] = 0.35
    # BM25 score of its editorial key terms ("5 years"): they repeat the text, so count little.
    key_terms_weight: Final[float] = 0.1
    # Score of the principle's first (most central) topic.
    topic_weight: Final[float] = 1.1
    # Share of topic_weight each later topic of the principle gets.
    secondary_topic_factor: Final[float] = 0.8
    # Share of a topic's score that the topics it declares related get.
    related_topic_factor: Final[float] = 0.5
    # In a query of long_query_words_threshold words or more, the text fields are multiplied by
    # this: a word a description of a situation happens to share with a text ("agency") is
    # weaker evidence than the topics the whole description points to.
    long_query_text_factor: Final[float] = 0.7
    # A query of at least this many content words is a long one (see long_query_text_factor).
    long_query_words_threshold: Final[int] = 5
    # Results scoring under this share of the best score in any code are dropped, so --code MA
    # finds nothing rather than MA's principles that only share a word with the query, and a
    # tail matched on one common word ("home", "ride") is not shown as the equal of the best.
    min_relative_score_threshold: Final[float] = 0.2
    # Results kept but scoring under this share of the best are marked weak (SearchHit.weak,
    # "weak" in the JSON): nearer the cut than the best.
    weak_relative_score_threshold: Final[float] = 0.4

    # A frame found in the query (search_frames.py: "telling a third party", "a second role")
    # adds this times its share times the query's strongest topic score to its topic...
    frame_weight: Final[float] = 1.0
    # ... or this times its share, if no topic scores more (a frame with few topic words).
    frame_floor_weight: Final[float] = 3.0

    # The learned reader (search_reader.py) adds to each topic this times its probability times
    # the query's strongest topic score (the vocabulary's evidence and the reader's are blended
    # on one scale)...
    reader_weight: Final[float] = 5.0
    # ... or this times its probability, if no topic scores more (words no phrase lists).
    reader_floor_weight: Final[float] = 3.0
    # A topic the reader gives less than this probability gains nothing from it (a long tail of
    # small probabilities would otherwise lift every principle a little).
    reader_min_probability_threshold: Final[float] = 0.1
    # The reader's probability that no principle speaks to a query, from which search says so
    # and marks every result weak.
    reader_none_threshold: Final[float] = 0.8
    # ... or from this one, when no topic is likelier than "none".
    reader_none_lead_threshold: Final[float] = 0.2

    # A query of at most this many words, all found in a principle's own text, ranks that
    # principle above every principle matched only through topics...
    max_literal_query_words_limit: Final[int] = 3
    # ... scoring it at least this times the best of those.
    literal_lead_factor: Final[float] = 1.01

    # -- the words of a query
    # A weak word ("work", a number) counts this much of a word.
    weak_word_weight: Final[float] = 0.4
    # Another form of a query word (advocacy/advocate) counts this much of the word.
    word_family_weight: Final[float] = 0.7
    # Word families are looked for only for stems of at least this many letters.
    min_word_family_letters_threshold: Final[int] = 5
    # ... and only among stems at most this many letters longer ("recover" -> "recovering").
    max_word_family_extra_letters_limit: Final[int] = 4
    # ... and only among this many stems that follow it in sorted order.
    max_word_family_candidates_limit: Final[int] = 50
    # A word of a principle's text whose one-word topic phrase (its "sense") is none of the
    # principle's topics counts this much: "high" in "high standards" is not "getting high".
    other_sense_factor: Final[float] = 0.2

    # -- topics (built into the cached index: single_word, phrase_word, description_word)
    # A one-word phrase of a topic is a chosen signal ("xanax"): its word counts fully.
    single_word_phrase_weight: Final[float] = 1.0
    # A word inside a longer phrase ("state" in "state hospital") says little on its own.
    phrase_word_weight: Final[float] = 0.35
    # A word of a topic's description says less still.
    description_word_weight: Final[float] = 0.2
    # A topic phrase found whole in the query: this times the rarity of its words.
    phrase_weight: Final[float] = 0.9
    # Each word of a found phrase after the first adds this share (longer phrases say more).
    phrase_length_factor: Final[float] = 0.25
    # Rarity given to a found phrase of common words only ("day off", "let him know").
    function_phrase_weight: Final[float] = 1.5
    # Two adjacent words of a topic's phrase found side by side in the query: this times their
    # rarity, so part of a phrase counts too ("stop taking her antipsychotic").
    word_pair_weight: Final[float] = 0.3

    # -- BM25 (the textbook values)
    # Term-frequency saturation: how fast a repeated word stops adding.
    bm25_k1_factor: Final[float] = 1.2
    # Length normalisation: how much a long text is discounted.
    bm25_b_factor: Final[float] = 0.75

    # -- spelling
    # Jaro-Winkler similarity a correction candidate needs for an unknown word.
    spelling_similarity_threshold: Final[float] = 0.84
    # ... and for a real word that may be a typo (kept only if it makes a phrase in context).
    context_spelling_similarity_threshold: Final[float] = 0.75
    # Plain edit ratio (0-1) a candidate needs too.
    spelling_ratio_threshold: Final[float] = 0.6
    # Candidates Jaro-Winkler proposes per word.
    max_spelling_candidates_limit: Final[int] = 10
    # Edit ratio (0-100) a word needs to be suggested after "nothing found".
    suggestion_ratio_threshold: Final[int] = 50
    # Suggestions asked for per word of the query.
    max_suggestions_per_word_limit: Final[int] = 3
    # Words of the query suggestions are looked for.
    max_suggestion_words_limit: Final[int] = 8

    # -- how much of a query is read (hostile or pasted input stays cheap)
    # Characters of the query read at all.
    max_query_chars_limit: Final[int] = 2000
    # Content words of the query used.
    max_query_words_limit: Final[int] = 64
    # Words (function words included) of the query read for phrases: this times
    # max_query_words_limit.
    phrase_sequence_words_factor: Final[int] = 3


TUNING = Tuning()
