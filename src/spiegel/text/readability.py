"""Readability and plain language (B1) of a post.

Dutch
    Sentences, words and syllables (vowel runs; ``pyphen`` ``nl_NL`` where a run may be two
    syllables) give the Flesch-Douma score
    ``206.835 − 0.93 · words/sentence − 77 · syllables/word``. A B1 estimate in the spirit of
    LiNT-II adds word frequency (``wordfreq`` Zipf values: share of rare words, mean
    frequency), clause density (subordinating conjunctions and relative pronouns per sentence),
    word shape (syllables, letters, long words, nominalisations), officialese ("ambtelijke")
    words from :file:`data/officialese_nl.json`, passive auxiliaries and participles, "we",
    asides and digits (:data:`FEATURES`). A linear *difficulty* over these features is fitted on the
    Amsterdam complex→simple sentence pairs (:mod:`spiegel.text.calibrate`) and shipped as
    :file:`data/readability_nl.json`; ``plain_score`` is the calibrated probability that the
    wording reads like the simplified (B1) versions, and the level bands A2/B1/B2/C1 are cut
    points on the difficulty. LiNT-II's concreteness and dependency-length features need a
    parser and a lexicon spiegel does not ship; sentence length and clause density stand in.
English
    Flesch reading ease ``206.835 − 1.015 · words/sentence − 84.6 · syllables/word``, with a
    vowel-group syllable count; plain = Flesch ≥ 60.
Other languages
    Word and sentence counts only; ``flesch`` and ``level`` stay ``None`` and the post counts
    as neither plain nor hard (``plain_score`` is ``None`` in :class:`Assessment`).

Everything a word contributes (counts, frequency bands, the model's weights folded in) is
computed once per word and kept in a dict as one packed integer, so a text costs two regex
passes, one dict lookup per word and one ``sum``.
"""

from __future__ import annotations

import json
import math
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain
from typing import Any

import pyphen
import wordfreq

from spiegel.errors import ConfigError
from spiegel.text.signals import Readability

__all__ = [
    "FEATURES",
    "Assessment",
    "assess",
    "difficulty",
    "dutch_features",
    "evaluate_heldout",
    "flesch_douma",
    "flesch_reading_ease",
    "load_model",
    "pairwise_accuracy",
]

#: Features of the Dutch difficulty model, in the order of the weight vector. Shares are per
#: word, ``*_per_sentence`` per sentence; see :func:`dutch_features`.
FEATURES: tuple[str, ...] = (
    "words_per_sentence",
    "syllables_per_word",
    "rare_word_share",
    "mean_zipf",
    "long_word_share",
    "clauses_per_sentence",
    "officialese_per_word",
    "passive_per_sentence",
    "max_sentence_words",
    "log_words",
    "zipf_below_2_share",
    "zipf_2_3_share",
    "zipf_3_4_share",
    "zipf_4_5_share",
    "three_syllable_share",
    "four_syllable_share",
    "nominalisation_share",
    "we_share",
    "participles_per_sentence",
    "brackets_per_sentence",
    "digits_per_word",
    "percent_per_sentence",
    "commas_per_sentence",
    "letters_per_word",
)
#: Per-word values summed over a text (see :func:`_word_nl`), in this order; the features named
#: in :data:`_PER_WORD` are these sums divided by the words, those in :data:`_PER_SENTENCE` by the
#: sentences.
_WORD_FIELDS: tuple[str, ...] = (
    "syllables",
    "zipf",
    "rare",
    "long",
    "clause",
    "officialese",
    "passive",
    "zipf_below_2",
    "zipf_2_3",
    "zipf_3_4",
    "zipf_4_5",
    "three_syllable",
    "four_syllable",
    "nominalisation",
    "we",
    "participle",
    "digits",
    "letters",
)
_PER_WORD = {
    "syllables_per_word": "syllables",
    "rare_word_share": "rare",
    "mean_zipf": "zipf",
    "long_word_share": "long",
    "officialese_per_word": "officialese",
    "zipf_below_2_share": "zipf_below_2",
    "zipf_2_3_share": "zipf_2_3",
    "zipf_3_4_share": "zipf_3_4",
    "zipf_4_5_share": "zipf_4_5",
    "three_syllable_share": "three_syllable",
    "four_syllable_share": "four_syllable",
    "nominalisation_share": "nominalisation",
    "we_share": "we",
    "digits_per_word": "digits",
    "letters_per_word": "letters",
}
_PER_SENTENCE = {
    "clauses_per_sentence": "clause",
    "passive_per_sentence": "passive",
    "participles_per_sentence": "participle",
}

