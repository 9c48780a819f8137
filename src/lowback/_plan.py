"""
Plans: day-by-day doses from the progression rules in the content.

Pain reports adjust them.
A plan's days are always what its routine, pain rule and reports give
(`schedule`): the model refuses any other, and the validator says which
days of a document differ.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import TYPE_CHECKING, ClassVar

import attrs

from ._checks import (
    NAME_MAX,
    REPORTS_MAX,
    TEXT_MAX,
    Choice,
    check_count,
    check_each,
    check_instance,
    check_language,
    check_member,
    check_slug,
    check_text,
    check_whole,
    describe,
    optional,
    raise_first,
    validator,
)
from ._converter import plain
from ._dose import ChosenDose
from ._errors import InvalidValueError, UnknownDayError, unknown_exercise
from ._model import SafetyNotice
from ._pain import DAYS_MAX, PainReport, PainRule
from ._problems import Problem
from ._progression import amounts_on, dose_on
from ._routine import Routine, check_notices
from ._rules import plan_dates, plan_size, report_rules

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from ._routine import RoutineItem


class Status(Choice):
    """
    What a plan says about an exercise on a day.
    """

    GO = "go"
    STOPPED = "stopped"


@attrs.frozen(kw_only=True)
class PlanEntry:
    """
    One exercise on one day of a plan.

    Args:
        exercise: The exercise id.
        status: Go, or stopped after worse pain.
        dose: The dose for the day; absent when stopped.
    """

    exercise: str = attrs.field(validator=validator(check_slug))
    status: Status = attrs.field(validator=validator(check_member, Status))
    dose: ChosenDose | None = attrs.field(
        default=None,
        validator=optional(check_instance, ChosenDose),
    )

    def __attrs_post_init__(self) -> None:
        if (self.status is Status.GO) != (self.dose is not None):
            raise InvalidValueError(
                "dose",
                self.dose,
                "dose: an exercise that goes on has a dose and a stopped "
                f"one has none; got {self.status.value} with "
                f"{'a' if self.dose else 'no'} dose",
            )


def check_date(field: str, value: object) -> None:
    """
    Check that *value* is a calendar date (not a date and time), or None.
    """
    if value is not None and type(value) is not dt.date:
        raise InvalidValueError(
            field,
            value,
            f"{field}: expected a date such as datetime.date(2026, 12, 1), "
            f"got {describe(value)}",
        )


@attrs.frozen(kw_only=True)
class PlanDay:
    """
    One day of a plan.

    Args:
        day: The day, from 1.
        date: The calendar date, when the plan has a start date.
        entries: One for each exercise of the routine, in its order.
        advice: What to tell the person that day, if anything.
    """

    day: int = attrs.field(validator=validator(check_whole, 1, DAYS_MAX))
    date: dt.date | None = attrs.field(
        default=None, validator=validator(check_date)
    )
    entries: tuple[PlanEntry, ...] = attrs.field(
        validator=validator(check_each, check_instance, PlanEntry)
    )
    advice: tuple[str, ...] = attrs.field(
        default=(), validator=validator(check_each, check_text, TEXT_MAX)
    )


@attrs.frozen(kw_only=True)
class Plan:
    """
    A day-by-day schedule for a routine.

    Build one with `plan`; a plan document carries everything it was made
    from, so a validator can make it again and compare.

    Args:
        title: The plan's title.
        language: BCP 47 tag of its texts.
        start: The date of day 1, if given.
        safety_notices: The routine's notices.
        routine: The routine it schedules.
        pain_rule: When a report counts as worse.
        reports: The pain reports it was adjusted by.
        days: The days, from day 1.
    """

    document_type: ClassVar[str] = "plan"

    title: str = attrs.field(validator=validator(check_text, NAME_MAX))
    language: str = attrs.field(validator=validator(check_language))
    start: dt.date | None = attrs.field(
        default=None, validator=validator(check_date)
    )
    safety_notices: tuple[SafetyNotice, ...] = attrs.field(
        validator=validator(check_notices)
    )
    routine: Routine = attrs.field(
        validator=validator(check_instance, Routine)
    )
    pain_rule: PainRule = attrs.field(
        factory=PainRule, validator=validator(check_instance, PainRule)
    )
    reports: tuple[PainReport, ...] = attrs.field(
        default=(), validator=validator(check_each, check_instance, PainReport)
    )
    days: tuple[PlanDay, ...] = attrs.field(
        validator=validator(check_each, check_instance, PlanDay)
    )

    def __attrs_post_init__(self) -> None:
        check_whole("days", len(self.days), 1, DAYS_MAX)
        if self.start is not None:
            raise_first(
                plan_dates(self.start.isoformat(), len(self.days), ()),
                self.start,
                "start",
            )
        raise_first(
            plan_size(len(self.days), len(self.routine.items), ()),
            len(self.days),
            "days",
        )
        check_count("reports", self.reports, REPORTS_MAX)
        ids = [item.exercise.id for item in self.routine.items]
        value = {"reports": plain(self.reports)}
        raise_first(
            report_rules(value["reports"], ("reports",), ids, len(self.days)),
            value,
        )
        raise_first(
            differences(
                routine=self.routine,
                pain_rule=self.pain_rule,
                reports=self.reports,
                start=self.start,
                notices=self.safety_notices,
                language=self.language,
                days=self.days,
            ),
            {},
        )

    def dose(self, day: int, exercise_id: str) -> ChosenDose | None:
        """
        Return the dose of an exercise on a day; None if it is stopped.

        Raises:
            UnknownExerciseError: If the routine has no such exercise.
            UnknownDayError: If the plan has no such day (also an
                `IndexError`).
            InvalidValueError: If *day* is not a whole number.
        """
        for entry in self._day(day).entries:
            if entry.exercise == exercise_id:
                return entry.dose
        raise unknown_exercise(
            exercise_id, [e.exercise for e in self.days[day - 1].entries]
        )

    def _day(self, day: object) -> PlanDay:
        if type(day) is not int:
            raise InvalidValueError(
                "day",
                day,
                f"day: expected a whole number, got {describe(day)}",
            )
        if not 1 <= day <= len(self.days):
            raise UnknownDayError(day, len(self.days))
        return self.days[day - 1]

    def with_reports(self, *reports: PainReport) -> Plan:
        """
        Return this plan made again with more pain reports.

        Everything else is kept: the routine, the pain rule, the start,
        the title and the number of days. Days up to each report are as
        they were.

        Raises:
            InvalidValueError: If one is not a `PainReport`, is about a day
                past the plan or an exercise not in its routine (with the
                closest id), or the plan would hold more than 10,000
                reports. *reports[i]* in a message is the i-th given here.
        """
        check_each("reports", reports, check_instance, PainReport)
        given = {"reports": plain(reports)}
        ids = [item.exercise.id for item in self.routine.items]
        raise_first(
            report_rules(given["reports"], ("reports",), ids, len(self.days)),
            given,
        )
        return plan(
            self.routine,
            len(self.days),
            start=self.start,
            reports=(*self.reports, *reports),
            pain_rule=self.pain_rule,
            title=self.title,
        )

    def with_days(self, days: int) -> Plan:
        """
        Return this plan made again over *days* days.

        Everything else is kept: the routine, the pain rule, the start,
        the title and the reports; a longer plan keeps every day this one
        has.

        Raises:
            InvalidValueError: If *days* is not a whole number from 1 to
                3660, or a report is about a day past the new length.
        """
        return plan(
            self.routine,
            days,
            start=self.start,
            reports=self.reports,
            pain_rule=self.pain_rule,
            title=self.title,
        )

    def day_on(self, date: dt.date) -> PlanDay:
        """
        Return the day of the plan that falls on *date*.

        Raises:
            InvalidValueError: If *date* is not a `datetime.date` (a
                datetime is refused too: say ``.date()``), the plan has
                no start date, or *date* is before its first day or after
                its last.
        """
        check_date("date", date)
        if date is None:
            raise InvalidValueError(
                "date", date, "date: expected a date, got None"
            )
        if self.start is None:
            raise InvalidValueError(
                "date",
                date,
                "date: this plan counts days only, with no start date; "
                "make it with start= to find a day by its date",
            )
        day = (date - self.start).days + 1
        if not 1 <= day <= len(self.days):
            last = self.start + dt.timedelta(days=len(self.days) - 1)
            raise InvalidValueError(
                "date",
                date,
                f"date: {date.isoformat()} is not in the plan, which runs "
                f"from {self.start.isoformat()} to {last.isoformat()}",
            )
        return self.days[day - 1]

    def session(self, day: int) -> Routine | None:
        """
        Return the session of one day: the routine, at that day's doses.

        Stopped exercises are left out; None when every one is stopped.
        Its `Routine.timeline` is that day's session to the second, and
        `handout` prints it.

        Raises:
            UnknownDayError: If the plan has no such day (also an
                `IndexError`).
            InvalidValueError: If *day* is not a whole number.
        """
        doses = {e.exercise: e.dose for e in self._day(day).entries}
        items = tuple(
            attrs.evolve(item, dose=dose)
            for item in self.routine.items
            if (dose := doses.get(item.exercise.id)) is not None
        )
        return attrs.evolve(self.routine, items=items) if items else None


def session_on(made: Plan, day: int) -> Routine:
    """
    Return the session of one day of *made* (`Plan.session`), to run.

    Raises:
        InvalidValueError: If every exercise is stopped that day, with
            the day's advice; or *day* is not a whole number.
        UnknownDayError: If the plan has no such day.
    """
    session = made.session(day)
    if session is None:
        advice = " ".join(made.days[day - 1].advice)
        msg = (
            f"day {day}: every exercise of the plan is stopped, so there "
            f"is no session. {advice}"
        )
        raise InvalidValueError("day", day, msg.strip())
    return session


def plan(  # noqa: PLR0913 - all but two are keyword-only
    routine: Routine,
    days: int,
    *,
    start: dt.date | None = None,
    reports: Iterable[PainReport] = (),
    pain_rule: PainRule | None = None,
    title: str | None = None,
) -> Plan:
    """
    Return a day-by-day plan for *routine*.

    Doses follow each exercise's progression rule from the routine's
    chosen dose, never past the rule's target or cap and never outside
    the allowed dose.
    After a session whose pain counts as worse under *pain_rule*, nothing
    goes up again, the exercise it was about (or every exercise, for a
    report on the whole session) stops, and each later day says to stop
    and talk to a doctor, as the leaflet does.

    Args:
        routine: The routine to schedule.
        days: How many days, from 1.
        start: The date of day 1, if the plan should carry dates.
        reports: Pain reports, by plan day.
        pain_rule: When a report counts as worse; the leaflet's rule by
            default.
        title: The plan's title; the routine's by default.

    Raises:
        InvalidValueError: If an argument is of the wrong type, *days* is
            out of range, the days would end after 9999-12-30, the plan
            would hold more than 100,000 doses (days x exercises) or
            10,000 reports, or a report is about a day past the plan or
            an exercise not in the routine.
    """
    check_instance("routine", routine, Routine)
    check_whole("days", days, 1, DAYS_MAX)
    check_date("start", start)
    if start is not None:
        raise_first(plan_dates(start.isoformat(), days, ()), start, "start")
    raise_first(plan_size(days, len(routine.items), ()), days, "days")
    pain_rule = PainRule() if pain_rule is None else pain_rule
    check_instance("pain_rule", pain_rule, PainRule)
    ordered = by_day(reports)
    check_count("reports", ordered, REPORTS_MAX)
    return Plan(
        title=routine.title if title is None else title,
        language=routine.language,
        start=start,
        safety_notices=routine.safety_notices,
        routine=routine,
        pain_rule=pain_rule,
        reports=ordered,
        days=schedule(routine, days, start, ordered, pain_rule),
    )


def by_day(reports: object) -> tuple[PainReport, ...]:
    """
    Return pain reports in the order of their days.

    Raises:
        InvalidValueError: If *reports* is not an iterable of them.
    """
    if isinstance(reports, (str, bytes)) or not hasattr(reports, "__iter__"):
        raise InvalidValueError(
            "reports",
            reports,
            f"reports: expected pain reports, got {describe(reports)}",
        )
    given = tuple(reports)
    check_each("reports", given, check_instance, PainReport)
    return tuple(sorted(given, key=lambda r: r.day))


@functools.lru_cache(maxsize=2)
def schedule(
    routine: Routine,
    days: int,
    start: dt.date | None,
    reports: tuple[PainReport, ...],
    pain_rule: PainRule,
) -> tuple[PlanDay, ...]:
    """
    Return the days a plan of *routine* has: the plan's own rule.

    `plan` makes a plan with these days, and `Plan` refuses any other,
    so the last two schedules are kept: making a plan, or loading one,
    works its days out once.
    """
    names = {item.exercise.id: item.exercise.name for item in routine.items}
    worse_on: dict[int, list[PainReport]] = {}
    for report in reports:
        if pain_rule.is_worse(report):
            worse_on.setdefault(report.day, []).append(report)
    frozen_on: int | None = None  # the day after which nothing goes up
    stopped: dict[str, int] = {}  # exercise id -> day of the worse report
    entries_of = _Entries()
    made = []
    for day in range(1, days + 1):
        for report in worse_on.get(day - 1, ()):
            frozen_on = report.day if frozen_on is None else frozen_on
            for item in routine.items:
                if report.exercise in {None, item.exercise.id}:
                    stopped.setdefault(item.exercise.id, report.day)
        effective = day if frozen_on is None else min(day, frozen_on)
        entries = tuple(
            entries_of.stopped(item)
            if item.exercise.id in stopped
            else entries_of.going(item, effective)
            for item in routine.items
        )
        advice = tuple(
            f"Your back pain got worse after day {when}'s session: stop "
            f"{names[exercise]} and talk to your doctor."
            for exercise, when in stopped.items()
        )
        made.append(
            PlanDay(
                day=day,
                date=None if start is None else start + dt.timedelta(day - 1),
                entries=entries,
                advice=advice,
            )
        )
    return tuple(made)


class _Entries:
    """
    The entries of a schedule, each made once.

    A dose stays the same for many days (once a target is reached, or
    while nothing may go up), and entries are immutable, so the days of
    a schedule share them.
    """

    def __init__(self) -> None:
        self.made: dict[tuple[object, ...], PlanEntry] = {}

    def stopped(self, item: RoutineItem) -> PlanEntry:
        key = (item.exercise.id, Status.STOPPED)
        if key not in self.made:
            self.made[key] = PlanEntry(
                exercise=item.exercise.id, status=Status.STOPPED
            )
        return self.made[key]

    def going(self, item: RoutineItem, day: int) -> PlanEntry:
        exercise = item.exercise
        amounts = amounts_on(
            exercise.progression, exercise.dose, item.dose, day
        )
        key = (exercise.id, *amounts)
        if key not in self.made:
            self.made[key] = PlanEntry(
                exercise=exercise.id,
                status=Status.GO,
                dose=dose_on(
                    exercise.progression, exercise.dose, item.dose, day
                ),
            )
        return self.made[key]


def differences(  # noqa: PLR0913 - the parts of a plan, by name
    *,
    routine: Routine,
    pain_rule: PainRule,
    reports: Sequence[PainReport],
    start: dt.date | None,
    notices: Sequence[SafetyNotice],
    language: str,
    days: Sequence[PlanDay | None],
) -> Iterator[Problem]:
    """
    Yield where a plan is not what its routine, rule and reports give.

    Its notices and language are its routine's, and each day is the
    schedule's; a day that could not be read at all is given as None.
    """
    if tuple(notices) != routine.safety_notices:
        yield Problem(
            pointer="/safety_notices",
            code="plan-mismatch",
            message="a plan carries its routine's safety notices, unchanged",
        )
    if language != routine.language:
        yield Problem(
            pointer="/language",
            code="plan-mismatch",
            message="a plan's language is its routine's, "
            f"{routine.language!r}",
        )
    expected = schedule(
        routine,
        len(days),
        start,
        tuple(sorted(reports, key=lambda r: r.day)),
        pain_rule,
    )
    for i, (got, want) in enumerate(zip(days, expected, strict=True)):
        if got != want:
            yield Problem(
                pointer=f"/days/{i}",
                code="plan-mismatch",
                message=f"day {i + 1} is not what the routine's progression "
                "rules and the pain reports give; expected "
                f"{_short(plain(want))}",
            )


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= 300 else text[:297] + "..."


#: What lowback re-exports from here.
__all__ = ["Plan", "PlanDay", "PlanEntry", "Status", "plan"]
