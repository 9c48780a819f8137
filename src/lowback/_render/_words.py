"""
Doses, rules and times in words: the one place lowback phrases them.

Every output that says a dose (the command line, handouts, pictures and
exports) says it through `dose_words`, in one of two wordings: `BRIEF`
for screens and other software ("3 repetitions per side, hold 20 s"),
and `PLAIN` for the person doing the exercises, in the leaflet's words
("3 times for each side, hold 20 seconds").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from .._checks import count
from .._progression import AddRepetitions, HoldSteady, RaiseHold, ThroughRange

if TYPE_CHECKING:
    from .._dose import ChosenDose, Dose
    from .._model import Exercise
    from .._progression import Progression


@attrs.frozen
class Wording:
    """
    How `dose_words` says a dose.

    Args:
        repetition: The word a repetition is counted in.
        per_side: What follows the count for exercises done one side at
            a time.
        second: The word a hold is counted in; None for ``s``.
        phase_names: Whether the holds of a repetition of several phases
            name their phase (``5 seconds (arch), then 5 seconds
            (flatten)``) rather than add up (``5 s + 5 s``).
    """

    repetition: str
    per_side: str
    second: str | None
    phase_names: bool


#: For screens and other software: ``3 repetitions per side, hold 20 s``.
BRIEF: Final = Wording("repetition", " per side", None, phase_names=False)
#: For the person, in the leaflet's words: ``3 times for each side, hold
#: 20 seconds``.
PLAIN: Final = Wording("time", " for each side", "second", phase_names=True)


#: What a phase without a hold says in place of its seconds.
NO_HOLD: Final = "no hold"


def seconds(value: int | None, wording: Wording = BRIEF) -> str:
    """
    Return a hold: ``20 s``, or ``20 seconds`` in the `PLAIN` wording.

    A phase without a hold (None) is ``no hold``.
    """
    if value is None:
        return NO_HOLD
    if wording.second is None:
        return f"{value} s"
    return count(value, wording.second)


def dose_words(
    exercise: Exercise, dose: ChosenDose, wording: Wording = BRIEF
) -> str:
    """
    Return a chosen dose of *exercise* in words.

    ``3 repetitions per side, hold 20 s``; ``1 repetition, hold 5 s +
    5 s``; with sets above one, ``, 2 sets``. Phases without a hold say
    ``no hold``, and a dose of no holds at all is ``8 repetitions, no
    hold``.
    """
    per = wording.per_side if exercise.dose.per_side else ""
    if all(h is None for h in dose.holds):
        holds = NO_HOLD
    elif wording.phase_names and len(dose.holds) > 1:
        holds = ", then ".join(
            f"{seconds(h, wording)} ({p.id})"
            for p, h in zip(exercise.dose.phases, dose.holds, strict=True)
        )
    else:
        holds = " + ".join(seconds(h, wording) for h in dose.holds)
    sets = f", {count(dose.sets, 'set')}" if dose.sets > 1 else ""
    reps = count(dose.repetitions, wording.repetition)
    verb = "" if holds == NO_HOLD else "hold "
    return f"{reps}{per}, {verb}{holds}{sets}"


def dose_cell(dose: ChosenDose | None) -> str:
    """
    Return a day's dose for a table cell: ``10 x 5+5s x2``, ``stopped``.

    Repetitions x the hold of each phase in seconds, then the sets when
    there is more than one. A phase without a hold is ``move``:
    ``10 x 5s+move``, ``10 x move+move``.
    """
    if dose is None:
        return "stopped"
    if None in dose.holds:
        parts = ("move" if h is None else f"{h}s" for h in dose.holds)
        sets = f" x{dose.sets}" if dose.sets > 1 else ""
        return f"{dose.repetitions} x {'+'.join(parts)}{sets}"
    holds = "+".join(str(h) for h in dose.holds)
    sets = f" x{dose.sets}" if dose.sets > 1 else ""
    return f"{dose.repetitions} x {holds}s{sets}"


def allowed_words(dose: Dose) -> str:
    """
    Return the dose an exercise allows in words.

    For example ``2 to 4 repetitions for each side (left, then right),
    1 set; each repetition: stretch, hold 15 to 30 s``.
    """
    reps = count(dose.repetitions, "repetition")
    if dose.per_side:
        reps += f" for each side ({', then '.join(dose.sides)})"
    phases = "; ".join(
        f"{p.id}, {NO_HOLD if p.hold is None else f'hold {p.hold} s'}"
        for p in dose.phases
    )
    return f"{reps}, {count(dose.sets, 'set')}; each repetition: {phases}"


def rule_words(rule: Progression | None) -> str:
    """
    Return a progression rule in words.
    """
    if rule is None:
        return "none given"
    if isinstance(rule, HoldSteady):
        return "keep the chosen dose"
    every = f"every {rule.every}"
    if isinstance(rule, AddRepetitions):
        return (
            f"add {count(rule.step, 'repetition')} {every} until {rule.target}"
        )
    if isinstance(rule, RaiseHold):
        which = (
            ", ".join(rule.phases) if rule.phases else "every phase with one"
        )
        return (
            f"raise the hold of {which} by {rule.step} s {every} up to "
            f"{rule.cap} s"
        )
    assert isinstance(rule, ThroughRange)  # noqa: S101 - the last kind
    return (
        f"step through the allowed repetitions, "
        f"{count(rule.step, 'repetition')} {every}"
    )


def clock(total: int, *, pad: bool = False) -> str:
    """
    Return seconds as minutes and seconds: ``3:42``.

    Padded, `` 3:42``, to line up in a column.
    """
    minutes, secs = divmod(total, 60)
    return f"{minutes:2d}:{secs:02d}" if pad else f"{minutes}:{secs:02d}"


def duration(total: int) -> str:
    """
    Return seconds in words: ``3 minutes 42 seconds``.
    """
    minutes, secs = divmod(total, 60)
    if not minutes:
        return count(secs, "second")
    return f"{count(minutes, 'minute')} {count(secs, 'second')}"
