"""
Proposals read from a draft's steps: position, repetitions, holds, sides.

The words are read by `lowback._rules._prose`, the reader the validator
uses to check that a step agrees with the dose, so a proposal never
contradicts the step it comes from. Each proposal is a library default
whose note starts with `TO_CONFIRM` and names the step: a person checks
it against the source and takes those words away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._rules._prose import Stated, position, said
from ._common import TO_CONFIRM, show

if TYPE_CHECKING:
    from collections.abc import Sequence

#: The bounds of a hold and of repetitions in the format.
_HOLD: Final = (5, 30)
_REPETITIONS: Final = (1, 1000)
#: The most phases a dose has.
_PHASES: Final = 10
#: The first steps, where a starting position is read.
_OPENING: Final = 2


def _proposed(pointer: str, note: str) -> dict[str, str]:
    return {"pointer": pointer, "note": TO_CONFIRM + note}


def _inside(stated: Stated, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= stated.low <= stated.high <= bounds[1]


def _span(found: Sequence[Stated]) -> dict[str, int]:
    return {
        "min": min(s.low for s in found),
        "max": max(s.high for s in found),
    }


def propose(
    steps: list[dict[str, str]], fields: dict[str, Any], notes: list[str]
) -> None:
    """
    Add to *fields* what *steps* say of the position and the dose.

    What is proposed gets a library default to confirm; a hold or a
    number of repetitions outside what the format allows is noted, not
    proposed, and never clamped.
    """
    defaults: list[dict[str, str]] = []
    if "position" not in fields:
        for i, step in enumerate(steps[:_OPENING]):
            found = position(step["text"])
            if found is not None:
                fields["position"] = found.value
                defaults.append(
                    _proposed(
                        "/position",
                        f"read from /steps/{i}, which says {found.words!r}",
                    )
                )
                break
    if "dose" not in fields:
        dose = _dose(steps, defaults, notes)
        if dose:
            fields["dose"] = dose
    if defaults:
        fields["library_defaults"] = defaults


class _Read:
    """
    What the steps say of a dose, each with the step that says it.
    """

    def __init__(self, steps: list[dict[str, str]], notes: list[str]) -> None:
        self.holds: list[tuple[int, list[Stated]]] = []
        self.repetitions: list[tuple[int, Stated]] = []
        self.side: tuple[int, str] | None = None
        #: Whether a step says a number of repetitions, allowed or not.
        self.counted = False
        for i, step in enumerate(steps):
            stated = said(step["text"])
            kept = [h for h in stated.holds if _inside(h, _HOLD)]
            notes.extend(
                f"/steps/{i} says to hold for {h.words} seconds, outside "
                "the 5 to 30 seconds a lowback hold allows: not proposed; "
                "the step must say a hold within them"
                for h in stated.holds
                if h not in kept
            )
            if kept and len(self.holds) < _PHASES:
                self.holds.append((i, kept))
            reps = [r for r in stated.repetitions if _inside(r, _REPETITIONS)]
            notes.extend(
                f"/steps/{i} says {r.words} repetitions, outside the 1 to "
                "1000 lowback allows: not proposed"
                for r in stated.repetitions
                if r not in reps
            )
            self.repetitions += [(i, r) for r in reps]
            self.counted = self.counted or bool(stated.repetitions)
            if stated.side is not None and self.side is None:
                self.side = (i, stated.side)


def _dose(
    steps: list[dict[str, str]],
    defaults: list[dict[str, str]],
    notes: list[str],
) -> dict[str, Any]:
    read = _Read(steps, notes)
    dose: dict[str, Any] = {}
    if read.repetitions:
        where = sorted({f"/steps/{i}" for i, _ in read.repetitions})
        dose["repetitions"] = _span([r for _, r in read.repetitions])
        defaults.append(
            _proposed(
                "/dose/repetitions",
                f"read from {' and '.join(where)}, which says "
                + ", ".join(repr(r.words) for _, r in read.repetitions),
            )
        )
    elif read.holds and not read.counted:
        dose["repetitions"] = {"min": 1, "max": 1}
        defaults.append(
            _proposed(
                "/dose/repetitions",
                f"/steps/{read.holds[0][0]} says to hold and no step says "
                "how many times: one is proposed",
            )
        )
    if read.holds:
        dose["phases"] = _phases(steps, read.holds, defaults)
    if read.side is not None:
        i, words = read.side
        if dose:
            dose["sides"] = ["left", "right"]
            defaults.append(
                _proposed(
                    "/dose/sides",
                    f"read from /steps/{i}, which says {words!r}; no step "
                    "says which side goes first",
                )
            )
        else:
            notes.append(
                f"/steps/{i} says {words!r}: one side at a time, but no "
                "step says a dose to give the sides to"
            )
    return dose


def _phases(
    steps: list[dict[str, str]],
    holds: list[tuple[int, list[Stated]]],
    defaults: list[dict[str, str]],
) -> list[dict[str, Any]]:
    """
    One phase for each step that says a hold, named by that step.

    With more than one, each such step names its phase, as the format
    asks of a step that says a hold where the dose has several.
    """
    phases = []
    for n, (i, found) in enumerate(holds):
        phase_id = "hold" if n == 0 else f"hold-{n + 1}"
        phases.append(
            {"id": phase_id, "action": steps[i]["text"], "hold": _span(found)}
        )
        if len(holds) > 1:
            steps[i]["phase"] = phase_id
        defaults.append(
            _proposed(
                f"/dose/phases/{n}/hold",
                f"read from /steps/{i}, which says "
                + ", ".join(repr(h.words + " seconds") for h in found)
                + f": {show(steps[i]['text'])}",
            )
        )
    return phases
