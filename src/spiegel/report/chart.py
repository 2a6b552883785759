"""The profile chart: one horizontal bar per competency on the 1–4 level scale, made with
matplotlib's object API (no pyplot state, so it is safe in the web app's threads) and returned
as inline SVG text. A competency without a level gets no bar but a label saying so, so missing
data never looks like a low score. Self and others' ratings from the self/360 assessment are
drawn as markers on the same scale."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from spiegel.i18n import level_name, t

COLOURS = {1: "#c0392b", 2: "#e67e22", 3: "#2e86c1", 4: "#1e8449"}
SELF_COLOUR = "#6c3483"
OTHERS_COLOUR = "#17202a"


def profile_svg(
    competencies: Sequence[Mapping[str, Any]],
    lang: str = "nl",
    assessment: Mapping[str, Any] | None = None,
) -> str:
    """SVG markup (no XML prolog) of the competency profile of a ``spiegel.report.v1`` dict.

    The chart depends only on the labels, levels and self/others ratings, and many people of a
    team share them: the markup is memoised per combination (drawing it is the slow part of a
    report's HTML)."""
    rows = assessment.get("competencies", {}) if assessment else {}
    bars = tuple(
        (
            comp["name"].get(lang, comp["id"]),
            comp.get("level"),
            rows.get(comp["id"], {}).get("self"),
            rows.get(comp["id"], {}).get("others"),
        )
        for comp in competencies
    )
    try:
        hash(bars)
    except TypeError:  # a rating that is not a plain number: draw it without the memo
        return _svg.__wrapped__(bars, lang, bool(rows))
    return _svg(bars, lang, bool(rows))


#: one bar of the chart: (label, level or None, self rating or None, others' rating or None)
Bar = tuple[str, Any, Any, Any]


@lru_cache(maxsize=256)
def _svg(bars: tuple[Bar, ...], lang: str, legend: bool) -> str:
    n = len(bars)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "spiegel", "font.size": 10}):
        fig = Figure(figsize=(7.0, max(2.6, 0.55 * n + 1.4)), layout="constrained")
        ax = fig.subplots()
        labels = []
        for i, (label, level, self_rating, others_rating) in enumerate(bars):
            y = n - 1 - i
            labels.append(label)
            if level is None:
                ax.text(0.55, y, level_name(None, lang), va="center", ha="left", color="#555", style="italic")
            else:
                ax.barh(y, level, height=0.55, color=COLOURS[level], left=0)
                ax.text(level + 0.05, y, f"{level} · {level_name(level, lang)}", va="center", fontsize=9)
            if self_rating is not None:
                ax.plot([self_rating], [y + 0.18], marker="v", color=SELF_COLOUR, markersize=8, linestyle="")
            if others_rating is not None:
                ax.plot(
                    [others_rating], [y - 0.18], marker="^", color=OTHERS_COLOUR, markersize=8, linestyle=""
                )
        ax.set_yticks(range(n))
        ax.set_yticklabels(list(reversed(labels)))
        ax.set_xlim(0, 5.6)
        ax.set_xticks([1, 2, 3, 4])
        ax.set_xticklabels([f"{k}\n{level_name(k, lang)}" for k in (1, 2, 3, 4)], fontsize=8)
        ax.grid(axis="x", color="#ddd", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if legend:
            ax.plot([], [], marker="v", color=SELF_COLOUR, linestyle="", label=t("Self", lang))
            ax.plot([], [], marker="^", color=OTHERS_COLOUR, linestyle="", label=t("Others", lang))
            ax.legend(loc="lower right", fontsize=8, frameon=False)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]


#: line colours of the trend chart, one per competency (at most eight in a model), told apart
#: by marker shape too, so the chart reads in black and white
TREND_COLOURS = ("#1f4e8c", "#b03a2e", "#1e8449", "#7d3c98", "#ca6f1e", "#117a65", "#515a5a", "#a04000")
TREND_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")


def trend_svg(trend: Mapping[str, Any], lang: str = "nl", height: float | None = None) -> str:
    """SVG markup of a ``trend`` section: the level (1–4, y axis) of each competency per period
    (x axis, labelled with the period's dates); a period without a level leaves a gap."""
    from spiegel.report.trend import period_label

    periods = list(trend.get("periods") or [])
    comps = list(trend.get("competencies") or [])
    xs = list(range(len(periods)))
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "spiegel", "font.size": 9}):
        fig = Figure(figsize=(7.0, height or 3.0), layout="constrained")
        ax = fig.subplots()
        for k, comp in enumerate(comps):
            ys = [float("nan") if v is None else float(v) for v in comp.get("levels") or []]
            # a small vertical offset per competency keeps equal levels apart
            offset = (k - (len(comps) - 1) / 2) * 0.04
            ax.plot(
                xs,
                [y + offset for y in ys],
                marker=TREND_MARKERS[k % len(TREND_MARKERS)],
                color=TREND_COLOURS[k % len(TREND_COLOURS)],
                linewidth=1.8,
                markersize=5,
                label=(comp.get("name") or {}).get(lang) or str(comp.get("id")),
            )
        ax.set_xticks(xs)
        ax.set_xticklabels([period_label(p, lang).replace(" – ", " –\n") for p in periods], fontsize=7.5)
        ax.set_xlim(-0.3, max(0.3, len(xs) - 0.7))
        ax.set_ylim(0.6, 4.4)
        ax.set_yticks([1, 2, 3, 4])
        ax.set_yticklabels([f"{k} {level_name(k, lang)}" for k in (1, 2, 3, 4)], fontsize=7.5)
        ax.set_xlabel(t("Period", lang), fontsize=8)
        ax.set_ylabel(t("Level", lang), fontsize=8)
        ax.grid(axis="y", color="#ddd", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=7.5, frameon=False)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]
