"""
How fast are ``lowback.plan``, ``lowback.dumps`` and ``lowback.validate``?

A 365-day plan of the leaflet routine, without and with a few pain
reports: making it, writing it with ``dumps``, and checking the written
document with ``validate(json.loads(text))`` (validation remakes the plan
and compares). The cases alternate within each repeat; each repeat times
a batch of calls, and the medians are compared.
Run: ``python benchmarks/plans.py [--repeats N] [--quick]``.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from _runner import call_medians, repeats_and_target

import lowback
from lowback import _plan

if TYPE_CHECKING:
    from collections.abc import Callable

DAYS = 365
# A few reports: better, same, before/after, and one "worse" that stops
# an exercise for the rest of the year.
REPORTS = (
    lowback.PainReport(day=7, change=lowback.Change.BETTER),
    lowback.PainReport(day=30, exercise="semi-crunch", before=4, after=3),
    lowback.PainReport(day=90, change=lowback.Change.SAME),
    lowback.PainReport(
        day=200, exercise="pelvic-tilt", change=lowback.Change.WORSE
    ),
)


def _cases() -> dict[str, Callable[[], object]]:
    routine = lowback.leaflet_routine()
    plain = lowback.plan(routine, DAYS)
    reported = lowback.plan(routine, DAYS, reports=REPORTS)
    plain_text = lowback.dumps(plain)
    reported_text = lowback.dumps(reported)
    for text in (plain_text, reported_text):
        report = lowback.validate(json.loads(text))
        if report.problems:  # a broken benchmark, not a slow one
            raise SystemExit(f"the plan document is not valid: {report}")
    return {
        "plan": _fresh(lambda: lowback.plan(routine, DAYS)),
        "plan + reports": _fresh(
            lambda: lowback.plan(routine, DAYS, reports=REPORTS)
        ),
        "dumps": lambda: lowback.dumps(plain),
        "dumps + reports": lambda: lowback.dumps(reported),
        "validate": _fresh(lambda: lowback.validate(json.loads(plain_text))),
        "validate + reports": _fresh(
            lambda: lowback.validate(json.loads(reported_text))
        ),
    }


def _fresh(call: Callable[[], object]) -> Callable[[], object]:
    """
    Return *call*, made to work its plan out from scratch each time.

    lowback keeps the last two schedules it worked out, so that making a
    plan (or loading one) works its days out once; repeating the same
    call here would otherwise only measure that cache.
    """

    def fresh() -> object:
        _plan.schedule.cache_clear()
        return call()

    return fresh


def main() -> None:
    repeats, target = repeats_and_target(__doc__)
    median, numbers = call_medians(_cases(), repeats, target)
    print(
        f"{DAYS}-day plan of the leaflet routine, {len(REPORTS)} reports; "
        f"{repeats} repeats, medians, Python {sys.version.split()[0]}"
    )
    for name, value in median.items():
        print(
            f"  {name:<20} {value * 1000:8.2f} ms  {1 / value:8.1f} /s"
            f"  ({numbers[name]} calls a repeat)"
        )
    for suffix in ("", " + reports"):
        make = median["plan" + suffix]
        print(
            f"ratios{suffix or ' (no reports)'}: "
            f"dumps / plan = {median['dumps' + suffix] / make:.2f}x, "
            f"validate / plan = {median['validate' + suffix] / make:.2f}x, "
            f"validate / dumps = "
            f"{median['validate' + suffix] / median['dumps' + suffix]:.2f}x"
        )
    print(
        "plan + reports / plan = "
        f"{median['plan + reports'] / median['plan']:.2f}x"
    )


if __name__ == "__main__":
    main()
