"""The level chart of the profile page: server-rendered SVG, one bar per competency on the
1–4 scale with the norm band (level 3 "proficient" and up), labels in words above each bar so
that it reads at 390 px as well as at 1280 px. No inline style or script (the page's
Content-Security-Policy forbids both): colours come from classes in ``spiegel.css``. The
``<title>``/``<desc>`` give a text alternative, and the overview table beside it has the same
numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

#: the chart's coordinate system (the SVG scales to its container's width)
WIDTH = 400
LEFT = 8
RIGHT = 392
ROW = 46
TOP = 26
#: the level the norm band starts at (3: "proficient")
NORM_LEVEL = 3


def _x(level: float) -> str:
    """The x coordinate of *level* (bars end half-way between the grid lines), as SVG text."""
    return f"{LEFT + (RIGHT - LEFT) * level / 4:.0f}"


def _level_words(level: object) -> str:
    from spiegel.web.templatetags.spiegel_tags import level_words

    return level_words(level)


def level_chart(rows: Sequence[Mapping[str, Any]]) -> SafeString:
    """The SVG of the competencies' levels (*rows* as :func:`spiegel.web.profiles.competency_rows`)."""
    height = TOP + ROW * len(rows) + 24
    norm_x = int(_x(NORM_LEVEL - 0.5))
    bars = []
    summary = []
    for i, row in enumerate(rows):
        y = TOP + ROW * i
        level = row.get("level")
        words = _level_words(level)
        label = f"{row.get('name')}: {level} · {words}" if level else f"{row.get('name')}: {words}"
        summary.append(label)
        if isinstance(level, int) and 1 <= level <= 4:
            bar = format_html(
                '<rect class="spiegel-levels__bar spiegel-levels__bar--{}" x="{}" y="{}" width="{}" '
                'height="16" rx="3"/>',
                level,
                LEFT,
                y + 20,
                int(_x(level - 0.5)) - LEFT,
            )
        else:
            bar = format_html(
                '<rect class="spiegel-levels__bar spiegel-levels__bar--none" x="{}" y="{}" width="{}" '
                'height="16" rx="3"/>',
                LEFT,
                y + 20,
                6,
            )
        bars.append(
            format_html(
                '<g class="spiegel-levels__row">'
                '<text class="spiegel-levels__label" x="{}" y="{}">{}</text>{}</g>',
                LEFT,
                y + 14,
                label,
                bar,
            )
        )
    ticks = format_html_join(
        "",
        '<line class="spiegel-levels__grid" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>'
        '<text class="spiegel-levels__tick" x="{0}" y="{3}" text-anchor="middle">{4}</text>',
        ((_x(k - 0.5), TOP - 6, height - 18, height - 4, k) for k in (1, 2, 3, 4)),
    )
    title = _("Measured level per competency")
    desc = _("Levels 1 to 4; the shaded band is the norm, level 3 (proficient) and higher. %(levels)s.") % {
        "levels": "; ".join(summary)
    }
    return format_html(
        '<svg class="spiegel-levels" id="level-chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="level-chart-title level-chart-desc">'
        '<title id="level-chart-title">{}</title><desc id="level-chart-desc">{}</desc>'
        '<rect class="spiegel-levels__norm" x="{}" y="{}" width="{}" height="{}"/>'
        '<text class="spiegel-levels__norm-label" x="{}" y="{}">{}</text>'
        "{}{}</svg>",
        WIDTH,
        height,
        title,
        desc,
        norm_x,
        TOP - 6,
        RIGHT - norm_x,
        height - TOP - 12,
        norm_x + 4,
        TOP - 10,
        _("norm"),
        ticks,
        format_html_join("", "{}", ((b,) for b in bars)),
    )
