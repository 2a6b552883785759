"""Indicator ``dialogue``: share of posts that are replies in conversations with non-colleagues.

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class Dialogue(BehaviourIndicator):
    name = "dialogue"
    version = 1
    help = "Share of posts that are replies in conversations with non-colleagues."
    unit = "share"
    direction = "higher"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "In gesprek",
            "en": "In dialogue",
        },
        "method": {
            "nl": (
                "Het deel van je berichten dat een antwoord is in een gesprek met iemand buiten "
                "de organisatie; ook het aantal beurten per gesprek wordt getoond."
            ),
            "en": (
                "The share of your posts that are replies in a conversation with someone outside "
                "the organisation; the number of turns per conversation is shown too."
            ),
        },
        "limits": {
            "nl": (
                "Gesprekken in besloten berichten zijn niet zichtbaar; alleen openbare antwoorden tellen."
            ),
            "en": "Conversations in private messages are not visible; only public replies count.",
        },
        "advice": {
            "nl": (
                "Zend minder en antwoord meer: reageer op vragen en opmerkingen onder je eigen berichten."
            ),
            "en": ("Broadcast less and reply more: respond to questions and remarks under your own posts."),
        },
    }
