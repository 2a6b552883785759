"""Indicator ``addressed_reaction_latency``: median hours until the person's first reaction to a
message addressed to them.

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class AddressedReactionLatency(BehaviourIndicator):
    name = "addressed_reaction_latency"
    version = 1
    help = "Median hours until the person's first reaction to a message addressed to them."
    unit = "hours"
    direction = "lower"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "Reactietijd",
            "en": "Reaction time",
        },
        "method": {
            "nl": ("De mediaan van de tijd tussen een bericht aan jou en je eerste reactie erop, in uren."),
            "en": (
                "The median time between a message addressed to you and your first reaction to it, in hours."
            ),
        },
        "limits": {
            "nl": (
                "Berichten zonder reactie tellen hier niet mee (die staan bij de reactie-"
                "indicator). Weekenden en vakanties tellen mee als de organisatie geen "
                "kantooruren opgeeft."
            ),
            "en": (
                "Messages without a reaction are not counted here (see the reaction indicator). "
                "Weekends and holidays count unless the organisation sets office hours."
            ),
        },
        "advice": {
            "nl": (
                "Kijk op vaste momenten per dag even naar je meldingen, zodat niemand langer dan "
                "een werkdag wacht."
            ),
            "en": (
                "Check your notifications at set moments each day, so that nobody waits longer "
                "than a working day."
            ),
        },
    }
