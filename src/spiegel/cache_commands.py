"""CLI verbs for the text-signal cache: ``spiegel cache info`` and ``spiegel cache clear``."""

from __future__ import annotations

import click

from spiegel.i18n import DEFAULT_LANG, LANGS
from spiegel.text_cache import TextSignalCache, clear, default_path

TEXT = {
    "nl": {
        "path": "cache:            {path}",
        "missing": "  (nog leeg: de eerste `spiegel report` vult hem)",
        "size": "  grootte:        {mb:.1f} MB",
        "rows": "  berichten:      {rows:,} ({current:,} voor de huidige tekstmodellen)",
        "error": "  onleesbaar:     {error}\n"
        "  Wis hem met `spiegel cache clear`; rapporten werken intussen zonder cache.",
        "privacy": "  De cache bevat alleen hashes en tekstsignalen, geen berichttekst.",
        "cleared": "Verwijderd: {files}",
        "nothing": "Niets te verwijderen: {path} bestaat niet.",
    },
    "en": {
        "path": "cache:         {path}",
        "missing": "  (empty so far: the first `spiegel report` fills it)",
        "size": "  size:        {mb:.1f} MB",
        "rows": "  posts:       {rows:,} ({current:,} for the current text models)",
        "error": "  unreadable:  {error}\n"
        "  Delete it with `spiegel cache clear`; reports work without the cache meanwhile.",
        "privacy": "  The cache holds only hashes and text signals, no post text.",
        "cleared": "Removed: {files}",
        "nothing": "Nothing to remove: {path} does not exist.",
    },
}

_LANG = click.option(
    "--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True, help="Output language."
)


@click.group(name="cache")
def cache_group() -> None:
    """Show or delete the text-signal cache (it makes repeat reports fast).

    The cache lives in $SPIEGEL_CACHE_DIR, else ~/.cache/spiegel; it stores per-post text
    signals under hashed keys and no post text.
    """


@cache_group.command(name="info")
@_LANG
def info_command(lang: str) -> None:
    """Show where the cache is, its size and how many posts it holds."""
    s = TEXT[lang]
    with TextSignalCache() as cache:
        info = cache.info()
    click.echo(s["path"].format(path=info["path"]))
    if not info["exists"]:
        click.echo(s["missing"])
        return
    click.echo(s["size"].format(mb=info["bytes"] / 2**20))
    if "error" in info:
        click.echo(s["error"].format(error=info["error"]))
        return
    click.echo(s["rows"].format(rows=info["rows"], current=info["current_rows"]))
    click.echo(s["privacy"])


@cache_group.command(name="clear")
@_LANG
def clear_command(lang: str) -> None:
    """Delete the cache; the next report analyses every post again."""
    s = TEXT[lang]
    removed = clear()
    if removed:
        click.echo(s["cleared"].format(files=", ".join(str(p) for p in removed)))
    else:
        click.echo(s["nothing"].format(path=default_path()))


COMMANDS = [cache_group]
