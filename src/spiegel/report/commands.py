"""``spiegel report``: one person's competency profile as HTML, PDF or JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from spiegel.errors import ConfigError
from spiegel.i18n import LANGS, format_number, t, texts

_EXISTING = click.Path(exists=True, path_type=Path)
_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("report")
@click.argument("sources", nargs=-1, required=True, type=_EXISTING, metavar="SOURCE...")
@click.option(
    "--inbound", multiple=True, type=_EXISTING, help="Messages addressed to the person (M); repeatable."
)
@click.option(
    "--stream", multiple=True, type=_EXISTING, help="Public posts about the organisation (O); repeatable."
)
@click.option("--org", type=_FILE, help="Organisation config (org.yaml).")
@click.option("--model", "model_file", type=_FILE, help="Competency model YAML (default: spiegel's own).")
@click.option("--since", help="First day of the window (YYYY-MM-DD).")
@click.option("--until", help="Last day of the window (YYYY-MM-DD).")
@click.option(
    "--window",
    "windows",
    multiple=True,
    metavar="SINCE:UNTIL",
    help="A period (YYYY-MM-DD:YYYY-MM-DD, either side may be empty); give it twice or more for a "
    "trend over the periods, the last one is reported on. Not together with --since/--until.",
)
@click.option(
    "--compare-with",
    "compare_with",
    multiple=True,
    type=_FILE,
    metavar="REPORT.json",
    help="An earlier JSON report of the same person (spiegel report --format json): the report "
    "shows the trend since then; repeatable.",
)
@click.option(
    "--handle", "handles", multiple=True, help="The person's own handle, when the exports do not say."
)
@click.option(
    "--public-account",
    "public_accounts",
    multiple=True,
    metavar="HANDLE",
    help="Declare your Facebook/Instagram/Threads account HANDLE public, so that its posts, comments "
    "and likes count (these exports do not record who could see them); repeatable.",
)
@click.option("--lang", type=click.Choice(LANGS), default="nl", show_default=True, help="Report language.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf", "json", "gespreksverslag", "gespreksverslag-html"]),
    default="html",
    show_default=True,
    help="Output format: the full report (html, pdf, json), or the gespreksverslag for the "
    "appraisal file, one or two A4 pages (gespreksverslag: PDF; gespreksverslag-html: its print view).",
)
@click.option("--assessment", type=_FILE, help="Self/360 answers from `spiegel assess collect`.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (default: standard output; PDF needs a file).",
)
@click.option("--quiet", is_flag=True, help="Hide the progress bar.")
@click.option("--no-cache", is_flag=True, help="Analyse every post again; skip the text-signal cache.")
@click.option(
    "--embeddings",
    is_flag=True,
    help="Classify posts with the slower sentence-embedding path too (better on several signals, "
    "see docs/model-card.md; needs spiegel[embed]).",
)
def report_command(
    sources: tuple[Path, ...],
    inbound: tuple[Path, ...],
    stream: tuple[Path, ...],
    org: Path | None,
    model_file: Path | None,
    since: str | None,
    until: str | None,
    windows: tuple[str, ...],
    compare_with: tuple[Path, ...],
    handles: tuple[str, ...],
    public_accounts: tuple[str, ...],
    lang: str,
    fmt: str,
    assessment: Path | None,
    output: Path | None,
    quiet: bool,
    no_cache: bool,
    embeddings: bool,
) -> None:
    """Write one person's competency profile with evidence and development advice.

    SOURCE is an export (X/Mastodon/Bluesky/LinkedIn/Facebook/Instagram archive, or generic
    JSONL/CSV posts).
    The report is written to FILE.part and then renamed: when the write fails (disk full, no
    permission), an earlier report at FILE stays as it was and no .part file is left.
    """
    # Heavy modules are imported here, not at the top: `spiegel --help` stays fast.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from spiegel.competencies import load_model
    from spiegel.pipeline import build_profile, load_inputs
    from spiegel.report import render_html, render_json, render_pdf
    from spiegel.report.output import write_report
    from spiegel.sources._notices import collecting
    from spiegel.sources.commands import TEXT as SOURCE_TEXT

    if fmt in ("pdf", "gespreksverslag") and output is None:
        raise ConfigError(
            "a PDF cannot be written to the terminal", field="--output", fix="Add -o report.pdf."
        )
    if windows and (since or until):
        raise ConfigError(
            "--window cannot be combined with --since/--until",
            field="--window",
            fix="Give every period as --window SINCE:UNTIL, or use --since/--until for one period.",
        )
    periods = [parse_window(w) for w in windows] or [(since, until)]
    earlier = [read_earlier_report(path) for path in compare_with]
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    ) as progress:
        task = progress.add_task(t("Reading sources", lang), total=None)
        model = load_model(model_file) if model_file else None
        labels = {
            "text": t("Analysing posts", lang),
            "indicators": t("Measuring indicators", lang),
            "done": t("Writing the report", lang),
        }

        def step(stage: str, done: int, total: int) -> None:
            progress.update(task, description=labels.get(stage, stage), completed=done, total=total)

        profiles = []
        for period_since, period_until in periods:
            with collecting() as notices:
                inputs = load_inputs(
                    list(sources),
                    inbound=list(inbound),
                    stream=list(stream),
                    org=org,
                    since=period_since,
                    until=period_until,
                    handles=handles or None,
                    public_accounts=public_accounts,
                )
            warning = texts(SOURCE_TEXT, lang)["warning"]
            for message in notices.messages(lang):
                console.print(f"{warning}: {message}", markup=False, highlight=False, soft_wrap=True)
            in_stream = {p.id for p in inputs.stream or []}
            own_messages = [m for m in inputs.inbound or [] if m.id not in in_stream]
            for option, paths, found in (
                ("--inbound", inbound, own_messages),
                ("--stream", stream, inputs.stream),
            ):
                if paths and not found:
                    warning = t(
                        "Warning: %(option)s holds no messages in this window; the indicators that need "
                        'them say "insufficient evidence".',
                        lang,
                        option=option,
                    )
                    console.print(warning, style="yellow", highlight=False)
            profiles.append(
                build_profile(
                    inputs,
                    model=model,
                    assessment=assessment,
                    progress=step,
                    cache=False if no_cache else None,
                    embeddings=embeddings,
                )
            )
        profile = profiles[-1]
        if len(profiles) > 1 or earlier:
            from spiegel.report.html import as_dict
            from spiegel.report.trend import build_trend, check_same_person

            data = as_dict(profile)
            older = [as_dict(p) for p in profiles[:-1]]
            for path, report in zip(compare_with, earlier, strict=True):
                check_same_person(data, report, str(path))
                older.append(report)
            data["trend"] = build_trend([*older, data])
            result: Any = data
        else:
            result = profile
        if fmt == "json":
            out = render_json(result)
        elif fmt == "pdf":
            out = render_pdf(result, lang)
        elif fmt == "gespreksverslag":
            from spiegel.report.conversation import render_conversation_pdf

            out = render_conversation_pdf(result, lang)
        elif fmt == "gespreksverslag-html":
            from spiegel.report.conversation import render_conversation_html

            out = render_conversation_html(result, lang).encode("utf-8")
        else:
            out = render_html(result, lang).encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(out)
        sys.stdout.flush()
        return
    write_report(output, out, lang)  # .part, then renamed; a failed write leaves no .part
    if not quiet:
        levels = ", ".join(f"{c.id} {c.level if c.level else '–'}" for c in profile.competencies)
        click.echo(
            t(
                "Wrote %(path)s (%(n)s posts; %(levels)s)",
                lang,
                path=output,
                n=format_number(len(inputs.posts), lang),
                levels=levels,
            ),
            err=True,
        )


def parse_window(text: str) -> tuple[str | None, str | None]:
    """``SINCE:UNTIL`` (ISO dates, either may be empty) as (since, until)."""
    from datetime import date

    since, sep, until = text.partition(":")
    parts = (since.strip() or None, until.strip() or None)
    try:
        if not sep:
            raise ValueError(text)
        for part in parts:
            if part is not None:
                date.fromisoformat(part)
    except ValueError:
        raise ConfigError(
            f"{text!r} is not a period",
            field="--window",
            fix="Write the period as SINCE:UNTIL with dates as YYYY-MM-DD, e.g. "
            "--window 2026-01-01:2026-06-30 (leave a side empty for an open end).",
        ) from None
    if parts[0] and parts[1] and parts[0] > parts[1]:
        raise ConfigError(
            f"the period {text!r} ends before it starts",
            field="--window",
            fix="Put the first day before the colon and the last day after it.",
        )
    return parts


def read_earlier_report(path: Path) -> dict[str, Any]:
    """An earlier JSON report for ``--compare-with``, checked against the report schema."""
    import orjson
    from jsonschema import ValidationError

    from spiegel.report import validate_profile

    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise ConfigError(
            f"cannot read the earlier report: {exc}",
            path=path,
            field="--compare-with",
            fix="Pass a report written with `spiegel report … --format json -o previous.json`.",
        ) from exc
    if not isinstance(data, dict) or data.get("schema") != "spiegel.report.v1":
        raise ConfigError(
            "not a spiegel JSON report (spiegel.report.v1)",
            path=path,
            field="schema",
            fix="Pass a report written with `spiegel report … --format json -o previous.json`.",
        )
    data.pop("trend", None)  # an earlier report's own trend is not part of this one
    try:
        validate_profile(data)
    except ValidationError as exc:
        where = "/".join(str(x) for x in exc.absolute_path) or "(top)"
        raise ConfigError(
            f"the earlier report does not follow the report schema: {exc.message}",
            path=path,
            field=where,
            fix="Make the earlier report again with `spiegel report … --format json`.",
        ) from None
    return data


COMMANDS = [report_command]
