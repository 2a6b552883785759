"""``spiegel team report ROSTER -o DIR``: every person's report, the team overview and a
machine-readable summary, on all cores (or on Apache Spark), resumable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from spiegel.i18n import DEFAULT_LANG, LANGS, N_, texts

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)

#: user-facing text of this command, Dutch (default) and English
#: the texts of these commands: English msgids of the ``spiegel`` gettext domain with
#: ``str.format`` fields, translated by :func:`spiegel.i18n.texts`
TEXT: dict[str, str] = {
    "reading": N_("Reading the organisation stream…"),
    "people": N_("People"),
    "done": N_("{ok} of {n} reports done ({skipped} skipped: nothing changed), {failed} failed."),
    "failed": N_("Failed for {id}: {error}"),
    "open": N_("Team overview: {index}\nSummary: {summary}"),
}


@click.group(name="team")
def team_group() -> None:
    """Reports for a whole organisation or team from a roster."""


@team_group.command(name="report")
@click.argument("roster_path", metavar="ROSTER", type=_FILE)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the reports, index.html (team overview) and summary.json.",
)
@click.option("--org", type=_FILE, help="Organisation config (org.yaml); not needed when ROSTER is one.")
@click.option(
    "--stream",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Public posts about the organisation (O), read once for everyone; repeatable.",
)
@click.option("--model", "model_file", type=_FILE, help="Competency model YAML (default: spiegel's own).")
@click.option("--since", help="First day of the window (YYYY-MM-DD).")
@click.option("--until", help="Last day of the window (YYYY-MM-DD).")
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["html", "json"]),
    help="Report formats per person; repeatable (default: html and json).",
)
@click.option(
    "--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True, help="Report language."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="local: a pool of processes on this machine; spark: Apache Spark (needs spiegel[spark]).",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Processes for --engine local (default: all cores)."
)
@click.option(
    "--spark-master",
    help="Spark master URL for --engine spark (default: $SPARK_MASTER or local[*]); see docs/scale.md.",
)
@click.option(
    "--force", is_flag=True, help="Report on everyone again, also people whose inputs did not change."
)
@click.option("--no-cache", is_flag=True, help="Analyse every post again; skip the text-signal cache.")
@click.option("--quiet", is_flag=True, help="Hide the progress bar and the summary lines.")
def team_report_command(
    roster_path: Path,
    output: Path,
    org: Path | None,
    stream: tuple[Path, ...],
    model_file: Path | None,
    since: str | None,
    until: str | None,
    formats: tuple[str, ...],
    lang: str,
    engine: str,
    jobs: int | None,
    spark_master: str | None,
    force: bool,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Write every person's report, the team overview and summary.json for ROSTER.

    ROSTER is a CSV or YAML file with one entry per person (id, name, team, their export paths,
    inbound files), or an org.yaml whose roster CSV has an exports column; see
    docs/team-report.md. People whose inputs did not change since the last run into the same
    folder are skipped. A bad export fails that one person, with the reason in summary.json,
    never the run.
    """
    # Imported here, not at the top, so that `spiegel --help` stays fast.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from spiegel.team.engine import run_team
    from spiegel.team.roster import load_roster
    from spiegel.team.run import FORMATS, RunSettings

    s = texts(TEXT, lang)
    roster = load_roster(roster_path)
    settings = RunSettings(
        out=output.resolve(),
        lang=lang,
        formats=tuple(dict.fromkeys(formats)) or FORMATS,
        since=since,
        until=until,
        org=(org or roster.org),
        model=model_file,
        stream=tuple(stream) or tuple(roster.stream),
        cache=not no_cache,
    )
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        auto_refresh=False,  # no refresh thread while the pool forks its workers
        disable=quiet or not console.is_terminal,
    ) as progress:
        task = progress.add_task(s["reading"], total=len(roster.people))

        def step(_result: dict[str, Any], done: int, total: int) -> None:
            progress.update(task, description=s["people"], completed=done, total=total)
            progress.refresh()

        progress.refresh()
        run = run_team(
            roster, settings, engine=engine, jobs=jobs, spark_master=spark_master, progress=step, force=force
        )
    if quiet:
        return
    counts = run.summary["counts"]
    for r in run.failed:
        click.echo(s["failed"].format(id=r["id"], error=r.get("error")), err=True)
    click.echo(
        s["done"].format(
            ok=counts["ok"], n=counts["people"], skipped=counts["skipped"], failed=counts["failed"]
        ),
        err=True,
    )
    click.echo(s["open"].format(index=run.index, summary=run.summary_path), err=True)


COMMANDS = [team_group]
