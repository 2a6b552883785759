"""The gespreksverslag: a one- or two-page summary of a profile for the appraisal file, as an
HTML print view (:func:`render_conversation_html`) and an A4 PDF (:func:`render_conversation_pdf`).

It holds what the conversation needs and nothing more: the level of each competency with how
stable it is, the change since the previous period (when the profile has a ``trend``), the
self/360 comparison, three strengths, three development points with their advice, the employee's
notes and contested evidence, and the manager's judgement with its reason. The full report stays
the annex. Texts that come from people (notes, reasons, quoted posts) are shortened so the
document keeps to two pages whatever was written; the full texts stay in the web app.

The core knows no web app: notes and judgements are passed in as plain dicts
(:class:`Note`, :class:`Judgement`); the CLI has none and leaves room to write them down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from markupsafe import Markup

from spiegel import __version__
from spiegel.i18n import check_lang, t
from spiegel.report.html import (
    FLAGS,
    STATIC_REPORT_CSP,
    _css,
    _env,
    as_dict,
    fmt_norm,
    fmt_value,
    level_change,
    trend_context,
)
from spiegel.report.trend import format_day, period_of

#: at most this many items per list, and this many characters per text written by a person:
#: together they keep the document within two A4 pages (tests/report/test_conversation.py)
MAX_ITEMS = 3
MAX_NOTES = 3
NOTE_CHARS = 220
QUOTE_CHARS = 120
REASON_CHARS = 160


class Note(TypedDict, total=False):
    """An employee's note on (``kind`` ``note``) or contest of (``contest``) a piece of evidence."""

    kind: str
    competency: str
    indicator: str
    post_id: str
    text: str
    #: the quoted post, as the reader may see it (pseudonymised for managers)
    evidence_text: str
    #: "open" or "closed" for a contest; its outcome when closed
    review_status: str
    review_note: str


class Judgement(TypedDict, total=False):
    """The manager's own judgement of a competency, with the reason."""

    competency: str
    level: int
    measured_level: int | None
    reason: str
    by: str
    at: str


