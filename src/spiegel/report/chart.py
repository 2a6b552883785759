"""The profile chart: one horizontal bar per competency on the 1–4 level scale, made with
matplotlib's object API (no pyplot state, so it is safe in the web app's threads) and returned
as inline SVG text. A competency without a level gets no bar but a label saying so, so missing
data never looks like a low score. Self and others' ratings from the self/360 assessment are
drawn as markers on the same scale."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
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
    """SVG markup (no XML prolog) of the competency profile of a ``spiegel.report.v1`` dict."""
    n = len(competencies)
    rows = assessment.get("competencies", {}) if assessment else {}
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "spiegel", "font.size": 10}):
        fig = Figure(figsize=(7.0, max(2.6, 0.55 * n + 1.4)), layout="constrained")
        ax = fig.subplots()
        labels = []
        for i, comp in enumerate(competencies):
            y = n - 1 - i
            labels.append(comp["name"].get(lang, comp["id"]))
            level = comp.get("level")
            if level is None:
                ax.text(0.55, y, level_name(None, lang), va="center", ha="left", color="#555", style="italic")
            else:
                ax.barh(y, level, height=0.55, color=COLOURS[level], left=0)
                ax.text(level + 0.05, y, f"{level} · {level_name(level, lang)}", va="center", fontsize=9)
            row = rows.get(comp["id"], {})
            if row.get("self") is not None:
                ax.plot([row["self"]], [y + 0.18], marker="v", color=SELF_COLOUR, markersize=8, linestyle="")
            if row.get("others") is not None:
                ax.plot(
                    [row["others"]], [y - 0.18], marker="^", color=OTHERS_COLOUR, markersize=8, linestyle=""
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
        if rows:
            ax.plot([], [], marker="v", color=SELF_COLOUR, linestyle="", label=t("Self", lang))
            ax.plot([], [], marker="^", color=OTHERS_COLOUR, linestyle="", label=t("Others", lang))
            ax.legend(loc="lower right", fontsize=8, frameon=False)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]
