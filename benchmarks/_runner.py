"""
Shared by the start-up benchmarks: run commands as fresh processes,
alternating, and return the median wall time of each.
"""

from __future__ import annotations

import statistics
import subprocess
import time


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
