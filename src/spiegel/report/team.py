"""The team overview page: levels per person and competency, listening coverage of the
organisation stream against the 80% norm, the share of questions answered within a day, and the
distribution of response times (a matplotlib chart, inline SVG). One self-contained HTML file.

Build a :class:`TeamOverview` with :func:`team_overview` from the people's
:class:`~spiegel.pipeline.Profile` and :class:`~spiegel.behaviour.inputs.PersonInputs`, then
:func:`render_team_html`. The team measures come from :mod:`spiegel.behaviour.team`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from matplotlib import rc_context
from matplotlib.figure import Figure

from spiegel.behaviour.inputs import PersonInputs
from spiegel.behaviour.team import response_time_distribution, team_answered_within_day, team_stream_coverage
from spiegel.competencies.model import Model
from spiegel.errors import ConfigError
from spiegel.evidence import Measure
from spiegel.i18n import N_, install_jinja, t
from spiegel.org import OrgConfig
from spiegel.pipeline import Profile
from spiegel.records import Post, safe_url
from spiegel.report.html import STATIC_REPORT_CSP
from spiegel.text.signals import TextSignals

LANGS = ("nl", "en")
#: the listening norm of the model: the team sees 80% of what is said about the organisation
COVERAGE_NORM = 0.8
#: the connecting norm: every question answered within a day
ANSWERED_NORM = 1.0
TEMPLATES = Path(__file__).resolve().parent / "templates"

#: the page's texts (English msgids of the ``spiegel`` gettext domain; :func:`strings` translates)
STRINGS: dict[str, str] = {
    "title": N_("Team overview"),
    "subtitle": N_("Competency profiles from public posts"),
    "period": N_("Period"),
    "generated": N_("Generated on"),
    "people": N_("people"),
    "coverage": N_("Listening coverage"),
    "coverage_help": N_(
        "Share of the public posts about the organisation that someone in the team reacted to "
        "(reply, like, boost or quote)."
    ),
    "answered": N_("Questions answered within a day"),
    "answered_help": N_(
        "Share of the questions to team members that got an answer within the norm, from the "
        "person or from a colleague they brought in."
    ),
    "median": N_("Median response time"),
    "median_help": N_("Half of the first reactions to messages addressed to team members came faster."),
    "norm": N_("norm"),
    "of": N_("of"),
    "messages": N_("posts"),
    "questions": N_("questions"),
    "reactions": N_("reactions"),
    "hours": N_("hours"),
    "no_data": N_("insufficient evidence"),
    "levels": N_("Levels per person"),
    "uncertain": N_("uncertain"),
    "levels_help": N_(
        "1 not yet visible · 2 developing · 3 proficient · 4 exemplary · — no level (too "
        "little evidence; never a low score for lack of data)."
    ),
    "person": N_("Person"),
    "report": N_("report"),
    "json": N_("JSON"),
    "expected": N_("Planted behaviour (demo)"),
    "chart_title": N_("Distribution of response times"),
    "chart_x": N_("time to first reaction"),
    "chart_y": N_("reactions"),
    "not_seen": N_("Posts about the organisation nobody in the team reacted to"),
    "more": N_("and"),
    "advice": N_(
        "This overview supports a conversation; it is not a verdict and not a decision. Every "
        "employee sees everything a manager sees first, and can annotate or contest the "
        "evidence."
    ),
    "demo_note": N_("Every person, post and account on this page is invented for the demo."),
}


def strings(lang: str) -> dict[str, str]:
    """The page's texts in *lang*."""
    return {key: t(message, lang) for key, message in STRINGS.items()}


@dataclass(slots=True)
class TeamMember:
    """One row of the levels table."""

    name: str
    role: str | None
    levels: dict[str, int | None]
    report_href: str | None = None
    json_href: str | None = None
    #: free text shown under the name (the demo shows the planted archetype here)
    note: str | None = None
    #: per competency with an uncertain level: its [low, high] range (see competencies/stability.py)
    uncertain: dict[str, list[int]] = field(default_factory=dict)