#: Zipf value below which a word counts as rare (about one in a million words).
RARE_ZIPF = 3.0
#: Letters from which a word counts as long (Dutch compounds).
LONG_WORD = 13
#: Text length counts up to this many words (``log_words``): a long post is not harder for being long.
LOG_WORDS_CAP = 100
#: The word weights of the model's lexicon count in full in a text of up to this many words
#: and are scaled by ``LEXICAL_WORDS / words`` beyond: within a sentence every edit counts,
#: and a long post is not harder for its length.
LEXICAL_WORDS = 25
#: Levels, easiest first; the model's cut points sit between them.
LEVELS = ("A2", "B1", "B2", "C1")

_NOT_WORDS = re.compile(r"https?://\S+|www\.\S+|(?<![\w@])[@#][\w.@-]*\w", re.UNICODE)
#: Possessive quantifiers: what follows each part is optional, so giving characters back never
#: finds another match; they only spare the regex engine its backtracking bookkeeping.
_WORD = re.compile(
    r"[^\W\d_]++(?:['’-][^\W\d_]++)*+"  # words, with inner hyphen/apostrophe
    r"(?:\.(?:[^\W\d_]\.)++)?+"  # abbreviations such as o.a., d.w.z.: one word
    r"|\d++(?:[.,]\d++)*+",  # numbers: words of one syllable
    re.UNICODE,
)
#: :data:`_WORD` for a lower-case ASCII text (``str.isascii`` costs nothing): there its letter
#: class ``[^\W\d_]`` is ``[a-z]`` and ``\d`` is ``[0-9]``, and the same words come out faster.
_WORD_ASCII = re.compile(r"[a-z]++(?:['-][a-z]++)*+(?:\.(?:[a-z]\.)++)?+|[0-9]++(?:[.,][0-9]++)*+")
_ABBREVIATIONS = frozenset(
    [
        "bijv",
        "bv",
        "etc",
        "nr",
        "ca",
        "mr",
        "dhr",
        "mevr",
        "evt",
        "enz",
        "incl",
        "excl",
        "max",
        "min",
        "resp",
        "jl",
        "vs",
        "mw",
        "drs",
        "ir",
        "ing",
        "prof",
        "dr",
        "st",
    ]
)
_VOWELS_EN = re.compile(r"[aeiouy]+")
#: Dutch syllables: a run of vowels (with "ij") is one syllable when it is one of the Dutch
#: vowels or diphthongs in :data:`_ONE_SYLLABLE_NL`; a vowel with a diaeresis (ë, ï) starts a
#: syllable of its own. Other runs (theater, radio, bijeen) may be two: pyphen decides.
_VOWEL_RUNS_NL = re.compile(r"(?:ij|[aeiouyàáâèéêìíîòóôùúû])+")
_DIAERESIS = re.compile(r"[äëïöü]")
_ONE_SYLLABLE_NL = frozenset(
    [
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
        "aa",
        "ee",
        "oo",
        "uu",
        "ie",
        "oe",
        "eu",
        "ui",
        "ei",
        "ij",
        "au",
        "ou",
        "ai",
        "oi",
        "ay",
        "ey",
        "oy",
        "ieu",
        "eeu",
        "ooi",
        "aai",
        "oei",
    ]
) | frozenset("àáâèéêìíîòóôùúû")
#: Sentence ends: . ! ? … ; : and line breaks; a full stop after an abbreviation or a single
#: letter other than 'u' (o.a., J. Jansen) and any mark followed by a digit (12:30, 3.5) end nothing.
#: Every branch starts with a literal character (the abbreviations are look-behinds that include
#: the full stop), so the regex engine skips ahead to the next candidate mark.
_SENTENCE_END = re.compile(
    r"[!?…;:]+(?!\d)|\n|\."
    + "".join(rf"(?<!\b{a}\.)" for a in sorted(_ABBREVIATIONS))
    + r"(?<!\b[^\W\d_u]\.)\.*(?!\d)",
    re.UNICODE,
)

