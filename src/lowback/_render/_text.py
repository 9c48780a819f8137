"""
Content as plain text for a terminal.

What ``lowback list``, ``show``, ``routine``, ``timeline`` and ``plan``
print.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._words import allowed_words, clock, dose_cell, dose_words, rule_words

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._catalog import Catalog
    from .._model import Exercise, SafetyNotice
    from .._plan import Plan
    from .._routine import Routine


def render_exercise(exercise: Exercise, catalog: Catalog | None) -> str:
    """
    Return an exercise as readable text, with the catalog's notices.
    """
    e = exercise
    lines = [f"{e.name} ({e.id})"]
    about = [e.kind.value, f"starts {e.position.value.replace('-', ' ')}"]
    if e.targets:
        about.append("works " + ", ".join(e.targets))
    if e.equipment:
        about.append("needs " + ", ".join(e.equipment))
    lines.append(" · ".join(about))
    if e.purpose:
        lines += ["", e.purpose]
    lines += [
        "",
        f"Dose: {allowed_words(e.dose)}",
        f"Progression: {rule_words(e.progression)}",
        "",
        "Steps:",
    ]
    lines += [f"  {i}. {s.text}" for i, s in enumerate(e.steps, 1)]
    if e.cautions:
        lines += ["", "Cautions:"] + [f"  - {c}" for c in e.cautions]
    if e.library_defaults:
        lines += ["", "Filled in by lowback, not the source:"]
        lines += [f"  {d.pointer}: {d.note}" for d in e.library_defaults]
    lines += ["", f"Source: {e.provenance.source}"]
    lines.append(f"Licence: {e.provenance.licence}")
    if catalog is not None and catalog.safety_notices:
        lines += ["", "Safety:"]
        lines += [f"  ! {n.text}" for n in catalog.safety_notices]
    return "\n".join(lines)


def render_catalog(catalog: Catalog) -> str:
    """
    Return a catalog as a readable list, with its safety notices.
    """
    width = max((len(e.id) for e in catalog), default=2)
    lines = [f"{catalog.title} ({len(catalog)} exercises)", ""]
    lines += [
        f"{e.id:<{width}}  {e.name} ({e.kind.value}): {allowed_words(e.dose)}"
        for e in catalog
    ]
    if catalog.safety_notices:
        lines += ["", "Safety:"]
        lines += [f"  ! {n.text}" for n in catalog.safety_notices]
    return "\n".join(lines)


def _notices(notices: Iterable[SafetyNotice]) -> list[str]:
    return ["Safety:", *(f"  ! {n.text}" for n in notices)]


def render_routine(routine: Routine) -> str:
    """
    Return a routine as readable text: notices first, then each exercise.
    """
    lines = [routine.title, "", *_notices(routine.safety_notices), ""]
    for n, item in enumerate(routine.items, 1):
        lines.append(
            f"{n}. {item.exercise.name} ({item.exercise.id}): "
            f"{dose_words(item.exercise, item.dose)}"
        )
    minutes, seconds = divmod(routine.estimated_duration, 60)
    lines += ["", f"About {minutes} min {seconds:02d} s a session."]
    return "\n".join(lines)


def render_timeline(routine: Routine) -> str:
    """
    Return the cues of one session, one a line: start, length, text.
    """
    lines = [f"{routine.title}: one session", ""]
    lines += [
        f"{clock(c.start, pad=True)}  {c.duration:3d} s  {c.text}"
        for c in routine.timeline()
    ]
    lines += ["", f"{clock(routine.estimated_duration, pad=True)}  end"]
    return "\n".join(lines)


def plan_table(plan: Plan) -> tuple[list[str], list[list[str]]]:
    """
    Return the header and the rows of a plan's day-by-day table.

    Each cell is repetitions x hold in seconds (holds of a multi-phase
    repetition joined by +), or ``stopped``.
    """
    ids = [item.exercise.id for item in plan.routine.items]
    dated = plan.start is not None
    rows = [
        [
            str(day.day),
            *([day.date.isoformat()] if day.date is not None else []),
            *(dose_cell(e.dose) for e in day.entries),
        ]
        for day in plan.days
    ]
    return ["day", *(["date"] if dated else []), *ids], rows


def plan_notes(plan: Plan) -> list[str]:
    """
    Return the legend of a plan's table, then its advice by first day.
    """
    sided = [
        i.exercise.id for i in plan.routine.items if i.exercise.dose.per_side
    ]
    legend = "Each cell: repetitions x hold in seconds"
    if any(
        p.hold is None
        for i in plan.routine.items
        for p in i.exercise.dose.phases
    ):
        legend += " (move: a movement without a hold)"
    sets = sorted(
        {e.dose.sets for d in plan.days for e in d.entries if e.dose} - {1}
    )
    if sets:
        legend += "; " + ", ".join(
            f"x{n}: {n} sets of those repetitions" for n in sets
        )
    if sided:
        legend += f"; per side for {', '.join(sided)}"
    advice: dict[str, int] = {}
    for day in plan.days:
        for text in day.advice:
            advice.setdefault(text, day.day)
    return [
        legend + ".",
        *(f"From day {d}: {text}" for text, d in advice.items()),
    ]


def render_plan(plan: Plan) -> str:
    """
    Return a plan as a day-by-day table, with its notices and advice.

    Each cell is repetitions x hold in seconds (holds of a multi-phase
    repetition joined by +); per side for exercises done one side at a
    time.
    """
    rule = plan.pain_rule.sentence
    lines = [
        plan.title,
        "",
        *_notices(plan.safety_notices),
        *([f"  ! {rule}"] if rule else []),
        "",
    ]
    lines += [*columns(*plan_table(plan)), ""]
    return "\n".join(lines + plan_notes(plan))


def columns(header: list[str], rows: list[list[str]]) -> list[str]:
    """
    Return a header and rows as lines of left-aligned columns.
    """
    widths = [
        max(len(r[i]) for r in [header, *rows]) for i in range(len(header))
    ]
    return [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]
