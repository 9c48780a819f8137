"""
How much memory does ``lowback validate`` take for a document of one
huge string, next to the document's size?

An exercise document whose ``name`` is a string of N MiB (plain letters,
then escapes ``\\n``), far over its limit of 200 characters but under
the 64 MiB limit of a document, is checked by ``lowback validate`` in a
process of its own; its peak resident memory, less that of checking
the same document with a name of 300 characters (the constant: Python,
lowback and the modules validating loads), is compared with the
document's size. Aim: about 3x or less.
Run: ``python benchmarks/big_strings.py [--mib 5 50]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from jsonl_memory import _peak_of


def _document(path: Path, mib: float, piece: str) -> int:
    value = piece * int(mib * 1024 * 1024 // len(json.dumps(piece)[1:-1]))
    text = json.dumps(
        {"type": "exercise", "format_version": "1.0", "id": "x", "name": value}
    )
    path.write_text(text, encoding="utf-8")
    return len(text.encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mib", type=int, nargs="+", default=[5, 50])
    sizes = parser.parse_args().mib
    script = shutil.which("lowback", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "lowback"]
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.json"
        _document(small, 300 / 2**20, "x")
        _, base = _peak_of([*command, "validate", str(small)])
        print(f"constant: a name of 300 characters peaks at {base:.1f} MiB")
        for mib in sizes:
            for label, piece in (("letters", "x"), ("escapes", "\n")):
                path = Path(folder) / f"{label}-{mib}.json"
                size = _document(path, mib, piece) / 2**20
                seconds, peak = _peak_of([*command, "validate", str(path)])
                print(
                    f"  {label:8} {size:6.1f} MiB document: {seconds:5.2f} s, "
                    f"peak {peak:6.1f} MiB, (peak - constant) / size "
                    f"{(peak - base) / size:4.2f}x"
                )


if __name__ == "__main__":
    main()
