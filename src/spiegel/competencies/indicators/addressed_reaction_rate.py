"""Indicator ``addressed_reaction_rate``: share of messages addressed to the person that they
reacted to (reply, like, boost, quote).

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class AddressedReactionRate(BehaviourIndicator):
    name = "addressed_reaction_rate"
    version = 1
    help = "Share of messages addressed to the person that they reacted to (reply, like, boost, quote)."
    unit = "share"
    direction = "higher"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "Reactie op berichten aan jou",
            "en": "Reaction to messages addressed to you",
        },
        "method": {
            "nl": (
                "Van alle berichten die aan jou gericht waren (vermeldingen en antwoorden), het "
                "deel waarop je reageerde met een antwoord, like, boost of citaat."
            ),
            "en": (
                "Of all messages addressed to you (mentions and replies), the share you reacted "
                "to with a reply, like, boost or quote."
            ),
        },
        "limits": {
            "nl": (
                "Alleen berichten die met --inbound zijn aangeleverd tellen mee. Een reactie via "
                "een ander kanaal (telefoon, mail) is niet zichtbaar."
            ),
            "en": (
                "Only messages supplied with --inbound count. A reaction through another channel "
                "(phone, e-mail) is not visible."
            ),
        },
        "advice": {
            "nl": (
                "Loop de onbeantwoorde berichten hieronder na. Een korte bevestiging of een like "
                "laat al zien dat je het gelezen hebt."
            ),
            "en": (
                "Go through the unanswered messages below. A short acknowledgement or a like "
                "already shows that you have read it."
            ),
        },
    }
