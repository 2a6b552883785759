"""Indicator ``restraint``: share of the person's own posts free of hostility (insults, personal
attacks, derision). The flagged posts are the evidence."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import IndicatorContext
from spiegel.competencies.indicators._textbase import TextIndicator, attach_cues
from spiegel.evidence import Measure


class Restraint(TextIndicator):
    name = "restraint"
    version = 2
    needs_classifiers = True
    help = "Share of own posts free of hostility or mud-slinging; flagged posts are evidence."
    unit = "share"
    direction = "higher"
    min_evidence = 10
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {"nl": "Zakelijk blijven", "en": "Restraint"},
        "method": {
            "nl": (
                "Het deel van je eigen berichten zonder vijandige toon: geen beledigingen, "
                "persoonlijke aanvallen of spot. Een tekstmodel markeert zulke berichten."
            ),
            "en": (
                "The share of your own posts without a hostile tone: no insults, personal "
                "attacks or derision. A text model flags such posts."
            ),
        },
        "limits": {
            "nl": (
                "Het model beoordeelt de woorden van één bericht, niet de context van het gesprek. "
                "Ironie en citaten van anderen kunnen ten onrechte gemarkeerd worden: bespreek de "
                "voorbeelden."
            ),
            "en": (
                "The model judges the words of a single post, not the context of the thread. Irony "
                "and quotes of others can be flagged wrongly: discuss the examples."
            ),
        },
        "advice": {
            "nl": (
                "Lees de gemarkeerde berichten terug. Reageer op de zaak en niet op de persoon, en "
                "laat een scherpe reactie even liggen voor je hem plaatst."
            ),
            "en": (
                "Reread the flagged posts. Respond to the issue rather than the person, and let a "
                "sharp reply rest for a while before you post it."
            ),
        },
    }

    def measure(self, ctx: IndicatorContext) -> Measure:
        missing = self.no_text(ctx)
        if missing is not None:
            return missing
        measure = self.share_measure(
            self.posts_with_signals(ctx),
            lambda _p, s: not s.hostile,
            "hostile",
            order=lambda ps: -ps[1].hostile_score,
            flag="hostile",
        )
        return attach_cues(measure, ctx, "hostile")
