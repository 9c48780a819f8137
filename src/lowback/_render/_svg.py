"""
Pictures as inline SVG, written by hand: no plotting stack.

`progression_chart` draws each exercise's dose by day of a plan;
`timeline_strip` draws the timed cues of one session as a bar.
Both use black, white and greys, dashes and labels in words, so that
they read in grey-scale print, and both carry a title and a description
for screen readers.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, Final

import attrs

from .._checks import check_instance
from .._errors import InvalidValueError
from .._plan import Plan
from .._progression import AddRepetitions, RaiseHold, ThroughRange
from .._routine import CueKind, Routine
from ._words import clock

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .._routine import Cue

#: Width of both pictures in CSS pixels; they scale down to fit.
WIDTH: Final = 720
_LEFT, _RIGHT = 56, 24
_DASHES = ("", "8 5", "2 4", "12 4 2 4")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


def _n(value: float) -> str:
    """
    Write a number with at most one decimal.
    """
    return f"{value:.1f}".removesuffix(".0")


def _el(tag: str, text: str | None = None, /, **attributes: object) -> str:
    """
    Write one element; ``stroke_width`` becomes ``stroke-width``.
    """
    written = " ".join(
        f"{key.rstrip('_').replace('_', '-')}='"
        f"{_n(v) if isinstance(v, float) else escape(str(v))}'"
        for key, v in attributes.items()
        if v is not None
    )
    if text is None:
        return f"<{tag} {written}/>"
    return f"<{tag} {written}>{escape(text)}</{tag}>"


def _line(x1: float, y1: float, x2: float, y2: float, **more: object) -> str:
    return _el(
        "line",
        x1=float(x1),
        y1=float(y1),
        x2=float(x2),
        y2=float(y2),
        stroke=more.pop("stroke", "black"),
        **more,
    )


def _text(x: float, y: float, text: str, **more: object) -> str:
    return _el("text", text, x=float(x), y=float(y), **more)


def _check_id(prefix: object) -> str:
    if not isinstance(prefix, str) or not _ID.fullmatch(prefix):
        raise InvalidValueError(
            "id_prefix",
            prefix,
            f"id_prefix: expected a letter then letters, digits, - or _ "
            f"(at most 64), got {prefix!r}",
        )
    return prefix


def _svg(prefix: str, height: float, title: str, desc: str) -> list[str]:
    return [
        "<svg xmlns='http://www.w3.org/2000/svg' "
        + " ".join(
            f"{k}='{v}'"
            for k, v in {
                "viewBox": f"0 0 {WIDTH} {_n(height)}",
                "width": WIDTH,
                "height": _n(height),
                "role": "img",
                "aria-labelledby": f"{prefix}-title {prefix}-desc",
                "font-family": "Helvetica, Arial, sans-serif",
                "font-size": 14,
            }.items()
        )
        + ">",
        _el("title", title, id=f"{prefix}-title"),
        _el("desc", desc, id=f"{prefix}-desc"),
        _el("rect", width="100%", height="100%", fill="white"),
        _text(_LEFT, 20, title, font_size=16, font_weight="bold"),
    ]


# -- the progression chart -------------------------------------------------


@attrs.frozen
class _Run:
    """
    Consecutive days with the same value; None while stopped.
    """

    first: int
    last: int
    value: int | None


def _runs(values: Sequence[int | None]) -> list[_Run]:
    runs: list[_Run] = []
    for day, value in enumerate(values, 1):
        if runs and runs[-1].value == value:
            runs[-1] = attrs.evolve(runs[-1], last=day)
        else:
            runs.append(_Run(day, day, value))
    return runs


def _day_ticks(days: int) -> list[int]:
    if days <= 1:
        return [1]
    step = next(
        s for s in (1, 2, 7, 14, 28, 56, 91, 182, 364, 728) if days / s <= 8
    )
    inner = [d for d in range(step, days, step) if step / 2 < d - 1]
    if inner and days - inner[-1] <= step / 2:
        inner.pop()
    return [1, *inner, days]


@attrs.frozen
class _Series:
    label: str
    values: tuple[int | None, ...]


@attrs.frozen
class _Panel:
    """
    One panel of the chart.

    An exercise, what is counted, its series, and the target or cap its
    rule stops at.
    """

    name: str
    label: str
    unit: str
    series: tuple[_Series, ...]
    limit: tuple[str, int] | None = None

    def words(self) -> str:
        said = []
        for s in self.series:
            label = s.label if len(self.series) > 1 else self.label
            runs = ", ".join(
                ("stopped" if r.value is None else f"{r.value} {self.unit}")
                + (
                    f" on day {r.first}"
                    if r.first == r.last
                    else f" on days {r.first} to {r.last}"
                )
                for r in _runs(s.values)
            )
            said.append(f"{self.name}, {label}: {runs}.")
        return " ".join(said)


def _panels(plan: Plan) -> list[_Panel]:
    panels = []
    for n, item in enumerate(plan.routine.items):
        exercise = item.exercise
        rule = exercise.progression
        doses = [day.entries[n].dose for day in plan.days]
        limit: tuple[str, int] | None = None
        if isinstance(rule, AddRepetitions):
            limit = ("target", rule.target)
        elif isinstance(rule, ThroughRange):
            limit = ("most allowed", exercise.dose.repetitions.max)
        per = " per side" if exercise.dose.per_side else ""
        reps = tuple(None if d is None else d.repetitions for d in doses)
        panels.append(
            _Panel(
                name=exercise.name,
                label=f"repetitions{per}",
                unit="repetitions",
                series=(_Series("repetitions", reps),),
                limit=limit,
            )
        )
        holds = tuple(
            _Series(
                phase.id,
                tuple(None if d is None else d.holds[p] for d in doses),
            )
            for p, phase in enumerate(exercise.dose.phases)
            if phase.hold is not None  # a movement has no hold to chart
        )
        if any(len({v for v in s.values if v is not None}) > 1 for s in holds):
            panels.append(
                _Panel(
                    name=exercise.name,
                    label="hold in seconds",
                    unit="s",
                    series=holds,
                    limit=("cap", rule.cap)
                    if isinstance(rule, RaiseHold)
                    else None,
                )
            )
    return panels


_PANEL, _GAP, _TOP = 112, 46, 56
#: The least distance, in px, between two labelled ticks of an axis.
_TICK_GAP = 18


def progression_chart(plan: Plan, *, id_prefix: str = "progression") -> str:
    """
    Return an SVG chart of each exercise's dose by day of *plan*.

    One panel for each exercise shows its repetitions by day as a stepped
    line, with the target its rule stops at; a second panel shows the
    hold of each phase when that changes during the plan.
    Days on which an exercise is stopped are hatched and labelled.
    The chart is black and greys only, and its description says the same
    in words.

    Args:
        plan: The plan to draw.
        id_prefix: Prefix of the ids inside the SVG, so that several
            pictures can share one HTML page.

    Raises:
        InvalidValueError: If *id_prefix* is not a letter followed by
            letters, digits, ``-`` or ``_``.
    """
    check_instance("plan", plan, Plan)
    prefix = _check_id(id_prefix)
    panels = _panels(plan)
    days = len(plan.days)
    title = f"{plan.title}: dose by day, day 1 to {days}"
    out = _svg(
        prefix,
        _TOP + len(panels) * (_PANEL + _GAP) - 12,
        title,
        " ".join(p.words() for p in panels),
    )
    out.append(
        f"<defs><pattern id='{prefix}-stopped' width='8' height='8' "
        "patternUnits='userSpaceOnUse' patternTransform='rotate(45)'>"
        + _el("rect", width=8, height=8, fill="white")
        + _line(0, 0, 0, 8, stroke="#777", stroke_width=3)
        + "</pattern></defs>"
    )
    width = WIDTH - _LEFT - _RIGHT

    def x(day: float) -> float:
        return _LEFT + (0.5 if days == 1 else (day - 1) / (days - 1)) * width

    for i, panel in enumerate(panels):
        out += _panel(prefix, panel, _TOP + i * (_PANEL + _GAP), x, days)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _panel(
    prefix: str,
    panel: _Panel,
    top: float,
    x: Callable[[float], float],
    days: int,
) -> list[str]:
    bottom = top + _PANEL
    values = [v for s in panel.series for v in s.values if v is not None]
    high = max([*values, panel.limit[1] if panel.limit else 1])

    def y(value: int) -> float:
        return bottom - value / high * (_PANEL - 12)

    out = [
        _text(_LEFT, top - 8, f"{panel.name}: {panel.label}", font_weight=700),
        _line(_LEFT, bottom, WIDTH - _RIGHT, bottom),
        _line(_LEFT, top, _LEFT, bottom),
    ]
    first = [v for v in panel.series[0].values if v is not None]
    ticks: list[int] = []
    for value in (0, high, *first[:1], *first[-1:]):
        # Labels 14 px high: ticks closer than 18 px would touch.
        if all(abs(y(value) - y(t)) >= _TICK_GAP for t in ticks):
            ticks.append(value)
            out += [
                _line(_LEFT - 4, y(value), _LEFT, y(value)),
                _text(_LEFT - 7, y(value) + 5, str(value), text_anchor="end"),
            ]
    for day in _day_ticks(days):
        out += [
            _line(x(day), bottom, x(day), bottom + 4),
            _text(x(day), bottom + 18, f"day {day}", text_anchor="middle"),
        ]
    out += _lines(prefix, panel, top, x, y)
    if panel.limit is not None:
        # Drawn over the lines and any hatching, with a halo, so that
        # the target stays readable on days an exercise is stopped.
        what, value = panel.limit
        out += [
            _line(
                _LEFT,
                y(value),
                WIDTH - _RIGHT,
                y(value),
                stroke="#777",
                stroke_dasharray="3 3",
            ),
            _text(
                WIDTH - _RIGHT,
                y(value) - 5,
                f"{what} {value}",
                text_anchor="end",
                fill="#444",
                paint_order="stroke",
                stroke="white",
                stroke_width=4,
            ),
        ]
    return out


def _lines(
    prefix: str,
    panel: _Panel,
    top: float,
    x: Callable[[float], float],
    y: Callable[[int], float],
) -> list[str]:
    bottom = top + _PANEL
    out: list[str] = []
    for n, s in enumerate(panel.series):
        runs = _runs(s.values)
        path: list[str] = []
        for r, run in enumerate(runs):
            end = runs[r + 1].first if r + 1 < len(runs) else run.last
            if run.value is None:
                if n == 0:  # one hatching for all the series
                    out += _stopped(prefix, x(run.first), x(end), top, bottom)
                continue
            move = "L" if path and runs[r - 1].value is not None else "M"
            path += [
                f"{move}{_n(x(run.first))} {_n(y(run.value))}",
                f"H{_n(x(end))}",
            ]
        dash = _DASHES[n % len(_DASHES)] or None
        if path:
            out.append(
                _el(
                    "path",
                    d=" ".join(path),
                    fill="none",
                    stroke="black",
                    stroke_width=2.5,
                    stroke_dasharray=dash,
                )
            )
        if len(panel.series) > 1:
            left = WIDTH - _RIGHT - 110 * (n + 1)
            out += [
                _line(
                    left,
                    top - 13,
                    left + 30,
                    top - 13,
                    stroke_width=2.5,
                    stroke_dasharray=dash,
                ),
                _text(left + 36, top - 8, s.label),
            ]
    return out


def _stopped(
    prefix: str, left: float, right: float, top: float, bottom: float
) -> list[str]:
    width = max(right - left, 6)
    return [
        _el(
            "rect",
            x=float(left),
            y=float(top),
            width=float(width),
            height=float(bottom - top),
            fill=f"url(#{prefix}-stopped)",
            stroke="#777",
        ),
        _text(
            left + width / 2,
            top + (bottom - top) / 2 + 5,
            "stopped",
            text_anchor="middle",
            font_weight=700,
            paint_order="stroke",
            stroke="white",
            stroke_width=4,
        ),
    ]


# -- the session timeline strip ---------------------------------------------

_BAR_TOP, _BAR = 64, 40
_FILLS = {CueKind.HOLD: "#222", CueKind.REST: "#ddd", CueKind.MOVE: "#888"}


def timeline_strip(routine: Routine, *, id_prefix: str = "timeline") -> str:
    """
    Return an SVG bar of the timed cues of one session of *routine*.

    Holds are dark, movements (phases without a hold) grey and rests
    light, each as wide as it is long; the name
    of each exercise stands over its part of the bar, and minutes under
    it.

    Args:
        routine: The routine whose session to draw.
        id_prefix: Prefix of the ids inside the SVG.

    Raises:
        InvalidValueError: If *id_prefix* is not a letter followed by
            letters, digits, ``-`` or ``_``.
    """
    check_instance("routine", routine, Routine)
    prefix = _check_id(id_prefix)
    cues = routine.timeline()
    total = routine.estimated_duration
    width = WIDTH - _LEFT - _RIGHT

    def x(seconds: float) -> float:
        return _LEFT + seconds / (total or 1) * width

    starts: dict[str, int] = {}
    for cue in cues:
        starts.setdefault(cue.exercise, cue.start)
    names = {i.exercise.id: i.exercise.name for i in routine.items}
    moves = sum(cue.kind is CueKind.MOVE for cue in cues)
    title = f"{routine.title}: one session, {clock(total)} minutes"
    desc = (
        _counts(cues)
        + " ".join(f"{names[e]} from {clock(s)}." for e, s in starts.items())
        + f" The session ends at {clock(total)}."
    )
    bottom = _BAR_TOP + _BAR
    out = _svg(prefix, bottom + 64, title, desc)
    out += _bars(cues, x)
    out.append(
        _el(
            "rect",
            x=_LEFT,
            y=_BAR_TOP,
            width=width,
            height=_BAR,
            fill="none",
            stroke="black",
        )
    )
    for row, (exercise, start) in enumerate(starts.items()):
        label = _BAR_TOP - 8 - 16 * (row % 2)
        out += [
            _line(x(start), label + 3, x(start), bottom, stroke_width=2),
            _text(x(start) + 3, label, names[exercise]),
        ]
    out += _strip_scale(total, x, moves=bool(moves))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _counts(cues: Sequence[Cue]) -> str:
    """
    Say how many holds, movements (if any) and rests *cues* have.
    """
    holds = sum(cue.kind is CueKind.HOLD for cue in cues)
    moves = sum(cue.kind is CueKind.MOVE for cue in cues)
    rests = len(cues) - holds - moves
    if moves:
        return f"{holds} holds, {moves} movements and {rests} rests. "
    return f"{holds} holds and {rests} rests. "


def _strip_scale(
    total: int, x: Callable[[float], float], *, moves: bool
) -> list[str]:
    """
    Draw the minutes under the bar, and the key of holds and rests.

    The key names movements too when the session has some.
    """
    bottom = _BAR_TOP + _BAR
    out = []
    for seconds in _minute_ticks(total):
        out += [
            _line(x(seconds), bottom, x(seconds), bottom + 5),
            _text(
                x(seconds), bottom + 19, clock(seconds), text_anchor="middle"
            ),
        ]
    kinds = [k for k in CueKind if moves or k is not CueKind.MOVE]
    for n, kind in enumerate(kinds):
        left = _LEFT + 110 * n
        out += [
            _el(
                "rect",
                x=left,
                y=bottom + 32,
                width=20,
                height=14,
                fill=_FILLS[kind],
                stroke="black",
            ),
            _text(left + 26, bottom + 44, kind.value),
        ]
    return out


def _bars(cues: Sequence[Cue], x: Callable[[float], float]) -> list[str]:
    """
    Draw runs of cues of one kind as one bar each.

    Within a run of holds, a thin white line parts one hold from the
    next where there is room for it.
    """
    runs: list[list[Cue]] = []
    for cue in cues:
        if runs and runs[-1][-1].kind is cue.kind:
            runs[-1].append(cue)
        else:
            runs.append([cue])
    out = []
    for run in runs:
        start, end = run[0].start, run[-1].end
        out.append(
            _el(
                "rect",
                x=float(x(start)),
                y=_BAR_TOP,
                width=float(x(end) - x(start)),
                height=_BAR,
                fill=_FILLS[run[0].kind],
            )
        )
        if min(x(c.end) - x(c.start) for c in run) >= _PARTED:
            out += [
                _line(
                    x(c.start),
                    _BAR_TOP,
                    x(c.start),
                    _BAR_TOP + _BAR,
                    stroke="white",
                    stroke_width=1,
                )
                for c in run[1:]
            ]
    return out


#: Narrowest hold, in pixels, that is parted from the next by a line.
_PARTED: Final = 3


def _minute_ticks(total: int) -> list[int]:
    minutes = max(total // 60, 1)
    step = next(
        (s for s in (1, 2, 5, 10, 15, 30, 60) if minutes / s <= 10),
        -(-minutes // 600) * 60,  # whole hours beyond ten hours
    )
    return list(range(0, total + 1, step * 60))


__all__ = ["progression_chart", "timeline_strip"]
