"""Indicator ``concise_explanations``: share of the person's explanatory replies of at most 140
words. The shares within 140 and 280 characters are reported beside it."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import IndicatorContext
from spiegel.competencies.indicators._textbase import TextIndicator
from spiegel.evidence import Measure

MAX_WORDS = 140


class ConciseExplanations(TextIndicator):
    name = "concise_explanations"
    version = 1
    needs_classifiers = True
    help = "Share of explanatory replies of at most 140 words (with the <=140 and <=280 character shares)."
    unit = "share"
    direction = "higher"
    min_evidence = 5
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {"nl": "Korte uitleg", "en": "Concise explanations"},
        "method": {
            "nl": (
                f"Van je antwoorden waarin je iets uitlegt, het deel van hoogstens {MAX_WORDS} woorden. "
                "Daarnaast staat welk deel binnen 140 en binnen 280 tekens blijft."
            ),
            "en": (
                f"Of your replies that explain something, the share of at most {MAX_WORDS} words. "
                "The shares within 140 and within 280 characters are shown as well."
            ),
        },
        "limits": {
            "nl": (
                "Of een antwoord uitleg geeft, bepaalt een tekstmodel. Een draadje van meerdere "
                "korte berichten telt als losse berichten."
            ),
            "en": (
                "Whether a reply explains something is decided by a text model. A thread of several "
                "short posts counts as separate posts."
            ),
        },
        "advice": {
            "nl": (
                "Begin met de kern in één zin en verwijs voor details naar een pagina. Schrap "
                "alles wat de vrager niet nodig heeft om verder te kunnen."
            ),
            "en": (
                "Start with the core in one sentence and link to a page for details. Cut whatever "
                "the asker does not need to move on."
            ),
        },
    }

    def measure(self, ctx: IndicatorContext) -> Measure:
        missing = self.no_text(ctx)
        if missing is not None:
            return missing
        items = self.posts_with_signals(ctx, lambda p, s: p.is_reply and s.explanation)
        n = len(items)
        details = {
            "share_140_chars": round(sum(len(p.text) <= 140 for p, _ in items) / n, 4) if n else None,
            "share_280_chars": round(sum(len(p.text) <= 280 for p, _ in items) / n, 4) if n else None,
        }
        return self.share_measure(
            items,
            lambda p, _s: len(p.text.split()) <= MAX_WORDS,
            "long_explanation",
            empty_code="no_explanations",
            empty_reason="no explanatory replies among the own posts",
            order=lambda ps: -len(ps[0].text),
            **details,
        )
