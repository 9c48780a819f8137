"""
How much faster is ``lowback validate -j 2`` than ``-j 1``?

A JSON Lines file of 100,000 valid exercise documents (the built-in
ones, copied with unique ids) is written to a temporary folder, and
``lowback validate -q`` checks it in one process (``-j 1``, no pool), in
two (``-j 2``) and with the default (as many as the usable cores). Every
command runs as a fresh process, the commands alternating, and the
medians are compared.
Before timing, the commands must print the same problems and exit alike
on a broken copy of a fifth of the lines (one in 500 with a hold too
long), cut into several stretches.
Aim: ``-j 1`` / ``-j 2`` at least 1.7x on two idle cores.
Run: ``python benchmarks/jobs.py [--runs N] [--lines N] [--quick]``.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from _runner import medians

import lowback


def _write_lines(path: Path, count: int, *, broken: bool = False) -> None:
    header = {"type": "exercise", "format_version": "1.0"}
    built_in = lowback.to_document(lowback.catalog())["exercises"]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            exercise = copy.deepcopy(built_in[n % len(built_in)])
            exercise["id"] = f"{exercise['id']}-{n:06d}"
            if broken and n % 500 == 7:
                exercise["dose"]["phases"][0]["hold"]["max"] = 45
            out.write(json.dumps({**header, **exercise}) + "\n")


def _commands(path: Path) -> dict[str, list[str]]:
    command = [sys.executable, "-m", "lowback", "validate", "-q"]
    return {
        "-j 1": [*command, "-j", "1", str(path)],
        "-j 2": [*command, "-j", "2", str(path)],
        "default -j": [*command, str(path)],
    }


def _check_they_agree(commands: dict[str, list[str]]) -> None:
    results = {
        name: subprocess.run(
            command, capture_output=True, text=True, check=False
        )
        for name, command in commands.items()
    }
    outputs = {(r.returncode, r.stdout, r.stderr) for r in results.values()}
    if len(outputs) != 1:
        sys.exit("the commands disagree")
    ((status, out, _),) = outputs
    if status != 1 or not out:
        sys.exit("the commands did not find the broken documents")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument(
        "--quick", action="store_true", help="1 run of 20,000 lines"
    )
    args = parser.parse_args()
    runs, lines = (1, 20_000) if args.quick else (args.runs, args.lines)
    print(
        f"{runs} runs each, medians; {os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.2f}, {platform.python_implementation()} "
        f"{platform.python_version()}, lowback {lowback.__version__}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "exercises.jsonl"
        _write_lines(path, lines)
        size = path.stat().st_size / 1e6
        broken = Path(tmp) / "broken.jsonl"
        _write_lines(broken, lines // 5, broken=True)
        _check_they_agree(_commands(broken))
        commands = _commands(path)
        times = medians(commands, runs)
    print(f"JSON Lines, {lines} documents, {size:.1f} MB")
    for name, seconds in times.items():
        print(f"  {name:<12} {seconds:8.2f} s")
    print(f"  -j 1 / -j 2: {times['-j 1'] / times['-j 2']:.2f}x")
    print(f"  -j 1 / default: {times['-j 1'] / times['default -j']:.2f}x")


if __name__ == "__main__":
    main()