_CLAUSE_NL = frozenset(
    [
        "dat",
        "omdat",
        "als",
        "wanneer",
        "terwijl",
        "hoewel",
        "doordat",
        "zodat",
        "nadat",
        "voordat",
        "totdat",
        "indien",
        "mits",
        "tenzij",
        "sinds",
        "zodra",
        "ofschoon",
        "aangezien",
        "opdat",
        "alsof",
        "waardoor",
        "waarbij",
        "waarin",
        "waarop",
        "waarmee",
        "waarvan",
        "waarna",
        "waaraan",
        "waarover",
        "waaruit",
        "waarvoor",
        "die",
        "welke",
        "wie",
        "wat",
        "of",
    ]
)
_PASSIVE_NL = frozenset(["worden", "wordt", "werd", "werden", "geworden"])
_WE_NL = frozenset(["we", "wij", "ons", "onze"])
#: Endings of nominalisations ("de behandeling", "de mogelijkheid", "de realisatie").
_NOMINAL_ENDINGS = (
    "ing",
    "ingen",
    "heid",
    "heden",
    "tie",
    "ties",
    "iteit",
    "iteiten",
    "isme",
    "ment",
    "menten",
)
#: Brackets, colons, semicolons and slashes: lists and asides inside a sentence.
_ASIDES = re.compile(r"[(\[:;/]")


