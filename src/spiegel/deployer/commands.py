"""CLI verbs for the deployer's file: ``spiegel deployer docs -o DIR [--org org.yaml]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click


@click.group(name="deployer")
def deployer_group() -> None:
    """The deployer's file: instructions for use, risk register, DPIA, FRIA, records, register entry."""


@deployer_group.command(name="docs")
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write to (nl/ and en/ are made in it; existing files of the same name are replaced).",
)
@click.option(
    "--org",
    "org_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Organisation config (org.yaml): fills in the organisation's name, topics and norms.",
)
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Competency model YAML (default: spiegel's own model).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")
def docs(out: Path, org_path: Path | None, model_path: Path | None, quiet: bool) -> None:
    """Generate the deployer's file in Dutch and English from the model, the indicators, the
    model card's figures and the organisation config, so it never drifts from the code."""
    # imported here: the model, indicators and text classifiers need not load for `spiegel --help`
    import yaml

    from spiegel.competencies.model import load_model
    from spiegel.deployer.docs import render_all, write
    from spiegel.org import load_org

    model = load_model(model_path)
    org = load_org(org_path) if org_path is not None else None
    org_config: dict[str, Any] | None = None
    if org_path is not None:
        # already validated by load_org: the raw mapping is what the fingerprint covers
        org_config = yaml.safe_load(org_path.read_text(encoding="utf-8"))
    written = write(out, render_all(model, org, org_config))
    if not quiet:
        click.echo(f"Wrote {len(written)} files to {out}")


COMMANDS = [deployer_group]
