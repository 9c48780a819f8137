"""
The rules of the format that a JSON Schema cannot say, each written once.

Each rule is a small function over plain JSON values that gives a located
`Problem` for every breach, as in python-jsonschema's ``_keywords.py``.
The model raises at the first problem; the reference engine collects
every one; the fast engine asks whether there is a first. Rules read
values a schema has checked and pass over other shapes. The plan's own
rule needs the progression calculator, and lives with `Plan`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final, TypeGuard

from ._checks import describe
from ._pointer import pointer_from, resolves, tokens
from ._problems import Problem

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from ._pointer import Path

    #: Whether the schema found nothing wrong at or below a pointer;
    #: None when it found nothing wrong anywhere.
    Clean = Callable[[str], bool] | None

#: Keys every document carries before its content, in this order.
HEADER_KEYS: Final = ("$schema", "type", "format_version")
#: What an exercise means where its document leaves a field out: the
#: model's defaults, as plain JSON (a test keeps them in step with the
#: model and the schema's ``default`` keywords).
EXERCISE_DEFAULTS: Final[dict[str, Any]] = {
    "equipment": [],
    "targets": [],
    "cautions": [],
    "library_defaults": [],
}
#: The same for an exercise's dose.
DOSE_DEFAULTS: Final[dict[str, Any]] = {
    "sides": [],
    "sets": {"min": 1, "max": 1},
}
#: The same for a raise-hold progression.
RAISE_HOLD_DEFAULTS: Final[dict[str, Any]] = {"phases": []}
#: The same for a chosen dose.
CHOSEN_DEFAULTS: Final[dict[str, Any]] = {"sets": 1}
#: The kinds of safety notice every routine and plan carries.
REQUIRED_NOTICES: Final = ("before-starting", "stop-rule")


def _problem(path: Path, code: str, message: str) -> Problem:
    return Problem(pointer=pointer_from(path), code=code, message=message)


def _is_whole(value: object) -> TypeGuard[int]:
    return type(value) is int


# ---- ranges and ids


def inverted_range(value: object, at: Path) -> tuple[Problem, ...]:
    """
    A range's ``min`` is not above its ``max``.

    A tuple rather than a generator: it runs for every range of every
    exercise a catalog holds.
    """
    if not isinstance(value, dict):
        return ()
    low, high = value.get("min"), value.get("max")
    if _is_whole(low) and _is_whole(high) and low > high:
        return (
            _problem(
                (*at, "min"),
                "range-inverted",
                f"min {low} is above max {high}; swap them or make them equal",
            ),
        )
    return ()


def repeats(keys: Iterable[object]) -> Iterator[tuple[int, int]]:
    """
    Yield (first index, later index) for every key seen before.
    """
    first: dict[object, int] = {}
    for i, key in enumerate(keys):
        if key in first:
            yield first[key], i
        else:
            first[key] = i


def duplicate_ids(
    items: object, at: Path, what: str, inner: Path = ()
) -> list[Problem]:
    """
    No two objects of a list have the same ``id``.

    Args:
        items: The list.
        at: Where the list is.
        what: What the objects are, for the message.
        inner: Where each object's id sits below the item, when not at
            the item itself (a routine item's is in its exercise).
    """
    if not isinstance(items, list) or len(items) < 2:
        return []
    ids: list[object] = []
    for item in items:
        holder = item
        for step in inner:
            holder = holder.get(step) if isinstance(holder, dict) else None
        found = holder.get("id") if isinstance(holder, dict) else None
        # Only text ids can repeat; others are the schema's to report.
        ids.append(found if isinstance(found, str) else object())
    if len(set(ids)) == len(ids):
        return []
    return [
        _problem(
            (*at, later, *inner, "id"),
            "duplicate-id",
            f"the {what} id {ids[later]!r} is already used at "
            f"{pointer_from((*at, first))}; ids must be unique",
        )
        for first, later in repeats(ids)
    ]


# ---- an exercise


def dose_rules(dose: object) -> list[Problem]:
    """
    An allowed dose: its ranges run upwards and its phase ids are unique.

    Pointers are from the dose.
    """
    if not isinstance(dose, dict):
        return []
    found = [
        *inverted_range(dose.get("repetitions"), ("repetitions",)),
        *inverted_range(dose.get("sets"), ("sets",)),
    ]
    phases = dose.get("phases")
    if isinstance(phases, list):
        for i, phase in enumerate(phases):
            if isinstance(phase, dict):
                found += inverted_range(
                    phase.get("hold"), ("phases", i, "hold")
                )
    found += duplicate_ids(phases, ("phases",), "phase")
    return found


def _below(base: str, problems: list[Problem]) -> list[Problem]:
    """
    Return *problems*, found from a part of a document, from its root.
    """
    return [
        Problem(pointer=base + p.pointer, code=p.code, message=p.message)
        for p in problems
    ]


def _clean(clean: Clean, path: Path) -> bool:
    return clean is None or clean(pointer_from(path))


def _inside(value: int, limits: dict[str, Any]) -> bool:
    return bool(limits["min"] <= value <= limits["max"])


def _range_words(limits: dict[str, Any]) -> str:
    low, high = limits["min"], limits["max"]
    return str(low) if low == high else f"{low} to {high}"


def _no_phase(phase: object, ids: list[str], at: Path) -> Problem:
    return _problem(
        at,
        "unknown-phase",
        f"there is no phase {phase!r} in the dose; its phases are "
        f"{', '.join(map(repr, ids))}",
    )


def step_phases(exercise: dict[str, Any]) -> list[Problem]:
    """
    A step names a phase of the dose, if it names one.
    """
    ids = [p["id"] for p in exercise["dose"]["phases"]]
    return [
        _no_phase(step["phase"], ids, ("steps", i, "phase"))
        for i, step in enumerate(exercise["steps"])
        if "phase" in step and step["phase"] not in ids
    ]


def progression_limits(exercise: dict[str, Any]) -> list[Problem]:
    """
    A progression stays inside the dose.

    That is a target inside the allowed repetitions, a cap inside the
    hold of every phase it raises, and only phases the dose has.
    """
    progression = exercise.get("progression")
    if progression is None:
        return []
    dose = exercise["dose"]
    rule = progression["rule"]
    if rule == "add-repetitions":
        target = progression["target"]
        if _inside(target, dose["repetitions"]):
            return []
        return [
            _problem(
                ("progression", "target"),
                "target-outside-dose",
                f"the target of {target} repetitions is outside the "
                f"{_range_words(dose['repetitions'])} repetitions the dose "
                "allows",
            )
        ]
    if rule != "raise-hold":
        return []
    ids = [p["id"] for p in dose["phases"]]
    named = progression.get("phases", [])
    found = [
        _no_phase(phase, ids, ("progression", "phases", i))
        for i, phase in enumerate(named)
        if phase not in ids
    ]
    cap = progression["cap"]
    found += [
        _problem(
            ("progression", "cap"),
            "target-outside-dose",
            f"the cap of {cap} s is outside the {_range_words(phase['hold'])}"
            f" s hold that phase {phase['id']!r} allows",
        )
        for phase in dose["phases"]
        if (not named or phase["id"] in named)
        and not _inside(cap, phase["hold"])
    ]
    return found


def with_defaults(exercise: dict[str, Any]) -> dict[str, Any]:
    """
    Return an exercise as the model holds it.

    The header is left out, and every field it leaves out is at its
    default.
    """
    full: dict[str, Any] = {**EXERCISE_DEFAULTS, **exercise}
    for key in HEADER_KEYS:
        full.pop(key, None)
    full["dose"] = {**DOSE_DEFAULTS, **exercise["dose"]}
    progression = exercise.get("progression")
    if progression is not None and progression.get("rule") == "raise-hold":
        full["progression"] = {**RAISE_HOLD_DEFAULTS, **progression}
    return full


def default_pointers(exercise: dict[str, Any]) -> list[Problem]:
    """
    Each library default names a value of the exercise.

    Pointers resolve against the exercise as the model holds it, so a
    field left at its default (such as ``/dose/sets``) is a value.
    """
    defaults = exercise.get("library_defaults", [])
    full = None
    found = []
    for i, default in enumerate(defaults):
        pointer = default["pointer"]
        # A value written in the exercise, not in its header, is one the
        # model holds too; only others need the defaults filled in.
        first = (tokens(pointer) or ("",))[0]
        if first not in HEADER_KEYS and resolves(exercise, pointer):
            continue
        full = with_defaults(exercise) if full is None else full
        if not resolves(full, pointer):
            found.append(
                _problem(
                    ("library_defaults", i, "pointer"),
                    "unresolved-pointer",
                    f"{pointer!r} names no value in this exercise",
                )
            )
    return found


#: The rules across the fields of a schema-valid exercise, in order.
EXERCISE_RULES: Final = (step_phases, progression_limits, default_pointers)


def exercise_fields(exercise: dict[str, Any]) -> list[Problem]:
    """
    Every rule across the fields of a schema-valid exercise, in order.
    """
    return [p for rule in EXERCISE_RULES for p in rule(exercise)]


def exercise_rules(
    exercise: object, at: Path, clean: Clean = None
) -> list[Problem]:
    """
    Every rule of an exercise: its dose, then across its fields.

    The rules across fields need an exercise the schema passed and whose
    dose is sound, so they run only then. Pointers are made only for
    problems found: this runs for each exercise of a catalog.
    """
    if not isinstance(exercise, dict):
        return []
    found = dose_rules(exercise.get("dose"))
    if found:
        return _below(pointer_from((*at, "dose")), found)
    if not _clean(clean, at):
        return []
    found = exercise_fields(exercise)
    return _below(pointer_from(at), found) if found else []


def catalog_rules(
    catalog: dict[str, Any], clean: Clean = None
) -> Iterator[Problem]:
    """
    Every rule of a catalog: each exercise's, then unique ids.
    """
    exercises = catalog.get("exercises")
    if isinstance(exercises, list):
        for i, exercise in enumerate(exercises):
            yield from exercise_rules(exercise, ("exercises", i), clean)
        yield from duplicate_ids(exercises, ("exercises",), "exercise")
    yield from duplicate_ids(
        catalog.get("safety_notices"), ("safety_notices",), "safety notice"
    )


# ---- a routine


def _outside(
    path: Path, field: str, value: object, low: int, high: int
) -> Problem:
    if not _is_whole(value):
        message = (
            f"{field}: expected a whole number from {low} to {high}, got "
            f"{describe(value)}"
        )
    else:
        message = f"{field}: {value} is outside the allowed {low} to {high}"
    return _problem(path, "dose-outside-allowed", message)


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
    if not (_is_whole(value) and _inside(value, reps)):
        yield _outside(
            (*at, "repetitions"),
            "repetitions",
            value,
            reps["min"],
            reps["max"],
        )
    count = chosen.get("sets", CHOSEN_DEFAULTS["sets"])
    if not (_is_whole(count) and _inside(count, sets)):
        yield _outside((*at, "sets"), "sets", count, sets["min"], sets["max"])
    phases = allowed["phases"]
    holds = chosen.get("holds")
    if not isinstance(holds, list) or len(holds) != len(phases):
        given = len(holds) if isinstance(holds, list) else describe(holds)
        yield _problem(
            (*at, "holds"),
            "dose-outside-allowed",
            f"holds: give one hold for each of the {len(phases)} phases "
            f"({', '.join(p['id'] for p in phases)}), got {given}",
        )
        return
    for i, (phase, hold) in enumerate(zip(phases, holds, strict=True)):
        limits = phase["hold"]
        if not (_is_whole(hold) and _inside(hold, limits)):
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
        yield _problem(
            at,
            "missing-safety-notice",
            f"a routine must carry a {' and a '.join(missing)} safety "
            "notice; the leaflet's are in lowback's catalog",
        )
    yield from duplicate_ids(items, at, "safety notice")


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
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            here = (*at, "items", i)
            found = exercise_rules(
                item.get("exercise"), (*here, "exercise"), clean
            )
            yield from found
            if not found and _clean(clean, here):
                yield from chosen_dose(
                    item["exercise"]["dose"], item["dose"], (*here, "dose")
                )
        yield from duplicate_ids(
            items, (*at, "items"), "exercise", ("exercise",)
        )
    where = (*at, "safety_notices")
    if _clean(clean, where):
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
    exercises: list[Any] | None,
    days: int | None,
) -> Iterator[Problem]:
    """
    One pain report is complete, and about the plan's days and exercises.
    """
    if "change" not in report and not {"before", "after"} <= set(report):
        yield _problem(
            at,
            "incomplete-report",
            "a pain report needs a change (worse, same or better) or the "
            "pain before and after",
        )
    day = report.get("day")
    if _is_whole(day) and days is not None and day > days:
        yield _problem(
            (*at, "day"),
            "report-outside-plan",
            f"day {day} is past the plan's {days} days",
        )
    exercise = report.get("exercise")
    if isinstance(exercise, str) and exercises and exercise not in exercises:
        yield _problem(
            (*at, "exercise"),
            "unknown-exercise",
            f"{exercise!r} is not in the routine; its exercises are "
            f"{', '.join(map(str, exercises))}",
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
        yield _problem(
            at,
            "bad-date",
            f"{value!r} is not a calendar date; write it as YYYY-MM-DD",
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
        for i, day in enumerate(days):
            if isinstance(day, dict):
                yield from calendar_date(day.get("date"), ("days", i, "date"))


def document_rules(
    kind: str,
    document: dict[str, Any],
    clean: Clean = None,
) -> Iterator[Problem]:
    """
    Every rule of a document of type *kind*, in document order.

    *kind* is ``exercise``, ``catalog``, ``routine`` or ``plan``.
    """
    if kind == "exercise":
        yield from exercise_rules(document, (), clean)
    elif kind == "catalog":
        yield from catalog_rules(document, clean)
    elif kind == "routine":
        yield from routine_rules(document, (), clean)
    elif kind == "plan":
        yield from plan_rules(document, clean)
