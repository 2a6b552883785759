"""Indicator ``topicality``: share of posts on organisation matters about topics active in the
organisation stream within 72 h.

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class Topicality(BehaviourIndicator):
    name = "topicality"
    version = 2
    help = (
        "Share of posts on organisation matters about topics active in the organisation stream within 72 h."
    )
    unit = "share"
    direction = "higher"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "Actualiteit",
            "en": "Topicality",
        },
        "method": {
            "nl": (
                "Van je berichten over organisatiezaken, het deel over onderwerpen die binnen 72 "
                "uur ervoor of erna ook in de stroom over de organisatie speelden. Antwoorden "
                "tellen als actueel, privéberichten tellen niet mee."
            ),
            "en": (
                "Of your posts on organisation matters, the share about topics that were also "
                "active in the stream about the organisation within 72 hours. Replies count as "
                "topical; private, non-work posts are not counted."
            ),
        },
        "limits": {
            "nl": (
                "Hangt af van de aangeleverde stroom (--stream) en van trefwoorden; nieuws buiten"
                " die stroom is niet zichtbaar."
            ),
            "en": (
                "Depends on the supplied stream (--stream) and on keywords; news outside that "
                "stream is not visible."
            ),
        },
        "advice": {
            "nl": (
                "Reageer vooral op wat nu speelt; oude kwesties opnieuw oprakelen zonder "
                "aanleiding werkt zelden."
            ),
            "en": (
                "React mainly to what is happening now; raking up old issues without a reason rarely works."
            ),
        },
    }
