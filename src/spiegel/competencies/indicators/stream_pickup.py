"""Indicator ``stream_pickup``: the listening a person can own. Of the public posts by outsiders on
the person's own topics or addressed to their team, those nobody else in the team picked up, the
share the person answered (themselves or by bringing in a colleague who answered).

Computed by the behaviour stage (``spiegel.behaviour.topics.stream_pickup``); this module only
registers it with its report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class StreamPickup(BehaviourIndicator):
    name = "stream_pickup"
    version = 2
    help = (
        "Of the outsiders' public posts on the person's topics or addressed to their team that "
        "nobody else in the team picked up, the share the person answered (hand-offs count)."
    )
    unit = "share"
    direction = "higher"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "Oppakken wat er over jouw onderwerpen gezegd wordt",
            "en": "Picking up what is said on your topics",
        },
        "method": {
            "nl": (
                "Van de publieke berichten van buitenstaanders over jouw onderwerpen (de "
                "onderwerpen uit org.yaml waarover je zelf schrijft) of gericht aan je team, en "
                "die niemand anders uit je team of een officieel account al oppakte: het deel "
                "waarop jij in het gesprek antwoordde, zelf of door een collega erbij te halen "
                "die daarna antwoordde. Een like telt niet als antwoord. Alleen berichten op de "
                "platforms waarop je zelf post tellen."
            ),
            "en": (
                "Of the outsiders' public posts on your topics (the topics in org.yaml that you "
                "write about yourself) or addressed to your team, and that nobody else in your "
                "team or an official account picked up first: the share you answered in the "
                "thread, yourself or by bringing in a colleague who then answered. A like does "
                "not count as an answer. Only posts on the platforms you post on count."
            ),
        },
        "limits": {
            "nl": (
                "Hangt af van de aangeleverde stroom (--stream) en de afdelingen in org.yaml; wat "
                "buiten die stroom gezegd wordt, is niet zichtbaar."
            ),
            "en": (
                "Depends on the supplied stream (--stream) and the departments in org.yaml; what "
                "is said outside that stream is not visible."
            ),
        },
        "advice": {
            "nl": (
                "Kijk dagelijks wat er over jouw onderwerpen gezegd wordt en pak op wat niemand "
                "anders oppakt: antwoord zelf of haal de juiste collega erbij."
            ),
            "en": (
                "Check daily what is said about your topics and pick up what nobody else does: "
                "answer yourself or bring in the right colleague."
            ),
        },
    }
