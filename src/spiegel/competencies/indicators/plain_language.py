"""Indicator ``plain_language``: share of the person's posts written at B1 level or easier
(Dutch readability; Flesch reading ease for English). Norm: at least 80%."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import IndicatorContext
from spiegel.competencies.indicators._textbase import TextIndicator
from spiegel.evidence import Measure
from spiegel.records import Post
from spiegel.text.signals import TextSignals

#: posts shorter than this many words say little about readability and are skipped
MIN_WORDS = 5


class PlainLanguage(TextIndicator):
    name = "plain_language"
    version = 1
    help = "Share of own posts at B1 level or easier (Dutch readability, English Flesch); norm 80%."
    unit = "share"
    direction = "higher"
    min_evidence = 10
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {"nl": "Begrijpelijke taal", "en": "Plain language"},
        "method": {
            "nl": (
                f"Het deel van je Nederlandse en Engelse berichten van minstens {MIN_WORDS} woorden "
                "dat op taalniveau B1 of eenvoudiger geschreven is. Voor Nederlands wegen zinslengte, "
                "lettergrepen, woordfrequentie en ambtelijke woorden mee; voor Engels de Flesch-score."
            ),
            "en": (
                f"The share of your Dutch and English posts of at least {MIN_WORDS} words written at "
                "language level B1 or easier. For Dutch, sentence length, syllables, word frequency "
                "and officialese words count; for English, the Flesch score."
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

        def readable(post: Post, sig: TextSignals) -> bool:
            words = sig.readability.words or len(post.text.split())
            return sig.lang in ("nl", "en") and words >= MIN_WORDS

        return self.share_measure(
            self.posts_with_signals(ctx, readable),
            lambda _p, s: s.plain,
            "not_plain",
            empty_reason=f"no own Dutch or English posts of {MIN_WORDS} or more words",
            order=lambda ps: ps[1].plain_score,
        )
