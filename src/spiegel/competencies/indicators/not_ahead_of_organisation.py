"""Indicator ``not_ahead_of_organisation``: number of posts on organisation or sensitive topics
published before the organisation's own first statement.

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class NotAheadOfOrganisation(BehaviourIndicator):
    name = "not_ahead_of_organisation"
    version = 2
    help = (
        "Number of posts on organisation or sensitive topics published before the "
        "organisation's own first statement."
    )
    unit = "count"
    direction = "lower"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "Niet vooruitlopen op de organisatie",
            "en": "Not ahead of the organisation",
        },
        "method": {
            "nl": (
                "Het aantal berichten over organisatie- of gevoelige onderwerpen dat je plaatste "
                "voordat de organisatie er zelf iets over zei."
            ),
            "en": (
                "The number of posts on organisation or sensitive topics you published before the"
                " organisation itself said anything about them."
            ),
        },
        "limits": {
            "nl": (
                "Werkt alleen als de officiële accounts in org.yaml staan en hun berichten in de "
                "stroom zitten. Een vroeg bericht kan terecht zijn, bijvoorbeeld als je "
                "woordvoerder was."
            ),
            "en": (
                "Works only when the official accounts are in org.yaml and their posts are in the"
                " stream. An early post can be justified, for example when you acted as "
                "spokesperson."
            ),
        },
        "advice": {
            "nl": (
                "Wacht bij gevoelige onderwerpen tot de organisatie zelf naar buiten is gekomen, "
                "of stem af met de woordvoering."
            ),
            "en": (
                "On sensitive topics, wait until the organisation has spoken publicly, or check "
                "with the press office first."
            ),
        },
    }
