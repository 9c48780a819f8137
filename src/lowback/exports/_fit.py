"""
One session as a FIT workout file, for Garmin watches and apps.

The steps are the session's timeline (`Routine.timeline`), cue for cue:
a timed step for each hold, each movement (`MOVEMENT_SECONDS`) and each
rest, in milliseconds. Repetitions of an exercise that are alike, with
the rest before each and both sides within each, are written once and
a repeat step does them again; so the file, its repeats done, is the
timeline again, to the millisecond.

Garmin's FIT SDK (``garmin-fit-sdk``, the ``fit`` extra) writes the
file; it is imported only here, on the first export.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Final

from .._checks import check_instance
from .._errors import InvalidValueError, LowbackError
from .._plan import Plan, session_on
from .._problems import printable
from .._routine import Cue, CueKind, Routine
from ._subject import Subject, fingerprint

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

#: Bytes a FIT string holds, its closing NUL aside: a field is at most
#: 255 bytes long.
FIT_STRING_MAX: Final = 254

# FIT's own names for exercises of the bundled catalog, where its profile
# has a fitting one (category, name); the others go without.
_CATEGORIES: Final = {
    "semi-crunch": ("crunch", "crunch"),
    "hamstring-stretch": ("warm_up", "stretch_hamstring"),
    "knee-to-chest": ("warm_up", "stretch_lying_knee_to_chest"),
}
_MILLISECONDS: Final = 1000
# Durations and repeat counts are unsigned 32-bit; its top is "invalid".
_UINT32_TOP: Final = 2**32 - 2
# Step indexes are unsigned 16-bit, and so is the count of steps.
_STEPS_MAX: Final = 2**16 - 2
_ELLIPSIS: Final = "\N{HORIZONTAL ELLIPSIS}"


class _MissingSDKError(LowbackError, ImportError):
    """
    The FIT export needs Garmin's FIT SDK, which is not installed.
    """

    def __init__(self) -> None:
        super().__init__(
            "a FIT export needs Garmin's FIT SDK: install lowback with "
            "its fit extra, or pip install garmin-fit-sdk"
        )


def _sdk() -> Any:  # noqa: ANN401 - the SDK has no types of its own to name
    try:
        import garmin_fit_sdk  # noqa: PLC0415 - only a FIT export needs it
    except ImportError:
        raise _MissingSDKError from None
    return garmin_fit_sdk


def fit_text(text: str, limit: int = FIT_STRING_MAX) -> str:
    """
    Return *text* as a FIT string holds it: one line, in *limit* bytes.

    Longer text is cut at a character and ends in an ellipsis.
    """
    line = printable(text)
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    room = limit - len(_ELLIPSIS.encode("utf-8"))
    return data[:room].decode("utf-8", "ignore") + _ELLIPSIS


def _session(subject: Routine | Plan, day: int | None) -> tuple[Routine, str]:
    """
    Return the session to export and its title.

    A routine's own, or a plan's of *day* (its first by default).
    """
    if isinstance(subject, Routine):
        if day is not None:
            raise InvalidValueError(
                "day",
                day,
                "day: a routine has one session; give day only with a plan",
            )
        return subject, subject.title
    chosen = 1 if day is None else day
    session = session_on(subject, chosen)
    return session, f"{subject.title}, day {chosen} of {len(subject.days)}"


def _safety(texts: Sequence[str]) -> tuple[str, list[str]]:
    """
    Return the workout's description and the notes of its safety steps.

    Each safety text is kept whole where FIT has room: as many as fit go
    into the description, in order; each of the others is the notes of a
    step of its own, or of several, split between words, when it is
    longer than a FIT string.
    """
    said = [printable(t) for t in texts]
    n = 0
    while n < len(said) and _fits(" ".join(said[: n + 1])):
        n += 1
    return " ".join(said[:n]), [p for t in said[n:] for p in _parts(t)]


def _parts(text: str) -> list[str]:
    """
    Return *text* in pieces that each fit in a FIT string, split at spaces.

    A word too long for one is split between characters.
    """
    parts: list[str] = []
    line = ""
    for word in text.split(" "):
        joined = f"{line} {word}" if line else word
        if _fits(joined):
            line = joined
            continue
        if line:
            parts.append(line)
        rest = word
        while not _fits(rest):
            piece = rest.encode("utf-8")[:FIT_STRING_MAX]
            head = piece.decode("utf-8", "ignore")
            parts.append(head)
            rest = rest[len(head) :]
        line = rest
    parts.append(line)
    return parts


def _fits(text: str) -> bool:
    return len(text.encode("utf-8")) <= FIT_STRING_MAX


def _exercise_names(sdk: Any) -> dict[str, tuple[str, int]]:  # noqa: ANN401
    """
    Return each exercise id's FIT category and the number of its name.

    A name the SDK's profile does not have is left out.
    """
    types = sdk.Profile["types"]
    found = {}
    for exercise, (category, name) in _CATEGORIES.items():
        names = types.get(f"{category}_exercise_name", {})
        numbers = [k for k, v in names.items() if v == name]
        if numbers:
            found[exercise] = (category, numbers[0])
    return found


class _Steps:
    """
    The workout steps of one session, made from its timeline.
    """

    def __init__(self, routine: Routine, sdk: Any) -> None:  # noqa: ANN401
        self.routine = routine
        self.names = _exercise_names(sdk)
        self.steps: list[dict[str, Any]] = []

    def step(self, cue: Cue) -> dict[str, Any]:
        """
        Return the timed step of one cue, without its index.
        """
        ms = cue.duration * _MILLISECONDS
        if ms > _UINT32_TOP:
            raise InvalidValueError(
                "duration",
                cue.duration,
                f"{cue.exercise}: a step of {cue.duration} s is longer "
                "than a FIT workout step can last",
            )
        step: dict[str, Any] = {
            "duration_type": "time",
            "duration_value": ms,
            "target_type": "open",
        }
        if cue.kind is CueKind.REST:
            return step | {
                "wkt_step_name": "Rest",
                "notes": fit_text(cue.text),
                "intensity": "rest",
            }
        item = self.routine.item(cue.exercise)
        exercise = item.exercise
        phases = exercise.dose.phases
        phase = next(p for p in phases if p.id == cue.phase)
        parts = [exercise.name]
        if cue.side is not None:
            parts.append(cue.side.value)
        if len(phases) > 1:
            parts.append(phase.id)
        if item.dose.sets > 1:
            parts.append(f"set {cue.set}")
        said = "" if cue.kind is CueKind.MOVE else f" Hold {cue.duration} s."
        step |= {
            "wkt_step_name": fit_text(", ".join(parts)),
            "notes": fit_text(f"{phase.action}{said}"),
            "intensity": "active",
        }
        if exercise.id in self.names:
            category, name = self.names[exercise.id]
            step |= {"exercise_category": category, "exercise_name": name}
        return step

    def add(self, step: dict[str, Any]) -> None:
        if len(self.steps) >= _STEPS_MAX:
            raise InvalidValueError(
                "items",
                len(self.steps),
                "items: the session takes more steps than a FIT workout "
                f"holds ({_STEPS_MAX})",
            )
        self.steps.append({"message_index": len(self.steps)} | step)

    def safety(self, notes: Sequence[str]) -> None:
        """
        Add a step for each piece of the safety notices, to read first.

        Each lasts until the person goes on (FIT's ``open`` duration).
        """
        for n, said in enumerate(notes, 1):
            self.add(
                {
                    "wkt_step_name": "Safety"
                    + (f" {n} of {len(notes)}" if len(notes) > 1 else ""),
                    "duration_type": "open",
                    "target_type": "open",
                    "notes": said,
                }
            )

    def blocks(self) -> None:
        """
        Add the steps of the timeline, alike repetitions repeated.
        """
        made = [
            [self.step(cue) for cue in block]
            for block in _blocks(self.routine.timeline())
        ]
        for steps, run in itertools.groupby(made):
            times = len(list(run))
            start = len(self.steps)
            for step in steps:
                self.add(step)
            if times > 1:
                self.add(
                    {
                        "duration_type": "repeat_until_steps_cmplt",
                        "duration_value": start,
                        "target_value": times,
                    }
                )


def _blocks(cues: Iterable[Cue]) -> list[list[Cue]]:
    """
    Return the cues of each repetition, with the rests before it.

    A rest between sides stays within its repetition.
    """
    blocks: list[list[Cue]] = []
    rests: list[Cue] = []
    key = None
    for cue in cues:
        if cue.kind is CueKind.REST:
            rests.append(cue)
            continue
        now = (cue.exercise, cue.set, cue.repetition)
        if now == key:
            blocks[-1] += [*rests, cue]
        else:
            blocks.append([*rests, cue])
            key = now
        rests = []
    if rests:  # a timeline ends in a hold or a movement: never here
        blocks.append(rests)
    return blocks


def to_fit(subject: Routine | Plan, *, day: int | None = None) -> bytes:
    """
    Return one session as a FIT workout file, for Garmin watches and apps.

    The steps are the session's `lowback.Routine.timeline`, cue for cue:
    a timed step for each hold, movement and rest, named after the
    exercise, its side, phase and set, with the step's words in its
    notes. Alike repetitions are written once, with a repeat step. The
    safety notices go into the workout's description, whole; those it
    has no room for come first, as steps to read that last until the
    person goes on (see ``docs/fit.md``).

    Needs Garmin's FIT SDK, which lowback's ``fit`` extra installs.

    Args:
        subject: A routine, or a plan.
        day: The day of a plan whose session to export (the first by
            default); a routine has one session, and takes none.

    Returns:
        The bytes of the file, the same for the same session.

    Raises:
        InvalidValueError: If *subject* is not a routine or a plan,
            *day* is given with a routine, every exercise is stopped on
            *day*, or the session does not fit in a FIT workout.
        UnknownDayError: If the plan has no such day.
        ImportError: If Garmin's FIT SDK is not installed (a
            `lowback.LowbackError` too).
    """
    check_instance("subject", subject, (Routine, Plan))
    routine, title = _session(subject, day)
    about = Subject(subject)
    description, notes = _safety(about.safety)
    sdk = _sdk()
    steps = _Steps(routine, sdk)
    steps.safety(notes)
    steps.blocks()
    return _encode(
        sdk,
        steps.steps,
        {
            "wkt_name": fit_text(title),
            "sport": "training",
            "sub_sport": "flexibility_training",
            "num_valid_steps": len(steps.steps),
        }
        | ({"wkt_description": description} if description else {}),
        # The same session gives the same file, another another.
        int(fingerprint(f"{about.digest}:{title}")[:8], 16) or 1,
    )


def _encode(
    sdk: Any,  # noqa: ANN401 - the SDK's module
    steps: list[dict[str, Any]],
    workout: dict[str, Any],
    serial: int,
) -> bytes:
    """
    Return the FIT file of a workout and its steps.
    """
    encoder = sdk.Encoder()
    numbers = sdk.Profile["mesg_num"]
    encoder.on_mesg(
        numbers["FILE_ID"],
        {
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": serial,
        },
    )
    encoder.on_mesg(numbers["WORKOUT"], workout)
    for step in steps:
        encoder.on_mesg(numbers["WORKOUT_STEP"], step)
    data: bytes = encoder.close()
    return data
