"""``spiegel report``: one person's competency profile as HTML, PDF or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

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
    type=click.Choice(["html", "pdf", "json"]),
    default="html",
    show_default=True,
    help="Output format.",
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

    if fmt == "pdf" and output is None:
        raise ConfigError(
            "a PDF cannot be written to the terminal", field="--output", fix="Add -o report.pdf."
        )
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
        with collecting() as notices:
            inputs = load_inputs(
                list(sources),
                inbound=list(inbound),
                stream=list(stream),
                org=org,
                since=since,
                until=until,
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
        labels = {
            "text": t("Analysing posts", lang),
            "indicators": t("Measuring indicators", lang),
            "done": t("Writing the report", lang),
        }

        def step(stage: str, done: int, total: int) -> None:
            progress.update(task, description=labels.get(stage, stage), completed=done, total=total)

        profile = build_profile(
            inputs,
            model=model,
            assessment=assessment,
            progress=step,
            cache=False if no_cache else None,
            embeddings=embeddings,
        )
        if fmt == "json":
            data = render_json(profile)
        elif fmt == "pdf":
            data = render_pdf(profile, lang)
        else:
            data = render_html(profile, lang).encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_report(output, data, lang)  # .part, then renamed; a failed write leaves no .part
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


COMMANDS = [report_command]
