"""Indicator ``complaint_follow_up``: share of complaints addressed to the person answered within
24 h, by them or by the responsible colleague they brought in (the same hand-off reading as
``questions_answered_within_day``).

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class ComplaintFollowUp(BehaviourIndicator):
    name = "complaint_follow_up"
    version = 3
    help = (
        "Share of complaints addressed to the person answered within 24 h, by them or by the "
        "responsible colleague they brought in."
    )
    unit = "share"
    direction = "higher"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "Opvolging van klachten",
            "en": "Complaint follow-up",
        },
        "method": {
            "nl": (
                "Van de klachten aan jou, het deel dat binnen 24 uur antwoord kreeg: van jou, of "
                "van de verantwoordelijke collega of het officiële account dat je in het gesprek "
                "noemde en dat daar antwoordde."
            ),
            "en": (
                "Of the complaints addressed to you, the share answered within 24 hours: by you, "
                "or by the responsible colleague or official account you named in the thread who "
                "then answered there."
            ),
        },
        "limits": {
            "nl": (
                "Klachten worden herkend door een tekstmodel. Of er daarna een structurele "
                "oplossing kwam, is uit berichten niet af te lezen: dat hoort in het gesprek."
            ),
            "en": (
                "Complaints are recognised by a text model. Whether a structural fix followed "
                "cannot be read from posts: that belongs in the conversation."
            ),
        },
        "advice": {
            "nl": (
                "Reageer binnen een dag op een klacht: los hem zelf op, of noem de collega die er "
                "iets aan kan doen zodat die in het gesprek antwoordt."
            ),
            "en": (
                "React to a complaint within a day: solve it yourself, or name the colleague who "
                "can act on it so they answer in the thread."
            ),
        },
    }