@lru_cache(maxsize=1)
def _officialese() -> tuple[frozenset[str], re.Pattern[str], frozenset[str]]:
    data = json.loads(resources.files("spiegel.text").joinpath("data/officialese_nl.json").read_text("utf-8"))
    words = frozenset(data["words"])
    phrases = sorted(data["phrases"], key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")
    return words, pattern, _triggers(phrases)


def _triggers(phrases: list[str]) -> frozenset[str]:
    """Per phrase its least frequent word: the phrase search runs only when one occurs."""
    out = set()
    for phrase in phrases:
        words = _WORD.findall(phrase) or [phrase]
        out.add(min(words, key=lambda w: wordfreq.zipf_frequency(w, "nl")))
    return frozenset(out)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """wordfreq's Dutch frequency table: a dict lookup is the same value as
    ``wordfreq.zipf_frequency`` for a single word, without its tokenizer."""
    return dict(wordfreq.get_frequency_dict("nl"))


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL", left=1, right=1)


def _is_participle(word: str) -> bool:
    """A rough past-participle test (ge…d/t/en), the passive's second half; no tagger needed."""
    return len(word) > 5 and word.startswith("ge") and word.endswith(("d", "t", "en"))


def _syllables_nl(word: str) -> int:
    """Syllables of a lower-case Dutch word: vowel runs, pyphen ``nl_NL`` only where a run may
    be two syllables (pyphen alone misses a syllable of one leading vowel: o-ver, a-vond)."""
    runs = _VOWEL_RUNS_NL.findall(word)
    if _ONE_SYLLABLE_NL.issuperset(runs):
        return max(len(runs) + len(_DIAERESIS.findall(word)), 1)
    return max(len(_hyphenator().positions(word)) + 1, len(runs) + len(_DIAERESIS.findall(word)), 1)


@lru_cache(maxsize=200_000)
def _word_nl(word: str) -> tuple[float, ...]:
    """Per lower-case Dutch word (cached): the values of :data:`_WORD_FIELDS`, then whether it
    may start an officialese phrase."""
    if word[0].isdigit():
        digits = float(sum(ch.isdigit() for ch in word))
        return (1.0, 5.0, *(0.0,) * 14, digits, 0.0, 0.0)
    words, _, triggers = _officialese()
    freq = _frequencies().get(word)
    zipf = round(math.log10(freq) + 9.0, 2) if freq else wordfreq.zipf_frequency(word, "nl")
    syl = _syllables_nl(word)
    return (
        float(syl),
        zipf,
        float(zipf < RARE_ZIPF),
        float(len(word) >= LONG_WORD),
        float(word in _CLAUSE_NL),
        float(word in words),
        float(word in _PASSIVE_NL),
        float(zipf < 2.0),
        float(2.0 <= zipf < 3.0),
        float(3.0 <= zipf < 4.0),
        float(4.0 <= zipf < 5.0),
        float(syl >= 3),
        float(syl >= 4),
        float(len(word) > 5 and word.endswith(_NOMINAL_ENDINGS)),
        float(word in _WE_NL),
        float(_is_participle(word)),
        0.0,
        float(len(word)),
        float(word in triggers),
    )


#: :func:`_word_fast_values` packs what :func:`_scan_nl` needs of a word into one integer, so
#: that a text's values are one C-level ``sum``: six counts of 32 bits (syllables, rare, long,
#: clause marker, officialese, phrase trigger), then three numbers of 80 bits in fixed point
#: (``_FIXED`` steps per unit, offset by ``_BIAS`` so they stay positive): the model's per-word
#: and per-sentence parts of the difficulty (weights folded in) and the word's lexical weight.
_COUNT_BITS = 32
_COUNT_MASK = (1 << _COUNT_BITS) - 1
_NUMBER_BITS = 80
_NUMBER_MASK = (1 << _NUMBER_BITS) - 1
_NUMBERS_AT = 6 * _COUNT_BITS
_FIXED = 1 << 30
_BIAS = 1 << 50


def _word_fast_values(word: str) -> int:
    """The packed values of *word* (see :data:`_COUNT_BITS`)."""
    v = _word_nl.__wrapped__(word)  # the packed cache below holds the result: no second cache
    model = load_model()
    per_word: float = sum(map(operator.mul, model.word_vector, v))
    per_sentence: float = sum(map(operator.mul, model.sentence_vector, v))
    return (
        int(v[0])
        | int(v[2]) << _COUNT_BITS
        | int(v[3]) << (2 * _COUNT_BITS)
        | int(v[4]) << (3 * _COUNT_BITS)
        | int(v[5]) << (4 * _COUNT_BITS)
        | int(v[-1]) << (5 * _COUNT_BITS)
        | (round(per_word * _FIXED) + _BIAS) << _NUMBERS_AT
        | (round(per_sentence * _FIXED) + _BIAS) << (_NUMBERS_AT + _NUMBER_BITS)
        | (round(model.lexicon.get(word, 0.0) * _FIXED) + _BIAS) << (_NUMBERS_AT + 2 * _NUMBER_BITS)
    )


class _WordCache(dict[str, int]):
    """Word → :func:`_word_fast_values`, filled on first use. A plain dict: ``map(cache.__getitem__,
    words)`` looks every word up in C, about twice as fast as an LRU cache; it is emptied when it
    reaches :data:`WORD_CACHE_SIZE` words."""

    def __missing__(self, word: str) -> int:
        if len(self) >= WORD_CACHE_SIZE:
            self.clear()
        value = self[word] = _word_fast_values(word)
        return value


#: Words kept in the per-word cache of :func:`_scan_nl` before it starts afresh.
WORD_CACHE_SIZE = 200_000
_WORD_CACHE = _WordCache()
_word_fast = _WORD_CACHE.__getitem__


@lru_cache(maxsize=100_000)
def _syllables_en(word: str) -> int:
    if word[0].isdigit():
        return 1
    groups = len(_VOWELS_EN.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    return max(groups, 1)


def flesch_douma(words: int, sentences: int, syllables: int) -> float:
    """Flesch-Douma reading ease for Dutch (higher is easier)."""
    return 206.835 - 0.93 * (words / sentences) - 77.0 * (syllables / words)


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    """Flesch reading ease for English (higher is easier)."""
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def _strip_links(lower: str) -> str:
    """*lower* without links, mentions and hashtags."""
    if "@" in lower or "#" in lower or "http" in lower or "www." in lower:
        return _NOT_WORDS.sub(" ", lower)
    return lower


def _split(text: str) -> list[list[str]]:
    """Sentences as lists of lower-case words (links, mentions, hashtags and punctuation removed)."""
    cleaned = _strip_links(text.lower())
    find = _WORD_ASCII.findall if cleaned.isascii() else _WORD.findall
    return [words for part in _SENTENCE_END.split(cleaned) if (words := find(part))]


def _scan_nl(text: str, m: Model | None = None) -> tuple[Readability, float | None]:
    """Counts, Flesch-Douma and the difficulty under *m* (default: the shipped model) of a Dutch
    text (one pass over the words, per-word values from the cache); no difficulty without words."""
    lower = text.lower()
    cleaned = _strip_links(lower)
    find = _WORD_ASCII.findall if cleaned.isascii() else _WORD.findall
    sentences = list(filter(None, map(find, _SENTENCE_END.split(cleaned))))
    n_sent = len(sentences)
    n = sum(map(len, sentences))
    if n == 0:
        return Readability(sentences=n_sent), None
    if m is None:
        m = load_model()
    packed = sum(map(_word_fast, chain.from_iterable(sentences)))
    numbers = packed >> _NUMBERS_AT
    official = (packed >> (4 * _COUNT_BITS)) & _COUNT_MASK
    per_word = ((numbers & _NUMBER_MASK) - n * _BIAS) / _FIXED
    if (packed >> (5 * _COUNT_BITS)) & _COUNT_MASK:  # a word that may start an officialese phrase
        extra = len(_officialese()[1].findall(lower))
        official += extra
        per_word += extra * m.officialese_coef
    asides = (
        cleaned.count("(") + cleaned.count("[") + cleaned.count(":") + cleaned.count(";") + cleaned.count("/")
    )
    per_sentence = (((numbers >> _NUMBER_BITS) & _NUMBER_MASK) - n * _BIAS) / _FIXED
    lexical = (((numbers >> (2 * _NUMBER_BITS)) & _NUMBER_MASK) - n * _BIAS) / _FIXED
    d = (
        m.const
        + per_word / n
        + lexical * LEXICAL_WORDS / max(n, LEXICAL_WORDS)
        + (
            per_sentence
            + m.c_brackets * asides
            + m.c_commas * cleaned.count(",")
            + m.c_percent * cleaned.count("%")
        )
        / n_sent
        + m.c_words_per_sentence * n / n_sent
        + m.c_max_sentence_words * max(map(len, sentences))
        + m.c_log_words * _LOG_WORDS[min(n, LOG_WORDS_CAP)]
    )
    syl = packed & _COUNT_MASK
    result = Readability(
        words=n,
        sentences=n_sent,
        syllables_per_word=syl / n,
        words_per_sentence=n / n_sent,
        flesch=206.835 - 0.93 * (n / n_sent) - 77.0 * (syl / n),  # flesch_douma(), inlined
        rare_word_share=((packed >> _COUNT_BITS) & _COUNT_MASK) / n,
        clauses_per_sentence=((packed >> (3 * _COUNT_BITS)) & _COUNT_MASK) / n_sent,
        long_word_share=((packed >> (2 * _COUNT_BITS)) & _COUNT_MASK) / n,
        officialese=official,
        difficulty=d,
    )
    return result, d


#: ``math.log1p(k)`` for the text lengths up to :data:`LOG_WORDS_CAP`.
_LOG_WORDS = tuple(math.log1p(k) for k in range(LOG_WORDS_CAP + 1))


def dutch_features(
    text: str, lexicon: dict[str, float] | None = None
) -> tuple[Readability, dict[str, float]]:
    """Counts, Flesch-Douma and the model features (by name, in :data:`FEATURES` order, plus
    ``lexical``: the summed word weights of *lexicon*, by default the shipped model's, scaled
    by :data:`LEXICAL_WORDS`) of a
    Dutch text; no features without words. The slow, readable twin of :func:`_scan_nl`, used
    for fitting and explaining; ``difficulty`` stays unset."""
    sentences = _split(text)
    words = list(chain.from_iterable(sentences))
    if not words:
        return Readability(sentences=len(sentences)), {}
    n, n_sent = len(words), len(sentences)
    sums = dict(
        zip((*_WORD_FIELDS, "trigger"), map(sum, zip(*map(_word_nl, words), strict=True)), strict=True)
    )
    if sums["trigger"]:
        sums["officialese"] += len(_officialese()[1].findall(text.lower()))
    lower = _strip_links(text.lower())
    feats = {
        "words_per_sentence": n / n_sent,
        "max_sentence_words": float(max(map(len, sentences))),
        "log_words": math.log1p(min(n, LOG_WORDS_CAP)),
        "brackets_per_sentence": len(_ASIDES.findall(lower)) / n_sent,
        "percent_per_sentence": lower.count("%") / n_sent,
        "commas_per_sentence": lower.count(",") / n_sent,
    }
    feats.update({name: sums[field] / n for name, field in _PER_WORD.items()})
    feats.update({name: sums[field] / n_sent for name, field in _PER_SENTENCE.items()})
    out = {name: feats[name] for name in FEATURES}
    weights = load_model().lexicon if lexicon is None else lexicon
    lexical = float(sum(weights.get(w, 0.0) for w in words))
    out["lexical"] = lexical * LEXICAL_WORDS / max(n, LEXICAL_WORDS)
    result = Readability(
        words=n,
        sentences=n_sent,
        syllables_per_word=sums["syllables"] / n,
        words_per_sentence=n / n_sent,
        flesch=flesch_douma(n, n_sent, int(sums["syllables"])),
        rare_word_share=sums["rare"] / n,
        clauses_per_sentence=sums["clause"] / n_sent,
        long_word_share=sums["long"] / n,
        officialese=int(sums["officialese"]),
    )
    return result, out


def english(text: str) -> Readability:
    """Counts and Flesch reading ease of an English text."""
    sentences = _split(text)
    words = [w for s in sentences for w in s]
    if not words:
        return Readability(sentences=len(sentences))
    syllables = sum(_syllables_en(w) for w in words)
    long_words = sum(1 for w in words if len(w) >= LONG_WORD)
    return Readability(
        words=len(words),
        sentences=len(sentences),
        syllables_per_word=syllables / len(words),
        words_per_sentence=len(words) / len(sentences),
        flesch=flesch_reading_ease(len(words), len(sentences), syllables),
        long_word_share=long_words / len(words),
    )


@dataclass(frozen=True, slots=True)
class Model:
    """The shipped Dutch difficulty model (see :mod:`spiegel.text.calibrate`).

    ``difficulty = Σ weight · (feature − mean) / scale + Σ lexicon[word] · min(1, LEXICAL_WORDS /
    words)``; the ``c_*`` and ``*_terms`` fields are the same weights folded with the standardisation, for
    :func:`_scan_nl`.
    """

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    #: plain_score = sigmoid(platt_a · difficulty + platt_b)
    platt_a: float
    platt_b: float
    #: difficulty cut points between A2|B1, B1|B2 and B2|C1
    cuts: tuple[float, float, float]
    #: per-word difficulty learned from the pairs (added once per occurrence)
    lexicon: dict[str, float]
    meta: dict[str, Any]
    const: float = 0.0
    #: (coefficient, index into :func:`_word_nl`'s tuple) of the per-word and per-sentence features
    word_terms: tuple[tuple[float, int], ...] = ()
    sentence_terms: tuple[tuple[float, int], ...] = ()
    #: the same as one coefficient per :func:`_word_nl` value (zero where a term has none)
    word_vector: tuple[float, ...] = ()
    sentence_vector: tuple[float, ...] = ()
    officialese_coef: float = 0.0
    c_words_per_sentence: float = 0.0
    c_max_sentence_words: float = 0.0
    c_log_words: float = 0.0
    c_brackets: float = 0.0
    c_percent: float = 0.0
    c_commas: float = 0.0

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "readability_nl.json") -> Model:
        if tuple(data.get("features", ())) != FEATURES:
            raise ConfigError(
                "the readability model was fitted on other features than this version computes",
                path=source,
                field="features",
                fix="Refit it with `python -m spiegel.text.calibrate` (or reinstall spiegel).",
            )
        weights = [float(w) for w in data["weights"]]
        mean = [float(m) for m in data["mean"]]
        scale = [float(s) for s in data["scale"]]
        coef = {name: w / s for name, w, s in zip(FEATURES, weights, scale, strict=True)}
        index = {field: i for i, field in enumerate(_WORD_FIELDS)}
        return cls(
            features=FEATURES,
            mean=tuple(mean),
            scale=tuple(scale),
            weights=tuple(weights),
            platt_a=float(data["platt_a"]),
            platt_b=float(data["platt_b"]),
            cuts=(float(data["cuts"][0]), float(data["cuts"][1]), float(data["cuts"][2])),
            lexicon={str(k): float(v) for k, v in data.get("lexicon", {}).items()},
            meta=dict(data.get("meta", {})),
            const=-sum(w * m / s for w, m, s in zip(weights, mean, scale, strict=True)),
            word_terms=tuple((coef[name], index[field]) for name, field in _PER_WORD.items()),
            sentence_terms=tuple((coef[name], index[field]) for name, field in _PER_SENTENCE.items()),
            word_vector=_vector({index[field]: coef[name] for name, field in _PER_WORD.items()}),
            sentence_vector=_vector({index[field]: coef[name] for name, field in _PER_SENTENCE.items()}),
            officialese_coef=coef["officialese_per_word"],
            c_words_per_sentence=coef["words_per_sentence"],
            c_max_sentence_words=coef["max_sentence_words"],
            c_log_words=coef["log_words"],
            c_brackets=coef["brackets_per_sentence"],
            c_percent=coef["percent_per_sentence"],
            c_commas=coef["commas_per_sentence"],
        )

    def difficulty(self, features: dict[str, float]) -> float:
        """Linear difficulty of a text's features (``lexical``: see :func:`dutch_features`)."""
        return features.get("lexical", 0.0) + sum(
            w * (features[name] - m) / s
            for name, m, s, w in zip(self.features, self.mean, self.scale, self.weights, strict=True)
        )

    def plain_probability(self, difficulty: float) -> float:
        z = self.platt_a * difficulty + self.platt_b
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def level(self, difficulty: float) -> str:
        for cut, level in zip(self.cuts, LEVELS, strict=False):
            if difficulty < cut:
                return level
        return LEVELS[-1]


def _vector(coefs: dict[int, float]) -> tuple[float, ...]:
    return tuple(coefs.get(i, 0.0) for i in range(len(_WORD_FIELDS) + 1))


@lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped Dutch difficulty model (``data/readability_nl.json``)."""
    text = resources.files("spiegel.text").joinpath("data/readability_nl.json").read_text("utf-8")
    return Model.from_json(json.loads(text))


def clear_caches() -> None:
    """Forget the loaded model and the per-word caches (after the model file changed)."""
    load_model.cache_clear()
    _word_nl.cache_clear()
    _WORD_CACHE.clear()


@dataclass(slots=True)
class Assessment:
    """Readability of one text plus the plain-language verdict."""

    readability: Readability
    #: B1 or easier; None when the language has no readability model ("other", no words)
    plain: bool | None
    plain_score: float | None


#: English: Flesch reading ease from which a text counts as plain, and the level bands.
PLAIN_FLESCH_EN = 60.0
_LEVELS_EN = ((80.0, "A2"), (60.0, "B1"), (40.0, "B2"))


def assess(text: str, lang: str) -> Assessment:
    """Readability and plain-language verdict of *text* in *lang* (``"nl"``, ``"en"``, other)."""
    if lang == "nl":
        model = load_model()
        result, d = _scan_nl(text, model)
        if d is None:
            return Assessment(result, None, None)
        result.level = model.level(d)
        p = model.plain_probability(d)
        return Assessment(result, p >= 0.5, p)
    if lang == "en":
        result = english(text)
        if result.flesch is None:
            return Assessment(result, None, None)
        result.level = next((lvl for cut, lvl in _LEVELS_EN if result.flesch >= cut), "C1")
        score = min(max(result.flesch / 100.0, 0.0), 1.0)
        return Assessment(result, result.flesch >= PLAIN_FLESCH_EN, score)
    sentences = _split(text)
    return Assessment(Readability(words=sum(map(len, sentences)), sentences=len(sentences)), None, None)


def difficulty(text: str) -> float | None:
    """Difficulty of a Dutch text on the model's scale (higher is harder); None without words."""
    return _scan_nl(text)[1]


def pairwise_accuracy(pairs: list[tuple[str, str]]) -> float:
    """Share of (complex, simple) pairs where the simple text scores easier (lower difficulty).

    A tie counts as half; a pair whose side has no words counts as a miss. Raises ValueError on
    an empty list.
    """
    if not pairs:
        raise ValueError("pairwise_accuracy() needs at least one (complex, simple) pair")
    won = 0.0
    for complex_text, simple_text in pairs:
        dc, ds = difficulty(complex_text), difficulty(simple_text)
        if dc is None or ds is None:
            continue
        won += 1.0 if ds < dc else 0.5 if ds == dc else 0.0
    return won / len(pairs)


def evaluate_heldout() -> dict[str, Any]:
    """Pairwise accuracy of the shipped model on the held-out Amsterdam pairs (recomputed now).

    Returns ``{"task", "data", "split", "n_pairs", "pairwise_accuracy", "flesch_douma_accuracy",
    "plain_share_simple", "plain_share_complex", "target"}``. Raises
    :class:`spiegel.errors.InputError` when the data folder is missing.
    """
    from spiegel.text import calibrate

    return calibrate.evaluate_heldout()
