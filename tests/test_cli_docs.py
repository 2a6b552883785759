from __future__ import annotations

import pytest

from spiegel.clidocs import iter_commands, render
from spiegel_testpaths import REPO

COMMANDS = list(iter_commands())


@pytest.mark.parametrize("name,command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help(name, command):
    assert (command.help or command.short_help or "").strip(), f"{name} has no help text"
    for param in command.params:
        if param.param_type_name == "option" and not getattr(param, "hidden", False):
            assert getattr(param, "help", None), f"{name}: option {param.opts[0]} has no help text"


def test_cli_reference_is_up_to_date():
    doc = (REPO / "docs" / "cli.md").read_text()
    assert doc == render(), "docs/cli.md is stale: run `python -m spiegel.clidocs > docs/cli.md`"
