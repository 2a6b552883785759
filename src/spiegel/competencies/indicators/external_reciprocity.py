"""Indicator ``external_reciprocity``: share of conversations with external stakeholders that are
two-way.

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class ExternalReciprocity(BehaviourIndicator):
    name = "external_reciprocity"
    version = 1
    help = "Share of conversations with external stakeholders that are two-way."
    unit = "share"
    direction = "higher"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "Wederkerigheid met externen",
            "en": "Reciprocity with outsiders",
        },
        "method": {
            "nl": (
                "Van je gesprekken met mensen buiten de organisatie, het deel waarin beide kanten"
                " iets zeiden."
            ),
            "en": (
                "Of your conversations with people outside the organisation, the share in which "
                "both sides spoke."
            ),
        },
        "limits": {
            "nl": (
                "Een gesprek telt alleen als de berichten van beide kanten zijn aangeleverd "
                "(eigen archief plus --inbound)."
            ),
            "en": (
                "A conversation only counts when both sides' messages were supplied (own archive "
                "plus --inbound)."
            ),
        },
        "advice": {
            "nl": ("Stel een wedervraag of reageer op antwoorden, zodat een bericht een gesprek wordt."),
            "en": ("Ask a question back or respond to answers, so that a post becomes a conversation."),
        },
    }
