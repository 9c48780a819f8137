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
from typing import TYPE_CHECKING, Any, ClassVar

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
from ._converter import get_converter, plain, structure_errors
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
        if type(day) is not int:
            raise InvalidValueError(
                "day",
                day,
                f"day: expected a whole number, got {describe(day)}",
            )
        if not 1 <= day <= len(self.days):
            raise UnknownDayError(day, len(self.days))
        for entry in self.days[day - 1].entries:
            if entry.exercise == exercise_id:
                return entry.dose
        raise unknown_exercise(
            exercise_id, [e.exercise for e in self.days[day - 1].entries]
        )


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
    ordered = _by_day(reports)
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


def _by_day(reports: object) -> tuple[PainReport, ...]:
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


def document_differences(document: dict[str, Any]) -> Iterator[Problem]:
    """
    Yield where a plan document differs from what its parts give.

    This is the plan's own rule, for the validator: its days are what
    its routine, pain rule and reports give.

    The document must pass every other rule first.
    """
    converter = get_converter()
    try:
        routine = converter.structure(document["routine"], Routine)
        pain_rule = converter.structure(document["pain_rule"], PainRule)
        reports = converter.structure(
            document.get("reports", []), tuple[PainReport, ...]
        )
        notices = converter.structure(
            document["safety_notices"], tuple[SafetyNotice, ...]
        )
        start = (
            converter.structure(document["start"], dt.date)
            if "start" in document
            else None
        )
    except structure_errors() as e:
        yield Problem(
            pointer="",
            code="invalid",
            message=f"this plan does not fit the lowback model: {e}",
        )
        return
    expected = schedule(
        routine,
        len(document["days"]),
        start,
        tuple(sorted(reports, key=lambda r: r.day)),
        pain_rule,
    )
    if (
        notices == routine.safety_notices
        and document["language"] == routine.language
        and converter.unstructure(expected) == document["days"]
    ):
        # The days as lowback writes them: nothing differs. Only a
        # document written otherwise (defaults left out, say) needs its
        # days read to be compared.
        return
    yield from differences(
        routine=routine,
        pain_rule=pain_rule,
        reports=reports,
        start=start,
        notices=notices,
        language=document["language"],
        days=_days(document["days"]),
    )


def _days(days: list[Any]) -> Sequence[PlanDay | None]:
    """
    Return the days of a plan document; None for one the model refuses.
    """
    converter = get_converter()
    try:
        made: Sequence[PlanDay] = converter.structure(
            days, tuple[PlanDay, ...]
        )
    except structure_errors():
        # Read them one by one, so that the others are still compared.
        return [_day(day) for day in days]
    return made


def _day(value: object) -> PlanDay | None:
    try:
        return get_converter().structure(value, PlanDay)
    except structure_errors():
        return None  # not what the schedule gives, whatever it is


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= 300 else text[:297] + "..."


#: What lowback re-exports from here.
__all__ = ["Plan", "PlanDay", "PlanEntry", "Status", "plan"]
