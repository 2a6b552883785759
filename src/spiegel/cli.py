"""The ``spiegel`` command. Each pipeline stage contributes its verbs from its own module,
listed in :data:`COMMAND_MODULES`; this module only assembles them and turns spiegel's errors
into messages and exit codes.

Exit codes: 0 success, 1 internal error, 2 bad input (file, option, configuration),
3 a platform API failed.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from spiegel import __version__
from spiegel.errors import InputError, SpiegelError
from spiegel.i18n import ERROR_LANG, t

#: Modules that define click commands/groups in a ``COMMANDS`` list. One line per module.
COMMAND_MODULES: list[str] = [
    "spiegel.web.commands",
    "spiegel.sources.commands",
    "spiegel.sources.fetch",
    "spiegel.text.commands",
    "spiegel.text.train_commands",
    "spiegel.competencies.commands",
    "spiegel.report.commands",
    "spiegel.assess.commands",
    "spiegel.demo.commands",
    "spiegel.org_commands",
    "spiegel.cache_commands",
    "spiegel.deployer.commands",
    "spiegel.team.commands",
]


class SpiegelGroup(click.Group):
    """A click group that reports :class:`SpiegelError` as a message, never a traceback; in the
    language of the command's ``--lang`` when the command put it in ``ctx.meta[ERROR_LANG]``
    (as far as the message was made translatable), else in English."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SpiegelError as exc:
            lang = ctx.meta.get(ERROR_LANG)
            if lang and isinstance(exc, InputError):
                click.echo(t("Error: %(error)s", lang, error=exc.render(lang)), err=True)
            else:
                click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=SpiegelGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spiegel")
def main() -> None:
    """spiegel: a mirror for professional social-media use.

    Reads a person's public social-media exports, measures the six competencies of the model
    with indicators traced to concrete posts, and writes a profile with development advice.
    """


def _install_commands() -> None:
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        for command in module.COMMANDS:
            if command.name in main.commands:
                raise RuntimeError(f"two modules define the command {command.name!r}")
            main.add_command(command)


_install_commands()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
