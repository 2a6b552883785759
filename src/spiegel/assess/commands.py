"""``spiegel assess form`` and ``spiegel assess collect``."""

from __future__ import annotations

from pathlib import Path

import click
import orjson

from spiegel.i18n import LANGS, t

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group("assess")
def assess_group() -> None:
    """Self and 360 assessment on the same competencies."""


@assess_group.command("form")
@click.option("--person", required=True, help="Name of the person the questionnaire is about.")
@click.option(
    "--variant",
    type=click.Choice(["self", "other"]),
    default="self",
    show_default=True,
    help="Self-assessment or assessment by someone else.",
)
@click.option(
    "--lang", type=click.Choice(LANGS), default="nl", show_default=True, help="Language of the questionnaire."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "csv"]),
    default="html",
    show_default=True,
    help="An offline HTML form, or a CSV template to fill in.",
)
@click.option("--model", "model_file", type=_FILE, help="Competency model YAML (default: spiegel's own).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the questionnaire.",
)
def form_command(
    person: str, variant: str, lang: str, fmt: str, model_file: Path | None, output: Path
) -> None:
    """Write the questionnaire for a person."""
    # Imported here, not at the top, so that `spiegel --help` stays fast.
    from spiegel.assess.forms import render_form
    from spiegel.competencies import load_model

    text = render_form(load_model(model_file), person, variant, lang, fmt)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(t("Wrote %(path)s", lang, path=output), err=True)


@assess_group.command("collect")
@click.argument("files", nargs=-1, required=True, type=_FILE)
@click.option("--person", help="Keep only the answers about this person.")
@click.option("--model", "model_file", type=_FILE, help="Competency model YAML (default: spiegel's own).")
@click.option(
    "--lang", type=click.Choice(LANGS), default="nl", show_default=True, help="Language of messages."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write assessment.json.",
)
def collect_command(
    files: tuple[Path, ...], person: str | None, model_file: Path | None, lang: str, output: Path
) -> None:
    """Read filled questionnaires (CSV or JSON) into one assessment.json for `spiegel report --assessment`."""
    # Imported here, not at the top, so that `spiegel --help` stays fast.
    from spiegel.assess.collect import collect
    from spiegel.competencies import load_model

    doc = collect(list(files), load_model(model_file), person)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    kinds = [r["variant"] for r in doc["responses"]]
    message = t(
        "Wrote %(path)s: %(self)s self-assessment(s), %(other)s other rater(s)",
        lang,
        path=output,
        self=kinds.count("self"),
        other=kinds.count("other"),
    )
    click.echo(message, err=True)


COMMANDS = [assess_group]
