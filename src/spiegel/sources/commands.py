"""CLI verbs of the sources stage: ``spiegel inspect``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import click
import orjson

from spiegel.records import Account, Interaction, Post, Record
from spiegel.sources import Container, detect, get_importer, registry


def summarize(path: Path, records: Iterable[Record], fmt: str) -> dict[str, Any]:
    """The ``inspect`` summary of one source (documented in docs/formats.md)."""
    counts = {"posts": 0, "replies": 0, "boosts": 0, "likes": 0, "follows": 0, "mentions": 0}
    first: datetime | None = None
    last: datetime | None = None
    account: str | None = None
    for r in records:
        if isinstance(r, Post):
            if r.kind == "boost":
                counts["boosts"] += 1
            else:
                counts["posts"] += 1
                if r.is_reply:
                    counts["replies"] += 1
            counts["mentions"] += len(r.mentions)
            ts = r.created_at
        elif isinstance(r, Interaction):
            if r.kind == "like":
                counts["likes"] += 1
            elif r.kind == "boost":
                counts["boosts"] += 1
            elif r.kind == "follow":
                counts["follows"] += 1
            ts = r.created_at
        else:
            assert isinstance(r, Account)
            if r.is_self and account is None:
                account = r.handle
            continue
        if ts is not None:
            first = ts if first is None or ts < first else first
            last = ts if last is None or ts > last else last
    warnings: list[str] = []
    if counts["posts"] + counts["boosts"] == 0:
        warnings.append("no posts found in this source")
    return {
        "path": str(path),
        "format": fmt,
        "account": account,
        "counts": counts,
        "first": first.isoformat() if first else None,
        "last": last.isoformat() if last else None,
        "warnings": warnings,
    }


@click.command("inspect")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(registry()) or ["generic"]), default=None,
              help="Force a format instead of detecting it.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON (see docs/formats.md).")
def inspect_cmd(sources: tuple[Path, ...], fmt: str | None, as_json: bool) -> None:
    """Show what spiegel finds in each export: format, account, counts, dates, warnings."""
    results = []
    for path in sources:
        with Container.open_path(path) as container:
            importer = get_importer(fmt) if fmt else detect(container)
            results.append(summarize(path, importer.read(container), importer.name))
    if as_json:
        click.echo(orjson.dumps({"sources": results}, option=orjson.OPT_INDENT_2).decode())
        return
    for res in results:
        click.echo(f"{res['path']}\n  format:  {res['format']}\n  account: {res['account'] or '(unknown)'}")
        click.echo("  counts:  " + ", ".join(f"{k} {v:,}" for k, v in res["counts"].items()))
        click.echo(f"  period:  {res['first'] or '?'} – {res['last'] or '?'}")
        for w in res["warnings"]:
            click.echo(f"  warning: {w}")


COMMANDS = [inspect_cmd]
