"""CLI verbs of the sources stage: ``spiegel inspect``."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click
import orjson

from spiegel.i18n import LANGS, N_, format_number, texts
from spiegel.records import Account, Interaction, Post, Record, normalize_handle
from spiegel.sources import Container, Importer, checked_read, detect, get_importer, registry
from spiegel.sources._meta import CONFIRM_PLATFORMS
from spiegel.sources._meta import UNKNOWN as UNKNOWN_VISIBILITY
from spiegel.sources._notices import collecting
from spiegel.sources.generic import GenericImporter, parse_mapping

#: formats that hold only what the person wrote themselves (no messages addressed to them)
ARCHIVE_FORMATS = (
    "x_archive",
    "x_legacy",
    "mastodon_archive",
    "linkedin",
    "bluesky_car",
    "facebook",
    "instagram",
)
COUNT_KEYS = ("posts", "replies", "boosts", "likes", "follows", "mentions")

#: user-facing text of this command, Dutch (default) and English
#: the texts of these commands: English msgids of the ``spiegel`` gettext domain with
#: ``str.format`` fields, translated by :func:`spiegel.i18n.texts`
TEXT: dict[str, str] = {
    "format": N_("format"),
    "account": N_("account"),
    "unknown": N_("(unknown)"),
    "counts": N_("counts"),
    "period": N_("period"),
    "warning": N_("warning"),
    "posts": N_("posts"),
    "replies": N_("replies"),
    "boosts": N_("boosts"),
    "likes": N_("likes"),
    "follows": N_("follows"),
    "mentions": N_("mentions"),
    "progress": N_("Read {n} records"),
    "w.no_posts": N_("no posts found in this source"),
    "w.no_inbound": N_("no messages addressed to you in an archive: supply --inbound"),
    "w.no_account": N_("the account owner is not in these files; pass the whole archive"),
    "w.derived_account": N_(
        "the account owner is not in these files; taken from the posts' author (as the report does)"
    ),
    "w.not_public": N_(
        "{n} posts are not public (followers/connections only, or direct) and are left out of the assessment"
    ),
    "w.awaiting": N_(
        "{n} items wait for your confirmation that the account {accounts} is public: the "
        "export does not say who could see them (confirm with spiegel report "
        "--public-account HANDLE, or on the accounts page)"
    ),
}


def _num(n: int, lang: str) -> str:
    """1,260 in English, 1.260 in Dutch (Babel)."""
    return format_number(n, lang)


def summarize(path: Path, records: Iterable[Record], fmt: str, lang: str = "nl") -> dict[str, Any]:
    """The ``inspect`` summary of one source (documented in docs/formats.md).

    ``posts`` counts every item the person wrote (replies included, boosts excluded), whatever
    its visibility; ``replies`` the part of them that are replies.
    """
    text = texts(TEXT, lang)
    counts = dict.fromkeys(COUNT_KEYS, 0)
    first: datetime | None = None
    last: datetime | None = None
    account: str | None = None
    not_public = 0
    awaiting = 0
    awaiting_accounts: set[str] = set()
    authors: Counter[str] = Counter()
    for r in records:
        ts: datetime | None
        if isinstance(r, Post):
            if r.kind == "boost":
                counts["boosts"] += 1
            else:
                counts["posts"] += 1
                authors[r.author] += 1
                if r.is_reply:
                    counts["replies"] += 1
                if r.visibility in ("private", "direct"):
                    not_public += 1
            if r.visibility == UNKNOWN_VISIBILITY:
                awaiting += 1
                if r.author:
                    awaiting_accounts.add(r.author)
            counts["mentions"] += len(r.mentions)
            ts = r.created_at
        elif isinstance(r, Interaction):
            if r.platform in CONFIRM_PLATFORMS:
                awaiting += 1
            if r.kind == "like":
                counts["likes"] += 1
            elif r.kind == "boost":
                counts["boosts"] += 1
            elif r.kind == "follow":
                counts["follows"] += 1
            ts = r.created_at
        else:
            if isinstance(r, Account) and r.is_self and account is None and r.handle:
                account = r.handle
            continue
        if ts is not None:
            first = ts if first is None or ts < first else first
            last = ts if last is None or ts > last else last
    warnings: list[str] = []
    if counts["posts"] + counts["boosts"] == 0:
        warnings.append(text["w.no_posts"])
    derived = owner_from_authors(authors)
    if fmt in ARCHIVE_FORMATS:
        if account is None:
            warnings.append(text["w.derived_account" if derived else "w.no_account"])
        warnings.append(text["w.no_inbound"])
    if not_public:
        warnings.append(text["w.not_public"].format(n=_num(not_public, lang)))
    if awaiting:
        names = ", ".join(sorted(awaiting_accounts)) or account or derived or "?"
        warnings.append(text["w.awaiting"].format(n=_num(awaiting, lang), accounts=names))
    return {
        "path": str(path),
        "format": fmt,
        "account": account or derived,
        "counts": counts,
        "first": first.isoformat() if first else None,
        "last": last.isoformat() if last else None,
        "awaiting_confirmation": awaiting,
        "warnings": warnings,
    }


def owner_from_authors(authors: Counter[str]) -> str | None:
    """The pipeline's rule for an export that does not name its owner: the most frequent author
    of the person's own (non-boost) posts."""
    handles: Counter[str] = Counter()
    for author, n in authors.items():
        handle = normalize_handle(author)
        if handle:
            handles[handle] += n
    top = handles.most_common(1)
    return top[0][0] if top else None


