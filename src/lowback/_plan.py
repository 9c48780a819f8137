"""
Plans: day-by-day doses from the progression rules in the content.

Pain reports adjust them.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, ClassVar, Final

import attrs

from ._checks import (
    NAME_MAX,
    TEXT_MAX,
    check_each,
    check_language,
    check_member,
    check_slug,
    check_text,
    check_tuple,
    check_whole,
    validator,
)
from ._dose import ChosenDose
from ._errors import InvalidValueError, unknown_exercise
from ._model import SafetyNotice
from ._routine import Routine, check_notices
from ._rules import AddRepetitions, Every, RaiseHold, ThroughRange

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ._routine import RoutineItem

#: Longest plan, in days; a guard against typos.
DAYS_MAX: Final = 3660
#: Highest pain score on the 0 to 10 scale.
PAIN_MAX: Final = 10

LEAFLET_STOP_RULE: Final = (
    "If these exercises and other gentle stretches make your back pain "
    "worse, stop right away and talk to your doctor."
)


class Change(enum.StrEnum):
    """
    How the pain changed, as the person says it.
    """

    WORSE = "worse"
    SAME = "same"
    BETTER = "better"


def _pain(field: str, value: object) -> None:
    if value is not None:
        check_whole(field, value, 0, PAIN_MAX)


@attrs.frozen(kw_only=True)
class PainReport:
    """
    What a person said about their pain after a session.

    Give *change*, or the pain *before* and *after* on a 0 to 10 scale,
    or all three.

    Args:
        day: The plan day of the session, from 1.
        exercise: The exercise it is about; None for the whole session.
        before: Pain before, 0 (none) to 10.
        after: Pain after, 0 to 10.
        change: Worse, same or better.
    """

    day: int = attrs.field(validator=validator(check_whole, 1, DAYS_MAX))
    exercise: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(validator(check_slug)),
    )
    before: int | None = attrs.field(default=None, validator=validator(_pain))
    after: int | None = attrs.field(default=None, validator=validator(_pain))
    change: Change | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(validator(check_member, Change)),
    )

    def __attrs_post_init__(self) -> None:
        if self.change is None and (self.before is None or self.after is None):
            raise InvalidValueError(
                "change",
                None,
                "a pain report needs a change (worse, same or better) or "
                "the pain before and after",
            )


@attrs.frozen(kw_only=True)
class PainRule:
    """
    When a pain report counts as worse.

    The default follows the leaflet: any worsening stops the exercise
    ("If these exercises ... make your back pain worse, stop right away
    and talk to your doctor").
    A clinic can set its own thresholds and name their source.

    Args:
        worse_by: A rise of this many points, after against before,
            counts as worse.
        max_pain: Pain after above this counts as worse, if set.
        source: Where the thresholds come from.
    """

    worse_by: int = attrs.field(
        default=1, validator=validator(check_whole, 1, PAIN_MAX)
    )
    max_pain: int | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            validator(check_whole, 0, PAIN_MAX)
        ),
    )
    source: str = attrs.field(
        default=f"The lowback seed leaflet: {LEAFLET_STOP_RULE!r}",
        validator=validator(check_text, TEXT_MAX),
    )

    def is_worse(self, report: PainReport) -> bool:
        """
        Whether *report* counts as worse pain under this rule.
        """
        if report.change is Change.WORSE:
            return True
        if (
            report.before is not None
            and report.after is not None
            and report.after - report.before >= self.worse_by
        ):
            return True
        return (
            self.max_pain is not None
            and report.after is not None
            and report.after > self.max_pain
        )


class Status(enum.StrEnum):
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
    dose: ChosenDose | None = None


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
    date: dt.date | None = None
    entries: tuple[PlanEntry, ...] = attrs.field(
        validator=validator(check_tuple)
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
    start: dt.date | None = None
    safety_notices: tuple[SafetyNotice, ...] = attrs.field(
        validator=validator(check_notices)
    )
    routine: Routine = attrs.field(validator=validator(check_member, Routine))
    pain_rule: PainRule = attrs.field(
        factory=PainRule, validator=validator(check_member, PainRule)
    )
    reports: tuple[PainReport, ...] = attrs.field(
        default=(), validator=validator(check_tuple)
    )
    days: tuple[PlanDay, ...] = attrs.field(validator=validator(check_tuple))

    def dose(self, day: int, exercise_id: str) -> ChosenDose | None:
        """
        Return the dose of an exercise on a day; None if it is stopped.

        Raises:
            UnknownExerciseError: If the routine has no such exercise.
            IndexError: If the plan has no such day.
        """
        if not 1 <= day <= len(self.days):
            msg = f"day {day} is not in the plan's {len(self.days)} days"
            raise IndexError(msg)
        for entry in self.days[day - 1].entries:
            if entry.exercise == exercise_id:
                return entry.dose
        raise unknown_exercise(
            exercise_id, [e.exercise for e in self.days[day - 1].entries]
        )


def _periods(day: int, every: Every) -> int:
    elapsed = day - 1
    return elapsed if every is Every.DAY else elapsed // 7


def _toward(start: int, step: int, target: int, periods: int) -> int:
    """
    Step from *start* toward *target*, never past it and never down.
    """
    if start >= target:
        return start
    return min(target, start + step * periods)


def progressed(item: RoutineItem, day: int) -> ChosenDose:
    """
    Return the dose of a routine item on *day* of a plan.

    From the exercise's progression rule alone, without pain reports.
    """
    dose = item.dose
    allowed = item.exercise.dose
    rule = item.exercise.progression
    if isinstance(rule, AddRepetitions):
        reps = _toward(
            dose.repetitions, rule.step, rule.target, _periods(day, rule.every)
        )
        return attrs.evolve(dose, repetitions=reps)
    if isinstance(rule, ThroughRange):
        reps = _toward(
            dose.repetitions,
            rule.step,
            allowed.repetitions.max,
            _periods(day, rule.every),
        )
        return attrs.evolve(dose, repetitions=reps)
    if isinstance(rule, RaiseHold):
        periods = _periods(day, rule.every)
        holds = tuple(
            _toward(hold, rule.step, rule.cap, periods)
            if not rule.phases or phase.id in rule.phases
            else hold
            for phase, hold in zip(allowed.phases, dose.holds, strict=True)
        )
        return attrs.evolve(dose, holds=holds)
    return dose


def plan(  # noqa: PLR0913 - all but two are keyword-only
    routine: Routine,
    days: int,
    *,
    start: dt.date | None = None,
    reports: Iterable[PainReport] = (),
    rule: PainRule | None = None,
    title: str | None = None,
) -> Plan:
    """
    Return a day-by-day plan for *routine*.

    Doses follow each exercise's progression rule from the routine's
    chosen dose, never past the rule's target or cap and never outside
    the allowed dose.
    After a session whose pain counts as worse under *rule*, nothing goes
    up again, the exercise it was about (or every exercise, for a report
    on the whole session) stops, and each later day says to stop and
    talk to a doctor, as the leaflet does.

    Args:
        routine: The routine to schedule.
        days: How many days, from 1.
        start: The date of day 1, if the plan should carry dates.
        reports: Pain reports, by plan day.
        rule: When a report counts as worse; the leaflet's rule by
            default.
        title: The plan's title; the routine's by default.

    Raises:
        InvalidValueError: If *days* is out of range, or a report is about
            a day past the plan or an exercise not in the routine.
    """
    check_whole("days", days, 1, DAYS_MAX)
    rule = PainRule() if rule is None else rule
    reports = tuple(sorted(reports, key=lambda r: r.day))
    ids = [item.exercise.id for item in routine.items]
    for report in reports:
        if report.day > days:
            raise InvalidValueError(
                "reports",
                report.day,
                f"reports: day {report.day} is past the plan's {days} days",
            )
        if report.exercise is not None and report.exercise not in ids:
            raise InvalidValueError(
                "reports",
                report.exercise,
                f"reports: {report.exercise!r} is not in the routine; "
                f"its exercises are {', '.join(ids)}",
            )
    return Plan(
        title=routine.title if title is None else title,
        language=routine.language,
        start=start,
        safety_notices=routine.safety_notices,
        routine=routine,
        pain_rule=rule,
        reports=reports,
        days=tuple(_days(routine, days, start, reports, rule)),
    )


def _days(
    routine: Routine,
    days: int,
    start: dt.date | None,
    reports: Sequence[PainReport],
    rule: PainRule,
) -> Iterable[PlanDay]:
    names = {item.exercise.id: item.exercise.name for item in routine.items}
    frozen_on: int | None = None  # the day after which nothing goes up
    stopped: dict[str, int] = {}  # exercise id -> day of the worse report
    for day in range(1, days + 1):
        for report in reports:
            if report.day == day - 1 and rule.is_worse(report):
                frozen_on = report.day if frozen_on is None else frozen_on
                for item in routine.items:
                    if report.exercise in {None, item.exercise.id}:
                        stopped.setdefault(item.exercise.id, report.day)
        effective = day if frozen_on is None else min(day, frozen_on)
        entries = tuple(
            PlanEntry(exercise=item.exercise.id, status=Status.STOPPED)
            if item.exercise.id in stopped
            else PlanEntry(
                exercise=item.exercise.id,
                status=Status.GO,
                dose=progressed(item, effective),
            )
            for item in routine.items
        )
        advice = tuple(
            f"Your back pain got worse after day {when}'s session: stop "
            f"{names[exercise]} and talk to your doctor."
            for exercise, when in stopped.items()
        )
        yield PlanDay(
            day=day,
            date=None if start is None else start + dt.timedelta(day - 1),
            entries=entries,
            advice=advice,
        )
