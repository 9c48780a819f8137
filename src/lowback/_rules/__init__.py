"""
The rules of the format that a JSON Schema cannot say, each written once.

Each rule is a small function over plain JSON values that gives a located
`Problem` for every breach, as in python-jsonschema's ``_keywords.py``.
The model raises at the first problem; the reference engine collects
every one; the fast engine asks whether there is a first. Rules read
values a schema has checked and pass over other shapes. The plan's own
rule needs the progression calculator, and lives with `Plan`.

- `_common`: located problems, ranges and unique ids;
- `_exercise`: an exercise (its dose, steps, progression and library
  defaults) and a catalog;
- `_routine`: a routine, pain reports and a plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._common import HEADER_KEYS, duplicate_ids, inverted_range, repeats
from ._exercise import (
    DOSE_DEFAULTS,
    EXERCISE_DEFAULTS,
    RAISE_HOLD_DEFAULTS,
    catalog_rules,
    dose_rules,
    exercise_fields,
    exercise_rules,
)
from ._routine import (
    CHOSEN_DEFAULTS,
    REQUIRED_NOTICES,
    chosen_dose,
    notices,
    pain_report,
    plan_dates,
    plan_rules,
    plan_size,
    report_rules,
    routine_rules,
    session_holds,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .._problems import Problem
    from ._common import Clean


def document_rules(
    kind: str,
    document: dict[str, Any],
    clean: Clean = None,
) -> Iterator[Problem]:
    """
    Every rule of a document of type *kind*, in document order.

    *kind* is ``exercise``, ``catalog``, ``routine`` or ``plan``.
    """
    if kind == "exercise":
        yield from exercise_rules(document, (), clean)
    elif kind == "catalog":
        yield from catalog_rules(document, clean)
    elif kind == "routine":
        yield from routine_rules(document, (), clean)
    elif kind == "plan":
        yield from plan_rules(document, clean)


__all__ = [
    "CHOSEN_DEFAULTS",
    "DOSE_DEFAULTS",
    "EXERCISE_DEFAULTS",
    "HEADER_KEYS",
    "RAISE_HOLD_DEFAULTS",
    "REQUIRED_NOTICES",
    "catalog_rules",
    "chosen_dose",
    "document_rules",
    "dose_rules",
    "duplicate_ids",
    "exercise_fields",
    "exercise_rules",
    "inverted_range",
    "notices",
    "pain_report",
    "plan_dates",
    "plan_rules",
    "plan_size",
    "repeats",
    "report_rules",
    "routine_rules",
    "session_holds",
]
