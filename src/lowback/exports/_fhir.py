"""
A routine or a plan as a FHIR R4 Bundle.

It holds a PlanDefinition and one ActivityDefinition for each exercise.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final

from .._render._words import dose_words
from ._subject import URN, Subject, given

if TYPE_CHECKING:
    from .._dose import ChosenDose
    from .._model import Exercise, SafetyNotice
    from .._plan import Plan
    from .._routine import Routine, RoutineItem

#: The canonical URL of an exercise's FHIR ActivityDefinition is this
#: followed by the exercise id.
ACTIVITY_URL: Final = f"{URN}activity:"
#: Code system of the two kinds of dose quantity: repetitions and sets.
DOSE_SYSTEM: Final = f"{URN}dose"
#: Code system of the sides an exercise is done on, one at a time.
SIDE_SYSTEM: Final = f"{URN}side"
_UCUM: Final = "http://unitsofmeasure.org"


def _sides(exercise: Exercise) -> str:
    return ", then ".join(s.value for s in exercise.dose.sides)


def _steps(exercise: Exercise) -> str:
    e = exercise
    about = f"Starts {e.position.value.replace('-', ' ')}."
    if e.equipment:
        about += f" Needs {', '.join(e.equipment)}."
    parts = [
        about,
        "\n".join(f"{i}. {s.text}" for i, s in enumerate(e.steps, 1)),
    ]
    if e.cautions:
        parts.append(
            "Take care:\n\n" + "\n".join(f"- {c}" for c in e.cautions)
        )
    return "\n\n".join(parts)


def _quantity(value: int, unit: str, code: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": _UCUM, "code": code}


def _dose_amount(
    code: str, text: str, quantity: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": {
            "coding": [{"system": DOSE_SYSTEM, "code": code}],
            "text": text,
        },
        "doseQuantity": quantity,
    }


def _dosages(exercise: Exercise, dose: ChosenDose) -> list[dict[str, Any]]:
    """
    Return one FHIR Dosage per phase of a repetition, in order.

    Each carries the whole dose (repetitions and sets) and its phase's
    hold, so any one of them can be read alone.
    """
    per_side = exercise.dose.per_side
    reps = "repetitions per side" if per_side else "repetitions"
    amounts = [
        _dose_amount(
            "repetitions",
            reps,
            _quantity(dose.repetitions, reps, "{repetitions}"),
        ),
        _dose_amount("sets", "sets", _quantity(dose.sets, "sets", "{sets}")),
    ]
    sides = [
        {
            "coding": [{"system": SIDE_SYSTEM, "code": side.value}],
            "text": f"{side.value} side",
        }
        for side in exercise.dose.sides
    ]
    whole = dose_words(exercise, dose)
    if per_side:
        whole += f", each side in turn ({_sides(exercise)})"
    count = len(exercise.dose.phases)
    return [
        {
            "sequence": n,
            "text": (
                f"{whole}. Phase {n} of {count}, {phase.id}: "
                f"{phase.action} Hold {hold} s."
            ),
            **given("additionalInstruction", sides),
            "timing": {"repeat": {"duration": hold, "durationUnit": "s"}},
            "doseAndRate": amounts,
        }
        for n, (phase, hold) in enumerate(
            zip(exercise.dose.phases, dose.holds, strict=True), 1
        )
    ]


def _period(plan: Plan | None) -> dict[str, str] | None:
    """
    Return the dates of a dated plan as a FHIR Period, else None.
    """
    if plan is None or plan.start is None:
        return None
    end = plan.start + dt.timedelta(days=len(plan.days) - 1)
    return {"start": plan.start.isoformat(), "end": end.isoformat()}


def _schedule(plan: Plan) -> dict[str, Any]:
    """
    Return a plan's days as a FHIR Timing: once a day, within bounds.
    """
    days = _quantity(len(plan.days), "days", "d")
    period = _period(plan)
    return {
        "repeat": {
            **(
                {"boundsDuration": days}
                if period is None
                else {"boundsPeriod": period}
            ),
            "frequency": 1,
            "period": 1,
            "periodUnit": "d",
        }
    }


def _notice_text(notices: tuple[SafetyNotice, ...]) -> str:
    return "\n\n".join(n.text for n in notices)


def _activity(s: Subject, item: RoutineItem) -> dict[str, Any]:
    exercise = item.exercise
    provenance = exercise.provenance
    citation: dict[str, Any] = {
        "type": "citation",
        "citation": provenance.source,
    }
    if provenance.url is not None:
        citation["document"] = {"url": provenance.url}
    # Keys in the order of the FHIR specification, for a reader's sake.
    return {
        "resourceType": "ActivityDefinition",
        "id": s.uuid(f"activity:{exercise.id}"),
        "language": exercise.language,
        "url": f"{ACTIVITY_URL}{exercise.id}",
        "version": s.digest[:12],
        "title": exercise.name,
        "status": "active",
        "description": _steps(exercise),
        **given("purpose", exercise.purpose),
        "usage": "\n\n".join([*s.course(item), _notice_text(s.notices)]),
        "copyright": f"Licence: {provenance.licence}",
        "relatedArtifact": [citation],
        "kind": "ServiceRequest",
        "code": {"text": "Exercise therapy"},
        "intent": "proposal",
        **({"timingTiming": _schedule(s.plan)} if s.plan is not None else {}),
        "participant": [{"type": "patient"}],
        "dosage": _dosages(exercise, s.first_dose(item)),
        **given("bodySite", [{"text": t} for t in exercise.targets]),
    }


def to_fhir(subject: Routine | Plan) -> dict[str, Any]:
    """
    Return a routine or plan as a FHIR R4 (4.0.1) Bundle, as JSON.

    The collection bundle holds one PlanDefinition, whose actions are the
    safety notices and then the exercises, each pointing to one
    ActivityDefinition with the steps and the dose: one Dosage per phase
    of a repetition, with the repetitions and sets as dose quantities and
    the phase's hold as its timing.
    A plan gives the doses of day 1, says in words how they move on, and
    times each activity once a day for the plan's days.

    Args:
        subject: The routine or plan.

    Returns:
        The bundle, ready for `json.dumps`.
    """
    s = Subject(subject)
    activities = [_activity(s, item) for item in s.routine.items]
    actions: list[dict[str, Any]] = [
        {
            "id": notice.id,
            "title": f"Safety: {notice.kind.value.replace('-', ' ')}",
            "description": notice.text,
            "requiredBehavior": "must",
        }
        for notice in s.notices
    ]
    actions += [
        {
            "id": item.exercise.id,
            "title": item.exercise.name,
            "description": dose_words(item.exercise, s.first_dose(item)),
            "definitionCanonical": f"{a['url']}|{a['version']}",
        }
        for item, a in zip(s.routine.items, activities, strict=True)
    ]
    definition: dict[str, Any] = {
        "resourceType": "PlanDefinition",
        "id": s.uuid("plan"),
        "language": s.language,
        "title": s.title,
        "status": "active",
        "description": s.summary(),
        "usage": _notice_text(s.notices),
        **given("effectivePeriod", _period(s.plan)),
        "action": actions,
    }
    return {
        "resourceType": "Bundle",
        "id": s.uuid("bundle"),
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:{r['id']}", "resource": r}
            for r in [definition, *activities]
        ],
    }
