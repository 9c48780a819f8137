"""
Exports for other software: FHIR R4, schema.org JSON-LD and iCalendar.

Each export carries the safety notices word for word, and is the same
for the same routine or plan: identifiers are derived from the content,
and nothing depends on the clock.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import uuid
from typing import TYPE_CHECKING, Any, Final

from ._errors import InvalidValueError
from ._plan import Plan, Status
from ._text import _plural, describe_rule
from ._version import __version__

if TYPE_CHECKING:
    from ._dose import ChosenDose
    from ._model import Exercise, SafetyNotice
    from ._plan import PlanDay
    from ._routine import Routine, RoutineItem

#: Prefix of the names lowback gives in exports: names, never fetched.
URN: Final = "urn:lowback:"
#: The canonical URL of an exercise's FHIR ActivityDefinition is this
#: followed by the exercise id.
ACTIVITY_URL: Final = f"{URN}activity:"
#: Code system of the two kinds of dose quantity: repetitions and sets.
DOSE_SYSTEM: Final = f"{URN}dose"
#: Code system of the sides an exercise is done on, one at a time.
SIDE_SYSTEM: Final = f"{URN}side"
_UCUM: Final = "http://unitsofmeasure.org"
_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, URN)
#: The inline JSON-LD context: schema.org terms, never fetched.
JSONLD_CONTEXT: Final = {"@vocab": "https://schema.org/"}


class _Subject:
    """
    What every export needs of a routine or a plan, worked out once.
    """

    def __init__(self, subject: Routine | Plan) -> None:
        from ._load import dumps  # noqa: PLC0415 - the converter is heavy

        self.plan: Plan | None = None
        self.routine: Routine
        if isinstance(subject, Plan):
            self.plan, self.routine = subject, subject.routine
        else:
            self.routine = subject
        self.title = subject.title
        self.language = subject.language
        self.notices: tuple[SafetyNotice, ...] = subject.safety_notices
        # The same content gives the same identifiers, other content
        # others, so that exports can be compared and merged.
        self.digest = hashlib.sha256(dumps(subject).encode()).hexdigest()

    def uuid(self, name: str) -> str:
        """
        Return the UUID of a part of the export, such as ``activity:ID``.
        """
        return str(uuid.uuid5(_NAMESPACE, f"{self.digest}:{name}"))

    def first_dose(self, item: RoutineItem) -> ChosenDose:
        """
        Return the dose an export gives: the routine's, or a plan's day 1.
        """
        if self.plan is None:
            return item.dose
        dose = self.plan.dose(1, item.exercise.id)
        # Reports stop exercises from the day after, so day 1 has them
        # all; the routine's dose stands in should that ever change.
        return item.dose if dose is None else dose

    def course(self, item: RoutineItem) -> list[str]:
        """
        Return sentences on how a plan moves an exercise's dose.
        """
        exercise = item.exercise
        lines = []
        if exercise.progression is not None:
            lines.append(
                f"Progression: {describe_rule(exercise.progression)}."
            )
        if self.plan is None:
            return lines
        days = self.plan.days
        index = [e.exercise for e in days[0].entries].index(exercise.id)
        lines.append(f"Day 1: {phrase(exercise, self.first_dose(item))}.")
        last = days[-1].entries[index]
        stopped = next(
            (d.day for d in days if d.entries[index].status is Status.STOPPED),
            None,
        )
        if stopped is not None:
            lines.append(
                f"Stopped from day {stopped}, after worse pain: stop this "
                "exercise and talk to your doctor."
            )
        elif last.dose is not None and last.dose != self.first_dose(item):
            lines.append(f"Day {len(days)}: {phrase(exercise, last.dose)}.")
        elif len(days) > 1:
            lines.append(f"The same to day {len(days)}.")
        return lines

    @functools.cached_property
    def session(self) -> int:
        """
        Seconds one session takes, as `Routine.estimated_duration` says.
        """
        return self.routine.estimated_duration

    def summary(self) -> str:
        """
        Return a sentence on the routine or plan as a whole.
        """
        minutes, seconds = divmod(self.session, 60)
        text = (
            f"{_plural(len(self.routine.items), 'exercise')}, in order; "
            f"about {minutes} min {seconds:02d} s a session."
        )
        if self.plan is not None:
            text += f" Once a day for {_plural(len(self.plan.days), 'day')}"
            start = self.plan.start
            text += "." if start is None else f", from {start.isoformat()}."
        return text


def phrase(exercise: Exercise, dose: ChosenDose) -> str:
    """
    Return a chosen dose in words, such as ``2 repetitions per side``.

    Then the holds and any sets: ``, hold 15 s``.
    """
    per = " per side" if exercise.dose.per_side else ""
    holds = " + ".join(f"{h} s" for h in dose.holds)
    sets = f", {_plural(dose.sets, 'set')}" if dose.sets > 1 else ""
    reps = _plural(dose.repetitions, "repetition")
    return f"{reps}{per}, hold {holds}{sets}"


def _given(key: str, value: object) -> dict[str, Any]:
    """
    Return ``{key: value}``, or nothing for None or an empty list.
    """
    return {} if value is None or value == [] else {key: value}


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


# ---- FHIR


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
    whole = phrase(exercise, dose)
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
            **_given("additionalInstruction", sides),
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


def _activity(s: _Subject, item: RoutineItem) -> dict[str, Any]:
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
        **_given("purpose", exercise.purpose),
        "usage": "\n\n".join([*s.course(item), _notice_text(s.notices)]),
        "copyright": f"Licence: {provenance.licence}",
        "relatedArtifact": [citation],
        "kind": "ServiceRequest",
        "code": {"text": "Exercise therapy"},
        "intent": "proposal",
        **({"timingTiming": _schedule(s.plan)} if s.plan is not None else {}),
        "participant": [{"type": "patient"}],
        "dosage": _dosages(exercise, s.first_dose(item)),
        **_given("bodySite", [{"text": t} for t in exercise.targets]),
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
    s = _Subject(subject)
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
            "description": phrase(item.exercise, s.first_dose(item)),
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
        **_given("effectivePeriod", _period(s.plan)),
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


# ---- schema.org JSON-LD


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


def _exercise_node(s: _Subject, n: int, item: RoutineItem) -> dict[str, Any]:
    exercise = item.exercise
    dose = s.first_dose(item)
    per_side = exercise.dose.per_side
    counts = [_property("sets", dose.sets)]
    if per_side:
        sides = [side.value for side in exercise.dose.sides]
        counts.append(_property("sides", {"@list": sides}))
    return {
        "@type": ["ExercisePlan", "HowTo"],
        "@id": f"urn:uuid:{s.uuid(f'activity:{exercise.id}')}",
        "identifier": exercise.id,
        "position": n,
        "name": exercise.name,
        "inLanguage": exercise.language,
        **_given("description", exercise.purpose),
        "exerciseType": exercise.kind.value,
        **_given(
            "associatedAnatomy",
            [
                {"@type": "AnatomicalStructure", "name": t}
                for t in exercise.targets
            ],
        ),
        **_given(
            "tool",
            [{"@type": "HowToTool", "name": e} for e in exercise.equipment],
        ),
        "step": [
            {"@type": "HowToStep", "position": i, "text": step.text}
            for i, step in enumerate(exercise.steps, 1)
        ],
        **_given("warning", list(exercise.cautions)),
        "repetitions": {
            "@type": "QuantitativeValue",
            "value": dose.repetitions,
            "unitText": "repetitions per side" if per_side else "repetitions",
            "additionalProperty": counts,
        },
        "activityDuration": {
            "@list": [
                _seconds(hold, phase.id, description=phase.action)
                for phase, hold in zip(
                    exercise.dose.phases, dose.holds, strict=True
                )
            ]
        },
        "additionalVariable": [phrase(exercise, dose), *s.course(item)],
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
    Each exercise is a part (``hasPart``), itself an ``ExercisePlan`` and
    a ``HowTo``: its steps, its repetitions with the sets and sides, and
    the hold of each phase as an ``activityDuration``.
    The safety notices are the plan's ``warning`` and end its
    ``description``.

    Args:
        subject: The routine or plan.

    Returns:
        The JSON-LD document, ready for `json.dumps`.
    """
    s = _Subject(subject)
    rest = s.routine.rest
    notices = [n.text for n in s.notices]
    document: dict[str, Any] = {
        "@context": dict(JSONLD_CONTEXT),
        "@type": "ExercisePlan",
        "@id": f"urn:uuid:{s.uuid('plan')}",
        "name": s.title,
        "inLanguage": s.language,
        "description": "\n\n".join([s.summary(), *notices]),
        "warning": notices,
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


# ---- iCalendar


def _day_text(plan: Plan, day: PlanDay) -> str:
    exercises = {i.exercise.id: i.exercise for i in plan.routine.items}
    lines = [
        f"{exercises[e.exercise].name}: "
        + (
            "stopped"
            if e.dose is None
            else phrase(exercises[e.exercise], e.dose)
        )
        for e in day.entries
    ]
    lines += list(day.advice)
    lines += ["", "Safety:", *(n.text for n in plan.safety_notices)]
    return "\n".join(lines)


def to_ics(plan: Plan) -> str:
    """
    Return a dated plan as an iCalendar (RFC 5545) calendar.

    Each day of the plan is an all-day event whose description lists the
    day's doses (an exercise stopped after worse pain says so), the day's
    advice and the safety notices.
    Identifiers and time stamps come from the plan, so the same plan
    gives the same text.

    Args:
        plan: A plan with a start date.

    Returns:
        The calendar, lines ending in CRLF.

    Raises:
        InvalidValueError: If the plan has no start date.
    """
    if plan.start is None:
        raise InvalidValueError(
            "start",
            None,
            "an iCalendar export needs a plan with a start date; give "
            "plan(..., start=...)",
        )
    import icalendar  # noqa: PLC0415 - only an iCalendar export needs it

    s = _Subject(plan)
    stamp = dt.datetime.combine(plan.start, dt.time(), tzinfo=dt.UTC)
    language = {"LANGUAGE": plan.language}
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//lowback//lowback {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for day in plan.days:
        assert day.date is not None  # noqa: S101 - a dated plan dates its days
        event = icalendar.Event()
        event.add("uid", f"day-{day.day}-{s.uuid('calendar')}@lowback")
        event.add("dtstamp", stamp)
        event.add("dtstart", day.date)
        event.add("dtend", day.date + dt.timedelta(days=1))
        event.add(
            "summary",
            f"{plan.title}, day {day.day} of {len(plan.days)}",
            parameters=language,
        )
        event.add("description", _day_text(plan, day), parameters=language)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    text: bytes = calendar.to_ical()
    return text.decode("utf-8")
