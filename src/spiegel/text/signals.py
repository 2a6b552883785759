"""The per-post text signals: the interface between ``spiegel.text`` and its users.

``spiegel.text.analyze(posts)`` returns one :class:`TextSignals` per post. Scores are
probabilities-like numbers in [0, 1]; the boolean is the score against the shipped threshold.
``tone`` is a label of the post's wording (negative/neutral/positive), never a judgement about
the person who wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Tone = Literal["negative", "neutral", "positive"]


@dataclass(slots=True)
class Readability:
    words: int = 0
    sentences: int = 0
    syllables_per_word: float = 0.0
    words_per_sentence: float = 0.0
    #: Flesch-Douma (Dutch) or Flesch reading ease (English); None for other languages / no words
    flesch: float | None = None
    #: estimated CEFR-like level of the wording: "A2", "B1", "B2", "C1" (None if unknown)
    level: str | None = None
    #: share of words outside the most frequent words of the language
    rare_word_share: float = 0.0
    #: subordinate-clause markers (conjunctions, relative pronouns) per sentence (Dutch)
    clauses_per_sentence: float = 0.0
    #: share of words of 13 letters or more
    long_word_share: float = 0.0
    #: number of officialese words/phrases ("ambtelijke taal", Dutch)
    officialese: int = 0
    #: the Dutch difficulty model's score (higher is harder); None for other languages
    difficulty: float | None = None


@dataclass(slots=True)
class TextSignals:
    id: str
    lang: str  # "nl", "en" or "other"
    question: bool = False
    question_score: float = 0.0
    complaint: bool = False
    complaint_score: float = 0.0
    hostile: bool = False
    hostile_score: float = 0.0
    explanation: bool = False
    explanation_score: float = 0.0
    template: bool = False
    template_score: float = 0.0
    #: plain language: B1 or easier
    plain: bool = True
    plain_score: float = 1.0
    tone: Tone = "neutral"
    tone_score: float = 0.0
    #: first person, own words (for the personal_voice indicator)
    personal: bool = False
    readability: Readability = field(default_factory=Readability)
