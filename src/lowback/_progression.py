"""
Progression rules as data, and `dose_on`, which applies them.

A rule says how a dose moves from day to day.
Each rule is tagged in JSON by its ``rule`` key, the class attribute
``rule``.
"""

from __future__ import annotations

from typing import ClassVar, Final

import attrs

from ._checks import Choice, check_member, check_slugs, check_whole, validator
from ._dose import (
    HOLD_MAX_SECONDS,
    HOLD_MIN_SECONDS,
    REPETITIONS_MAX,
    ChosenDose,
    Dose,
)


class Every(Choice):
    """
    How often a progression rule steps the dose up.
    """

    DAY = "day"
    WEEK = "week"


@attrs.frozen(kw_only=True)
class AddRepetitions:
    """
    Add *step* repetitions every day or week until *target* is reached.

    The leaflet's pelvic tilts: add repetitions daily until 30.

    Args:
        every: How often to add.
        step: Repetitions added each time, from 1.
        target: Where adding stops; inside the exercise's allowed
            repetitions.
    """

    rule: ClassVar[str] = "add-repetitions"

    every: Every = attrs.field(validator=validator(check_member, Every))
    step: int = attrs.field(
        validator=validator(check_whole, 1, REPETITIONS_MAX)
    )
    target: int = attrs.field(
        validator=validator(check_whole, 1, REPETITIONS_MAX)
    )


@attrs.frozen(kw_only=True)
class RaiseHold:
    """
    Raise the hold by *step* seconds every day or week up to *cap*.

    Args:
        every: How often to raise.
        step: Seconds added each time.
        cap: The longest hold the rule reaches, within 5 to 30 seconds
            and inside the allowed hold of every phase it applies to.
        phases: Ids of the phases it applies to, each a phase with a
            hold; empty means every phase with a hold (and the dose
            must have one).
    """

    rule: ClassVar[str] = "raise-hold"

    every: Every = attrs.field(validator=validator(check_member, Every))
    step: int = attrs.field(
        validator=validator(
            check_whole, 1, HOLD_MAX_SECONDS - HOLD_MIN_SECONDS
        )
    )
    cap: int = attrs.field(
        validator=validator(check_whole, HOLD_MIN_SECONDS, HOLD_MAX_SECONDS)
    )
    phases: tuple[str, ...] = attrs.field(
        default=(), validator=validator(check_slugs)
    )


@attrs.frozen(kw_only=True)
class ThroughRange:
    """
    Step through the allowed repetitions, from their minimum to maximum.

    For "repeat 8 to 12 times": start at 8, end at 12.

    Args:
        every: How often to step.
        step: Repetitions added each time, from 1.
    """

    rule: ClassVar[str] = "through-range"

    every: Every = attrs.field(validator=validator(check_member, Every))
    step: int = attrs.field(
        validator=validator(check_whole, 1, REPETITIONS_MAX)
    )


@attrs.frozen
class HoldSteady:
    """
    Keep the chosen dose as it is.
    """

    rule: ClassVar[str] = "hold-steady"


#: Any progression rule.
Progression = AddRepetitions | RaiseHold | ThroughRange | HoldSteady

#: The rule classes by their JSON tag.
RULES: Final[dict[str, type[Progression]]] = {
    cls.rule: cls
    for cls in (AddRepetitions, RaiseHold, ThroughRange, HoldSteady)
}


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


def amounts_on(
    rule: Progression | None, allowed: Dose, chosen: ChosenDose, day: int
) -> tuple[int, tuple[int | None, ...]]:
    """
    Return the repetitions and holds *rule* gives on *day* of a plan.

    From *chosen*, never past the rule's target or cap, never outside
    *allowed*, never down; a phase without a hold stays without one;
    pain reports are the plan's business, not the rule's.

    Args:
        rule: The exercise's progression rule, if any.
        allowed: The exercise's allowed dose.
        chosen: The dose chosen for day 1.
        day: The plan day, from 1.
    """
    reps, holds = chosen.repetitions, chosen.holds
    if isinstance(rule, AddRepetitions):
        periods = _periods(day, rule.every)
        reps = _toward(reps, rule.step, rule.target, periods)
    elif isinstance(rule, ThroughRange):
        periods = _periods(day, rule.every)
        reps = _toward(reps, rule.step, allowed.repetitions.max, periods)
    elif isinstance(rule, RaiseHold):
        periods = _periods(day, rule.every)
        holds = tuple(
            _toward(hold, rule.step, rule.cap, periods)
            if hold is not None
            and (not rule.phases or phase.id in rule.phases)
            else hold
            for phase, hold in zip(allowed.phases, holds, strict=True)
        )
    return reps, holds


def dose_on(
    rule: Progression | None, allowed: Dose, chosen: ChosenDose, day: int
) -> ChosenDose:
    """
    Return the dose *rule* gives on *day* of a plan, from *chosen*.

    As `amounts_on` says; *chosen* itself where nothing moved.
    """
    reps, holds = amounts_on(rule, allowed, chosen, day)
    if (reps, holds) == (chosen.repetitions, chosen.holds):
        return chosen
    return attrs.evolve(chosen, repetitions=reps, holds=holds)


__all__ = [
    "AddRepetitions",
    "Every",
    "HoldSteady",
    "Progression",
    "RaiseHold",
    "ThroughRange",
]
