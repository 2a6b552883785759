"""Indicator ``human_presence``: one minus the share of posts that look automated (scheduling
apps, machine-regular timing, templates, link-only).

Computed by the behaviour stage (``spiegel.behaviour``); this module only registers it with its
report texts."""

from __future__ import annotations

from typing import ClassVar

from spiegel.competencies.base import BehaviourIndicator


class HumanPresence(BehaviourIndicator):
    name = "human_presence"
    version = 1
    help = (
        "One minus the share of posts that look automated (scheduling apps, machine-"
        "regular timing, templates, link-only)."
    )
    unit = "share"
    direction = "higher"
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {
            "nl": "Menselijke aanwezigheid",
            "en": "Human presence",
        },
        "method": {
            "nl": (
                "Eén min het deel van je berichten dat geautomatiseerd lijkt: geplaatst via "
                "inplan-apps, met machinaal regelmatige tijden, met sjabloontekst, alleen een "
                "link, of de klok rond."
            ),
            "en": (
                "One minus the share of your posts that look automated: sent through scheduling "
                "apps, at machine-regular times, with template text, link-only, or round the "
                "clock."
            ),
        },
        "limits": {
            "nl": (
                "Een ingepland bericht kan prima zelf geschreven zijn; de indicator ziet alleen "
                "het patroon. De app-naam ontbreekt in sommige exports."
            ),
            "en": (
                "A scheduled post can still be written by you; the indicator only sees the "
                "pattern. Some exports lack the app name."
            ),
        },
        "advice": {
            "nl": "Plan minder in en reageer vaker zelf, op het moment zelf en in je eigen woorden.",
            "en": "Schedule less and react more yourself, in the moment and in your own words.",
        },
    }
