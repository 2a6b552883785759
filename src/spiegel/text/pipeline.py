"""The per-post text pipeline: language, readability/plain language, personal voice and the
trained classifiers, in batches.

:func:`analyze` takes records, :func:`analyze_texts` plain strings; :func:`iter_analyze` streams
(flat memory for long inputs). Every text gets a result: empty, emoji-only, huge and
badly encoded texts (lone surrogates) included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any, Protocol

import numpy as np

from spiegel.records import Post
from spiegel.text import lang as lang_mod
from spiegel.text import readability, voice
from spiegel.text.signals import TextSignals

__all__ = [
    "BATCH_SIZE",
    "CLASSIFIER_SIGNALS",
    "Classifiers",
    "analyze",
    "analyze_texts",
    "classifiers_available",
    "iter_analyze",
]

BATCH_SIZE = 512
#: Signals that come from :mod:`spiegel.text.classifiers` (score + flag each), plus ``tone``.
CLASSIFIER_SIGNALS = ("question", "complaint", "hostile", "explanation", "template")
#: Characters of a text that language detection looks at (the start of a huge post suffices).
DETECT_CHARS = 2_000

_SURROGATE = re.compile("[\ud800-\udfff]")


class Classifiers(Protocol):
    def predict(self, texts: list[str], langs: list[str]) -> dict[str, Any]: ...


@dataclass(slots=True)
class _Item:
    id: str
    text: str
    lang_tag: str | None = None
    platform: str | None = None
    is_boost: bool = False


def sanitize(text: str | None) -> str:
    """*text* as valid Unicode: ``None`` becomes ``""``, lone surrogates become U+FFFD."""
    if not text:
        return ""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


@lru_cache(maxsize=1)
def _load_classifiers() -> Classifiers | None:
    try:
        from spiegel.text.classifiers import load
    except ModuleNotFoundError as exc:
        if exc.name == "spiegel.text.classifiers":
            return None
        raise
    loaded: Classifiers = load()
    return loaded


@lru_cache(maxsize=1)
def _load_combined() -> Classifiers:
    from spiegel.text.embed import combined

    loaded: Classifiers = combined()
    return loaded


def classifiers_available() -> bool:
    """Whether the trained classifiers (question, complaint, …) are installed."""
    return _load_classifiers() is not None


def _apply_classifiers(results: list[TextSignals], texts: list[str], clf: Classifiers) -> None:
    out = clf.predict(texts, [r.lang for r in results])
    for name in CLASSIFIER_SIGNALS:
        scores = out.get(name)
        flags = out.get(f"{name}_flag")
        if scores is None or flags is None:
            continue
        # tolist(): plain Python floats and bools in one call, not one conversion per value
        score_attr = f"{name}_score"
        for r, score, flag in zip(
            results,
            np.asarray(scores, dtype=np.float64).tolist(),
            np.asarray(flags, dtype=bool).tolist(),
            strict=True,
        ):
            setattr(r, score_attr, score)
            setattr(r, name, flag)
    tones, tone_scores = out.get("tone"), out.get("tone_score")
    if tones is not None and tone_scores is not None:
        tone_list = np.asarray(tones).tolist()
        score_list = np.asarray(tone_scores, dtype=np.float64).tolist()
        for r, tone, score in zip(results, tone_list, score_list, strict=True):
            r.tone = str(tone)  # type: ignore[assignment]
            r.tone_score = score


def _analyze_batch(items: Sequence[_Item], clf: Classifiers | None) -> list[TextSignals]:
    texts = [sanitize(item.text) for item in items]
    results: list[TextSignals] = []
    for item, text in zip(items, texts, strict=True):
        code = lang_mod.detect(text[:DETECT_CHARS], item.lang_tag, item.platform)
        assessment = readability.assess(text, code)
        signals = TextSignals(id=item.id, lang=code, readability=assessment.readability)
        if assessment.plain is not None and assessment.plain_score is not None:
            signals.plain = assessment.plain
            signals.plain_score = assessment.plain_score
        signals.personal = voice.is_personal(text, is_boost=item.is_boost)
        results.append(signals)
    if clf is not None and results:
        _apply_classifiers(results, texts, clf)
    return results


def _batched(items: Iterable[_Item], size: int) -> Iterator[list[_Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _resolve(classifiers: bool | Classifiers, embeddings: bool = False) -> Classifiers | None:
    if embeddings:
        if classifiers is not True:
            raise ValueError("embeddings=True adds to the shipped classifiers: leave classifiers=True")
        return _load_combined()
    if classifiers is True:
        return _load_classifiers()
    if classifiers is False:
        return None
    return classifiers


def iter_analyze(
    posts: Iterable[Post],
    *,
    batch_size: int = BATCH_SIZE,
    classifiers: bool | Classifiers = True,
    embeddings: bool = False,
) -> Iterator[TextSignals]:
    """Stream one :class:`TextSignals` per post, in input order.

    *classifiers*: ``True`` uses the shipped models (:mod:`spiegel.text.classifiers`),
    ``False`` skips them (their fields keep their defaults: the fast readability-only path),
    or pass an object with the same ``predict(texts, langs)`` method. *embeddings*: add the
    sentence-embedding heads (:mod:`spiegel.text.embed`; slower, needs the ``[embed]`` extra,
    else :class:`spiegel.text.embed.EmbeddingsUnavailable`).
    """
    clf = _resolve(classifiers, embeddings)
    items = (_Item(p.id, p.text, p.lang, p.platform, p.is_boost) for p in posts)
    for batch in _batched(items, batch_size):
        yield from _analyze_batch(batch, clf)


def analyze(
    posts: Iterable[Post],
    *,
    batch_size: int = BATCH_SIZE,
    classifiers: bool | Classifiers = True,
    embeddings: bool = False,
) -> list[TextSignals]:
    """One :class:`TextSignals` per post (see :func:`iter_analyze`)."""
    return list(iter_analyze(posts, batch_size=batch_size, classifiers=classifiers, embeddings=embeddings))


def analyze_texts(
    texts: Sequence[str],
    langs: Sequence[str | None] | None = None,
    *,
    ids: Sequence[str] | None = None,
    batch_size: int = BATCH_SIZE,
    classifiers: bool | Classifiers = True,
    embeddings: bool = False,
) -> list[TextSignals]:
    """:func:`analyze` for plain strings. *langs* are optional language tags (used like a
    client-set platform tag: a fallback for short texts); *ids* default to "0", "1", …"""
    n = len(texts)
    if langs is not None and len(langs) != n:
        raise ValueError(f"analyze_texts(): {n} texts but {len(langs)} langs")
    if ids is not None and len(ids) != n:
        raise ValueError(f"analyze_texts(): {n} texts but {len(ids)} ids")
    clf = _resolve(classifiers, embeddings)
    items = [
        _Item(ids[i] if ids is not None else str(i), texts[i], langs[i] if langs is not None else None)
        for i in range(n)
    ]
    out: list[TextSignals] = []
    for batch in _batched(items, batch_size):
        out.extend(_analyze_batch(batch, clf))
    return out
