"""
The content model: exercises, their steps, provenance and safety notices.

All classes are frozen and slotted; sequences are tuples.
Invariants are checked when an object is built, so an `Exercise` that
exists is valid, and the schemas say the same in JSON.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from ._checks import (
    CAUTIONS_MAX,
    LIST_MAX,
    NAME_MAX,
    STEPS_MAX,
    TEXT_MAX,
    Choice,
    check_count,
    check_each,
    check_instance,
    check_language,
    check_member,
    check_slug,
    check_slugs,
    check_text,
    check_url,
    optional,
    raise_first,
    validator,
)
from ._converter import plain
from ._dose import Dose
from ._errors import InvalidValueError
from ._progression import RULES, Progression
from ._rules import exercise_fields


class ExerciseKind(Choice):
    """
    What an exercise is mainly for.
    """

    STRENGTHENING = "strengthening"
    STRETCH = "stretch"
    MOBILITY = "mobility"


class Position(Choice):
    """
    The position an exercise starts from.
    """

    LYING_ON_BACK = "lying-on-back"
    LYING_ON_FRONT = "lying-on-front"
    LYING_ON_SIDE = "lying-on-side"
    HANDS_AND_KNEES = "hands-and-knees"
    KNEELING = "kneeling"
    SITTING = "sitting"
    STANDING = "standing"


class StepRole(Choice):
    """
    What a step does, where that matters to a timer or a handout.
    """

    SETUP = "setup"
    BREATHE_IN = "breathe-in"
    BREATHE_OUT = "breathe-out"
    MOVE = "move"
    HOLD = "hold"
    RELEASE = "release"
    REPEAT = "repeat"
    PROGRESS = "progress"
    NOTE = "note"


class NoticeKind(Choice):
    """
    When a safety notice applies.
    """

    BEFORE_STARTING = "before-starting"
    STOP_RULE = "stop-rule"
    GENERAL = "general"


@attrs.frozen(kw_only=True)
class Step:
    """
    One instruction, in order.

    Args:
        text: The instruction as the person reads it.
        role: What the step does, where it matters.
        phase: The id of the dose phase this step belongs to, so that a
            handout can write the chosen hold into it.
    """

    text: str = attrs.field(validator=validator(check_text, TEXT_MAX))
    role: StepRole | None = attrs.field(
        default=None, validator=optional(check_member, StepRole)
    )
    phase: str | None = attrs.field(
        default=None, validator=optional(check_slug)
    )


@attrs.frozen(kw_only=True)
class Provenance:
    """
    Where content comes from and under which licence.

    Args:
        source: The source, named so a reader can find it.
        licence: An SPDX licence expression, or ``NOASSERTION`` when the
            source states none.
        url: Where the source can be read, if it is online: an http or
            https URL.
        author: Who wrote it, if known.
    """

    source: str = attrs.field(validator=validator(check_text, TEXT_MAX))
    licence: str = attrs.field(validator=validator(check_text, NAME_MAX))
    url: str | None = attrs.field(
        default=None, validator=optional(check_url, TEXT_MAX)
    )
    author: str | None = attrs.field(
        default=None, validator=optional(check_text, NAME_MAX)
    )


def _pointer(
    instance: Any,  # noqa: ANN401, ARG001
    attribute: attrs.Attribute[str],
    value: object,
) -> None:
    check_text(attribute.name, value, NAME_MAX)
    assert isinstance(value, str)  # noqa: S101 - checked above
    if not value.startswith("/"):
        raise InvalidValueError(
            attribute.name,
            value,
            f"{attribute.name}: a JSON Pointer starts with '/', such as "
            f"'/dose/sets'; got {value!r}",
        )


@attrs.frozen(kw_only=True)
class LibraryDefault:
    """
    A value the source is silent on, filled in by lowback.

    Args:
        pointer: A JSON Pointer into the exercise naming the value, such
            as ``/progression/step``.
        note: Why the value is there and what the source says instead.
    """

    pointer: str = attrs.field(validator=_pointer)
    note: str = attrs.field(validator=validator(check_text, TEXT_MAX))


@attrs.frozen(kw_only=True)
class SafetyNotice:
    """
    A notice that must travel with any programme of exercises.

    Args:
        id: A slug, unique within a catalog.
        kind: When the notice applies.
        text: The notice as the person reads it.
    """

    id: str = attrs.field(validator=validator(check_slug))
    kind: NoticeKind = attrs.field(
        validator=validator(check_member, NoticeKind)
    )
    text: str = attrs.field(validator=validator(check_text, TEXT_MAX))


def _steps(field: str, value: object) -> None:
    check_each(field, value, check_instance, Step)
    if not value:
        raise InvalidValueError(field, value, f"{field}: give at least one")


def check_progression(field: str, value: object) -> None:
    """
    Check that *value* is a progression rule, or None.
    """
    if value is not None and not isinstance(value, tuple(RULES.values())):
        names = ", ".join(cls.__name__ for cls in RULES.values())
        raise InvalidValueError(
            field,
            value,
            f"{field}: expected one of {names} or None, got {value!r}",
        )


@attrs.frozen(kw_only=True)
class Exercise:
    """
    One exercise: what it is for, how to do it and the dose it allows.

    Args:
        id: A lowercase slug, stable across versions.
        name: The name a person reads.
        language: BCP 47 tag of every text in the exercise.
        kind: What the exercise is mainly for.
        purpose: What the exercise does, in the source's words.
        position: The starting position.
        equipment: Slugs of what is needed besides the floor.
        targets: Slugs of the body areas it works.
        steps: The instructions in order.
        cautions: Things to take care with, in the source's words.
        dose: The dose it allows.
        progression: How the dose moves on from day to day, if at all.
        library_defaults: Values the source is silent on, filled in by
            lowback, each named by a JSON Pointer.
        provenance: Where the content comes from and its licence.

    Raises:
        InvalidValueError: If a field or the exercise as a whole breaks a
            rule of the format.
    """

    document_type: ClassVar[str] = "exercise"

    id: str = attrs.field(validator=validator(check_slug))
    name: str = attrs.field(validator=validator(check_text, NAME_MAX))
    language: str = attrs.field(validator=validator(check_language))
    kind: ExerciseKind = attrs.field(
        validator=validator(check_member, ExerciseKind)
    )
    purpose: str | None = attrs.field(
        default=None, validator=optional(check_text, TEXT_MAX)
    )
    position: Position = attrs.field(
        validator=validator(check_member, Position)
    )
    equipment: tuple[str, ...] = attrs.field(
        default=(),
        validator=[
            validator(check_count, LIST_MAX),
            validator(check_slugs),
        ],
    )
    targets: tuple[str, ...] = attrs.field(
        default=(),
        validator=[
            validator(check_count, LIST_MAX),
            validator(check_slugs),
        ],
    )
    steps: tuple[Step, ...] = attrs.field(
        validator=[validator(check_count, STEPS_MAX), validator(_steps)]
    )
    cautions: tuple[str, ...] = attrs.field(
        default=(),
        validator=[
            validator(check_count, CAUTIONS_MAX),
            validator(check_each, check_text, TEXT_MAX),
        ],
    )
    dose: Dose = attrs.field(validator=validator(check_instance, Dose))
    progression: Progression | None = attrs.field(
        default=None, validator=validator(check_progression)
    )
    library_defaults: tuple[LibraryDefault, ...] = attrs.field(
        default=(),
        validator=[
            validator(check_count, LIST_MAX),
            validator(check_each, check_instance, LibraryDefault),
        ],
    )
    provenance: Provenance = attrs.field(
        validator=validator(check_instance, Provenance)
    )

    def __attrs_post_init__(self) -> None:
        value = plain(self)
        raise_first(exercise_fields(value), value)


__all__ = [
    "Exercise",
    "ExerciseKind",
    "LibraryDefault",
    "NoticeKind",
    "Position",
    "Provenance",
    "SafetyNotice",
    "Step",
    "StepRole",
]
