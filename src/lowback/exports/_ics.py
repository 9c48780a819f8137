"""
A dated plan as an iCalendar (RFC 5545) calendar, one event a day.
"""

from __future__ import annotations

import datetime as dt

from .._checks import check_instance
from .._errors import InvalidValueError
from .._plan import Plan, PlanDay
from .._render._words import dose_words
from .._version import __version__
from ._subject import Subject


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
        InvalidValueError: If *plan* is not a plan, or has no start date.
    """
    check_instance("plan", plan, Plan)
    if plan.start is None:
        raise InvalidValueError(
            "start",
            None,
            "an iCalendar export needs a plan with a start date; give "
            "plan(..., start=...)",
        )
    import icalendar  # noqa: PLC0415 - only an iCalendar export needs it

    s = Subject(plan)
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
