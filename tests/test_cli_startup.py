"""`spiegel --help` and `spiegel report --help` must not import the heavy libraries: start-up
stays well under 0.3 s (issue #15 item 4; timings in benchmarks/startup.py). This is a test of
*what is imported*, not a timed test, so a busy machine cannot make it flaky."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("numpy", "polars", "sklearn", "scipy", "django", "matplotlib", "weasyprint", "atproto", "mastodon")

_PROBE = """
import sys
from click.testing import CliRunner
from spiegel.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
assert result.exit_code == 0, result.output
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
print("HEAVY=" + ",".join(heavy))
print("OUT=" + result.output.replace("\\n", " "))
"""


def _run(*args: str) -> tuple[list[str], str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))  # the worktree's sources, not main's
    probe = _PROBE.format(heavy=set(HEAVY))
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env, check=True, timeout=120
    )
    lines = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line[:6])
    return [m for m in lines["HEAVY"].split(",") if m], lines["OUT"]


@pytest.mark.parametrize("args", [("--help",), ("report", "--help"), ("team", "report", "--help")])
def test_help_imports_no_heavy_module(args: tuple[str, ...]) -> None:
    heavy, out = _run(*args)
    assert heavy == [], f"`spiegel {' '.join(args)}` imported {heavy}"
    assert "Usage:" in out


def test_help_still_lists_every_command_with_its_short_help() -> None:
    from spiegel.cli import main

    _heavy, out = _run("--help")
    for name, command in main.commands.items():
        assert name in out
        first_words = " ".join(command.get_short_help_str(limit=200).split()[:3])
        assert first_words in out, f"{name}: {first_words!r} missing from --help"


def test_a_command_still_loads_its_modules_when_it_runs() -> None:
    """The lazy package (PEP 562) still gives every public name."""
    import spiegel.competencies as competencies
    import spiegel.report as report
    import spiegel.text as text

    assert callable(report.render_html) and callable(text.analyze) and callable(competencies.load_model)
    with pytest.raises(AttributeError):
        _ = report.no_such_name
