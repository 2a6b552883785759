"""``spiegel assess form`` and ``spiegel assess collect``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    click.echo(reliability_line(doc, load_model(model_file), lang), err=True)


def reliability_line(doc: dict[str, Any], model: Any, lang: str) -> str:
    """Cronbach's α per competency over the collected questionnaires, in one line, with the
    competencies below the acceptable 0.7 named (:mod:`spiegel.assess.reliability`)."""
    from babel.numbers import format_decimal

    from spiegel.assess.reliability import ACCEPTABLE, MIN_QUESTIONNAIRES, alpha_per_competency

    items = {c.id: [st.id for st in c.statements] for c in model.competencies}
    names = {c.id: c.name.get(lang, c.id) for c in model.competencies}
    answers = [
        {sid: (float(v) if v else None) for sid, v in (r.get("answers") or {}).items()}
        for r in doc["responses"]
    ]
    alphas = alpha_per_competency(answers, items)
    if all(a.alpha is None for a in alphas):
        return t(
            "Reliability of the questionnaire: not computed yet"
            " (at least %(min)s complete questionnaires needed).",
            lang,
            min=MIN_QUESTIONNAIRES,
        )

    def number(alpha: float | None) -> str:
        return "–" if alpha is None else str(format_decimal(alpha, format="0.00", locale=lang))

    shown = ", ".join(f"{names[a.competency]} {number(a.alpha)}" for a in alphas)
    line = t(
        "Reliability of the questionnaire (Cronbach's alpha per competency, 0.7 or more is acceptable):"
        " %(values)s.",
        lang,
        values=shown,
    )
    low = [names[a.competency] for a in alphas if a.acceptable is False]
    if low:
        line += " " + t(
            "Below %(min)s: %(names)s; use those 360 scores with care.",
            lang,
            names=", ".join(low),
            min=format_decimal(ACCEPTABLE, locale=lang),
        )
    return line


COMMANDS = [assess_group]
