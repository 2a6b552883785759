"""Indicator ``org_stream_engagement``: share of public posts about the organisation, within the
person's topics, that they engaged with.

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class OrgStreamEngagement(BehaviourIndicator):
    name = "org_stream_engagement"
    version = 1
    help = "Share of public posts about the organisation, within the person's topics, that they engaged with."
    unit = "share"
    direction = "higher"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "Betrokkenheid bij berichten over de organisatie",
            "en": "Engagement with posts about the organisation",
        },
        "method": {
            "nl": (
                "Van de publieke berichten over je organisatie die over jouw onderwerpen gaan, "
                "het deel waarop je reageerde, dat je deelde of leuk vond."
            ),
            "en": (
                "Of the public posts about your organisation on your topics, the share you "
                "replied to, shared or liked."
            ),
        },
        "limits": {
            "nl": (
                "Alleen de stroom die met --stream is aangeleverd telt mee. Lezen zonder te "
                "reageren is niet zichtbaar, ook al ben je dan wel op de hoogte."
            ),
            "en": (
                "Only the stream supplied with --stream counts. Reading without reacting is "
                "invisible, even though you are then aware."
            ),
        },
        "advice": {
            "nl": (
                "Volg de berichten over je organisatie met een zoekopdracht of lijst, en reageer "
                "waar je iets toe te voegen hebt."
            ),
            "en": (
                "Follow posts about your organisation with a saved search or list, and react "
                "where you have something to add."
            ),
        },
    }
