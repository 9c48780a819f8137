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
import itertools
import json
import re
import uuid
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from .._checks import check_instance, count
from .._documents import dumps
from .._errors import InvalidValueError
from .._model import NoticeKind
from .._plan import Plan, PlanDay, Status, schedule
from .._render._words import dose_words, rule_words
from .._routine import Routine

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .._dose import ChosenDose
    from .._model import SafetyNotice
    from .._routine import RoutineItem

#: The base of the canonical URLs lowback gives (its code systems, and
#: the definitions of `to_fhir` unless the caller gives its own base).
#: They are names: nothing is served there.
FHIR_BASE: Final = "https://lowback.github.io/fhir"
# The namespace of the UUIDs of exports: unchanged since lowback 0.1, so
# that the same content keeps the same identifiers.
_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "urn:lowback:")
#: How long a base URL may be.
BASE_MAX: Final = 1000
_BASE: Final = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?")


def check_base(value: object) -> str:
    """
    Return *value*, a base of canonical URLs, without a final ``/``.

    Raises:
        InvalidValueError: If *value* is not an absolute http(s) URL of
            at most `BASE_MAX` characters, without a query or fragment.
    """
    if (
        not isinstance(value, str)
        or len(value) > BASE_MAX
        or not _BASE.fullmatch(value)
    ):
        raise InvalidValueError(
            "base",
            value,
            "base: expected an http or https URL without a query or a "
            f"fragment, at most {BASE_MAX} characters, such as "
            f"'https://fhir.example.org/r4', got {value!r}"[:300],
        )
    return value.rstrip("/")


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


def fingerprint(content: object) -> str:
    """
    Return the SHA-256 of *content*, a string or JSON, in hex.
    """
    if not isinstance(content, str):
        content = json.dumps(
            content, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
    return hashlib.sha256(content.encode()).hexdigest()


def name_uuid(name: str) -> str:
    """
    Return the UUID lowback's exports give *name*, always the same.
    """
    return str(uuid.uuid5(_NAMESPACE, name))


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
        self._subject = subject

    @functools.cached_property
    def digest(self) -> str:
        """
        The SHA-256 of the routine or plan as a document, in hex.

        The same content gives the same identifiers, other content
        others, so that exports can be compared and merged.
        """
        return fingerprint(dumps(self._subject))

    def uuid(self, name: str) -> str:
        """
        Return the UUID of a part of the export, such as ``activity:ID``.
        """
        return name_uuid(f"{self.digest}:{name}")

    @functools.cached_property
    def series(self) -> str:
        """
        The UUID of a routine, or of a plan of it whatever its reports.

        A plan's is its routine's, start date and number of days: an
        export after new reports keeps it.
        """
        key = fingerprint(dumps(self.routine))
        if self.plan is not None:
            key += f":{self.plan.start}:{len(self.plan.days)}"
        return name_uuid(key)

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
        return _runs(self.plan.days, self._index(item))

    def _index(self, item: RoutineItem) -> int:
        assert self.plan is not None  # noqa: S101 - only plans have days
        entries = self.plan.days[0].entries
        return [e.exercise for e in entries].index(item.exercise.id)

    def history(self) -> Iterator[tuple[PlanDay, ...]]:
        """
        Yield a plan's days without reports, then after each that counts.

        Reports are taken in the order of their days. Only a worse
        report, on a day before the plan's last, about an exercise not
        yet stopped, changes the days: it stops that exercise (and the
        first one freezes the rest). So a plan's days are worked out at
        most once more than it has exercises, however many reports it
        has. A routine has none.
        """
        plan = self.plan
        if plan is None:
            return
        days, start, rule = len(plan.days), plan.start, plan.pain_rule
        ordered = tuple(sorted(plan.reports, key=lambda r: r.day))
        yield schedule(plan.routine, days, start, (), rule)
        ids = [item.exercise.id for item in plan.routine.items]
        stopped: set[str] = set()
        for n, report in enumerate(ordered, 1):
            if not rule.is_worse(report) or report.day >= days:
                continue
            about = set(ids if report.exercise is None else [report.exercise])
            if about <= stopped:
                continue
            stopped |= about
            yield schedule(plan.routine, days, start, ordered[:n], rule)

    def revision(self, item: RoutineItem | None = None) -> int:
        """
        Return 1 and how many reports changed an exercise's doses.

        Each schedule of `history` is read and let go: only the runs of
        one dose are kept.

        Without *item*, how many changed any exercise's. A routine, and
        a plan no report changed, is revision 1.
        """
        runs = self._history_runs
        if item is not None:
            index = self.routine.items.index(item)
            runs = [[before[index]] for before in runs]
        return 1 + sum(
            before != after for before, after in itertools.pairwise(runs)
        )

    @functools.cached_property
    def _history_runs(self) -> list[list[list[Period]]]:
        """
        Each exercise's runs of one dose in each of `history`'s plans.
        """
        if self.plan is None:
            return []
        indexes = [self._index(i) for i in self.routine.items]
        return [
            [_runs(days, index) for index in indexes]
            for days in self.history()
        ]

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

        A plan's pain rule follows them when it is not the leaflet's,
        so that a clinic's thresholds travel with the plan.
        """
        return [
            *(n.text for n in self.notices if n.kind is NoticeKind.STOP_RULE),
            *self.rule,
        ]

    @functools.cached_property
    def rule(self) -> list[str]:
        """
        A plan's pain rule in words, when it is not the leaflet's; or none.
        """
        said = None if self.plan is None else self.plan.pain_rule.sentence
        return [said] if said else []

    @functools.cached_property
    def safety(self) -> list[str]:
        """
        The texts of the safety notices, then a plan's own pain rule.
        """
        return [*(n.text for n in self.notices), *self.rule]

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


def _runs(days: tuple[PlanDay, ...], index: int) -> list[Period]:
    """
    Return the runs of one dose of the *index*-th exercise in *days*.
    """
    found: list[Period] = []
    if not days:
        return found
    first, dose = days[0].day, days[0].entries[index].dose
    for day in days[1:]:
        now = day.entries[index].dose
        # Days of one dose share it (a schedule shares their entries).
        if now is not dose and now != dose:
            found.append(Period(first, day.day - 1, dose))
            first, dose = day.day, now
    found.append(Period(first, days[-1].day, dose))
    return found
