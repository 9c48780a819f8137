"""
Shared by the benchmarks: run commands as fresh processes, or calls in
this process, alternating, and return the median time of each.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


def _once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def medians(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """
    Run each command *runs* times, alternating; return median seconds.
    """
    for command in commands.values():  # warm the file cache
        _once(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_once(command))
    return {name: statistics.median(t) for name, t in times.items()}


def _batch(call: Callable[[], object], number: int) -> float:
    """
    Return the mean seconds per call over *number* calls.
    """
    start = time.perf_counter()
    for _ in range(number):
        call()
    return (time.perf_counter() - start) / number


def call_medians(
    cases: dict[str, Callable[[], object]], repeats: int, target: float
) -> tuple[dict[str, float], dict[str, int]]:
    """
    Time each call in batches of about *target* seconds, alternating.

    Return the median seconds per call of each, and its batch size.
    """
    numbers = {
        name: max(1, round(target / _batch(call, 1)))
        for name, call in cases.items()
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, call in cases.items():
            times[name].append(_batch(call, numbers[name]))
    return {name: statistics.median(t) for name, t in times.items()}, numbers


def repeats_and_target(doc: str | None) -> tuple[int, float]:
    """
    Parse ``--repeats N`` and ``--quick``; return the repeats and the
    seconds each batch of calls should take.
    """
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="3 short repeats")
    args = parser.parse_args()
    return (3, 0.05) if args.quick else (args.repeats, 0.2)
