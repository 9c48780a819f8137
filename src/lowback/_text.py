"""
Plain-text rendering of content, for the CLI and handouts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._rules import AddRepetitions, HoldSteady, RaiseHold, ThroughRange

if TYPE_CHECKING:
    from ._catalog import Catalog
    from ._dose import Dose, Range
    from ._model import Exercise
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
