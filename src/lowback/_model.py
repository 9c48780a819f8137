"""
The content model: exercises, their steps, provenance and safety notices.

All classes are frozen and slotted; sequences are tuples.
Invariants are checked when an object is built, so an `Exercise` that
exists is valid, and the schemas say the same in JSON.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, ClassVar, cast

import attrs

from ._checks import (
    NAME_MAX,
    TEXT_MAX,
    check_each,
    check_language,
    check_member,
    check_slug,
    check_slugs,
    check_text,
    check_tuple,
    validator,
)
from ._dose import Dose
from ._errors import InvalidValueError
from ._rules import AddRepetitions, Progression, RaiseHold

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


def _optional(check: Any) -> Any:  # noqa: ANN401
    return attrs.validators.optional(check)


class ExerciseKind(enum.StrEnum):
    """
    What an exercise is mainly for.
    """

    STRENGTHENING = "strengthening"
    STRETCH = "stretch"
    MOBILITY = "mobility"


class Position(enum.StrEnum):
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


class StepRole(enum.StrEnum):
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


class NoticeKind(enum.StrEnum):
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
        default=None, validator=_optional(validator(check_member, StepRole))
    )
    phase: str | None = attrs.field(
        default=None, validator=_optional(validator(check_slug))
    )


@attrs.frozen(kw_only=True)
class Provenance:
    """
    Where content comes from and under which licence.

    Args:
        source: The source, named so a reader can find it.
        licence: An SPDX licence expression, or ``NOASSERTION`` when the
            source states none.
        url: Where the source can be read, if it is online.
        author: Who wrote it, if known.
    """

    source: str = attrs.field(validator=validator(check_text, TEXT_MAX))
    licence: str = attrs.field(validator=validator(check_text, NAME_MAX))
    url: str | None = attrs.field(
        default=None, validator=_optional(validator(check_text, TEXT_MAX))
    )
    author: str | None = attrs.field(
        default=None, validator=_optional(validator(check_text, NAME_MAX))
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


def _steps(
    instance: Any,  # noqa: ANN401, ARG001
    attribute: attrs.Attribute[tuple[Step, ...]],
    value: tuple[Step, ...],
) -> None:
    check_tuple(attribute.name, value)
    if not value:
        raise InvalidValueError("steps", value, "steps: give at least one")


def _pointer_parts(pointer: str) -> list[str] | None:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        return None
    return [
        p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")
    ]


def resolves(obj: object, pointer: str) -> bool:
    """
    Whether a JSON Pointer names a value inside the model object *obj*.

    JSON keys are the attribute names, so the pointer that names a value
    in a document also names it in the model.
    Absent optional values do not resolve.
    """
    parts = _pointer_parts(pointer)
    if parts is None:
        return False
    current: object = obj
    for part in parts:
        if isinstance(current, tuple):
            if not (part.isascii() and part.isdigit()) or (
                len(part) > 1 and part[0] == "0"
            ):
                return False
            index = int(part)
            if index >= len(current):
                return False
            current = current[index]
        elif attrs.has(type(current)):
            names = {a.name for a in attrs.fields(cast("Any", type(current)))}
            if part not in names and part != "rule":
                return False
            current = getattr(current, part, None)
        else:
            return False
        if current is None:
            return False
    return True


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
        default=None, validator=_optional(validator(check_text, TEXT_MAX))
    )
    position: Position = attrs.field(
        validator=validator(check_member, Position)
    )
    equipment: tuple[str, ...] = attrs.field(
        default=(), validator=validator(check_slugs)
    )
    targets: tuple[str, ...] = attrs.field(
        default=(), validator=validator(check_slugs)
    )
    steps: tuple[Step, ...] = attrs.field(validator=_steps)
    cautions: tuple[str, ...] = attrs.field(
        default=(), validator=validator(check_each, check_text, TEXT_MAX)
    )
    dose: Dose
    progression: Progression | None = None
    library_defaults: tuple[LibraryDefault, ...] = attrs.field(
        default=(), validator=validator(check_tuple)
    )
    provenance: Provenance

    def __attrs_post_init__(self) -> None:
        for path, value, _code, message in cross_field_violations(
            steps=self.steps,
            dose=self.dose,
            progression=self.progression,
            library_defaults=self.library_defaults,
            resolve=lambda pointer: resolves(self, pointer),
        ):
            field = ".".join(
                f"[{p}]" if isinstance(p, int) else p for p in path
            ).replace(".[", "[")
            raise InvalidValueError(field, value, f"{field}: {message}")


#: A broken cross-field rule: path from the exercise, value, code, message.
Violation = tuple[tuple[str | int, ...], object, str, str]


def cross_field_violations(  # noqa: C901
    *,
    steps: tuple[Step, ...],
    dose: Dose,
    progression: Progression | None,
    library_defaults: tuple[LibraryDefault, ...],
    resolve: Callable[[str], bool],
) -> Iterator[Violation]:
    """
    Yield every rule of an exercise that a schema cannot say.

    The model and the validator both call this, so a JSON document and
    the object built from it are judged alike.

    Args:
        steps: The exercise's steps.
        dose: Its allowed dose.
        progression: Its progression rule.
        library_defaults: Its library-default markers.
        resolve: Tells whether a JSON Pointer names a value in the
            exercise.
    """
    phase_ids = [p.id for p in dose.phases]
    for i, step in enumerate(steps):
        if step.phase is not None and step.phase not in phase_ids:
            yield (
                ("steps", i, "phase"),
                step.phase,
                "unknown-phase",
                (
                    f"there is no phase {step.phase!r} in the dose; "
                    f"its phases are {', '.join(map(repr, phase_ids))}"
                ),
            )
    if isinstance(progression, AddRepetitions):
        if progression.target not in dose.repetitions:
            yield (
                ("progression", "target"),
                progression.target,
                "target-outside-dose",
                (
                    f"the target of {progression.target} repetitions is "
                    f"outside the {dose.repetitions} repetitions the dose "
                    "allows"
                ),
            )
    elif isinstance(progression, RaiseHold):
        for i, phase_id in enumerate(progression.phases):
            if phase_id not in phase_ids:
                yield (
                    ("progression", "phases", i),
                    phase_id,
                    "unknown-phase",
                    (
                        f"there is no phase {phase_id!r} in the dose; "
                        f"its phases are {', '.join(map(repr, phase_ids))}"
                    ),
                )
        for phase in dose.phases:
            applies = not progression.phases or phase.id in progression.phases
            if applies and progression.cap not in phase.hold:
                yield (
                    ("progression", "cap"),
                    progression.cap,
                    "target-outside-dose",
                    (
                        f"the cap of {progression.cap} s is outside the "
                        f"{phase.hold} s hold that phase {phase.id!r} allows"
                    ),
                )
    for i, default in enumerate(library_defaults):
        if not resolve(default.pointer):
            yield (
                ("library_defaults", i, "pointer"),
                default.pointer,
                "unresolved-pointer",
                f"{default.pointer!r} names no value in this exercise",
            )
