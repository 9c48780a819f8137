"""
A routine or a plan as schema.org JSON-LD, an ``ExercisePlan``.

Its parts are the exercises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._render._words import dose_words
from ._subject import Subject, given

if TYPE_CHECKING:
    from .._dose import ChosenDose
    from .._model import Exercise
    from .._plan import Plan
    from .._routine import Routine, RoutineItem

#: The inline JSON-LD context: schema.org terms, never fetched.
JSONLD_CONTEXT: Final = {"@vocab": "https://schema.org/"}


def _seconds(value: int, name: str, **more: str) -> dict[str, Any]:
    return {
        "@type": "QuantitativeValue",
        "name": name,
        "value": value,
        "unitCode": "SEC",
        "unitText": "s",
        **more,
    }


def _property(name: str, value: object) -> dict[str, Any]:
    return {"@type": "PropertyValue", "propertyID": name, "value": value}


def _steps(exercise: Exercise) -> list[dict[str, Any]]:
    """
    Return an exercise's steps, then its cautions as tips.

    schema.org's ``warning`` is for drugs.
    """
    steps = [
        {"@type": "HowToStep", "position": i, "text": step.text}
        for i, step in enumerate(exercise.steps, 1)
    ]
    return steps + [
        {"@type": "HowToTip", "position": i, "text": caution}
        for i, caution in enumerate(exercise.cautions, len(steps) + 1)
    ]


def _holds(exercise: Exercise, dose: ChosenDose) -> list[dict[str, Any]]:
    """
    Return the hold of each phase, one value a phase with a hold.

    Repeated values have no order in RDF: each says its place in its
    description. A movement without a hold has no duration to give.
    """
    phases = exercise.dose.phases
    return [
        _seconds(
            hold,
            phase.id,
            description=f"Phase {n} of {len(phases)}: {phase.action}",
        )
        for n, (phase, hold) in enumerate(
            zip(phases, dose.holds, strict=True), 1
        )
        if hold is not None
    ]


def _days(first: int, last: int) -> dict[str, Any]:
    return {
        "@type": "PropertyValue",
        "propertyID": "days",
        "minValue": first,
        "maxValue": last,
    }


def _repetitions(
    exercise: Exercise, dose: ChosenDose, days: tuple[int, int] | None
) -> dict[str, Any]:
    """
    Return a dose's repetitions, with its sets and sides.

    In a plan, they also give the days the dose is for.
    """
    per_side = exercise.dose.per_side
    counts = [_property("sets", dose.sets)]
    if per_side:
        # Text, in order: a JSON-LD list is outside the property's range.
        sides = ", then ".join(side.value for side in exercise.dose.sides)
        counts.append(_property("sides", sides))
    if days is not None:
        counts.append(_days(*days))
    return {
        "@type": "QuantitativeValue",
        "value": dose.repetitions,
        "unitText": "repetitions per side" if per_side else "repetitions",
        "additionalProperty": counts,
    }


def _periods(s: Subject, item: RoutineItem) -> list[dict[str, Any]]:
    """
    Return a plan's periods of one dose of an exercise, as parts.

    Each has its days and its dose; a stopped exercise's last part has
    no repetitions from the day it stops, and says why.
    """
    exercise = item.exercise
    parts: list[dict[str, Any]] = []
    for n, period in enumerate(s.periods(item), 1):
        days = (period.first, period.last)
        start, end = s.date(period.first), s.date(period.last)
        part: dict[str, Any] = {
            "@type": "ExercisePlan",
            "position": n,
            "name": f"{exercise.name}, days {days[0]} to {days[1]}",
            **given(
                "temporalCoverage",
                None if start is None else f"{start}/{end}",
            ),
        }
        if period.dose is None:
            part["repetitions"] = {
                "@type": "QuantitativeValue",
                "value": 0,
                "unitText": "repetitions: stopped",
                "additionalProperty": [_days(*days)],
            }
            part["additionalVariable"] = [
                s.stop_reason(days[0]),
                *s.stop_rules,
            ]
        else:
            part["repetitions"] = _repetitions(exercise, period.dose, days)
            part.update(
                given("activityDuration", _holds(exercise, period.dose))
            )
        parts.append(part)
    return parts


def _exercise_node(s: Subject, n: int, item: RoutineItem) -> dict[str, Any]:
    exercise = item.exercise
    dose = s.first_dose(item)
    return {
        "@type": ["ExercisePlan", "HowTo"],
        "@id": f"urn:uuid:{s.uuid(f'activity:{exercise.id}')}",
        "identifier": exercise.id,
        "position": n,
        "name": exercise.name,
        "inLanguage": exercise.language,
        **given("description", exercise.purpose),
        "exerciseType": exercise.kind.value,
        **given(
            "associatedAnatomy",
            [
                {"@type": "AnatomicalStructure", "name": t}
                for t in exercise.targets
            ],
        ),
        **given(
            "tool",
            [{"@type": "HowToTool", "name": e} for e in exercise.equipment],
        ),
        "step": _steps(exercise),
        "repetitions": _repetitions(exercise, dose, None),
        **given("activityDuration", _holds(exercise, dose)),
        "additionalVariable": [dose_words(exercise, dose), *s.course(item)],
        **({} if s.plan is None else {"hasPart": _periods(s, item)}),
        "citation": exercise.provenance.source,
    }


def _iso_duration(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    text = "PT"
    text += f"{hours}H" if hours else ""
    text += f"{minutes}M" if minutes else ""
    return text + (f"{secs}S" if secs or text == "PT" else "")


def to_jsonld(subject: Routine | Plan) -> dict[str, Any]:
    """
    Return a routine or plan as schema.org JSON-LD: an ``ExercisePlan``.

    The context is inline, so expanding the document fetches nothing.
    The plan is an ``ExercisePlan`` and a ``HowTo``, and each exercise a
    part (``hasPart``), itself both: its steps (``HowToStep``) and
    cautions (``HowToTip``), its repetitions with the sets and sides,
    and the hold of each phase with a hold as an ``activityDuration``.
    The safety notices are the plan's tips (``HowToTip`` in its
    ``step``) and end its ``description``. Every term is used within
    schema.org's domains and ranges.

    Args:
        subject: The routine or plan.

    Returns:
        The JSON-LD document, ready for `json.dumps`.
    """
    s = Subject(subject)
    rest = s.routine.rest
    notices = s.safety
    document: dict[str, Any] = {
        "@context": dict(JSONLD_CONTEXT),
        "@type": ["ExercisePlan", "HowTo"],
        "@id": f"urn:uuid:{s.uuid('plan')}",
        "name": s.title,
        "inLanguage": s.language,
        "description": "\n\n".join([s.summary(), *notices]),
        # The notices are the plan's tips, each in its own node.
        "step": [
            {"@type": "HowToTip", "position": n, "text": text}
            for n, text in enumerate(notices, 1)
        ],
        "timeRequired": _iso_duration(s.session),
        "restPeriods": [
            _seconds(rest.between_repetitions, "between repetitions"),
            _seconds(rest.between_sides, "between sides"),
            _seconds(rest.between_sets, "between sets"),
            _seconds(rest.between_exercises, "between exercises"),
        ],
    }
    if s.plan is not None:
        document["activityFrequency"] = "once a day"
        document["activityDuration"] = {
            "@type": "QuantitativeValue",
            "value": len(s.plan.days),
            "unitCode": "DAY",
            "unitText": "days",
        }
        if s.plan.start is not None:
            end = s.plan.days[-1].date
            assert end is not None  # noqa: S101 - a dated plan dates its days
            document["temporalCoverage"] = f"{s.plan.start}/{end}"
    document["hasPart"] = [
        _exercise_node(s, n, item) for n, item in enumerate(s.routine.items, 1)
    ]
    return document
