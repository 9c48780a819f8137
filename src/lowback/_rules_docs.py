"""
The rules a schema cannot say for routine and plan documents.

A routine's chosen doses must lie inside what each exercise allows and
it must carry both kinds of safety notice; a plan must be exactly what
its routine, pain rule and reports give.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ._report import Problem, pointer_from

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    Path = tuple[str | int, ...]


def _outside(
    path: Path, what: str, value: object, low: int, high: int
) -> Problem:
    return Problem(
        pointer=pointer_from(path),
        code="dose-outside-allowed",
        message=f"{what} is {value}, outside the {low} to {high} the "
        "exercise allows",
    )


def _chosen(item: dict[str, Any], base: Path) -> Iterator[Problem]:
    """
    Check a schema-valid chosen dose against its exercise's allowed dose.
    """
    allowed = item["exercise"]["dose"]
    dose = item["dose"]
    reps, sets = (
        allowed["repetitions"],
        allowed.get("sets", {"min": 1, "max": 1}),
    )
    here = (*base, "dose")
    if not reps["min"] <= dose["repetitions"] <= reps["max"]:
        yield _outside(
            (*here, "repetitions"),
            "repetitions",
            dose["repetitions"],
            reps["min"],
            reps["max"],
        )
    count = dose.get("sets", 1)
    if not sets["min"] <= count <= sets["max"]:
        yield _outside(
            (*here, "sets"), "sets", count, sets["min"], sets["max"]
        )
    phases = allowed["phases"]
    if len(dose["holds"]) != len(phases):
        yield Problem(
            pointer=pointer_from((*here, "holds")),
            code="dose-outside-allowed",
            message=f"give one hold for each of the {len(phases)} phases "
            f"({', '.join(p['id'] for p in phases)}), got "
            f"{len(dose['holds'])}",
        )
        return
    for i, (phase, hold) in enumerate(zip(phases, dose["holds"], strict=True)):
        low, high = phase["hold"]["min"], phase["hold"]["max"]
        if not low <= hold <= high:
            yield _outside(
                (*here, "holds", i), f"the {phase['id']} hold", hold, low, high
            )


def routine_rules(
    routine: object,
    base: Path,
    clean: Callable[[str], bool],
    exercise_rules: Callable[[object, Path, bool], Iterator[Problem]],
    duplicate_ids: Callable[[object, Path, str], Iterator[Problem]],
) -> Iterator[Problem]:
    """
    Yield the problems of a routine object a schema cannot find.
    """
    if not isinstance(routine, dict):
        return
    items = routine.get("items")
    if isinstance(items, list):
        exercises = []
        for i, item in enumerate(items):
            here = (*base, "items", i)
            if not isinstance(item, dict):
                continue
            exercise_base = (*here, "exercise")
            found = list(
                exercise_rules(
                    item.get("exercise"),
                    exercise_base,
                    clean(pointer_from(exercise_base)),
                )
            )
            yield from found
            exercises.append(item.get("exercise"))
            if not found and clean(pointer_from(here)):
                yield from _chosen(item, here)
        for problem in duplicate_ids(exercises, (*base, "items"), "exercise"):
            # The id sits inside each item's exercise.
            head, _, last = problem.pointer.rpartition("/")
            yield Problem(
                pointer=f"{head}/exercise/{last}",
                code=problem.code,
                message=problem.message,
            )
    notices = routine.get("safety_notices")
    if isinstance(notices, list) and clean(
        pointer_from((*base, "safety_notices"))
    ):
        kinds = {n.get("kind") for n in notices if isinstance(n, dict)}
        missing = [
            k for k in ("before-starting", "stop-rule") if k not in kinds
        ]
        if missing:
            yield Problem(
                pointer=pointer_from((*base, "safety_notices")),
                code="missing-safety-notice",
                message=f"a routine must carry a {' and a '.join(missing)} "
                "safety notice; the leaflet's are in lowback's catalog",
            )
        yield from duplicate_ids(
            notices, (*base, "safety_notices"), "safety notice"
        )


def plan_rules(document: dict[str, Any], ready: bool) -> Iterator[Problem]:
    """
    Yield the problems of a plan document a schema cannot find.

    Reports must be complete and about the plan's days and exercises;
    when everything else is valid (*ready*), the plan is made again from
    its routine, pain rule and reports, and every day must match.
    """
    routine = document.get("routine")
    days = document.get("days")
    ids = []
    if isinstance(routine, dict) and isinstance(routine.get("items"), list):
        ids = [
            i["exercise"].get("id")
            for i in routine["items"]
            if isinstance(i, dict) and isinstance(i.get("exercise"), dict)
        ]
    found = list(_reports(document.get("reports", []), ids, days))
    found += _dates(document)
    yield from found
    if ready and not found:
        yield from _remake(document)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _dates(document: dict[str, Any]) -> list[Problem]:
    import datetime as dt  # noqa: PLC0415

    places: list[tuple[Path, object]] = [(("start",), document.get("start"))]
    days = document.get("days")
    if isinstance(days, list):
        places += [
            (("days", i, "date"), day.get("date"))
            for i, day in enumerate(days)
            if isinstance(day, dict)
        ]
    found = []
    for path, value in places:
        # Text not of the YYYY-MM-DD form is the schema's to report.
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            continue
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            found.append(
                Problem(
                    pointer=pointer_from(path),
                    code="bad-date",
                    message=f"{value!r} is not a calendar date; write it as "
                    "YYYY-MM-DD",
                )
            )
    return found


def report_rules(reports: object) -> Iterator[Problem]:
    """
    Yield the problems of a list of pain reports on its own.
    """
    return _reports(reports, [], None)


def _reports(
    reports: object, ids: list[Any], days: object
) -> Iterator[Problem]:
    if not isinstance(reports, list):
        return
    count = len(days) if isinstance(days, list) else None
    for i, report in enumerate(reports):
        if not isinstance(report, dict):
            continue
        here = ("reports", i)
        if "change" not in report and not {"before", "after"} <= set(report):
            yield Problem(
                pointer=pointer_from(here),
                code="incomplete-report",
                message="a pain report needs a change (worse, same or "
                "better) or the pain before and after",
            )
        day = report.get("day")
        if type(day) is int and count is not None and day > count:
            yield Problem(
                pointer=pointer_from((*here, "day")),
                code="report-outside-plan",
                message=f"day {day} is past the plan's {count} days",
            )
        exercise = report.get("exercise")
        if isinstance(exercise, str) and ids and exercise not in ids:
            yield Problem(
                pointer=pointer_from((*here, "exercise")),
                code="unknown-exercise",
                message=f"{exercise!r} is not in the plan's routine; its "
                f"exercises are {', '.join(map(str, ids))}",
            )


def _remake(document: dict[str, Any]) -> Iterator[Problem]:
    from ._converter import get_converter, structure, structure_errors  # noqa: PLC0415
    from ._plan import Plan, plan  # noqa: PLC0415

    try:
        given = structure(document, Plan)
        expected = plan(
            given.routine,
            len(given.days),
            start=given.start,
            reports=given.reports,
            rule=given.pain_rule,
            title=given.title,
        )
    except structure_errors() as e:
        yield Problem(
            pointer="",
            code="invalid",
            message=f"this plan does not fit the lowback model: {e}",
        )
        return
    if given.safety_notices != expected.safety_notices:
        yield Problem(
            pointer="/safety_notices",
            code="plan-mismatch",
            message="a plan carries its routine's safety notices, unchanged",
        )
    if given.language != expected.language:
        yield Problem(
            pointer="/language",
            code="plan-mismatch",
            message=f"a plan's language is its routine's, "
            f"{expected.language!r}",
        )
    unstructure = get_converter().unstructure
    for i, (got, want) in enumerate(
        zip(given.days, expected.days, strict=True)
    ):
        if got != want:
            yield Problem(
                pointer=f"/days/{i}",
                code="plan-mismatch",
                message=f"day {i + 1} is not what the routine's progression "
                "rules and the pain reports give; expected "
                f"{_short(unstructure(want))}",
            )


def _short(value: object) -> str:
    import json  # noqa: PLC0415

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= 300 else text[:297] + "..."
