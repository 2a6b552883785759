"""HTML rendering of a ``spiegel.report.v1`` profile with Jinja2: a self-contained page (inline
CSS and SVG chart, no external requests) or an embeddable fragment for the web app."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from spiegel import __version__
from spiegel.competencies.registry import registry
from spiegel.i18n import N_, check_lang, format_number, format_percent, install_jinja, t
from spiegel.records import safe_url
from spiegel.report.accuracy import describe
from spiegel.report.chart import profile_svg, trend_svg
from spiegel.report.trend import period_label


def as_dict(profile: Any) -> dict[str, Any]:
    """The profile as a dict (accepts a :class:`~spiegel.pipeline.Profile` or its ``to_dict()``)."""
    return profile.to_dict() if hasattr(profile, "to_dict") else dict(profile)


def fmt_value(value: float | None, unit: str, lang: str) -> str:
    """*value* in its unit, written for *lang* with Babel (``80%``, ``2,5 uur`` / ``2.5 hours``)."""
    if value is None:
        return "–"
    if unit == "share":
        return format_percent(value, lang)
    if unit == "hours":
        return t("%(n)s hours", lang, n=format_number(value, lang, 1))
    if unit == "count":
        return format_number(value, lang)
    return format_number(value, lang, 2)


def fmt_norm(ind: Mapping[str, Any], lang: str) -> str:
    if ind.get("norm") is None:
        return "–"
    sign = "≥" if ind["direction"] == "higher" else "≤"
    return f"{sign} {fmt_value(ind['norm'], ind['unit'], lang)}"


#: indicator details shown under an indicator's title: their unit and their words
DETAILS = {
    "share_140_chars": ("share", N_("within 140 characters")),
    "share_280_chars": ("share", N_("within 280 characters")),
    "work_share": ("share", N_("about work")),
    "p90_hours": ("hours", N_("90th percentile")),
    "automation_share": ("share", N_("automated")),
    "external_share": ("share", N_("external")),
    "turns_per_conversation": ("index", N_("turns per conversation")),
    "ahead_on_sensitive": ("count", N_("on sensitive topics")),
}

#: the text signals a share may be corrected for (``details.classifier_correction.signal``)
SIGNALS = {
    "hostile": N_("hostile tone"),
    "question": N_("questions"),
    "complaint": N_("complaints"),
    "explanation": N_("explanations"),
}

#: the self-view flags of the 360 comparison
FLAGS = {"blind_spot": N_("Blind spot"), "hidden_strength": N_("Hidden strength")}


def not_shown(ind: Mapping[str, Any]) -> int:
    """How many of the indicator's evidence posts (``details.evidence_total``) are neither quoted
    nor counted as a near-duplicate of a quoted one."""
    total = (ind.get("details") or {}).get("evidence_total") or 0
    evidence = ind.get("evidence") or []
    shown = len(evidence) + sum(len(e.get("similar") or []) for e in evidence)
    return max(0, int(total) - shown)


def fmt_details(ind: Mapping[str, Any], lang: str) -> str:
    """The indicator's further numbers worth showing, e.g. ``within 140 characters: 80%``."""
    parts = []
    for key, (unit, label) in DETAILS.items():
        value = ind.get("details", {}).get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            shown = format_number(value, lang, 1) if unit == "index" else fmt_value(float(value), unit, lang)
            parts.append(f"{t(label, lang)}: {shown}")
    corr = ind.get("details", {}).get("classifier_correction")
    if isinstance(corr, dict) and corr.get("signal"):
        signal = str(corr["signal"])
        name = t(SIGNALS[signal], lang) if signal in SIGNALS else signal
        if corr.get("method") and corr.get("interval"):
            low, high = corr["interval"]
            parts.append(
                t(
                    "corrected for the text model's error (%(signal)s, Rogan–Gladen): %(corrected)s,"
                    " 95%% interval %(low)s–%(high)s; uncorrected %(observed)s",
                    lang,
                    signal=name,
                    corrected=fmt_value(float(corr["corrected"]), ind["unit"], lang),
                    low=fmt_value(float(low), ind["unit"], lang),
                    high=fmt_value(float(high), ind["unit"], lang),
                    observed=fmt_value(float(corr["observed"]), ind["unit"], lang),
                )
            )
        else:
            parts.append(
                t(
                    "not corrected for the text model's error (%(signal)s):"
                    " no measured error rates for this signal",
                    lang,
                    signal=name,
                )
            )
    return " · ".join(parts)


def fmt_delta(delta: float, unit: str | None, lang: str) -> str:
    """A change of an indicator value with its sign, in *lang*'s words and number format, e.g.
    ``+12 procentpunt`` or ``-3,5 uur``. (No ``t()`` inside an f-string: Babel would not find it.)"""

    def signed(value: float, digits: int) -> str:
        shown = format_number(abs(value), lang, digits)
        return ("-" if value < 0 and shown.strip("0,.") else "+") + shown

    if unit == "share":
        return t("%(delta)s percentage points", lang, delta=signed(delta * 100, 0))
    if unit == "hours":
        return t("%(delta)s hours", lang, delta=signed(delta, 1))
    if unit == "count":
        return signed(delta, 0)
    return signed(delta, 2)


