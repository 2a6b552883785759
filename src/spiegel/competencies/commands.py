"""``spiegel model validate FILE`` and ``spiegel model show``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from spiegel.i18n import DIRECTIONS, LANGS, t

if TYPE_CHECKING:
    from rich.table import Table

    from spiegel.competencies.model import Model


@click.group("model")
def model_group() -> None:
    """Check and show the competency model."""


@model_group.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--lang", type=click.Choice(LANGS), default="nl", show_default=True, help="Language of the message."
)
def validate(file: Path, lang: str) -> None:
    """Check a model YAML against the schema and the indicator registry."""
    # Imported here, not at the top, so that `spiegel --help` stays fast.
    from spiegel.competencies.model import load_model

    model = load_model(file)
    message = t(
        "%(path)s: valid model %(id)r (version %(version)s): %(competencies)s competencies, "
        "%(indicators)s indicators, %(statements)s statements",
        lang,
        path=file,
        id=model.id,
        version=model.version,
        competencies=len(model.competencies),
        indicators=sum(len(c.indicators) for c in model.competencies),
        statements=sum(len(c.statements) for c in model.competencies),
    )
    click.echo(message)


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}"


def model_table(model: Model, lang: str) -> Table:
    from rich.table import Table

    from spiegel.competencies.registry import registry

    reg = registry()
    table = Table(title=model.name[lang], show_lines=True)
    table.add_column(t("Competency", lang))
    table.add_column(t("Development direction", lang))
    table.add_column(t("Indicator", lang))
    table.add_column("weight")
    table.add_column(t("Norm", lang))
    table.add_column("2 / 3 / 4")
    for comp in model.competencies:
        for i, spec in enumerate(comp.indicators):
            title = reg[spec.id].texts["title"][lang]
            table.add_row(
                f"{comp.name[lang]} ({comp.id})" if i == 0 else "",
                comp.direction[lang] if i == 0 else "",
                f"{title}\n[dim]{reg[spec.id].key()} · {t(DIRECTIONS[spec.direction], lang)}[/dim]",
                _fmt(spec.weight),
                _fmt(spec.norm),
                " / ".join(_fmt(x) for x in spec.thresholds),
            )
    return table


@model_group.command("show")
@click.option(
    "--model",
    "model_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Model YAML to show (default: spiegel's own).",
)
@click.option(
    "--lang", type=click.Choice(LANGS), default="nl", show_default=True, help="Language of the texts."
)
def show(model_file: Path | None, lang: str) -> None:
    """Show the competencies, their indicators, weights, norms and level thresholds."""
    # Imported here, not at the top, so that `spiegel --help` stays fast.
    from rich.console import Console

    from spiegel.competencies.model import load_model

    model = load_model(model_file)
    Console(width=140).print(model_table(model, lang))


COMMANDS = [model_group]
