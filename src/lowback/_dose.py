"""
Dose bounds, ranges and the two levels of dose.

An exercise's `Dose` says what is *allowed*: ranges such as 8 to 12
repetitions or a hold of 15 to 30 seconds.
A `ChosenDose` is one pick inside those ranges, made by a routine.
The bounds below are the single source for validators, the schemas'
tests and the test strategies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from ._checks import (
    PHASES_MAX,
    TEXT_MAX,
    Choice,
    check_count,
    check_each,
    check_instance,
    check_member,
    check_slug,
    check_text,
    check_tuple,
    check_unique,
    check_whole,
    optional,
    raise_first,
    validator,
)
from ._converter import plain
from ._errors import InvalidValueError
from ._rules import chosen_dose, dose_rules, inverted_range

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Shortest hold, in whole seconds, that any lowback content may give.
HOLD_MIN_SECONDS: Final = 5
#: Longest hold, in whole seconds, that any lowback content may give.
HOLD_MAX_SECONDS: Final = 30
#: Most repetitions the format accepts; a guard against typos, not advice.
REPETITIONS_MAX: Final = 1000
#: Most sets the format accepts; a guard against typos, not advice.
SETS_MAX: Final = 20


class Side(Choice):
    """
    A side of the body, for exercises done one side at a time.
    """

    LEFT = "left"
    RIGHT = "right"


@attrs.frozen
class Range:
    """
    An inclusive range of whole numbers, such as 8 to 12 repetitions.

    Args:
        min: The smallest allowed value.
        max: The largest allowed value; never below *min*.

    Raises:
        InvalidValueError: If either bound is not a whole number or min > max.
    """

    min: int = attrs.field(validator=validator(check_whole, 0, 2**31 - 1))
    max: int = attrs.field(validator=validator(check_whole, 0, 2**31 - 1))

    def __attrs_post_init__(self) -> None:
        # By hand rather than through the converter: a Range is made
        # when lowback is imported, and cattrs loads on first use.
        value = {"min": self.min, "max": self.max}
        raise_first(inverted_range(value, ()), value, "range")

    @classmethod
    def exactly(cls, value: int) -> Range:
        """
        Return the range holding only *value*.
        """
        return cls(value, value)

    def __contains__(self, value: object) -> bool:
        return type(value) is int and self.min <= value <= self.max

    def __str__(self) -> str:
        if self.min == self.max:
            return str(self.min)
        return f"{self.min} to {self.max}"


def check_range(field: str, value: object, low: int, high: int) -> None:
    """
    Check that *value* is a `Range` whose ends lie from *low* to *high*.

    Raises:
        InvalidValueError: Naming *field*, the allowed bounds and the
            value given.
    """
    check_instance(field, value, Range)
    assert isinstance(value, Range)  # noqa: S101 - checked above
    check_whole(f"{field}.min", value.min, low, high)
    check_whole(f"{field}.max", value.max, low, high)


@attrs.frozen
class Phase:
    """
    One part of a repetition, with the hold it allows, if any.

    A pelvic tilt has two phases per repetition, arch then flatten,
    each held for 5 seconds. A cat-cow flow has two phases held for
    no time at all: movements without a hold.

    Args:
        id: A slug, unique within the exercise, that steps refer to.
        action: What the person does in this phase.
        hold: The allowed hold in whole seconds, within 5 to 30; None
            for a movement without a hold.
    """

    id: str = attrs.field(validator=validator(check_slug))
    action: str = attrs.field(validator=validator(check_text, TEXT_MAX))
    hold: Range | None = attrs.field(
        default=None,
        validator=optional(check_range, HOLD_MIN_SECONDS, HOLD_MAX_SECONDS),
    )


def _phases(field: str, value: object) -> None:
    check_each(field, value, check_instance, Phase)
    if not value:
        raise InvalidValueError(
            field, value, f"{field}: give at least one phase"
        )


def check_sides(field: str, value: object) -> None:
    """
    Check that *value* is a tuple of distinct `Side` members.
    """
    check_each(field, value, check_member, Side)
    check_unique(field, value)


@attrs.frozen(kw_only=True)
class Dose:
    """
    The dose an exercise *allows*: ranges a routine picks from.

    Args:
        repetitions: Allowed repetitions, from 1; per side when *sides*
            is not empty.
        phases: What one repetition consists of, in order, each with its
            allowed hold or none.
        sides: Empty when both sides work together; otherwise the sides
            done one at a time, in order, and every count is per side.
        sets: Allowed sets; one unless the content says otherwise.
    """

    repetitions: Range = attrs.field(
        validator=validator(check_range, 1, REPETITIONS_MAX)
    )
    phases: tuple[Phase, ...] = attrs.field(
        validator=[validator(check_count, PHASES_MAX), validator(_phases)]
    )
    sides: tuple[Side, ...] = attrs.field(
        default=(), validator=validator(check_sides)
    )
    sets: Range = attrs.field(
        default=Range(1, 1), validator=validator(check_range, 1, SETS_MAX)
    )

    def __attrs_post_init__(self) -> None:
        value = plain(self)
        raise_first(dose_rules(value), value)

    @property
    def per_side(self) -> bool:
        """
        Whether repetitions are counted for each side separately.
        """
        return bool(self.sides)

    def choose(
        self,
        *,
        repetitions: int | None = None,
        holds: Sequence[int | None] | None = None,
        sets: int | None = None,
    ) -> ChosenDose:
        """
        Pick a dose inside this one; unset values take the range's minimum.

        Args:
            repetitions: Repetitions (per side for sided exercises).
            holds: One hold in seconds for each phase, in order; None
                for each phase without a hold.
            sets: Number of sets.

        Raises:
            InvalidValueError: If a value is outside what this dose
                allows; the message gives the allowed range.
        """
        reps = self.repetitions.min if repetitions is None else repetitions
        if holds is None:
            chosen: object = [
                None if p.hold is None else p.hold.min for p in self.phases
            ]
        elif isinstance(holds, (list, tuple)):
            chosen = list(holds)
        else:
            chosen = holds
        count = self.sets.min if sets is None else sets
        # Checked here as plain values, so that the message says what
        # this dose allows rather than what any dose allows.
        self._check({"repetitions": reps, "holds": chosen, "sets": count})
        assert isinstance(chosen, list)  # noqa: S101 - checked above
        return ChosenDose(repetitions=reps, holds=tuple(chosen), sets=count)

    def check(self, chosen: ChosenDose) -> None:
        """
        Raise `InvalidValueError` unless *chosen* lies inside this dose.
        """
        check_instance("dose", chosen, ChosenDose)
        self._check(plain(chosen))

    def _check(self, chosen: dict[str, object]) -> None:
        # The rule's messages name the field ("holds[stretch]: ...").
        raise_first(chosen_dose(plain(self), chosen, ()), chosen, "")


def check_holds(field: str, value: object) -> None:
    """
    Check that *value* is a non-empty tuple of holds of 5 to 30 s.

    The hold bounds are the format's, from the leaflet: ``HOLD_MIN_SECONDS``
    and ``HOLD_MAX_SECONDS``. None stands for a phase without a hold.
    """
    check_tuple(field, value)
    assert isinstance(value, tuple)  # noqa: S101 - checked above
    for i, hold in enumerate(value):
        if hold is None:
            continue
        check_whole(f"{field}[{i}]", hold, HOLD_MIN_SECONDS, HOLD_MAX_SECONDS)
    if not value:
        raise InvalidValueError(field, value, f"{field}: give one or more")


@attrs.frozen(kw_only=True)
class ChosenDose:
    """
    One dose picked inside an exercise's allowed `Dose`.

    Args:
        repetitions: Repetitions, per side for sided exercises.
        holds: One hold in whole seconds (5 to 30) for each phase; None
            for a phase without a hold.
        sets: Number of sets.
    """

    repetitions: int = attrs.field(
        validator=validator(check_whole, 1, REPETITIONS_MAX)
    )
    holds: tuple[int | None, ...] = attrs.field(
        validator=[
            validator(check_count, PHASES_MAX),
            validator(check_holds),
        ]
    )
    sets: int = attrs.field(
        default=1, validator=validator(check_whole, 1, SETS_MAX)
    )


__all__ = [
    "HOLD_MAX_SECONDS",
    "HOLD_MIN_SECONDS",
    "REPETITIONS_MAX",
    "SETS_MAX",
    "ChosenDose",
    "Dose",
    "Phase",
    "Range",
    "Side",
]
