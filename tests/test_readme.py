"""
The README's two commands are the ones CI and users run.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    return re.findall(r"```console\n(.+?)\n```", text)[:2]


def test_readme_opens_with_install_and_test_commands():
    """The first command installs lowback and runs its main job; the second runs every test."""
    install, test = _commands()
    assert "pip install ." in install
    assert install.endswith("lowback plan --days 14")
    assert "'.[test]'" in test
    assert test.endswith("pytest")


def test_ci_runs_the_readme_test_command_verbatim():
    """.ci/run runs exactly the README's test command."""
    _, test = _commands()
    lines = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    assert test in lines
