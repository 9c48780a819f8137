"""
A dated plan as an iCalendar (RFC 5545) calendar, one event a day.
"""

from __future__ import annotations

import datetime as dt
import itertools

from .._checks import check_instance
from .._errors import InvalidValueError
from .._plan import Plan, PlanDay
from .._problems import printable, shown
from .._render._words import dose_words
from .._version import __version__
from ._subject import Subject, moment


def _day_text(plan: Plan, day: PlanDay) -> str:
    exercises = {i.exercise.id: i.exercise for i in plan.routine.items}
    lines = [
        f"{exercises[e.exercise].name}: "
        + (
            "stopped"
            if e.dose is None
            else dose_words(exercises[e.exercise], e.dose)
        )
        for e in day.entries
    ]
    lines += list(day.advice)
    lines += ["", "Safety:", *(n.text for n in plan.safety_notices)]
    if plan.pain_rule.sentence:
        lines.append(plan.pain_rule.sentence)
    return "\n".join(lines)


def revisions(plan: Plan) -> tuple[int, ...]:
    """
    Return, for each day, how many of *plan*'s reports changed its event.

    Reports come in the order of their days, and each changes only days
    after its own; so a day's count is how many times an export made
    after each new report has changed that day's event: its SEQUENCE.
    """
    counts = [0] * len(plan.days)
    for before, after in itertools.pairwise(Subject(plan).history()):
        for i, (old, new) in enumerate(zip(before, after, strict=True)):
            # What the event says, not how the plan keeps it (a frozen
            # dose reads as the same dose).
            if old != new and _day_text(plan, old) != _day_text(plan, new):
                counts[i] += 1
    return tuple(counts)


def to_ics(plan: Plan, *, stamp: dt.datetime | None = None) -> str:
    """
    Return a dated plan as an iCalendar (RFC 5545) calendar.

    Each day of the plan is an all-day event whose description lists the
    day's doses (an exercise stopped after worse pain says so), the day's
    advice and the safety notices.

    Export the plan again after new pain reports and import the new
    calendar over the old one: it updates the events rather than adding
    new ones. Each day's UID depends only on the routine, the start date
    and the day; its SEQUENCE counts the reports that changed that day,
    and an event that changed has a LAST-MODIFIED.

    Args:
        plan: A plan with a start date.
        stamp: The time of the export, for DTSTAMP and LAST-MODIFIED:
            now by default; give a fixed one for the same text every
            time (the command line takes ``SOURCE_DATE_EPOCH``).

    Returns:
        The calendar, lines ending in CRLF.

    Raises:
        InvalidValueError: If *plan* is not a plan or has no start date,
            or *stamp* is not a datetime with a time zone.
    """
    check_instance("plan", plan, Plan)
    if plan.start is None:
        raise InvalidValueError(
            "start",
            None,
            "an iCalendar export needs a plan with a start date; give "
            "plan(..., start=...)",
        )
    now = moment("stamp", stamp)
    import icalendar  # noqa: PLC0415 - only an iCalendar export needs it

    routine = Subject(plan.routine)
    series = routine.uuid(f"calendar:{plan.start.isoformat()}")
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//lowback//lowback {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for day, sequence in zip(plan.days, revisions(plan), strict=True):
        event = icalendar.Event()
        for name, value, parameters in _event(plan, day, series, sequence):
            event.add(name, value, parameters=parameters)
        if sequence:
            event.add("last-modified", now)
        event.add("dtstamp", now)
        calendar.add_component(event)
    text: bytes = calendar.to_ical()
    return text.decode("utf-8")


def _event(
    plan: Plan, day: PlanDay, series: str, sequence: int
) -> list[tuple[str, object, dict[str, str]]]:
    """
    Return the properties of one day's event, but its time stamps.
    """
    assert day.date is not None  # noqa: S101 - a dated plan dates its days
    language = {"LANGUAGE": plan.language}
    summary = f"{plan.title}, day {day.day} of {len(plan.days)}"
    return [
        ("uid", f"day-{day.day}-{series}@lowback", {}),
        ("sequence", sequence, {}),
        ("dtstart", day.date, {}),
        ("dtend", day.date + dt.timedelta(days=1), {}),
        # One line each: no character of the content may end a line
        # of the calendar or act on a terminal (valid content has none).
        ("summary", printable(summary), language),
        ("description", shown(_day_text(plan, day)), language),
        ("transp", "TRANSPARENT", {}),
    ]
