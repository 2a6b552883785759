"""Run the demo end to end: generate the organisation, build every person's profile through
:mod:`spiegel.pipeline`, write their reports (HTML and JSON) and the team overview page.

Layout added to :mod:`spiegel.demo.build`'s::

    DIR/reports/<person>.html, <person>.json   one report per person (spiegel.report.v1 JSON)
    DIR/index.html                             the team overview
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from spiegel.competencies import default_model
from spiegel.demo.build import DemoFiles, write_demo
from spiegel.org import load_org
from spiegel.pipeline import Profile, analyze_text, build_profile, load_inputs
from spiegel.report import render_html, render_json
from spiegel.report.team import TeamEntry, TeamOverview, render_team_html, team_overview

#: progress callback: (what, done, total)
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class DemoResult:
    files: DemoFiles
    profiles: dict[str, Profile]
    overview: TeamOverview
    index: Path
    #: person key → report paths written
    reports: dict[str, list[Path]]


def run_demo(out: Path, seed: int = 7, lang: str = "nl", progress: Progress | None = None) -> DemoResult:
    """Generate the demo organisation in *out* and write every report and the team page."""
    step = progress or (lambda _what, _done, _total: None)
    files = write_demo(out, seed)
    total = len(files.people) + 1
    step("generated", 1, total)
    model = default_model()
    org = load_org(files.org)
    reports_dir = out / "reports"
    reports_dir.mkdir(exist_ok=True)
    entries: list[TeamEntry] = []
    profiles: dict[str, Profile] = {}
    reports: dict[str, list[Path]] = {}
    for i, pf in enumerate(files.people, start=1):
        p = pf.persona
        inputs = load_inputs(
            pf.sources,
            inbound=[pf.inbound] if pf.inbound else [],
            stream=[files.stream],
            org=org,
            since=files.world.start,
            until=files.world.end,
            handles=pf.handles,
        )
        inputs.display_name = p.name
        profile = build_profile(inputs, model=model)
        # the team measures (questions answered, response times) need the text signals too
        signals = analyze_text(inputs)[0]
        profiles[p.key] = profile
        json_path = reports_dir / f"{p.key}.json"
        json_path.write_bytes(render_json(profile))
        html_path = reports_dir / f"{p.key}.html"
        html_path.write_text(render_html(profile, lang=lang, standalone=True), encoding="utf-8")
        reports[p.key] = [html_path, json_path]
        entries.append(
            TeamEntry(
                profile=profile,
                inputs=inputs,
                signals=signals,
                role=p.role,
                report_href=f"reports/{html_path.name}",
                json_href=f"reports/{json_path.name}",
                note=p.archetype_nl if lang == "nl" else p.archetype_en,
            )
        )
        step(p.key, i + 1, total)
    overview = team_overview(entries, model, org=org, org_name=org.name, demo=True)
    index = out / "index.html"
    index.write_text(render_team_html(overview, lang), encoding="utf-8")
    return DemoResult(files, profiles, overview, index, reports)
