"""Indicator ``concise_explanations``: share of the person's own explanations that meet the seed's
one norm: in at most 140 words **and** understandable for everyone (B1). The share within 140
words, the share at B1 and the shares within 140 and 280 characters are reported beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from spiegel.competencies.base import IndicatorContext
from spiegel.competencies.indicators._textbase import TextIndicator, explanation_record, explanations
from spiegel.evidence import Measure
from spiegel.records import Post
from spiegel.text.signals import TextSignals

MAX_WORDS = 140


class ConciseExplanations(TextIndicator):
    name = "concise_explanations"
    version = 3
    needs_classifiers = True
    help = "Share of own explanations in at most 140 words and at B1 (length and level shown as detail)."
    unit = "share"
    direction = "higher"
    min_evidence = 5
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {"nl": "Korte, begrijpelijke uitleg", "en": "Short, understandable explanations"},
        "method": {
            "nl": (
                "Van je eigen uitleg (antwoorden op vragen, en berichten die iets "
                f"uitleggen; sjablonen en linkberichten niet), het deel dat aan de ene norm voldoet: "
                f"in hoogstens {MAX_WORDS} woorden én begrijpelijk voor iedereen (B1). Daarnaast "
                "staan het deel binnen 140 woorden, het deel op B1 en het deel binnen 140 en 280 tekens."
            ),
            "en": (
                "Of your own explanations (answers to questions, and posts that "
                "explain something; templates and link posts left out), the share that meets the one "
                f"norm: in at most {MAX_WORDS} words and understandable for everyone (B1). The share "
                "within 140 words, the share at B1 and the shares within 140 and 280 characters are "
                "shown as well."
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
        items = explanations(ctx)
        n = len(items)

        def share(test: Callable[[Post, TextSignals], bool]) -> float | None:
            return round(sum(test(p, s) for p, s in items) / n, 4) if n else None

        details: dict[str, Any] = {
            "share_140_words": share(lambda p, _s: short(p)),
            "share_plain": share(lambda _p, s: s.plain),
            "share_140_chars": share(lambda p, _s: len(p.text) <= 140),
            "share_280_chars": share(lambda p, _s: len(p.text) <= 280),
        }
        return self.share_measure(
            items,
            lambda p, s: short(p) and s.plain,
            "explanation_misses_norm",
            empty_code="no_explanations",
            empty_reason="no explanations among the own posts (answers to questions or explanatory posts)",
            order=lambda ps: float(ps[1].plain) * 1e6 - len(ps[0].text),
            classifier_record=explanation_record(ctx, lambda p, s: short(p) and s.plain),
            **details,
        )


def short(post: Post) -> bool:
    """At most :data:`MAX_WORDS` words."""
    return len(post.text.split()) <= MAX_WORDS
