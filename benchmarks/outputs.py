"""
How long do handouts, pictures and exports take, next to ``dumps``?

A 365-day plan of the leaflet routine with a "worse" report on day 200,
written as lowback's own JSON (``dumps``, the yardstick), as a handout in
each format, as the progression chart alone, and as each export.
The cases alternate within each repeat; each repeat times a batch of
calls, and the medians are compared with ``dumps``.
Run: ``python benchmarks/outputs.py [--repeats N] [--quick]``.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

from _runner import call_medians, repeats_and_target

import lowback

if TYPE_CHECKING:
    from collections.abc import Callable

DAYS = 365


def _cases() -> dict[str, Callable[[], object]]:
    plan = lowback.plan(
        lowback.leaflet_routine(),
        DAYS,
        start=dt.date(2026, 12, 1),
        reports=[
            lowback.PainReport(
                day=200, exercise="pelvic-tilt", change=lowback.Change.WORSE
            )
        ],
    )
    return {
        "dumps": lambda: lowback.dumps(plan),
        "handout text": lambda: lowback.handout(plan),
        "handout md": lambda: lowback.handout(plan, format="md"),
        "handout html": lambda: lowback.handout(plan, format="html"),
        "progression_chart": lambda: lowback.progression_chart(plan),
        "to_fhir": lambda: lowback.exports.to_fhir(plan),
        "to_jsonld": lambda: lowback.exports.to_jsonld(plan),
        "to_ics": lambda: lowback.exports.to_ics(plan),
    }


def main() -> None:
    repeats, target = repeats_and_target(__doc__)
    median, numbers = call_medians(_cases(), repeats, target)
    print(
        f"{DAYS}-day dated plan of the leaflet routine, one report; "
        f"{repeats} repeats, medians, Python {sys.version.split()[0]}"
    )
    for name, value in median.items():
        print(
            f"  {name:<18} {value * 1000:8.2f} ms  "
            f"{value / median['dumps']:6.2f}x dumps"
            f"  ({numbers[name]} calls a repeat)"
        )


if __name__ == "__main__":
    main()
