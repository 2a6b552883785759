"""Which words of a post drove a classifier's flag ("woorden die meewogen").

Every model is linear over the features of :mod:`.features`, so its raw score is a sum of
per-feature contributions ``x_j * w_j``; this module splits that sum over the words of the post:

* a hashed word unigram counts for its word, a bigram half for each of its two words;
* a word's hashed character n-grams count for that word (the post's character row is the sum of
  its words' rows, divided by one norm, so the split is exact);
* the insult pseudo-word counts for the lexicon insults of the post;
* a dense cue (question mark, insult near "je" …) counts under its own Dutch name.

:func:`top_cues` returns the few words (or cue names) with the largest positive contribution,
largest first. It is computed only for flagged posts (``spiegel classify``, report evidence), not
in the bulk pipeline.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction import FeatureHasher

from spiegel.text.classifiers import Classifiers, features, model_lang
from spiegel.text.classifiers import lexicons as lx

#: Dutch names of the dense cues, as shown to a reader
DENSE_NL = {
    "has_question_mark": "vraagteken",
    "ends_with_question": "eindigt met een vraag",
    "opens_with_question_word": "begint met een vraagwoord",
    "insult_count": "scheldwoord",
    "insult_near_address": "scheldwoord bij 'je'/'jij'",
    "swear_count": "vloekwoord",
    "positive_words": "positieve woorden",
    "negative_words": "negatieve woorden",
    "exclamations": "uitroeptekens",
    "urls": "link",
    "mentions": "vermelding (@)",
    "hashtags": "hashtags",
    "explain_markers": "uitlegwoorden (omdat, want …)",
    "we_words": "wij-vorm",
    "quoted_span": "citaat",
    "log_length": "lengte van het bericht",
    "clause_wh_opener": "zin begint met een vraagwoord",
    "clause_inversion": "vraagvorm (werkwoord vooraan)",
    "asking_phrase": "vraagzin ('weet iemand' …)",
    "request_form": "verzoek ('kunt u' …)",
    "tag_question": "vraagstaartje ('toch?')",
    "question_mark_inside": "vraagteken midden in de tekst",
    "question_mark_run": "'??' of '?!'",
    "question_in_quote": "vraag in een citaat",
    "question_marks": "vraagtekens",
    "segment_v1": "werkwoord vooraan",
    "segment_wh_opener": "vraagwoord vooraan",
}
_MASKED_NL = {"httpurl": "link", "user": "vermelding (@)"}
#: function words never shown as a cue (they carry weight only through their n-grams)
STOP = frozenset(
    [
        "de",
        "het",
        "een",
        "is",
        "en",
        "van",
        "in",
        "op",
        "te",
        "dat",
        "die",
        "er",
        "aan",
        "met",
        "voor",
        "zijn",
        "was",
        "om",
        "ook",
        "als",
        "bij",
        "of",
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "is",
        "in",
        "on",
        "for",
        "it",
        "be",
        "are",
        "was",
    ]
)
#: dense cues that are no wording of the post (never shown)
HIDDEN = frozenset(["log_length"])
#: dense cues whose weight belongs to the insult words of the post
INSULT_CUES = frozenset(["insult_count", "insult_near_address"])
_TOKEN = re.compile(r"(?u)\b\w+\b|[?!]")
_STRIP = re.compile(r"^\W+|\W+$", re.UNICODE)
_word_hasher = FeatureHasher(n_features=features.WORD_FEATURES, input_type="string", alternate_sign=False)
CHAR_OFFSET = features.WORD_FEATURES
DENSE_OFFSET = features.WORD_FEATURES + features.CHAR_FEATURES


#: the weight column of each model, by classifier object and row (copying a column out of the
#: weight matrix costs more than explaining a post, and a report explains up to 20 posts)
_COLUMNS: dict[tuple[int, int], tuple[object, np.ndarray]] = {}


def _column(clf: Classifiers, row: int) -> np.ndarray:
    key = (id(clf.weights), row)
    hit = _COLUMNS.get(key)
    if hit is None or hit[0] is not clf.weights:  # the object is kept, so its id is not reused
        hit = (clf.weights, np.asarray(clf.weights[:, row], dtype=np.float64))
        if len(_COLUMNS) > 64:
            _COLUMNS.clear()
        _COLUMNS[key] = hit
    return hit[1]


def contributions(
    clf: Classifiers, text: str, lang: str, signal: str, dense: np.ndarray | None = None
) -> dict[str, float]:
    """Contribution of every word (and dense cue, by its Dutch name) of *text* to the raw score
    of *signal*'s model for *lang*. *dense*: the post's dense feature row when the caller computed
    it already (:func:`dense_rows` does it for many posts in one call)."""
    row = clf.rows.index(f"{signal}:{model_lang(lang)}")
    w = _column(clf, row)
    norm = features.normalize(text or "", model_lang(lang))
    out: dict[str, float] = {}

    def add(word: str, value: float) -> None:
        if word == features.INSULT_TOKEN:
            insults = [t for t in _TOKEN.findall(norm) if t in lx.insult_lexicon()]
            for t in insults:
                out[t] = out.get(t, 0.0) + value / len(insults)
            return
        word = features.emoji_of(word) or _MASKED_NL.get(word, word)
        out[word] = out.get(word, 0.0) + value

    # word 1-2-grams
    tokens = _TOKEN.findall(norm)
    grams = tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
    if grams:
        hashed = _word_hasher.transform([[g] for g in grams])
        idx = hashed.indices
        counts: dict[int, int] = {}
        for j in idx:
            counts[int(j)] = counts.get(int(j), 0) + 1
        scale = float(np.sqrt(sum(c * c for c in counts.values())))
        for g, j in zip(grams, idx, strict=True):
            value = w[j] / scale
            parts = g.split(" ")
            for p in parts:
                if p not in ("?", "!"):
                    add(p, value / len(parts))
    # character n-grams, per whitespace-separated word
    words = norm.split()
    if words:
        # one hasher call for all words (a row per word), not one call per word
        m = features._char_hasher.transform([features._char_grams(word) for word in words]).tocsr()
        rows = [
            (m.indices[m.indptr[i] : m.indptr[i + 1]], m.data[m.indptr[i] : m.indptr[i + 1]])
            for i in range(len(words))
        ]
        total: dict[int, float] = {}
        for ids, vals in rows:
            for j, v in zip(ids, vals, strict=True):
                total[int(j)] = total.get(int(j), 0.0) + float(v)
        scale = float(np.sqrt(sum(v * v for v in total.values()))) or 1.0
        for word, (ids, vals) in zip(words, rows, strict=True):
            key = _STRIP.sub("", word) or word
            add(key, float(np.dot(vals, w[CHAR_OFFSET + ids])) / scale)
    # dense cues
    if dense is None:
        dense = dense_rows([text], [lang])[0]
    insults = [t for t in tokens if t in lx.INSULTS]
    for k, (name, value) in enumerate(zip(features.DENSE_NAMES, dense, strict=True)):
        if not value or name in HIDDEN:
            continue
        contribution = float(value * w[DENSE_OFFSET + k])
        if name in INSULT_CUES and insults:
            for t in insults:
                add(t, contribution / len(insults))
        else:
            add(DENSE_NL.get(name, name), contribution)
    return out


def dense_rows(texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
    """The dense cue columns of the features of *texts*, one row per text, in one call."""
    return np.asarray(features.featurize([t or "" for t in texts], list(langs))[:, DENSE_OFFSET:].toarray())


def top_cues(
    clf: Classifiers, text: str, lang: str, signal: str, k: int = 3, dense: np.ndarray | None = None
) -> list[str]:
    """Up to *k* words or cue names that pushed *signal* up most, largest first."""
    parts = contributions(clf, text, lang, signal, dense)
    ranked = sorted(
        ((v, name) for name, v in parts.items() if v > 0 and name.strip() and name not in STOP), reverse=True
    )
    return [name for _, name in ranked[:k]]


def cues_for(
    clf: Classifiers,
    texts: Sequence[str],
    langs: Sequence[str],
    signal: str,
    flags: Sequence[bool],
    k: int = 3,
) -> list[list[str]]:
    """:func:`top_cues` for each flagged text, ``[]`` for the others."""
    return [
        top_cues(clf, t, lang, signal, k) if f else [] for t, lang, f in zip(texts, langs, flags, strict=True)
    ]