@dataclass(slots=True)
class TeamOverview:
    """Everything the team page shows."""

    org_name: str
    competencies: list[tuple[str, dict[str, str]]]
    members: list[TeamMember]
    coverage: Measure
    answered: Measure
    response_times: dict[str, Any]
    since: datetime | None = None
    until: datetime | None = None
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    demo: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly summary (for the CLI and tests)."""
        return {
            "org": self.org_name,
            "members": [{"name": m.name, "levels": m.levels} for m in self.members],
            "coverage": self.coverage.value,
            "answered_within_day": self.answered.value,
            "response_times": self.response_times,
        }


@dataclass(slots=True)
class TeamEntry:
    """One person's inputs to the overview."""

    profile: Profile
    inputs: PersonInputs
    signals: Mapping[str, TextSignals] = field(default_factory=dict)
    role: str | None = None
    report_href: str | None = None
    json_href: str | None = None
    note: str | None = None


def team_overview(
    entries: Sequence[TeamEntry],
    model: Model,
    org: OrgConfig | None = None,
    stream: Sequence[Post] | None = None,
    org_name: str | None = None,
    demo: bool = False,
) -> TeamOverview:
    """Combine the people's profiles and the team measures into a :class:`TeamOverview`."""
    persons = [e.inputs for e in entries]
    signals: dict[str, TextSignals] = {}
    for e in entries:
        signals.update(e.signals)
    if stream is None:
        stream = next((p.stream for p in persons if p.stream is not None), None)
    members = []
    for e in entries:
        levels = {c.id: c.level for c in e.profile.competencies}
        name = e.profile.person.get("name") or ", ".join(e.profile.person.get("handles", []))
        uncertain = {
            c.id: list(c.level_range) for c in e.profile.competencies if c.uncertain and c.level_range
        }
        members.append(TeamMember(name, e.role, levels, e.report_href, e.json_href, e.note, uncertain))
    since = min((p.since for p in persons if p.since), default=None)
    until = max((p.until for p in persons if p.until), default=None)
    if since is None and stream:
        since, until = min(p.created_at for p in stream), max(p.created_at for p in stream)
    return TeamOverview(
        org_name=org_name or (org.name if org else ""),
        competencies=[(c.id, dict(c.name)) for c in model.competencies],
        members=members,
        coverage=team_stream_coverage(persons, stream, org),
        answered=team_answered_within_day(persons, signals),
        response_times=response_time_distribution(persons, signals),
        since=since,
        until=until,
        demo=demo,
    )


def response_time_chart(distribution: Mapping[str, Any], lang: str = "nl") -> str:
    """A bar chart of the response-time bins as an inline ``<svg>`` element (matplotlib)."""
    s = strings(lang)
    bins: Mapping[str, int] = distribution.get("bins", {})
    labels = [label.replace("<=", "≤ ").replace("h", " h") for label in bins]
    fig = Figure(figsize=(7.0, 2.8))
    ax = fig.add_subplot()
    bars = ax.bar(range(len(labels)), list(bins.values()), color="#2f6f8f")
    for i, label in enumerate(bins):
        if label.startswith(">") or float(label.strip("<=>h")) > 24:
            bars[i].set_color("#c0504d")  # slower than a day
    ax.set_xticks(range(len(labels)), labels)
    ax.set_xlabel(s["chart_x"])
    ax.set_ylabel(s["chart_y"])
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buf = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "spiegel-team"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100):d}%"


def render_team_html(overview: TeamOverview, lang: str = "nl") -> str:
    """The self-contained HTML page of *overview* in *lang* (``nl`` or ``en``)."""
    if lang not in LANGS:
        raise ConfigError(f"unknown language {lang!r}", field="lang", fix="Use nl or en.")
    env = install_jinja(
        Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]), trim_blocks=True
        )
    )
    env.filters["pct"] = _pct
    env.filters["http_url"] = safe_url
    template = env.get_template("team.html.j2")
    median = overview.response_times.get("median_hours")
    html = template.render(
        o=overview,
        s=strings(lang),
        csp=STATIC_REPORT_CSP,
        lang=lang,
        chart=response_time_chart(overview.response_times, lang),
        median=None if median is None else f"{median:.1f}",
        coverage_norm=COVERAGE_NORM,
        answered_norm=ANSWERED_NORM,
        names={cid: name.get(lang) or cid for cid, name in overview.competencies},
    )
    return re.sub(r"\n\s*\n", "\n", html)
