"""
The rules of a routine, of pain reports and of a plan.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from .._checks import PLAN_CELLS_MAX, SESSION_HOLDS_MAX, describe
from .._errors import did_you_mean
from ._common import (
    duplicate_ids,
    inside,
    is_whole,
    passed,
    problem,
)
from ._exercise import DOSE_DEFAULTS, exercise_rules

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from .._pointer import Path
    from .._problems import Problem
    from ._common import Clean

#: What a chosen dose means where its document leaves a field out, as
#: for an exercise (`_exercise.EXERCISE_DEFAULTS`).
CHOSEN_DEFAULTS: Final[dict[str, Any]] = {"sets": 1}
#: The kinds of safety notice every routine and plan carries.
REQUIRED_NOTICES: Final = ("before-starting", "stop-rule")


# ---- a routine


def _outside(
    path: Path, field: str, value: object, low: int, high: int
) -> Problem:
    if not is_whole(value):
        message = (
            f"{field}: expected a whole number from {low} to {high}, got "
            f"{describe(value)}"
        )
    else:
        message = f"{field}: {value} is outside the allowed {low} to {high}"
    return problem(path, "dose-outside-allowed", message)


def chosen_dose(
    allowed: dict[str, Any], chosen: dict[str, Any], at: Path
) -> Iterator[Problem]:
    """
    A chosen dose lies inside what its exercise allows.

    Args:
        allowed: The exercise's dose.
        chosen: The dose chosen.
        at: Where the chosen dose is.
    """
    reps = allowed["repetitions"]
    sets = allowed.get("sets", DOSE_DEFAULTS["sets"])
    value = chosen.get("repetitions")
    if not (is_whole(value) and inside(value, reps)):
        yield _outside(
            (*at, "repetitions"),
            "repetitions",
            value,
            reps["min"],
            reps["max"],
        )
    count = chosen.get("sets", CHOSEN_DEFAULTS["sets"])
    if not (is_whole(count) and inside(count, sets)):
        yield _outside((*at, "sets"), "sets", count, sets["min"], sets["max"])
    phases = allowed["phases"]
    holds = chosen.get("holds")
    if not isinstance(holds, list) or len(holds) != len(phases):
        given = len(holds) if isinstance(holds, list) else describe(holds)
        yield problem(
            (*at, "holds"),
            "dose-outside-allowed",
            f"holds: give one hold for each of the {len(phases)} phases "
            f"({', '.join(p['id'] for p in phases)}), got {given}",
        )
        return
    for i, (phase, hold) in enumerate(zip(phases, holds, strict=True)):
        limits = phase.get("hold")
        if limits is None:
            if hold is not None:
                yield problem(
                    (*at, "holds", i),
                    "dose-outside-allowed",
                    f"holds[{phase['id']}]: phase {phase['id']!r} is a "
                    f"movement without a hold; give null, got "
                    f"{describe(hold)}",
                )
        elif not (is_whole(hold) and inside(hold, limits)):
            yield _outside(
                (*at, "holds", i),
                f"holds[{phase['id']}]",
                hold,
                limits["min"],
                limits["max"],
            )


def notices(items: object, at: Path) -> Iterator[Problem]:
    """
    Safety notices include both kinds, and each id once.

    The kinds are a before-starting and a stop-rule notice.
    """
    if not isinstance(items, list):
        return
    kinds = {n.get("kind") for n in items if isinstance(n, dict)}
    missing = [k for k in REQUIRED_NOTICES if k not in kinds]
    if missing:
        yield problem(
            at,
            "missing-safety-notice",
            f"a routine must carry a {' and a '.join(missing)} safety "
            "notice; the leaflet's are in lowback's catalog",
        )
    yield from duplicate_ids(items, at, "safety notice")


def session_holds(items: list[Any], at: Path) -> Iterator[Problem]:
    """
    One session holds at most `SESSION_HOLDS_MAX` times in all.

    That is repetitions x sets x sides x phases, summed over the items,
    each of which has passed its own rules: the number of hold and
    movement cues `Routine.timeline` makes.
    """
    total = 0
    for item in items:
        dose = item["dose"]
        sides = item["exercise"]["dose"].get("sides", [])
        total += (
            dose["repetitions"]
            * dose.get("sets", CHOSEN_DEFAULTS["sets"])
            * max(1, len(sides))
            * len(dose["holds"])
        )
    if total > SESSION_HOLDS_MAX:
        yield problem(
            at,
            "session-too-long",
            f"one session would hold {total} times (repetitions x sets x "
            f"sides x phases, over every exercise); the limit is "
            f"{SESSION_HOLDS_MAX}: choose fewer repetitions or sets",
        )


def routine_rules(
    routine: object, at: Path, clean: Clean = None
) -> Iterator[Problem]:
    """
    Every rule of a routine.

    Each exercise's, each chosen dose inside its exercise's, each
    exercise once, and both kinds of notice.
    """
    if not isinstance(routine, dict):
        return
    items = routine.get("items")
    if isinstance(items, list):
        sound = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            here = (*at, "items", i)
            found = exercise_rules(
                item.get("exercise"), (*here, "exercise"), clean
            )
            yield from found
            if not found and passed(clean, here):
                dose = list(
                    chosen_dose(
                        item["exercise"]["dose"],
                        item["dose"],
                        (*here, "dose"),
                    )
                )
                yield from dose
                sound += [] if dose else [item]
        if len(sound) == len(items):
            yield from session_holds(sound, (*at, "items"))
        yield from duplicate_ids(
            items, (*at, "items"), "exercise", ("exercise",)
        )
    where = (*at, "safety_notices")
    if passed(clean, where):
        yield from notices(routine.get("safety_notices"), where)


# ---- pain reports and plans


def report_rules(
    reports: object,
    at: Path,
    exercises: list[Any] | None = None,
    days: int | None = None,
) -> Iterator[Problem]:
    """
    Each pain report is complete and about the plan.

    It says how the pain changed, and is about a day of the plan and an
    exercise of its routine.

    Args:
        reports: The reports.
        at: Where they are.
        exercises: The routine's exercise ids, when known.
        days: How many days the plan has, when known.
    """
    if not isinstance(reports, list):
        return
    for i, report in enumerate(reports):
        if not isinstance(report, dict):
            continue
        yield from pain_report(report, (*at, i), exercises, days)


def pain_report(
    report: dict[str, Any],
    at: Path,
    exercises: Sequence[Any] | None,
    days: int | None,
    among: str = "routine",
) -> Iterator[Problem]:
    """
    One pain report is complete, and about the plan's days and exercises.

    *among* names where *exercises* come from, for the message.
    """
    if "change" not in report and not {"before", "after"} <= set(report):
        yield problem(
            at,
            "incomplete-report",
            "a pain report needs a change (worse, same or better) or the "
            "pain before and after",
        )
    day = report.get("day")
    if is_whole(day) and days is not None and day > days:
        yield problem(
            (*at, "day"),
            "report-outside-plan",
            f"day {day} is past the plan's {days} days",
        )
    exercise = report.get("exercise")
    if isinstance(exercise, str) and exercises and exercise not in exercises:
        yield problem(
            (*at, "exercise"),
            "unknown-exercise",
            f"{exercise!r} is not in the {among}; its exercises are "
            f"{', '.join(map(str, exercises))}"
            + did_you_mean(exercise, map(str, exercises)),
        )


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def calendar_date(value: object, at: Path) -> Iterator[Problem]:
    """
    A date of the form YYYY-MM-DD is a date of the calendar.

    Text of another form is the schema's to report.
    """
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return
    try:
        import datetime as dt  # noqa: PLC0415 - keeps import light

        dt.date.fromisoformat(value)
    except ValueError:
        yield problem(
            at,
            "bad-date",
            f"{value!r} is not a calendar date; write it as YYYY-MM-DD",
        )


#: The last date a plan may reach: its calendar event ends the next day,
#: the last one Python's dates hold.
LAST_DATE: Final = "9999-12-30"


def plan_dates(start: object, days: object, at: Path) -> Iterator[Problem]:
    """
    A dated plan's days are dates lowback can write: up to `LAST_DATE`.
    """
    if not isinstance(start, str) or not _DATE.fullmatch(start):
        return
    if not is_whole(days) or days < 1:
        return
    import datetime as dt  # noqa: PLC0415 - keeps import light

    try:
        first = dt.date.fromisoformat(start)
    except ValueError:
        return  # `calendar_date` reports it
    last = dt.date.fromisoformat(LAST_DATE)
    if (last - first).days + 1 < days:
        latest = last - dt.timedelta(days=min(days, 3_000_000) - 1)
        length = f"{days} day{'' if days == 1 else 's'}"
        yield problem(
            at,
            "plan-past-calendar",
            f"a plan of {length} from {start} would end after {LAST_DATE}, "
            f"the last date lowback writes; start it by {latest.isoformat()}",
        )


def plan_size(days: int, exercises: int, at: Path) -> Iterator[Problem]:
    """
    A plan holds at most `PLAN_CELLS_MAX` doses: days x exercises.
    """
    if days * exercises > PLAN_CELLS_MAX:
        yield problem(
            at,
            "plan-too-large",
            f"a plan of {days} days of {exercises} exercises has "
            f"{days * exercises} doses; the limit is {PLAN_CELLS_MAX}: "
            "plan fewer days, or fewer exercises",
        )


def plan_rules(plan: dict[str, Any], clean: Clean = None) -> Iterator[Problem]:
    """
    Every rule of a plan but its own.

    Its routine's, its reports' and its dates'.
    """
    routine = plan.get("routine")
    yield from routine_rules(routine, ("routine",), clean)
    items = routine.get("items") if isinstance(routine, dict) else None
    ids = [
        i["exercise"].get("id")
        for i in (items if isinstance(items, list) else [])
        if isinstance(i, dict) and isinstance(i.get("exercise"), dict)
    ]
    days = plan.get("days")
    yield from report_rules(
        plan.get("reports", []),
        ("reports",),
        ids,
        len(days) if isinstance(days, list) else None,
    )
    yield from calendar_date(plan.get("start"), ("start",))
    if isinstance(days, list):
        yield from plan_dates(plan.get("start"), len(days), ("start",))
        yield from plan_size(len(days), len(ids), ("days",))
        for i, day in enumerate(days):
            if isinstance(day, dict):
                yield from calendar_date(day.get("date"), ("days", i, "date"))
