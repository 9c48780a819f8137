"""
What every export needs of a routine or a plan, worked out once.

Each export carries the safety notices word for word, and is the same
for the same routine or plan: identifiers are derived from the content,
and nothing depends on the clock.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import uuid
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from .._checks import check_instance
from .._documents import dumps
from .._errors import InvalidValueError
from .._model import NoticeKind
from .._plan import Plan, Status
from .._render._words import count, dose_words, rule_words
from .._routine import Routine

if TYPE_CHECKING:
    from .._dose import ChosenDose
    from .._model import SafetyNotice
    from .._routine import RoutineItem

#: Prefix of the names lowback gives in exports: names, never fetched.
URN: Final = "urn:lowback:"
_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, URN)


class Period(NamedTuple):
    """
    Days of a plan, from *first* to *last*, with one dose of an exercise.

    The dose is None once the exercise is stopped.
    """

    first: int
    last: int
    dose: ChosenDose | None


def moment(field: str, value: object) -> dt.datetime:
    """
    Return *value*, a time of export or of an order, in UTC.

    It is cut to the second, and is now when *value* is None.

    Raises:
        InvalidValueError: If *value* is not a datetime with a time zone.
    """
    when = dt.datetime.now(dt.UTC) if value is None else value
    if not isinstance(when, dt.datetime) or when.utcoffset() is None:
        raise InvalidValueError(
            field,
            value,
            f"{field}: expected a datetime with a time zone, such as "
            f"datetime.now(UTC), got {value!r}",
        )
    return when.astimezone(dt.UTC).replace(microsecond=0)


def given(key: str, value: object) -> dict[str, Any]:
    """
    Return ``{key: value}``, or nothing for None or an empty list.
    """
    return {} if value is None or value == [] else {key: value}


class Subject:
    """
    What every export needs of a routine or a plan, worked out once.
    """

    def __init__(self, subject: Routine | Plan) -> None:
        check_instance("subject", subject, (Routine, Plan))
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

    def periods(self, item: RoutineItem) -> list[Period]:
        """
        Return a plan's days for an exercise, as runs of one dose each.

        A routine is one period of one day, with its dose.
        """
        if self.plan is None:
            return [Period(1, 1, item.dose)]
        exercise = item.exercise.id
        index = [e.exercise for e in self.plan.days[0].entries].index(exercise)
        found: list[Period] = []
        for day in self.plan.days:
            dose = day.entries[index].dose
            if found and found[-1].dose == dose:
                found[-1] = found[-1]._replace(last=day.day)
            else:
                found.append(Period(day.day, day.day, dose))
        return found

    def date(self, day: int) -> dt.date | None:
        """
        Return the date of a plan's day, or None when it is not dated.
        """
        if self.plan is None or self.plan.start is None:
            return None
        return self.plan.start + dt.timedelta(days=day - 1)

    @functools.cached_property
    def stop_rules(self) -> list[str]:
        """
        The texts of the stop-rule notices, as every export gives them.
        """
        return [n.text for n in self.notices if n.kind is NoticeKind.STOP_RULE]

    @staticmethod
    def stop_reason(day: int) -> str:
        """
        Return why an exercise has no dose from *day*.
        """
        return f"Stopped from day {day}, after worse pain."

    def stopped(self, day: int) -> str:
        """
        Return why an exercise has no dose from *day*, with the stop rule.
        """
        return " ".join([self.stop_reason(day), *self.stop_rules])

    def course(self, item: RoutineItem) -> list[str]:
        """
        Return sentences on how a plan moves an exercise's dose.
        """
        exercise = item.exercise
        lines = []
        if exercise.progression is not None:
            lines.append(f"Progression: {rule_words(exercise.progression)}.")
        if self.plan is None:
            return lines
        days = self.plan.days
        index = [e.exercise for e in days[0].entries].index(exercise.id)
        lines.append(f"Day 1: {dose_words(exercise, self.first_dose(item))}.")
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
            lines.append(
                f"Day {len(days)}: {dose_words(exercise, last.dose)}."
            )
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
            f"{count(len(self.routine.items), 'exercise')}, in order; "
            f"about {minutes} min {seconds:02d} s a session."
        )
        if self.plan is not None:
            text += f" Once a day for {count(len(self.plan.days), 'day')}"
            start = self.plan.start
            text += "." if start is None else f", from {start.isoformat()}."
        return text
