"""
The session page: one HTML file that runs a routine's session.

It shows the safety notices and a start button, then every cue of the
routine's timeline in turn with a countdown, and at the end asks how
the pain changed, offering the answers as a pain-reports file.
Nothing loads from elsewhere: the script, the style and the cues are in
the page, the script and style allowed by their hashes.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from .._checks import check_instance, check_whole
from .._model import NoticeKind
from .._pain import DAYS_MAX
from .._plan import Plan, session_on
from .._problems import shown
from .._routine import Routine
from .._version import __version__
from ._handout import dosed_steps

if TYPE_CHECKING:
    from .._routine import Cue

#: What a page may not do: load or send anything, or be framed.
_POLICY: Final = (
    "default-src 'none'; script-src '{script}'; style-src '{style}'; "
    "connect-src 'none'; base-uri 'none'; form-action 'none'"
)

_SIDES: Final = {"left": "Left side", "right": "Right side"}
_KINDS: Final = {"hold": "Hold", "rest": "Rest", "move": "Move"}


def _asset(name: str) -> str:
    return (resources.files(__package__) / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _json(value: object) -> str:
    """
    Return *value* as JSON that cannot end the script block holding it.
    """
    text = json.dumps(value, ensure_ascii=False, indent=None)
    for char, code in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, code)
    return text


def _session(
    subject: Routine | Plan, day: int | None
) -> tuple[Routine, int, tuple[str, ...]]:
    """
    Return the routine to run, the day it is and the plan's rule in words.

    Raises:
        InvalidValueError: If every exercise of a plan's day is stopped;
            the message says the day's advice.
    """
    if day is not None:
        check_whole("day", day, 1, DAYS_MAX)
    if isinstance(subject, Routine):
        return subject, day or 1, ()
    day = day or 1
    routine = session_on(subject, day)
    rule = subject.pain_rule.sentence
    return routine, day, () if rule is None else (rule,)


def _phase_name(phase: str | None) -> str | None:
    """
    Return a phase id as words, such as "arch"; None for none.
    """
    return None if phase is None else phase.replace("-", " ")


def _cue(cue: Cue, phased: frozenset[str]) -> dict[str, Any]:
    """
    Return one cue as the page reads it.

    *phased* are the exercises with more than one phase, whose cues name
    their phase.
    """
    phase = cue.phase if cue.exercise in phased else None
    return {
        "start": cue.start,
        "duration": cue.duration,
        "kind": cue.kind.value,
        "kindName": _KINDS[cue.kind.value],
        "exercise": cue.exercise,
        "text": shown(cue.text),
        "repetition": cue.repetition,
        "repetitions": cue.repetitions,
        "set": cue.set,
        "side": None if cue.side is None else cue.side.value,
        "sideName": None if cue.side is None else _SIDES[cue.side.value],
        "phase": cue.phase,
        "phaseName": _phase_name(phase),
    }


def session_data(
    subject: Routine | Plan, *, day: int | None = None
) -> dict[str, Any]:
    """
    Return what the session page shows, as plain JSON values.
    """
    routine, day, rules = _session(subject, day)
    notices = subject.safety_notices
    phased = frozenset(
        item.exercise.id
        for item in routine.items
        if len(item.exercise.dose.phases) > 1
    )
    return {
        "title": shown(subject.title),
        "day": day,
        "notices": [shown(n.text) for n in notices],
        "stopRules": [
            *(
                shown(n.text)
                for n in notices
                if n.kind is NoticeKind.STOP_RULE
            ),
            *map(shown, rules),
        ],
        "exercises": [
            {
                "id": item.exercise.id,
                "name": shown(item.exercise.name),
                "steps": [
                    shown(s) for s in dosed_steps(item.exercise, item.dose)
                ],
                "sets": item.dose.sets,
            }
            for item in routine.items
        ],
        "cues": [_cue(c, phased) for c in routine.timeline()],
    }


def session_page(subject: Routine | Plan, *, day: int | None = None) -> str:
    """
    Return one self-contained HTML page that runs a session.

    The page shows the safety notices and a start button, then each cue
    of the session's `Routine.timeline` in turn: the exercise, what to
    do, the side, the phase, the repetition and a large countdown, with
    a beep and a spoken cue where the browser can. It pauses, resumes,
    goes back and skips; Space pauses and the arrow keys go back and
    skip. At the end, or when the person says it hurts more, it asks for
    each exercise done whether the pain is better, the same or worse,
    shows the stop rule when any is worse, and offers the answers as a
    pain-reports file that ``lowback plan --reports`` reads. It loads
    nothing, sends nothing and stores nothing.

    Args:
        subject: A `Routine`, whose session it runs; or a `Plan`, whose
            session of *day* it runs (`Plan.session`).
        day: The plan day, 1 by default; for a routine, the day the
            pain reports are about.

    Raises:
        InvalidValueError: If *day* is not a whole number from 1, or
            every exercise of that day of the plan is stopped.
        UnknownDayError: If the plan has no such day.
    """
    check_instance("subject", subject, (Routine, Plan))
    data = session_data(subject, day=day)
    script, style = _asset("session.js"), _asset("session.css")
    policy = _POLICY.format(script=_hash(script), style=_hash(style))
    template = _asset("session.html")
    return template.format(
        language=escape(subject.language),
        policy=escape(policy),
        generator=f"lowback {__version__}",
        title=escape(data["title"]),
        style=style,
        data=_json(data),
        script=script,
    )


#: What lowback re-exports from here.
__all__ = ["session_page"]
