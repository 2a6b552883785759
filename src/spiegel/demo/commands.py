"""CLI verb of the demo: ``spiegel demo``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.table import Table

    from spiegel.demo.run import DemoResult

from spiegel.i18n import N_, t

#: the summary's texts (msgids of the ``spiegel`` gettext domain)
_HEAD = (
    N_("Person"),
    N_("Team listening coverage"),
    N_("Questions answered within a day"),
    N_("(2–3): uncertain level, its spread when the posts are drawn again"),
)
#: a cell is at most "3 (2–4)" wide
_CELL_WIDTH = 7


def _cell(level: int | None, span: list[int] | None) -> str:
    """A level, with its range when uncertain ("3 (2–3)"), or "—" without a level."""
    if not level:
        return "—"
    return f"{level} ({span[0]}–{span[1]})" if span else str(level)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _summary(result: DemoResult, lang: str, seconds: float, width: int = 80) -> Table:
    """The levels of everyone, no name ever cut: when the table is wider than *width* columns
    (the English competency names are longer), the headers break after their hyphens
    ("Role-" / "steadfast") and stand on two lines."""
    from rich.console import Console
    from rich.measure import Measurement

    table = _table(result, lang, seconds, broken=False)
    console = Console(width=max(width, 200))
    if Measurement.get(console, console.options, table).maximum > width:
        table = _table(result, lang, seconds, broken=True)
    return table


def _table(result: DemoResult, lang: str, seconds: float, broken: bool) -> Table:
    from rich import box
    from rich.table import Table

    head = [t(text, lang) for text in _HEAD]
    comps = [c for c, _ in result.overview.competencies]
    names = dict(result.overview.competencies)
    table = Table(
        title=f"{result.overview.org_name} ({seconds:.1f} s)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    first_names = [pf.persona.name.split()[0] for pf in result.files.people]
    first_width = max(map(len, [head[0], *first_names]))
    # no name is ever cut: at 80 columns the (longer, English) competency names break at a hyphen
    table.add_column(head[0], no_wrap=True, min_width=first_width)
    for cid in comps:
        header = names[cid].get(lang, cid).replace("-", "-\n" if broken else "-")
        table.add_column(
            header, justify="center", no_wrap=True, min_width=max(_CELL_WIDTH, *map(len, header.split("\n")))
        )
    for member, name in zip(result.overview.members, first_names, strict=True):
        cells = [_cell(member.levels.get(c), member.uncertain.get(c)) for c in comps]
        table.add_row(name, *cells)
    return table


@click.command("demo")
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("spiegel-demo"),
    show_default=True,
    help="Folder to write the demo into.",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="Language of the reports and the team page.",
)
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the generated organisation.")
@click.option("--quiet", is_flag=True, help="Print only where to open the result.")
def demo_cmd(out: Path, lang: str, seed: int, quiet: bool) -> None:
    """Generate a demo municipality, report on everyone and write a team overview.

    Creates the synthetic "Gemeente Spiegelstad": seven employees with planted behaviour, their
    exports in the real X, Mastodon, Bluesky and LinkedIn formats, messages addressed to them, the
    organisation stream and an org.yaml. Then runs the report for every person and writes
    DIR/index.html.
    """
    # Imported here, not at the top, so that `spiegel --help` stays fast.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from spiegel.demo.run import run_demo

    err = Console(stderr=True, quiet=quiet)
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task(t("Generating the demo organisation", lang), total=8)

        def step(what: str, done: int, total: int) -> None:
            if what == "generated":
                text = t("Generated the organisation", lang)
            else:
                text = t("Reported on %(name)s", lang, name=what)
            bar.update(task, completed=done, total=total, description=text)

        result = run_demo(out, seed=seed, lang=lang, progress=step)
    seconds = time.perf_counter() - started
    console = Console()
    if not quiet:
        console.print(_summary(result, lang, seconds, console.width))
        head = [t(text, lang) for text in _HEAD]
        if any(m.uncertain for m in result.overview.members):
            console.print(head[3])
        console.print(f"{head[1]}: {_pct(result.overview.coverage.value)} (norm 80%)")
        console.print(f"{head[2]}: {_pct(result.overview.answered.value)} (norm 100%)")
    where = t("Open the team overview:", lang)
    console.print(f"{where} {result.index.resolve()}", soft_wrap=True)


COMMANDS = [demo_cmd]
