"""Indicator ``personal_voice``: share of the person's posts in a personal voice (first person,
own words), with the mix of work and non-work posts beside it when an organisation config says
what work topics are."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from spiegel.competencies.base import IndicatorContext
from spiegel.competencies.indicators._textbase import TextIndicator
from spiegel.evidence import Measure
from spiegel.records import Post


def work_terms(org: Any) -> tuple[set[str], re.Pattern[str] | None]:
    """Handles and a keyword pattern that mark a post as work, from an organisation config."""
    if org is None:
        return set(), None
    handles: set[str] = set()
    for h in getattr(org, "official_accounts", None) or []:
        handles.add(str(getattr(h, "handle", h)).lower().lstrip("@"))
    for c in getattr(org, "colleagues", None) or []:
        handle = c if isinstance(c, str) else getattr(c, "handle", None)
        if handle:
            handles.add(str(handle).lower().lstrip("@"))
    words: set[str] = set()
    for attr in ("goal_topics", "sensitive_topics"):
        for topic in getattr(org, attr, None) or []:
            kws = getattr(topic, "keywords", None)
            if kws is None and isinstance(topic, dict):
                kws = topic.get("keywords")
            words.update(str(k).lower() for k in kws or [])
    name = getattr(org, "name", None)
    if name:
        words.add(str(name).lower())
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, words))) + r")", re.I) if words else None
    return handles, pattern


def is_work(post: Post, handles: set[str], pattern: re.Pattern[str] | None) -> bool:
    if handles and (set(post.mentions) & handles or (post.in_reply_to_author or "") in handles):
        return True
    return bool(pattern and pattern.search(post.text))


class PersonalVoice(TextIndicator):
    name = "personal_voice"
    version = 1
    help = "Share of own posts in a personal voice (first person, own words); work/non-work mix beside it."
    unit = "share"
    direction = "higher"
    min_evidence = 10
    texts: ClassVar[dict[str, dict[str, str]]] = {
        "title": {"nl": "Eigen stem", "en": "Personal voice"},
        "method": {
            "nl": (
                "Het deel van je berichten in de ik-vorm en in eigen woorden (geen kale link of "
                "doorgestuurde tekst). Met een organisatieconfiguratie staat ernaast hoeveel "
                "berichten over werk gaan en hoeveel over andere dingen."
            ),
            "en": (
                "The share of your posts in the first person and in your own words (not a bare "
                "link or forwarded text). With an organisation config, the split between work and "
                "other posts is shown beside it."
            ),
        },
        "limits": {
            "nl": (
                "Werkberichten worden herkend aan trefwoorden en accounts uit org.yaml; de "
                "indicator zegt niets over of een persoonlijk bericht gepast was."
            ),
            "en": (
                "Work posts are recognised by keywords and accounts from org.yaml; the indicator "
                "says nothing about whether a personal post was appropriate."
            ),
        },
        "advice": {
            "nl": (
                "Schrijf vaker vanuit jezelf: wat jij ziet, doet of leert in je werk. Een enkel "
                "bericht over iets buiten het werk maakt je herkenbaar als mens."
            ),
            "en": (
                "Write from yourself more often: what you see, do or learn in your work. An "
                "occasional post about something outside work makes you recognisable as a person."
            ),
        },
    }

    def measure(self, ctx: IndicatorContext) -> Measure:
        missing = self.no_text(ctx)
        if missing is not None:
            return missing
        items = self.posts_with_signals(ctx)
        details: dict[str, Any] = {"work_share": None}
        if ctx.inputs.org is not None and items:
            handles, pattern = work_terms(ctx.inputs.org)
            work = sum(is_work(p, handles, pattern) for p, _ in items)
            details["work_share"] = round(work / len(items), 4)
        return self.share_measure(
            items, lambda _p, s: s.personal, "impersonal", order=lambda ps: ps[1].tone_score, **details
        )
