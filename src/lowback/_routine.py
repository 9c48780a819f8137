"""
Routines: chosen doses of exercises, in order, with the safety notices.

Also the timed cues of one session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Final

import attrs

from ._checks import (
    ITEMS_MAX,
    LIST_MAX,
    NAME_MAX,
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
    optional,
    raise_first,
    validator,
)
from ._converter import plain
from ._dose import ChosenDose, Side
from ._errors import InvalidValueError, unknown_exercise
from ._model import Exercise, SafetyNotice
from ._rules import duplicate_ids, notices, session_holds

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Longest rest, in seconds, a routine may set; a guard against typos.
REST_MAX: Final = 600


@attrs.frozen(kw_only=True)
class Rest:
    """
    Rest, in whole seconds, between the parts of a session.

    The leaflet gives no rest; these defaults are lowback's choice, made
    so that a session can be timed, and every routine may set its own.

    Args:
        between_repetitions: After each repetition but the last.
        between_sides: Between the left and right side of a repetition.
        between_sets: Between sets of one exercise.
        between_exercises: Between one exercise and the next.
    """

    between_repetitions: int = attrs.field(
        default=3, validator=validator(check_whole, 0, REST_MAX)
    )
    between_sides: int = attrs.field(
        default=5, validator=validator(check_whole, 0, REST_MAX)
    )
    between_sets: int = attrs.field(
        default=30, validator=validator(check_whole, 0, REST_MAX)
    )
    between_exercises: int = attrs.field(
        default=15, validator=validator(check_whole, 0, REST_MAX)
    )


def _for_exercise(
    exercise: Exercise, error: InvalidValueError
) -> InvalidValueError:
    """
    Return *error* again, its field and message led by the exercise id.
    """
    return InvalidValueError(
        f"{exercise.id}.{error.field}", error.value, f"{exercise.id}: {error}"
    )


@attrs.frozen(kw_only=True)
class RoutineItem:
    """
    One exercise of a routine with the dose chosen for it.

    Args:
        exercise: The exercise, carried whole so a routine stands alone.
        dose: The chosen dose, inside what the exercise allows.

    Raises:
        InvalidValueError: If the dose is outside the exercise's allowed
            dose; the message names the exercise, the field, the allowed
            range and the value given.
    """

    exercise: Exercise = attrs.field(
        validator=validator(check_instance, Exercise)
    )
    dose: ChosenDose = attrs.field(
        validator=validator(check_instance, ChosenDose)
    )

    def __attrs_post_init__(self) -> None:
        try:
            self.exercise.dose.check(self.dose)
        except InvalidValueError as e:
            raise _for_exercise(self.exercise, e) from None


def check_notices(field: str, value: object) -> None:
    """
    Check that *value* holds safety notices, both kinds, each id once.

    The kinds are a before-starting and a stop-rule notice.

    A routine or a plan cannot be built without them.
    """
    check_each(field, value, check_instance, SafetyNotice)
    document = {field: plain(value)}
    raise_first(notices(document[field], (field,)), document)


def _items(field: str, value: object) -> None:
    check_each(field, value, check_instance, RoutineItem)
    if not value:
        raise InvalidValueError(field, value, f"{field}: add an exercise")
    assert isinstance(value, tuple)  # noqa: S101 - checked above
    document = {field: [{"exercise": {"id": i.exercise.id}} for i in value]}
    raise_first(
        duplicate_ids(document[field], (field,), "exercise", ("exercise",)),
        document,
    )
    sizes = [
        {
            "exercise": {"dose": {"sides": list(i.exercise.dose.sides)}},
            "dose": {
                "repetitions": i.dose.repetitions,
                "sets": i.dose.sets,
                "holds": list(i.dose.holds),
            },
        }
        for i in value
    ]
    raise_first(session_holds(sizes, ()), sizes, field)


class CueKind(Choice):
    """
    What a cue of a session asks for.
    """

    HOLD = "hold"
    REST = "rest"
    MOVE = "move"


#: Seconds a timeline gives one phase without a hold: lowback's
#: assumption, for timing only, not the leaflet's nor advice. The
#: leaflet holds every phase, so it gives no time for a movement.
MOVEMENT_SECONDS: Final = 3


#: A bound on the numbers of a cue: no session lasts this many seconds.
_LONGEST: Final = 2**31 - 1


@attrs.frozen(kw_only=True)
class Cue:
    """
    One timed step of a session.

    Args:
        start: Seconds from the start of the session.
        duration: Seconds it lasts.
        kind: Hold, movement (a phase without a hold) or rest.
        exercise: The exercise id.
        text: What to tell the person, such as ``Left side, 2 of 3:
            Pull one knee gently towards the chest. Hold 20 s.``
        repetition: Which repetition, from 1 (holds and movements).
        repetitions: Of how many.
        set: Which set, from 1.
        side: Which side, for exercises done one side at a time.
        phase: The phase id (holds and movements).
    """

    start: int = attrs.field(validator=validator(check_whole, 0, _LONGEST))
    duration: int = attrs.field(validator=validator(check_whole, 1, _LONGEST))
    kind: CueKind = attrs.field(validator=validator(check_member, CueKind))
    exercise: str = attrs.field(validator=validator(check_slug))
    text: str = attrs.field(validator=validator(check_text, TEXT_MAX))
    repetition: int | None = attrs.field(
        default=None, validator=optional(check_whole, 1, _LONGEST)
    )
    repetitions: int | None = attrs.field(
        default=None, validator=optional(check_whole, 1, _LONGEST)
    )
    set: int = attrs.field(
        default=1, validator=validator(check_whole, 1, _LONGEST)
    )
    side: Side | None = attrs.field(
        default=None, validator=optional(check_member, Side)
    )
    phase: str | None = attrs.field(
        default=None, validator=optional(check_slug)
    )

    @property
    def end(self) -> int:
        """
        Seconds from the start of the session to the end of the cue.
        """
        return self.start + self.duration


@attrs.frozen(kw_only=True)
class Routine:
    """
    Exercises with chosen doses, in order, and the notices for them.

    Args:
        title: The routine's title.
        language: BCP 47 tag of its own texts.
        description: Paragraphs about the routine as a whole, such as
            the leaflet's closing words on what the exercises do.
        safety_notices: Must include a before-starting and a stop-rule
            notice.
        items: The exercises and their chosen doses; each exercise once.
        rest: Rest between the parts of a session.
    """

    document_type: ClassVar[str] = "routine"

    title: str = attrs.field(validator=validator(check_text, NAME_MAX))
    language: str = attrs.field(validator=validator(check_language))
    description: tuple[str, ...] = attrs.field(
        default=(),
        validator=[
            validator(check_count, LIST_MAX),
            validator(check_each, check_text, TEXT_MAX),
        ],
    )
    safety_notices: tuple[SafetyNotice, ...] = attrs.field(
        validator=[
            validator(check_count, LIST_MAX),
            validator(check_notices),
        ]
    )
    items: tuple[RoutineItem, ...] = attrs.field(
        validator=[validator(check_count, ITEMS_MAX), validator(_items)]
    )
    rest: Rest = attrs.field(
        factory=Rest, validator=validator(check_instance, Rest)
    )

    def timeline(self) -> tuple[Cue, ...]:
        """
        Return the timed cues of one session, in order.

        Every phase of every repetition is a hold cue, or a movement
        cue of `MOVEMENT_SECONDS` for a phase without a hold; sided
        exercises
        alternate sides within each repetition (left, then right, as the
        leaflet's knee to chest stretch says: "repeat with the other
        leg"); rests come between repetitions, sides, sets and
        exercises, never at the end.
        """
        return tuple(_cues(self))

    @property
    def estimated_duration(self) -> int:
        """
        Seconds one session takes, holds and rests, as `timeline` times it.

        Counted from the doses and rests, without building every cue; a
        phase without a hold counts `MOVEMENT_SECONDS`.
        """
        rest = self.rest
        total = rest.between_exercises * (len(self.items) - 1)
        for item in self.items:
            dose = item.dose
            sides = len(item.exercise.dose.sides) or 1
            repetition = (
                sides * sum(map(_seconds, dose.holds))
                + (sides - 1) * rest.between_sides
            )
            one_set = (
                dose.repetitions * repetition
                + (dose.repetitions - 1) * rest.between_repetitions
            )
            total += dose.sets * one_set + (dose.sets - 1) * rest.between_sets
        return total

    def item(self, exercise_id: str) -> RoutineItem:
        """
        Return the item for an exercise id.

        Raises:
            UnknownExerciseError: If the routine has no such exercise.
        """
        if type(exercise_id) is not str:
            raise unknown_exercise(exercise_id, ())
        for item in self.items:
            if item.exercise.id == exercise_id:
                return item
        raise unknown_exercise(
            exercise_id, [i.exercise.id for i in self.items]
        )


_SIDE_NAMES = {Side.LEFT: "Left side", Side.RIGHT: "Right side"}


def _seconds(hold: int | None) -> int:
    """
    Return the seconds a timeline gives a phase with chosen *hold*.
    """
    return MOVEMENT_SECONDS if hold is None else hold


class _Clock:
    """
    Lays out the cues of one session in order, keeping the time.
    """

    def __init__(self) -> None:
        self.now = 0
        self.cues: list[Cue] = []

    def rest(self, seconds: int, exercise: str, text: str, set_: int) -> None:
        if seconds:
            self.cues.append(
                Cue(
                    start=self.now,
                    duration=seconds,
                    kind=CueKind.REST,
                    exercise=exercise,
                    text=text,
                    set=set_,
                )
            )
            self.now += seconds

    def holds(
        self, item: RoutineItem, rep: int, set_: int, side: Side | None
    ) -> None:
        """
        Add a hold or a movement for each phase of one repetition.
        """
        exercise, dose = item.exercise, item.dose
        label = f"{_SIDE_NAMES[side]}, " if side else ""
        for phase, hold in zip(exercise.dose.phases, dose.holds, strict=True):
            said = "" if hold is None else f" Hold {hold} s."
            self.cues.append(
                Cue(
                    start=self.now,
                    duration=_seconds(hold),
                    kind=CueKind.MOVE if hold is None else CueKind.HOLD,
                    exercise=exercise.id,
                    text=f"{label}{rep} of {dose.repetitions}: "
                    f"{phase.action}{said}",
                    repetition=rep,
                    repetitions=dose.repetitions,
                    set=set_,
                    side=side,
                    phase=phase.id,
                )
            )
            self.now += _seconds(hold)


def _cues(routine: Routine) -> list[Cue]:
    clock = _Clock()
    rest = routine.rest
    for n, item in enumerate(routine.items):
        exercise = item.exercise
        if n:
            clock.rest(
                rest.between_exercises,
                exercise.id,
                f"Rest {rest.between_exercises} s. Next: {exercise.name}.",
                1,
            )
        _item_cues(clock, item, rest)
    return clock.cues


def _item_cues(clock: _Clock, item: RoutineItem, rest: Rest) -> None:
    """
    Add the cues of one exercise: each set, repetition, side and phase.
    """
    name, dose = item.exercise.id, item.dose
    sides: tuple[Side | None, ...] = item.exercise.dose.sides or (None,)
    for set_ in range(1, dose.sets + 1):
        if set_ > 1:
            clock.rest(
                rest.between_sets,
                name,
                f"Rest {rest.between_sets} s before set {set_}.",
                set_,
            )
        for rep in range(1, dose.repetitions + 1):
            if rep > 1:
                clock.rest(
                    rest.between_repetitions,
                    name,
                    f"Rest {rest.between_repetitions} s.",
                    set_,
                )
            for s, side in enumerate(sides):
                if s:
                    clock.rest(
                        rest.between_sides,
                        name,
                        f"Rest {rest.between_sides} s, then the other side.",
                        set_,
                    )
                clock.holds(item, rep, set_, side)


def choose(
    exercise: Exercise,
    *,
    repetitions: int | None = None,
    hold: int | None = None,
    holds: Sequence[int | None] | None = None,
    sets: int | None = None,
) -> ChosenDose:
    """
    Pick a dose for *exercise*; what is not given takes the allowed minimum.

    Args:
        exercise: The exercise.
        repetitions: Repetitions, per side for sided exercises.
        hold: One hold in seconds for every phase that has a hold.
        holds: One hold for each phase, in order (instead of *hold*);
            None for a phase without a hold.
        sets: Number of sets.

    Raises:
        InvalidValueError: Naming the exercise, the field, the allowed
            range and the value given.
    """
    if hold is not None and holds is not None:
        raise InvalidValueError(
            f"{exercise.id}.hold",
            hold,
            f"{exercise.id}: give hold or holds, not both",
        )
    chosen_holds: Sequence[int | None] | None = holds
    if hold is not None:
        phases = exercise.dose.phases
        if all(p.hold is None for p in phases):
            raise _for_exercise(
                exercise,
                InvalidValueError(
                    "hold",
                    hold,
                    "hold: no phase of this exercise has a hold; its "
                    "phases are movements without one",
                ),
            )
        chosen_holds = tuple(None if p.hold is None else hold for p in phases)
    try:
        return exercise.dose.choose(
            repetitions=repetitions, holds=chosen_holds, sets=sets
        )
    except InvalidValueError as e:
        raise _for_exercise(exercise, e) from None


#: What lowback re-exports from here.
__all__ = [
    "MOVEMENT_SECONDS",
    "Cue",
    "CueKind",
    "Rest",
    "Routine",
    "RoutineItem",
]
