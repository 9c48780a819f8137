"""
Plain-text rendering of content, for the CLI and handouts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._rules import AddRepetitions, HoldSteady, RaiseHold, ThroughRange

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._catalog import Catalog
    from ._dose import ChosenDose, Dose, Range
    from ._model import Exercise, SafetyNotice
    from ._plan import Plan, PlanEntry
    from ._routine import Routine
    from ._rules import Progression


def _plural(value: Range | int, word: str) -> str:
    single = str(value) == "1"
    return f"{value} {word}{'' if single else 's'}"


def describe_dose(dose: Dose) -> str:
    """
    Return a sentence for an allowed dose.

    For example ``2 to 4 repetitions for each side (left, then right),
    1 set; each repetition: stretch, hold 15 to 30 s``.
    """
    reps = _plural(dose.repetitions, "repetition")
    if dose.per_side:
        reps += f" for each side ({', then '.join(dose.sides)})"
    phases = "; ".join(f"{p.id}, hold {p.hold} s" for p in dose.phases)
    return f"{reps}, {_plural(dose.sets, 'set')}; each repetition: {phases}"


def describe_rule(rule: Progression | None) -> str:
    """
    Return a sentence for a progression rule.
    """
    if rule is None:
        return "none given"
    if isinstance(rule, HoldSteady):
        return "keep the chosen dose"
    every = f"every {rule.every}"
    if isinstance(rule, AddRepetitions):
        return (
            f"add {_plural(rule.step, 'repetition')} {every} until "
            f"{rule.target}"
        )
    if isinstance(rule, RaiseHold):
        which = ", ".join(rule.phases) if rule.phases else "every phase"
        return (
            f"raise the hold of {which} by {rule.step} s {every} up to "
            f"{rule.cap} s"
        )
    assert isinstance(rule, ThroughRange)  # noqa: S101
    return (
        f"step through the allowed repetitions, "
        f"{_plural(rule.step, 'repetition')} {every}"
    )


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
        f"Dose: {describe_dose(e.dose)}",
        f"Progression: {describe_rule(e.progression)}",
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
        f"{e.id:<{width}}  {e.name} ({e.kind.value}): {describe_dose(e.dose)}"
        for e in catalog
    ]
    if catalog.safety_notices:
        lines += ["", "Safety:"]
        lines += [f"  ! {n.text}" for n in catalog.safety_notices]
    return "\n".join(lines)


def _clock(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes:2d}:{secs:02d}"


def _notices(notices: Iterable[SafetyNotice]) -> list[str]:
    return ["Safety:", *(f"  ! {n.text}" for n in notices)]


def describe_chosen(exercise: Exercise, dose: ChosenDose) -> str:
    """
    Return a chosen dose as a phrase, such as ``3 per side, hold 20 s``.
    """
    per = " per side" if exercise.dose.per_side else ""
    holds = " + ".join(f"{h} s" for h in dose.holds)
    sets = f", {_plural(dose.sets, 'set')}" if dose.sets > 1 else ""
    return f"{dose.repetitions}{per}, hold {holds}{sets}"


def render_routine(routine: Routine) -> str:
    """
    Return a routine as readable text: notices first, then each exercise.
    """
    lines = [routine.title, "", *_notices(routine.safety_notices), ""]
    for n, item in enumerate(routine.items, 1):
        lines.append(
            f"{n}. {item.exercise.name} ({item.exercise.id}): "
            f"{describe_chosen(item.exercise, item.dose)}"
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
        f"{_clock(c.start)}  {c.duration:3d} s  {c.text}"
        for c in routine.timeline()
    ]
    lines += ["", f"{_clock(routine.estimated_duration)}  end"]
    return "\n".join(lines)


def _cell(entry: PlanEntry) -> str:
    if entry.dose is None:
        return "stopped"
    dose = entry.dose
    holds = "+".join(str(h) for h in dose.holds)
    sets = f" x{dose.sets}" if dose.sets > 1 else ""
    return f"{dose.repetitions} x {holds}s{sets}"


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
            *(_cell(e) for e in day.entries),
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
    lines = [plan.title, "", *_notices(plan.safety_notices), ""]
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
