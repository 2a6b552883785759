"""Indicator ``goal_alignment``: share of posts on organisation goal topics that drew engagement
from outside.

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class GoalAlignment(BehaviourIndicator):
    name = "goal_alignment"
    version = 1
    help = "Share of posts on organisation goal topics that drew engagement from outside."
    unit = "share"
    direction = "higher"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "Aansluiting bij organisatiedoelen",
            "en": "Alignment with organisation goals",
        },
        "method": {
            "nl": (
                "Van je berichten over de doelen van de organisatie (onderwerpen uit org.yaml), "
                "het deel dat reacties, likes of shares van externen kreeg."
            ),
            "en": (
                "Of your posts on the organisation's goal topics (from org.yaml), the share that "
                "drew replies, likes or shares from outsiders."
            ),
        },
        "limits": {
            "nl": (
                "Onderwerpen worden herkend aan trefwoorden uit org.yaml. Reacties van buiten "
                "zijn alleen zichtbaar als ze zijn aangeleverd."
            ),
            "en": (
                "Topics are recognised by keywords from org.yaml. Outside reactions are only "
                "visible when they were supplied."
            ),
        },
        "advice": {
            "nl": (
                "Verbind je berichten over organisatiedoelen met de mensen die het raakt, en "
                "nodig hen uit te reageren."
            ),
            "en": (
                "Link your posts on organisation goals to the people they affect, and invite them to respond."
            ),
        },
    }
