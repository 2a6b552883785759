"""Indicator ``network_composition``: diversity of stakeholder types among the accounts the person
interacts with.

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class NetworkComposition(BehaviourIndicator):
    name = "network_composition"
    version = 1
    help = "Diversity of stakeholder types among the accounts the person interacts with."
    unit = "index"
    direction = "higher"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "Samenstelling van je netwerk",
            "en": "Composition of your network",
        },
        "method": {
            "nl": (
                "De verscheidenheid aan soorten accounts waarmee je contact hebt (inwoners, "
                "bedrijven, belangengroepen, overheid, media, collega's), als genormaliseerde "
                "entropie tussen 0 en 1."
            ),
            "en": (
                "The variety of account types you interact with (residents, companies, interest "
                "groups, government, media, colleagues), as normalised entropy between 0 and 1."
            ),
        },
        "limits": {
            "nl": (
                "Het soort account wordt geschat uit de profieltekst en kan fout zijn. Een "
                "account zonder profieltekst telt als onbekend."
            ),
            "en": (
                "The account type is estimated from the profile text and can be wrong. An account"
                " without a profile text counts as unknown."
            ),
        },
        "advice": {
            "nl": (
                "Zoek bewust contact met groepen die nu ontbreken in je netwerk, bijvoorbeeld "
                "ondernemers of belangengroepen in je werkveld."
            ),
            "en": (
                "Seek contact with groups now missing from your network, for example businesses "
                "or interest groups in your field."
            ),
        },
    }
