"""Generate the CLI reference (``docs/cli.md``) from the click commands themselves.

Run ``python -m spiegel.clidocs > docs/cli.md``; a test fails when the file is out of date or a
command has no help text.
"""

from __future__ import annotations

from collections.abc import Iterator

import click

from spiegel.cli import main


def _walk(command: click.Command, path: list[str]) -> Iterator[tuple[list[str], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from _walk(command.commands[name], [*path, name])


def iter_commands() -> Iterator[tuple[str, click.Command]]:
    """Every command and subcommand as ("spiegel report", command)."""
    for path, command in _walk(main, ["spiegel"]):
        yield " ".join(path), command


def render() -> str:
    out = [
        "# CLI reference",
        "",
        "Generated from the commands by `python -m spiegel.clidocs > docs/cli.md`; do not edit by hand.",
        "Exit codes: 0 success, 1 internal error, 2 bad input (file, option, configuration), "
        "3 a platform API failed.",
        "",
    ]
    for name, command in iter_commands():
        ctx = click.Context(
            command,
            info_name=name,
            terminal_width=100,
            max_content_width=100,
            help_option_names=["-h", "--help"],
        )
        level = "#" * min(2 + name.count(" "), 4)
        out += [f"{level} `{name}`", "", "```text", command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    click.echo(render(), nl=False)
