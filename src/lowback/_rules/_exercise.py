"""
The rules of an exercise and of a catalog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._pointer import pointer_from, resolves, tokens
from ._common import (
    HEADER_KEYS,
    below,
    duplicate_ids,
    inside,
    inverted_range,
    passed,
    problem,
    range_words,
    sound,
)
from ._prose import NOTHING_SAID, Said, said

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .._pointer import Path
    from .._problems import Problem
    from ._common import Clean, Found

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


# ---- an exercise


def dose_rules(dose: object) -> list[Problem]:
    """
    An allowed dose: its ranges run upwards and its phase ids are unique.

    Pointers are from the dose.
    """
    if not isinstance(dose, dict):
        return []
    found: list[Problem] = []
    found += inverted_range(dose.get("repetitions"), ("repetitions",))
    found += inverted_range(dose.get("sets"), ("sets",))
    phases = dose.get("phases")
    if isinstance(phases, list):
        for i, phase in enumerate(phases):
            if isinstance(phase, dict):
                found += inverted_range(
                    phase.get("hold"), ("phases", i, "hold")
                )
        if len(phases) > 1:
            found += duplicate_ids(phases, ("phases",), "phase")
    return found


def _no_phase(phase: object, ids: list[str], at: Path) -> Problem:
    return problem(
        at,
        "unknown-phase",
        f"there is no phase {phase!r} in the dose; its phases are "
        f"{', '.join(map(repr, ids))}",
    )


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
        if inside(target, dose["repetitions"]):
            return []
        return [
            problem(
                ("progression", "target"),
                "target-outside-dose",
                f"the target of {target} repetitions is outside the "
                f"{range_words(dose['repetitions'])} repetitions the dose "
                "allows",
            )
        ]
    if rule != "raise-hold":
        return []
    return _raise_hold_limits(progression, dose["phases"])


def _raise_hold_limits(
    progression: dict[str, Any], phases: list[dict[str, Any]]
) -> list[Problem]:
    """
    A raise-hold rule raises only phases with a hold, inside that hold.

    Without named phases it raises every phase that has a hold, and
    there must be one.
    """
    ids = [p["id"] for p in phases]
    held = {p["id"]: p["hold"] for p in phases if p.get("hold") is not None}
    named = progression.get("phases", [])
    found = []
    for i, phase in enumerate(named):
        if phase not in ids:
            found.append(_no_phase(phase, ids, ("progression", "phases", i)))
        elif phase not in held:
            found.append(
                problem(
                    ("progression", "phases", i),
                    "no-hold-to-raise",
                    f"phase {phase!r} is a movement without a hold, so "
                    "there is no hold to raise; name only phases with a "
                    "hold",
                )
            )
    if not named and not held:
        found.append(
            problem(
                ("progression", "rule"),
                "no-hold-to-raise",
                "no phase of the dose has a hold, so there is no hold to "
                "raise; use another rule",
            )
        )
    cap = progression["cap"]
    found += [
        problem(
            ("progression", "cap"),
            "target-outside-dose",
            f"the cap of {cap} s is outside the {range_words(limits)}"
            f" s hold that phase {phase!r} allows",
        )
        for phase, limits in held.items()
        if (not named or phase in named) and not inside(cap, limits)
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
    defaults = exercise.get("library_defaults")
    if not defaults:
        return []
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
                problem(
                    ("library_defaults", i, "pointer"),
                    "unresolved-pointer",
                    f"{pointer!r} names no value in this exercise",
                )
            )
    return found


def contradicts(at: Path, message: str) -> Problem:
    """
    Return the problem of a step whose words state another dose.
    """
    return problem(at, "step-contradicts-dose", message)


def _said_holds(
    step: dict[str, Any],
    stated: Said,
    phases: dict[str, dict[str, Any] | None],
    at: Path,
) -> Iterator[Problem]:
    """
    The holds a step's text states are allowed by its phase's hold.
    """
    for hold in stated.holds:
        low, high, words = hold.low, hold.high, hold.words
        phase = step.get("phase")
        if phase is None and len(phases) > 1:
            yield contradicts(
                at,
                f"the step says to hold for {words} seconds but names no "
                f"phase, and the dose has {len(phases)}; give the step the "
                "phase whose hold it says",
            )
            continue
        phase = next(iter(phases)) if phase is None else phase
        limits = phases[phase]
        if limits is None:
            yield contradicts(
                at,
                f"the step says to hold for {words} seconds, but phase "
                f"{phase!r} is a movement without a hold",
            )
        elif not (inside(low, limits) and inside(high, limits)):
            yield contradicts(
                at,
                f"the step says to hold for {words} seconds, but phase "
                f"{phase!r} allows {range_words(limits)} seconds",
            )


_NOTHING: Final = NOTHING_SAID


def step_rules(exercise: dict[str, Any]) -> list[Problem]:
    """
    Each step names a phase of the dose, and its words fit the dose.

    A step names a phase of the dose, if it names one; and its words
    state no dose the structured one does not allow: a hold, a number
    of repetitions, or one side at a time.
    One pass over the steps checks both (it runs for every exercise of
    a catalog); the phases a step names come first, then its words.
    """
    dose = exercise["dose"]
    phases = {p["id"]: p.get("hold") for p in dose["phases"]}
    first = next(iter(phases))
    unknown: list[Problem] = []
    found: list[Problem] = []
    for i, step in enumerate(exercise["steps"]):
        phase = step.get("phase", first)
        if phase not in phases:
            unknown.append(
                _no_phase(phase, list(phases), ("steps", i, "phase"))
            )
            continue
        stated = said(step["text"])
        if stated is not _NOTHING:  # most steps say nothing
            found += _step_dose(
                step, stated, dose, phases, ("steps", i, "text")
            )
    return unknown + found if unknown else found


def _step_dose(
    step: dict[str, Any],
    stated: Said,
    dose: dict[str, Any],
    phases: dict[str, dict[str, Any] | None],
    at: Path,
) -> list[Problem]:
    """
    What a step's words state is allowed by the dose.
    """
    found = list(_said_holds(step, stated, phases, at))
    allowed = dose["repetitions"]
    for reps in stated.repetitions:
        low, high, words = reps.low, reps.high, reps.words
        if not (inside(low, allowed) and inside(high, allowed)):
            found.append(
                contradicts(
                    at,
                    f"the step says {words} repetitions, but the dose "
                    f"allows {range_words(allowed)}",
                )
            )
    if stated.side is not None and not dose.get("sides"):
        found.append(
            contradicts(
                at,
                f"the step says {stated.side!r}, but the dose is not "
                "done one side at a time: give its sides",
            )
        )
    return found


#: The rules across the fields of a schema-valid exercise, in order.
EXERCISE_RULES: Final = (
    step_rules,
    progression_limits,
    default_pointers,
)


def exercise_fields(exercise: dict[str, Any]) -> list[Problem]:
    """
    Every rule across the fields of a schema-valid exercise, in order.
    """
    return [p for rule in EXERCISE_RULES for p in rule(exercise)]


#: What each rule across fields reads of an exercise.
_READS: Final[dict[Any, tuple[Path, ...]]] = {
    step_rules: (("dose",), ("steps",)),
    progression_limits: (("dose",), ("progression",)),
    default_pointers: ((),),
}


def found_fields(
    exercise: dict[str, Any], at: Path, clean: Found
) -> list[Problem]:
    """
    Every rule across the fields of an exercise the schema refused.

    So that one run finds every problem, a rule still runs where the
    schema found only values out of place, such as a hold of 60 s or a
    misspelt field, in what it reads; not where something there has the
    wrong type or is missing, which would only make it say that again.
    """
    return [
        p
        for rule in EXERCISE_RULES
        if all(sound(clean, (*at, *part)) for part in _READS[rule])
        for p in rule(exercise)
    ]


def exercise_rules(
    exercise: object, at: Path, clean: Clean = None
) -> list[Problem]:
    """
    Every rule of an exercise: its dose, then across its fields.

    The rules across fields need a dose whose ranges and phases are
    sound, so they run only then; where the schema found something in
    the exercise, as far as its shapes allow (`found_fields`). Pointers
    are made only for problems found: this runs for each exercise of a
    catalog.
    """
    if not isinstance(exercise, dict):
        return []
    found = dose_rules(exercise.get("dose"))
    if found:
        return below(pointer_from((*at, "dose")), found)
    if clean is None or passed(clean, at):
        found = exercise_fields(exercise)
    else:
        found = found_fields(exercise, at, clean)
    return below(pointer_from(at), found) if found else []


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
