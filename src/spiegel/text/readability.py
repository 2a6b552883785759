"""Readability and plain language (B1) of a post.

Dutch
    Sentences, words and syllables (``pyphen`` ``nl_NL``) give the Flesch-Douma score
    ``206.835 − 0.93 · words/sentence − 77 · syllables/word``. A B1 estimate in the spirit of
    LiNT-II adds word frequency (``wordfreq`` Zipf values: share of rare words, mean
    frequency), clause density (subordinating conjunctions and relative pronouns per sentence),
    long words, officialese ("ambtelijke") words from :file:`data/officialese_nl.json`, passive
    auxiliaries and direct address. A linear *difficulty* over these features is fitted on the
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

Syllable counts and word frequencies are cached per word (LRU), so a realistic vocabulary
stays fast after the first few thousand posts.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain
from typing import Any

import pyphen
import wordfreq

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

#: Features of the Dutch difficulty model, in the order of the weight vector.
FEATURES: tuple[str, ...] = (
    "words_per_sentence",
    "syllables_per_word",
    "rare_word_share",
    "mean_zipf",
    "long_word_share",
    "clauses_per_sentence",
    "officialese_per_word",
    "passive_per_sentence",
    "address_share",
    "max_sentence_words",
)

#: Zipf value below which a word counts as rare (about one in a million words).
RARE_ZIPF = 3.0
#: Letters from which a word counts as long (Dutch compounds).
LONG_WORD = 13
#: Levels, easiest first; the model's cut points sit between them.
LEVELS = ("A2", "B1", "B2", "C1")

_NOT_WORDS = re.compile(r"https?://\S+|www\.\S+|(?<![\w@])[@#][\w.@-]*\w", re.UNICODE)
_WORD = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # abbreviations such as o.a., d.w.z.: one word
    r"|[^\W\d_]+(?:['’-][^\W\d_]+)*"  # words, with inner hyphen/apostrophe
    r"|\d+(?:[.,]\d+)*",  # numbers: words of one syllable
    re.UNICODE,
)
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
#: A word with one vowel group has one syllable: no hyphenation needed.
_VOWEL_GROUPS_NL = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+")
#: Sentence ends: . ! ? … ; : and line breaks; a full stop after an abbreviation or a single
#: letter other than 'u' (o.a., J. Jansen) and any mark followed by a digit (12:30, 3.5) end nothing.
_SENTENCE_END = re.compile(
    r"(?:[!?…;:]+|(?=\.)"
    + "".join(rf"(?<!\b{a})" for a in sorted(_ABBREVIATIONS))
    + r"(?<!\b[^\W\d_u])\.+)(?!\d)|\n",
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
_ADDRESS_NL = frozenset(["u", "uw", "je", "jij", "jou", "jouw", "jullie", "we", "wij", "ons", "onze"])


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


#: What :func:`_word_nl` returns per word, in this order (all summed per text).
_WORD_FIELDS = (
    "syllables",
    "zipf",
    "rare",
    "long",
    "clause",
    "officialese",
    "passive",
    "address",
    "lexical",
    "trigger",
)


@lru_cache(maxsize=200_000)
def _word_nl(word: str) -> tuple[int, float, int, int, int, int, int, int, float, int]:
    """Per lower-case Dutch word (cached): syllables, Zipf frequency, and 0/1 marks for rare,
    long, clause marker, officialese, passive auxiliary, direct address, then its lexical
    weight and whether it may start an officialese phrase (see :data:`_WORD_FIELDS`)."""
    if word[0].isdigit():
        return 1, 5.0, 0, 0, 0, 0, 0, 0, 0.0, 0
    words, _, triggers = _officialese()
    freq = _frequencies().get(word)
    zipf = round(math.log10(freq) + 9.0, 2) if freq else wordfreq.zipf_frequency(word, "nl")
    return (
        len(_hyphenator().positions(word)) + 1 if len(_VOWEL_GROUPS_NL.findall(word)) > 1 else 1,
        zipf,
        int(zipf < RARE_ZIPF),
        int(len(word) >= LONG_WORD),
        int(word in _CLAUSE_NL),
        int(word in words),
        int(word in _PASSIVE_NL),
        int(word in _ADDRESS_NL),
        load_model().lexicon.get(word, 0.0),
        int(word in triggers),
    )


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


def _split(text: str) -> list[list[str]]:
    """Sentences as lists of lower-case words (links, mentions, hashtags and punctuation removed)."""
    cleaned = text.lower()
    if "@" in cleaned or "#" in cleaned or "http" in cleaned or "www." in cleaned:
        cleaned = _NOT_WORDS.sub(" ", cleaned)
    return [words for part in _SENTENCE_END.split(cleaned) if (words := _WORD.findall(part))]


def _scan_nl(text: str) -> tuple[Readability, tuple[float, ...]]:
    """Counts, Flesch-Douma and the model's feature values (in :data:`FEATURES` order, then the
    lexical sum) of a Dutch text; no values without words."""
    sentences = _split(text)
    n_sent = len(sentences)
    infos = list(map(_word_nl, chain.from_iterable(sentences)))
    n = len(infos)
    if n == 0:
        return Readability(sentences=n_sent), ()
    sums = map(sum, zip(*infos, strict=True))
    syl, zipf, rare, long_, clause, official, passive, address, lexical, trigger = sums
    if trigger:
        official += len(_officialese()[1].findall(text.lower()))
    result = Readability(
        words=n,
        sentences=n_sent,
        syllables_per_word=syl / n,
        words_per_sentence=n / n_sent,
        flesch=flesch_douma(n, n_sent, int(syl)),
        rare_word_share=rare / n,
        clauses_per_sentence=clause / n_sent,
        long_word_share=long_ / n,
        officialese=int(official),
    )
    values = (
        n / n_sent,
        syl / n,
        rare / n,
        zipf / n,
        long_ / n,
        clause / n_sent,
        official / n,
        passive / n_sent,
        address / n,
        float(max(map(len, sentences))),
        lexical,
    )
    return result, values


def dutch_features(text: str) -> tuple[Readability, dict[str, float]]:
    """Counts, Flesch-Douma and the model features (by name, plus ``lexical``) of a Dutch text."""
    result, values = _scan_nl(text)
    return result, dict(zip((*FEATURES, "lexical"), values, strict=True)) if values else {}


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
    """The shipped Dutch difficulty model (see :mod:`spiegel.text.calibrate`)."""

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
    #: weights folded with the standardisation: difficulty = const + Σ coef·value + lexical
    coef: tuple[float, ...]
    const: float
    meta: dict[str, Any]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        return cls(
            features=tuple(data["features"]),
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            weights=tuple(data["weights"]),
            platt_a=float(data["platt_a"]),
            platt_b=float(data["platt_b"]),
            cuts=(float(data["cuts"][0]), float(data["cuts"][1]), float(data["cuts"][2])),
            lexicon={str(k): float(v) for k, v in data.get("lexicon", {}).items()},
            coef=tuple(w / sc for w, sc in zip(data["weights"], data["scale"], strict=True)),
            const=-sum(
                w * m / sc for w, m, sc in zip(data["weights"], data["mean"], data["scale"], strict=True)
            ),
            meta=dict(data.get("meta", {})),
        )

    def difficulty(self, features: dict[str, float]) -> float:
        """Linear difficulty of a text's features (``lexical`` is the summed word weights)."""
        return features.get("lexical", 0.0) + sum(
            w * (features[name] - m) / s
            for name, m, s, w in zip(self.features, self.mean, self.scale, self.weights, strict=True)
        )

    def difficulty_of(self, values: tuple[float, ...]) -> float:
        """Difficulty from :func:`_scan_nl` values (the fast path of :meth:`difficulty`)."""
        total = self.const + values[-1]
        for c, v in zip(self.coef, values, strict=False):
            total += c * v
        return total

    def plain_probability(self, difficulty: float) -> float:
        z = self.platt_a * difficulty + self.platt_b
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def level(self, difficulty: float) -> str:
        for cut, level in zip(self.cuts, LEVELS, strict=False):
            if difficulty < cut:
                return level
        return LEVELS[-1]


@lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped Dutch difficulty model (``data/readability_nl.json``)."""
    text = resources.files("spiegel.text").joinpath("data/readability_nl.json").read_text("utf-8")
    return Model.from_json(json.loads(text))


def clear_caches() -> None:
    """Forget the loaded model and the per-word cache (after the model file changed)."""
    load_model.cache_clear()
    _word_nl.cache_clear()


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
        result, values = _scan_nl(text)
        if not values:
            return Assessment(result, None, None)
        model = load_model()
        d = model.difficulty_of(values)
        result.difficulty = d
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
    _, values = _scan_nl(text)
    return load_model().difficulty_of(values) if values else None


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
