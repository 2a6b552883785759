"""Indicator ``plain_language``: share of the person's own human-written explanations written at
B1 level or easier (Dutch readability; Flesch reading ease for English), templates and link
broadcasts left out. Norm: at least 80%."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import IndicatorContext
from spiegel.competencies.indicators._textbase import (
    MIN_WORDS,
    TextIndicator,
    explanation_record,
    explanations,
)
from spiegel.evidence import Measure


class PlainLanguage(TextIndicator):
    name = "plain_language"
    version = 3
    help = (
        "Share of own human-written explanations at B1 or easier (Dutch readability, English "
        "Flesch); norm 80%."
    )
    unit = "share"
    direction = "higher"
    min_evidence = 5
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {"nl": "Begrijpelijke taal", "en": "Plain language"},
        "method": {
            "nl": (
                f"Het deel van je eigen uitleg (antwoorden op vragen, en berichten die iets "
                f"uitleggen, van minstens {MIN_WORDS} woorden; sjablonen en linkberichten niet) "
                "dat op taalniveau B1 of eenvoudiger geschreven is. Voor Nederlands wegen zinslengte, "
                "lettergrepen, woordfrequentie en ambtelijke woorden mee; voor Engels de Flesch-score."
            ),
            "en": (
                "The share of your own explanations (answers to questions, and posts "
                f"that explain something, of at least {MIN_WORDS} words; templates and link posts left "
                "out) written at language level B1 or easier. For Dutch, sentence length, syllables, "
                "word frequency and officialese words count; for English, the Flesch score."
            ),
        },
        "limits": {
            "nl": (
                "Een leesbaarheidsformule ziet geen opbouw of beeldspraak, en korte berichten geven "
                "weinig houvast. Vaktermen die je publiek kent, kunnen het niveau te hoog laten lijken."
            ),
            "en": (
                "A readability formula does not see structure or imagery, and short posts give "
                "little to go on. Technical terms your audience knows can make the level look too high."
            ),
        },
        "advice": {
            "nl": (
                "Schrijf korte zinnen met gewone woorden. Vervang ambtelijke termen door wat je "
                "tegen een buurman zou zeggen, en lees het bericht hardop voor je het plaatst."
            ),
            "en": (
                "Write short sentences with everyday words. Replace official jargon with what you "
                "would say to a neighbour, and read the post aloud before you publish it."
            ),
        },
    }

    def measure(self, ctx: IndicatorContext) -> Measure:
        missing = self.no_text(ctx)
        if missing is not None:
            return missing
        return self.share_measure(
            explanations(ctx),
            lambda _p, s: s.plain,
            "not_plain",
            empty_code="no_explanations",
            empty_reason=f"no own explanations of {MIN_WORDS} or more words (answers or explanatory posts)",
            order=lambda ps: ps[1].plain_score,
            classifier_record=explanation_record(ctx, lambda _p, s: s.plain),
        )
