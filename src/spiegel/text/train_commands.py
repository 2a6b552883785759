"""CLI verbs for the text models: ``spiegel train`` and ``spiegel evaluate``."""

from __future__ import annotations

from pathlib import Path

import click

DATA_HELP = (
    "Folder with the public data sets (default: ../shared/data next to the repository, or $SPIEGEL_DATA)."
)


@click.command("train")
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path), help=DATA_HELP)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the model files into (default: the package's own models folder).",
)
@click.option(
    "--limit", type=click.IntRange(min=50), help="Use at most this many examples per model (quick runs)."
)
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
@click.option(
    "--embeddings/--no-embeddings",
    default=None,
    help="Also train the sentence-embedding heads (default: when spiegel[embed] is installed).",
)
@click.option(
    "--only",
    help="Retrain only these models (comma-separated, e.g. hostile:nl,complaint:nl); keep the others "
    "as they are in --out (or the shipped models).",
)
def train_command(
    data: Path | None,
    out: Path | None,
    limit: int | None,
    quiet: bool,
    embeddings: bool | None,
    only: str | None,
) -> None:
    """Train the text classifiers (question, complaint, hostile, explanation, template, tone).

    Reads the public data sets and spiegel's own examples in training/, and writes
    classifiers.npz and classifiers.json. Seeded: the same data gives the same files.
    """
    from spiegel.text.classifiers import MODELS_DIR, clear_cache
    from spiegel.text.train import train

    say = (lambda _m: None) if quiet else (lambda m: click.echo(m, err=True))
    target = out or MODELS_DIR
    keys = None if only is None else [k.strip() for k in only.split(",") if k.strip()]
    train(data=data, out=target, limit=limit, progress=say, embeddings=embeddings, only=keys)
    clear_cache()
    if not quiet:
        click.echo(f"Wrote the models to {target}")


@click.command("evaluate")
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path), help=DATA_HELP)
@click.option(
    "--models",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder with the model files to evaluate (default: the models shipped in the package).",
)
@click.option(
    "--card",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("docs/model-card.md"),
    show_default=True,
    help="Where to write the model card.",
)
@click.option("--no-card", is_flag=True, help="Only print the scores; do not write the model card.")
@click.option(
    "--training-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder with spiegel's own labelled posts, <lang>/test.jsonl etc. (default: training/).",
)
@click.option(
    "--embeddings/--no-embeddings",
    default=None,
    help="Add rows for the fast + embedding path (default: when spiegel[embed] and the heads are installed).",
)
@click.option("--no-cv", is_flag=True, help="Skip the 10-fold cross-validation of English complaints.")
@click.option(
    "--lang",
    "ui_lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="Language of the printed table.",
)
def evaluate_command(
    data: Path | None,
    models: Path | None,
    card: Path,
    no_card: bool,
    training_dir: Path | None,
    embeddings: bool | None,
    no_cv: bool,
    ui_lang: str,
) -> None:
    """Measure every classifier on held-out data and write the model card.

    Prints precision, recall, F1 and macro-F1 per signal and language (tone: accuracy and
    macro-F1; plain language: pairwise accuracy), next to the best published score for the task,
    with the external test set of real posts by others first (training/external/test.jsonl, when
    present), and the functional test suites per functionality (training/functional/). The
    hand-written blind test sets training/<lang>/test.jsonl must be present. The model card's
    headline sentence is also written into README.md beside the card's folder (between its
    external-accuracy markers).
    """
    from spiegel.text import functional
    from spiegel.text.evaluate import evaluate, render_table, write_model_card

    results = evaluate(
        data=data, models=models, training_dir=training_dir, embeddings=embeddings, cv=not no_cv
    )
    click.echo(render_table(results, ui_lang))
    from spiegel.errors import InputError

    try:
        suites = functional.run_suites(models=models, training_dir=training_dir)
        click.echo(functional.render_text(suites))
    except InputError as exc:  # a training folder without functional suites: the card says so
        suites = []
        click.echo(f"Functional tests skipped: {exc.what} ({exc.path})", err=True)
    if not no_card:
        readme = card.resolve().parent.parent / "README.md"
        write_model_card(results, card, models, training_dir, functional.render_markdown(suites), readme)
        click.echo(("Modelkaart geschreven: " if ui_lang == "nl" else "Wrote the model card: ") + str(card))


COMMANDS = [train_command, evaluate_command]
