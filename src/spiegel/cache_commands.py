"""CLI verbs for the text-signal cache: ``spiegel cache info`` and ``spiegel cache clear``."""

from __future__ import annotations

import click

from spiegel.errors import ConfigError
from spiegel.i18n import DEFAULT_LANG, LANGS

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
        "not_a_folder": "de cache kan niet gewist worden: {path} is een bestand, geen map",
        "not_a_folder_fix": "Zet SPIEGEL_CACHE_DIR op een map (of verwijder of hernoem dat bestand).",
        "is_a_folder": "de cache kan niet gewist worden: {path} is een map, "
        "niet het cachebestand van spiegel",
        "is_a_folder_fix": "Verwijder of hernoem die map zelf, of zet SPIEGEL_CACHE_DIR op een andere map.",
        "permission": "de cache kan niet gewist worden: geen toestemming om {path} te verwijderen ({detail})",
        "permission_fix": "Geef jezelf schrijfrechten op {folder}, "
        "of zet SPIEGEL_CACHE_DIR op een eigen map.",
        "other": "de cache kan niet gewist worden: {path} ({detail})",
        "other_fix": "Verwijder het bestand zelf, of zet SPIEGEL_CACHE_DIR op een andere map.",
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
        "not_a_folder": "the cache cannot be cleared: {path} is a file, not a folder",
        "not_a_folder_fix": "Point SPIEGEL_CACHE_DIR at a folder (or remove or rename that file).",
        "is_a_folder": "the cache cannot be cleared: {path} is a folder, not spiegel's cache file",
        "is_a_folder_fix": "Remove or rename that folder yourself, "
        "or point SPIEGEL_CACHE_DIR at another folder.",
        "permission": "the cache cannot be cleared: no permission to remove {path} ({detail})",
        "permission_fix": "Give yourself write permission on {folder}, "
        "or point SPIEGEL_CACHE_DIR at a folder of your own.",
        "other": "the cache cannot be cleared: {path} ({detail})",
        "other_fix": "Remove the file yourself, or point SPIEGEL_CACHE_DIR at another folder.",
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
    # Imported here, not at the top, so that `spiegel --help` stays fast.
    from spiegel.text_cache import TextSignalCache

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
    # Imported here, not at the top, so that `spiegel --help` stays fast.
    from spiegel.text_cache import ENV_DIR, CacheClearError, clear, default_path

    s = TEXT[lang]
    try:
        removed = clear()
    except CacheClearError as exc:
        values = {"path": exc.path, "folder": exc.path.parent, "detail": exc.detail}
        raise ConfigError(
            s[exc.reason].format(**values), field=ENV_DIR, fix=s[exc.reason + "_fix"].format(**values)
        ) from exc
    if removed:
        click.echo(s["cleared"].format(files=", ".join(str(p) for p in removed)))
    else:
        click.echo(s["nothing"].format(path=default_path()))


COMMANDS = [cache_group]