def _is_tty() -> bool:
    return sys.stderr.isatty()


def _progress(records: Iterable[Record], lang: str, every: int = 10_000) -> Iterator[Record]:
    """Pass *records* through, writing "Read 120,000 records" to stderr as they come."""
    label = texts(TEXT, lang)["progress"]
    n = 0
    for n, record in enumerate(records, 1):
        if n % every == 0:
            click.echo(f"\r{label.format(n=_num(n, lang))}", nl=False, err=True)
        yield record
    if n >= every:
        click.echo(f"\r{label.format(n=_num(n, lang))}", err=True)


def _importer(container: Container, fmt: str | None, mapping: dict[str, str]) -> Importer:
    if mapping:
        return GenericImporter(mapping=mapping)
    return get_importer(fmt) if fmt else detect(container)


def _print(res: dict[str, Any], lang: str) -> None:
    text = texts(TEXT, lang)
    labels = {k: text[k] + ":" for k in ("format", "account", "counts", "period", "warning")}
    width = max(len(v) for v in labels.values()) + 1
    first = (res["first"] or "?")[:10]
    last = (res["last"] or "?")[:10]
    rows = [
        ("format", res["format"]),
        ("account", res["account"] or text["unknown"]),
        ("counts", ", ".join(f"{text[k]} {_num(v, lang)}" for k, v in res["counts"].items())),
        ("period", f"{first} – {last}"),
        *(("warning", w) for w in res["warnings"]),
    ]
    click.echo(res["path"])
    for key, value in rows:
        click.echo(f"  {labels[key]:<{width}}{value}")


@click.command("inspect")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(registry())),
    default=None,
    help="Force a format instead of detecting it.",
)
@click.option(
    "--map",
    "mapping",
    metavar="FIELD=COLUMN,…",
    default=None,
    help="Read CSV/JSONL with other column names as the generic format, "
    "e.g. --map text=Message,author=Author,created_at=Date.",
)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON (see docs/formats.md).")
@click.option(
    "--lang", type=click.Choice(list(LANGS)), default="nl", show_default=True, help="Language of the output."
)
@click.option("--quiet", "-q", is_flag=True, help="Show no progress while reading.")
def inspect_cmd(
    sources: tuple[Path, ...], fmt: str | None, mapping: str | None, as_json: bool, lang: str, quiet: bool
) -> None:
    """Show what spiegel finds in each export: format, account, counts, dates, warnings.

    Run it first on your own export: it reads every file without storing anything.
    """
    columns = parse_mapping(mapping)
    results = []
    for path in sources:
        with Container.open_path(path) as container:
            importer = _importer(container, fmt, columns)
            with collecting() as notices:
                records = checked_read(importer, container, forced=bool(fmt or columns))
                if not quiet and _is_tty():
                    records = _progress(records, lang)
                res = summarize(path, records, importer.name, lang)
            res["warnings"].extend(notices.messages(lang))
            results.append(res)
    if as_json:
        click.echo(orjson.dumps({"sources": results}, option=orjson.OPT_INDENT_2).decode())
        return
    for res in results:
        _print(res, lang)


COMMANDS = [inspect_cmd]