def level_change(delta: float | None, lang: str) -> str:
    """The change of a level since the period before, in words: ``+1 (hoger)``."""
    if delta is None:
        return "–"
    if delta == 0:
        return t("same", lang)
    word = t(N_("higher") if delta > 0 else N_("lower"), lang)
    return f"{delta:+.0f} ({word})"


def value_change(ind: Mapping[str, Any], lang: str) -> str:
    """The change of an indicator value since the period before, with whether it is better."""
    delta = ind.get("delta")
    if delta is None:
        return "–"
    if abs(delta) < 1e-9:
        return t("same", lang)
    better = (delta > 0) == (ind.get("direction") != "lower")
    word = t(N_("better") if better else N_("worse"), lang)
    return f"{fmt_delta(float(delta), ind.get('unit'), lang)} ({word})"


def trend_context(data: Mapping[str, Any], lang: str, height: float | None = None) -> dict[str, Any]:
    """What the trend templates need (``_trend.html.j2`` and the gespreksverslag): the chart as
    SVG and as a data URI, and the formatters; empty when the profile has no trend."""
    trend = data.get("trend")
    if not trend:
        return {}
    chart = trend_svg(trend, lang, height)
    return {
        "trend_chart": Markup(chart),
        "trend_chart_uri": "data:image/svg+xml;base64,"
        + base64.b64encode(chart.encode("utf-8")).decode("ascii"),
        "period": lambda per: period_label(per, lang),
        "level_change": lambda delta: level_change(delta, lang),
        "value_change": lambda ind: value_change(ind, lang),
        "trend_value": lambda ind, v: fmt_value(v, ind.get("unit") or "index", lang),
    }


#: Content-Security-Policy of the self-contained HTML reports (``<meta>``; a file opened from
#: disk has no response headers): no scripts, nothing loaded from anywhere, inline CSS and the
#: inline SVG chart allowed, no forms, no ``<base>``.
STATIC_REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
)


@cache
def _env() -> Environment:
    env = install_jinja(
        Environment(
            loader=PackageLoader("spiegel.report", "templates"),
            autoescape=select_autoescape(["html", "j2"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )
    # links only to http/https, also for profiles stored before the record model checked URLs
    env.filters["http_url"] = safe_url
    return env


@cache
def _css() -> str:
    return resources.files("spiegel.report").joinpath("templates/report.css").read_text("utf-8")


def render_html(profile: Any, lang: str = "nl", standalone: bool = True) -> str:
    """Render *profile* as HTML in *lang* (``nl`` or ``en``). ``standalone=False`` gives an
    embeddable ``<section>`` (with its own scoped ``<style>``, whose hash the web app's
    Content-Security-Policy allows, and the chart as an ``<img>``) for the web app."""
    check_lang(lang)
    data = as_dict(profile)
    reg = registry()

    def indicator_text(ind_id: str, key: str) -> str:
        ind = reg.get(ind_id)
        return ind.texts[key][lang] if ind else ind_id

    assessment = data.get("assessment")
    chart = profile_svg(data["competencies"], lang, assessment)
    used = [i["id"] for c in data["competencies"] for i in c["indicators"]]
    context = {
        "p": data,
        "lang": lang,
        "ind_text": indicator_text,
        "value": lambda ind: fmt_value(ind.get("value"), ind["unit"], lang),
        "norm": lambda ind: fmt_norm(ind, lang),
        "details": lambda ind: fmt_details(ind, lang),
        "ci": lambda ind: (
            f"{fmt_value(ind['confidence']['low'], ind['unit'], lang)}–"
            f"{fmt_value(ind['confidence']['high'], ind['unit'], lang)}"
            if ind.get("confidence")
            else "–"
        ),
        "accuracy": describe,
        "flags": FLAGS,
        "not_shown": not_shown,
        "method_ids": list(dict.fromkeys(used)),
        "versions": {i["id"]: i.get("version") for c in data["competencies"] for i in c["indicators"]},
        "chart": Markup(chart),
        # embedded in the web app the chart is an image: its SVG styles then stay inside it,
        # and the page's Content-Security-Policy needs no inline styles
        "chart_uri": "data:image/svg+xml;base64," + base64.b64encode(chart.encode("utf-8")).decode("ascii"),
        "css": Markup(_css()),
        "standalone": standalone,
        "csp": STATIC_REPORT_CSP,
        "version": __version__,
        **trend_context(data, lang),
    }
    return _env().get_template("report.html.j2").render(**context)
