"""CLI verbs for the text-signal cache: ``spiegel cache info`` and ``spiegel cache clear``."""

from __future__ import annotations

import click

from spiegel.errors import ConfigError
from spiegel.i18n import DEFAULT_LANG, LANGS, N_, texts

#: the texts of these commands: English msgids of the ``spiegel`` gettext domain with
#: ``str.format`` fields, translated by :func:`spiegel.i18n.texts`
TEXT: dict[str, str] = {
    "path": N_("cache:         {path}"),
    "missing": N_("  (empty so far: the first `spiegel report` fills it)"),
    "size": N_("  size:        {mb:.1f} MB"),
    "rows": N_("  posts:       {rows:,} ({current:,} for the current text models)"),
    "error": N_(
        "  unreadable:  {error}\n  Delete it with `spiegel cache clear`; reports work "
        "without the cache meanwhile."
    ),
    "privacy": N_("  The cache holds only hashes and text signals, no post text."),
    "cleared": N_("Removed: {files}"),
    "nothing": N_("Nothing to remove: {path} does not exist."),
    "not_a_folder": N_("the cache cannot be cleared: {path} is a file, not a folder"),
    "not_a_folder_fix": N_("Point SPIEGEL_CACHE_DIR at a folder (or remove or rename that file)."),
    "is_a_folder": N_("the cache cannot be cleared: {path} is a folder, not spiegel's cache file"),
    "is_a_folder_fix": N_(
        "Remove or rename that folder yourself, or point SPIEGEL_CACHE_DIR at another folder."
    ),
    "permission": N_("the cache cannot be cleared: no permission to remove {path} ({detail})"),
    "permission_fix": N_(
        "Give yourself write permission on {folder}, or point SPIEGEL_CACHE_DIR at a folder of your own."
    ),
    "other": N_("the cache cannot be cleared: {path} ({detail})"),
    "other_fix": N_("Remove the file yourself, or point SPIEGEL_CACHE_DIR at another folder."),
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

    s = texts(TEXT, lang)
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

    s = texts(TEXT, lang)
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
