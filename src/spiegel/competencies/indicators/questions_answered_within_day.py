"""Indicator ``questions_answered_within_day``: share of questions addressed to the person
answered within 24 h, by them or by a colleague they brought in.

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class QuestionsAnsweredWithinDay(BehaviourIndicator):
    name = "questions_answered_within_day"
    version = 2
    help = (
        "Share of questions addressed to the person answered within 24 h, by them or by a"
        " colleague they brought in."
    )
    unit = "share"
    direction = "higher"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "Vragen binnen een dag beantwoord",
            "en": "Questions answered within a day",
        },
        "method": {
            "nl": (
                "Van de vragen aan jou, het deel dat binnen 24 uur antwoord kreeg: van jou, of "
                "van een collega of officieel account dat je in het gesprek noemde en dat daar "
                "antwoordde."
            ),
            "en": (
                "Of the questions addressed to you, the share answered within 24 hours: by you, "
                "or by a colleague or official account you named in the thread who then answered "
                "there."
            ),
        },
        "limits": {
            "nl": (
                "Of een bericht een vraag is, bepaalt een tekstmodel dat zich kan vergissen. "
                "Antwoorden buiten het openbare gesprek zijn niet zichtbaar."
            ),
            "en": (
                "Whether a message is a question is decided by a text model that can be wrong. "
                "Answers outside the public thread are not visible."
            ),
        },
        "advice": {
            "nl": (
                "Weet je het antwoord niet? Noem de collega die het wel weet in je reactie, zodat"
                " de vraag toch binnen een dag beantwoord wordt."
            ),
            "en": (
                "Don't know the answer? Name the colleague who does in your reply, so the "
                "question is still answered within a day."
            ),
        },
    }
