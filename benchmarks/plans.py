"""
How fast are ``lowback.plan``, ``dumps``, ``validate`` and ``loads``?

A 365-day plan of the leaflet routine, without and with a few pain
reports: making it, writing it with ``dumps``, checking the written
document with ``validate(json.loads(text))`` (validation remakes the plan
and compares), and reading it back with ``loads``, as an app that stores
plans does on every request. ``loads`` is timed as it is (the validator
checks the days, which are then made, not read again), with the
reference engine (``LOWBACK_REFERENCE=1``), and as it was before: every
day read into the model after validating. The cases alternate within
each repeat; each repeat times a batch of calls, and the medians are
compared.
Aim: ``loads`` of a stored 365-day plan no slower than ``dumps``.
Run: ``python benchmarks/plans.py [--repeats N] [--quick]``.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

from _runner import call_medians, repeats_and_target

import lowback
from lowback import _converter, _plan

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
        "loads + reports": _fresh(
            lambda: lowback.loads(reported_text, lowback.Plan)
        ),
        "loads, days read": _fresh(lambda: _read_days(reported_text)),
        "loads, reference": _fresh(lambda: _reference(reported_text)),
    }


def _read_days(text: str) -> lowback.Plan:
    """
    Load a plan as lowback did before: validate, then read every day.
    """
    document = json.loads(text)
    if not lowback.validate(document).valid:
        raise SystemExit("the plan document is not valid")
    return _converter.structure(document, lowback.Plan)


def _reference(text: str) -> lowback.Plan:
    """
    Load a plan with the reference engine, as without orjson.
    """
    os.environ["LOWBACK_REFERENCE"] = "1"
    try:
        return lowback.loads(text, lowback.Plan)
    finally:
        del os.environ["LOWBACK_REFERENCE"]


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
    dumps = median["dumps + reports"]
    print(
        f"loads / dumps = {median['loads + reports'] / dumps:.2f}x "
        "(aim: at most 1x); "
        f"days read / loads = "
        f"{median['loads, days read'] / median['loads + reports']:.2f}x; "
        f"reference / loads = "
        f"{median['loads, reference'] / median['loads + reports']:.2f}x"
    )


if __name__ == "__main__":
    main()
