"""
How long does ``lowback --help`` take next to other start-ups?

Every command runs as a fresh process, the commands alternating, many
times; the medians are compared. ``lowback --help`` (the console script
next to this interpreter) is compared with ``import attrs, cattrs`` (aim:
under 1.5x) and, when it is installed in the same environment, with
``check-jsonschema --help``.
Run: ``python benchmarks/startup.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from _runner import medians

BASE = "import attrs, cattrs"
MODULE = "python -m lowback --help"
OURS = "lowback --help"
OTHER = "check-jsonschema --help"


def _script(name: str) -> str | None:
    """
    Return the console script *name* next to this interpreter, if any.
    """
    return shutil.which(name, path=str(Path(sys.executable).parent))


def _commands() -> dict[str, list[str]]:
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        BASE: [sys.executable, "-c", BASE],
        MODULE: [sys.executable, "-m", "lowback", "--help"],
    }
    for label in (OURS, OTHER):
        name, *rest = label.split()
        script = _script(name)
        if script is None:
            print(f"({name} is not installed next to {sys.executable})")
        else:
            commands[label] = [script, *rest]
    return commands


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    median = medians(_commands(), runs)
    bare = median["python -c pass"]
    print(f"{runs} runs each, medians, Python {sys.version.split()[0]}")
    for name, value in median.items():
        extra = (value - bare) * 1000
        print(f"  {name:<26} {value * 1000:7.1f} ms  (+{extra:6.1f} ms)")
    label = OURS if OURS in median else MODULE
    ours = median[label]
    for other in (BASE, OTHER):
        if other in median:
            print(
                f"{label} / {other} = {ours / median[other]:.2f}x "
                "whole process, "
                f"{(ours - bare) / (median[other] - bare):.2f}x "
                "over a bare interpreter"
            )


if __name__ == "__main__":
    main()
