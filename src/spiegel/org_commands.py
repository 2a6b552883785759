"""CLI verbs for the organisation config: ``spiegel org validate FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from spiegel.i18n import DEFAULT_LANG, ERROR_LANG, LANGS, N_, texts

if TYPE_CHECKING:
    from spiegel.org import OrgConfig

#: the texts of these commands: English msgids of the ``spiegel`` gettext domain with
#: ``str.format`` fields, translated by :func:`spiegel.i18n.texts`
TEXT: dict[str, str] = {
    "valid": N_("{path}: valid organisation config for {name!r}"),
    "officials": N_("  official accounts:   {n}"),
    "colleagues": N_("  colleagues:          {n}"),
    "goal": N_("  goal topics:         {topics}"),
    "sensitive": N_("  sensitive topics:    {topics}"),
    "answer": N_("  answer within:       {hours:g} h ({office}, {tz})"),
    "round": N_("round the clock"),
}


def summary(path: Path, org: OrgConfig, lang: str = DEFAULT_LANG) -> list[str]:
    """The lines ``spiegel org validate`` prints for a valid config."""
    from spiegel.org import DAYS

    s = texts(TEXT, lang)
    office = s["round"]
    if org.office_hours is not None:
        days = ",".join(DAYS[d] for d in sorted(org.office_hours.days))
        office = f"{days} {org.office_hours.start:%H:%M}-{org.office_hours.end:%H:%M}"
    return [
        s["valid"].format(path=path, name=org.name),
        s["officials"].format(n=len(org.official_accounts)),
        s["colleagues"].format(n=len(org.colleagues)),
        s["goal"].format(topics=", ".join(topic.name for topic in org.goal_topics) or "-"),
        s["sensitive"].format(topics=", ".join(topic.name for topic in org.sensitive_topics) or "-"),
        s["answer"].format(hours=org.answer_within_hours, office=office, tz=org.timezone),
    ]


@click.group(name="org")
def org_group() -> None:
    """Check the organisation config (org.yaml)."""


@org_group.command(name="validate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True, help="Output language."
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing when the file is valid.")
def validate(path: Path, lang: str, quiet: bool) -> None:
    """Validate an org.yaml and summarise it; on an error, name the key and its line (exit code 2)."""
    click.get_current_context().meta[ERROR_LANG] = lang  # the error, too, in this language
    # Imported here, not at the top, so that `spiegel --help` stays fast.
    from spiegel.org import load_org

    org = load_org(path)
    if not quiet:
        for line in summary(path, org, lang):
            click.echo(line)


COMMANDS = [org_group]
