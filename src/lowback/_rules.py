"""
Progression rules as data.

A rule says how a dose moves from day to day; the calculators that
apply the rules live elsewhere.
Each rule is tagged in JSON by its ``rule`` key, the class attribute
``rule``.
"""

from __future__ import annotations

import enum
from typing import ClassVar, Final

import attrs

from ._checks import check_member, check_slugs, check_whole, validator
from ._dose import HOLD_MAX_SECONDS, HOLD_MIN_SECONDS, REPETITIONS_MAX


class Every(enum.StrEnum):
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
        phases: Ids of the phases it applies to; empty means all.
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