def shorten(text: str | None, limit: int) -> str:
    """*text* on one line, cut at a word before *limit* characters with an ellipsis."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"


def _stability(comp: Mapping[str, Any], lang: str) -> str:
    """How stable the level is when the posts are drawn again (``level_distribution``)."""
    level = comp.get("level")
    dist = comp.get("level_distribution") or {}
    if not level:
        return "–"
    share = dist.get(str(level))
    pct = round(float(share) * 100) if isinstance(share, int | float) else None
    if comp.get("uncertain") and comp.get("level_range"):
        low, high = comp["level_range"]
        return t(
            "uncertain: %(low)s–%(high)s (%(share)s%%)",
            lang,
            low=low,
            high=high,
            share=pct if pct is not None else "?",
        )
    if pct is None:
        return t("stable", lang)
    return t("stable (%(share)s%%)", lang, share=pct)


def _mean(value: Any, lang: str) -> str | None:
    """A mean 360 answer written for *lang* (``3,8`` in Dutch), or None."""
    from babel.numbers import format_decimal

    return None if value is None else str(format_decimal(float(value), format="0.0", locale=lang))


def _indicator_rows(data: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    return [(c, i) for c in data.get("competencies") or [] for i in c.get("indicators") or []]


def strengths(data: Mapping[str, Any], lang: str, ind_title: Any) -> list[dict[str, str]]:
    """Up to three measured strengths: indicators at level 4 or 3, the highest first, one per
    competency before a second of the same competency."""
    found = [(c, i) for c, i in _indicator_rows(data) if (i.get("level") or 0) >= 3]
    found.sort(key=lambda ci: (-(ci[1].get("level") or 0), -(ci[1].get("evidence_count") or 0)))
    picked: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
    for first_pass in (True, False):
        for c, i in found:
            if len(picked) == MAX_ITEMS or (c, i) in picked:
                continue
            if first_pass and any(p[0] is c for p in picked):
                continue
            picked.append((c, i))
    return [
        {
            "title": ind_title(str(i.get("id"))),
            "competency": (c.get("name") or {}).get(lang) or str(c.get("id")),
            "level": str(i.get("level")),
            "value": fmt_value(i.get("value"), str(i.get("unit")), lang),
            "norm": fmt_norm(i, lang),
        }
        for c, i in picked
    ]


def development_points(data: Mapping[str, Any], lang: str, ind_title: Any) -> list[dict[str, str]]:
    """Up to three development points: the advice of the profile, for the indicators with the
    lowest levels first."""
    indicators = {(str(c.get("id")), str(i.get("id"))): i for c, i in _indicator_rows(data)}
    found = []
    for comp in data.get("competencies") or []:
        for advice in comp.get("advice") or []:
            ind = indicators.get((str(comp.get("id")), str(advice.get("indicator"))), {})
            found.append((ind.get("level") or 5, comp.get("level") or 5, comp, advice, ind))
    found.sort(key=lambda f: (f[0], f[1]))
    return [
        {
            "title": ind_title(str(advice.get("indicator"))),
            "competency": (comp.get("name") or {}).get(lang) or str(comp.get("id")),
            "value": fmt_value(ind.get("value"), str(ind.get("unit")), lang) if ind else "–",
            "norm": fmt_norm(ind, lang) if ind else "–",
            "advice": shorten(advice.get(lang) or advice.get("nl"), REASON_CHARS),
        }
        for _lv, _clv, comp, advice, ind in found[:MAX_ITEMS]
    ]


def conversation_context(
    profile: Any,
    lang: str = "nl",
    *,
    notes: Sequence[Note] = (),
    judgements: Sequence[Judgement] = (),
    standalone: bool = True,
) -> dict[str, Any]:
    """Everything the gespreksverslag template shows (see the module docstring)."""
    from spiegel.competencies.registry import registry

    check_lang(lang)
    data = as_dict(profile)
    reg = registry()

    def ind_title(ind_id: str) -> str:
        ind = reg.get(ind_id)
        return str(ind.texts["title"][lang]) if ind else ind_id

    comps = list(data.get("competencies") or [])
    names = {str(c.get("id")): (c.get("name") or {}).get(lang) or str(c.get("id")) for c in comps}
    assessment = (data.get("assessment") or {}).get("competencies") or {}
    trend = {str(c["id"]): c for c in (data.get("trend") or {}).get("competencies") or []}
    judged = {str(j.get("competency")): j for j in judgements}
    rows = []
    for comp in comps:
        cid = str(comp.get("id"))
        a = assessment.get(cid) or {}
        j = judged.get(cid)
        rows.append(
            {
                "name": names[cid],
                "level": comp.get("level"),
                "stability": _stability(comp, lang),
                "change": level_change(trend[cid].get("delta"), lang) if cid in trend else None,
                "self": _mean(a.get("self"), lang),
                "others": _mean(a.get("others"), lang),
                "others_hidden": bool(a.get("others_n")) and a.get("others") is None,
                "flags": [t(FLAGS[f], lang) if f in FLAGS else f for f in a.get("flags") or []],
                "judgement": j.get("level") if j else None,
            }
        )
    quotes = {
        (str(c.get("id")), str(i.get("id")), str(e.get("post_id"))): e.get("text") or ""
        for c, i in _indicator_rows(data)
        for e in i.get("evidence") or []
    }
    shown_notes = []
    for note in sorted(notes, key=lambda n: n.get("kind") != "contest")[:MAX_NOTES]:
        key = (str(note.get("competency")), str(note.get("indicator")), str(note.get("post_id")))
        shown_notes.append(
            {
                "contest": note.get("kind") == "contest",
                "indicator": ind_title(key[1]),
                "competency": names.get(key[0], key[0]),
                "quote": shorten(note.get("evidence_text") or quotes.get(key), QUOTE_CHARS),
                "text": shorten(note.get("text"), NOTE_CHARS),
                "review_status": note.get("review_status") or "",
                "review_note": shorten(note.get("review_note"), QUOTE_CHARS),
            }
        )
    shown_judgements = [
        {
            "competency": names.get(str(j.get("competency")), str(j.get("competency"))),
            "level": j.get("level"),
            "measured": j.get("measured_level"),
            "reason": shorten(j.get("reason"), REASON_CHARS),
            "by": j.get("by") or "",
            "at": format_day(j.get("at"), lang) if j.get("at") else "",
        }
        for j in judgements
        if str(j.get("competency")) in names
    ]
    period = period_of(data)
    return {
        "p": data,
        "lang": lang,
        "rows": rows,
        "has_assessment": bool(assessment),
        "has_trend": bool(trend),
        "strengths": strengths(data, lang, ind_title),
        "points": development_points(data, lang, ind_title),
        "notes": shown_notes,
        "more_notes": max(0, len(notes) - MAX_NOTES),
        "judgements": shown_judgements,
        "period_text": f"{format_day(period['since'], lang)} – {format_day(period['until'], lang)}",
        "made_on": format_day(data.get("generated_at"), lang),
        "css": Markup(_css()),
        "csp": STATIC_REPORT_CSP,
        "standalone": standalone,
        "version": __version__,
        **trend_context(data, lang, height=2.1),
    }


def render_conversation_html(
    profile: Any,
    lang: str = "nl",
    *,
    notes: Sequence[Note] = (),
    judgements: Sequence[Judgement] = (),
    standalone: bool = True,
) -> str:
    """The gespreksverslag as HTML: a self-contained page (``standalone``) or an embeddable
    fragment for the web app (its ``<style>`` is the report CSS the web app's CSP allows)."""
    context = conversation_context(profile, lang, notes=notes, judgements=judgements, standalone=standalone)
    return _env().get_template("gespreksverslag.html.j2").render(**context)


def render_conversation_pdf(
    profile: Any,
    lang: str = "nl",
    *,
    notes: Sequence[Note] = (),
    judgements: Sequence[Judgement] = (),
) -> bytes:
    """The gespreksverslag as an A4 PDF of one or two pages."""
    import logging

    from weasyprint import HTML  # imported here: WeasyPrint is slow to import

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = render_conversation_html(profile, lang, notes=notes, judgements=judgements, standalone=True)
    pdf = HTML(string=html).write_pdf()
    if pdf is None:  # pragma: no cover - write_pdf returns bytes when no target is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
