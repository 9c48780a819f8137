"""
Does checking JSON Lines take the same memory at 10,000 and 100,000 lines?

Each file is made from the built-in exercises with unique ids, then
checked by ``lowback validate`` in a process of its own, whose peak
resident memory is read from the operating system.
Run: ``python benchmarks/jsonl_memory.py [--lines 10000 100000]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import lowback


def _write(path: Path, lines: int) -> None:
    exercises = [lowback.to_document(e) for e in lowback.catalog()]
    with path.open("w", encoding="utf-8") as out:
        for n in range(lines):
            document = dict(exercises[n % len(exercises)])
            document["id"] = f"{document['id']}-{n}"
            out.write(json.dumps(document, separators=(",", ":")) + "\n")


def _peak_of(command: list[str]) -> tuple[float, float]:
    """
    Run *command* alone in a fresh process; return (seconds, peak MiB).
    """
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        f"subprocess.run({command!r}, check=False,\n"
        "               stdout=subprocess.DEVNULL)\n"
        "t = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(t, peak / 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--lines", type=int, nargs="+", default=[10_000, 100_000]
    )
    sizes = parser.parse_args().lines
    with tempfile.TemporaryDirectory() as folder:
        results = []
        for lines in sizes:
            path = Path(folder) / f"{lines}.jsonl"
            start = time.perf_counter()
            _write(path, lines)
            made = time.perf_counter() - start
            seconds, peak = _peak_of(
                [sys.executable, "-m", "lowback", "validate", "-q", str(path)]
            )
            size = path.stat().st_size / 2**20
            results.append((lines, peak))
            print(
                f"{lines:>8} lines ({size:6.1f} MiB, made in {made:.1f} s): "
                f"checked in {seconds:6.2f} s, peak {peak:6.1f} MiB"
            )
        first, base = results[0]
        for lines, peak in results[1:]:
            print(f"peak at {lines} / peak at {first}: {peak / base:.2f}x")


if __name__ == "__main__":
    main()
