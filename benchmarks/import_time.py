"""
How much does ``import lowback`` cost next to ``import attrs, cattrs``?

Each statement runs in a fresh interpreter, alternating, many times; the
medians are compared after subtracting a bare interpreter's start-up.
Run: ``python benchmarks/import_time.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import sys

from _runner import medians

CASES = {
    "bare interpreter": "pass",
    "import attrs, cattrs": "import attrs, cattrs",
    "import lowback": "import lowback",
    "import jsonschema": "import jsonschema",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    median = medians(
        {name: [sys.executable, "-c", code] for name, code in CASES.items()},
        runs,
    )
    bare = median["bare interpreter"]
    print(f"{runs} runs each, medians, Python {sys.version.split()[0]}")
    for name, value in median.items():
        extra = (value - bare) * 1000
        print(f"  {name:<22} {value * 1000:7.1f} ms  (+{extra:6.1f} ms)")
    base = median["import attrs, cattrs"]
    ours = median["import lowback"]
    print(
        "whole process: import lowback / import attrs, cattrs = "
        f"{ours / base:.2f}x"
    )
    print(
        "import only (bare start-up subtracted): "
        f"{(ours - bare) / (base - bare):.2f}x"
    )


if __name__ == "__main__":
    main()
