"""Indicator ``complaint_follow_up``: share of complaints addressed to the person acknowledged and
handed to the responsible colleague within 24 h.

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class ComplaintFollowUp(BehaviourIndicator):
    name = "complaint_follow_up"
    version = 1
    help = (
        "Share of complaints addressed to the person acknowledged and handed to the "
        "responsible colleague within 24 h."
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
                "Van de klachten aan jou, het deel dat je binnen 24 uur erkende en doorzette naar"
                " de verantwoordelijke collega of het officiële account."
            ),
            "en": (
                "Of the complaints addressed to you, the share you acknowledged within 24 hours "
                "and passed to the responsible colleague or official account."
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
            "nl": "Erken een klacht snel en publiek, en zet hem door naar wie er iets aan kan doen.",
            "en": ("Acknowledge a complaint quickly and in public, and pass it on to whoever can act on it."),
        },
    }
