"""
Stored plans: a plan document read back, and where one differs.

A plan document carries everything it was made from; its days must be
what those give (`lowback._plan.schedule`). The validator asks
`document_differences`; `from_valid` makes the plan of a document the
validator passed without reading its days again.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ._converter import get_converter, structure_errors
from ._model import SafetyNotice
from ._pain import PainReport, PainRule
from ._plan import Plan, PlanDay, by_day, differences, schedule
from ._problems import Problem
from ._routine import Routine

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence


def _parts(
    document: dict[str, Any],
) -> tuple[
    Routine,
    PainRule,
    tuple[PainReport, ...],
    tuple[SafetyNotice, ...],
    dt.date | None,
]:
    """
    Return what a plan document's days are made from.

    Raises:
        The converter's errors (`structure_errors`).
    """
    converter = get_converter()
    return (
        converter.structure(document["routine"], Routine),
        converter.structure(document["pain_rule"], PainRule),
        converter.structure(
            document.get("reports", []), tuple[PainReport, ...]
        ),
        converter.structure(
            document["safety_notices"], tuple[SafetyNotice, ...]
        ),
        converter.structure(document["start"], dt.date)
        if "start" in document
        else None,
    )


def from_valid(document: dict[str, Any]) -> Plan:
    """
    Return the plan of a document the validator passed.

    Its days are not read again: the validator found them to be what its
    routine, rule and reports give, so they are made (once; `schedule`
    keeps the last two).
    """
    routine, rule, reports, notices, start = _parts(document)
    return Plan(
        title=document["title"],
        language=document["language"],
        start=start,
        safety_notices=notices,
        routine=routine,
        pain_rule=rule,
        reports=reports,
        days=schedule(
            routine, len(document["days"]), start, by_day(reports), rule
        ),
    )


def document_differences(document: dict[str, Any]) -> Iterator[Problem]:
    """
    Yield where a plan document differs from what its parts give.

    This is the plan's own rule, for the validator: its days are what
    its routine, pain rule and reports give.

    The document must pass every other rule first.
    """
    try:
        routine, pain_rule, reports, notices, start = _parts(document)
    except structure_errors() as e:
        yield Problem(
            pointer="",
            code="invalid",
            message=f"this plan does not fit the lowback model: {e}",
        )
        return
    expected = schedule(
        routine, len(document["days"]), start, by_day(reports), pain_rule
    )
    if (
        notices == routine.safety_notices
        and document["language"] == routine.language
        and get_converter().unstructure(expected) == document["days"]
    ):
        # The days as lowback writes them: nothing differs. Only a
        # document written otherwise (defaults left out, say) needs its
        # days read to be compared.
        return
    yield from differences(
        routine=routine,
        pain_rule=pain_rule,
        reports=reports,
        start=start,
        notices=notices,
        language=document["language"],
        days=_days(document["days"]),
    )


def _days(days: list[Any]) -> Sequence[PlanDay | None]:
    """
    Return the days of a plan document; None for one the model refuses.
    """
    converter = get_converter()
    try:
        made: Sequence[PlanDay] = converter.structure(
            days, tuple[PlanDay, ...]
        )
    except structure_errors():
        # Read them one by one, so that the others are still compared.
        return [_day(day) for day in days]
    return made


def _day(value: object) -> PlanDay | None:
    try:
        return get_converter().structure(value, PlanDay)
    except structure_errors():
        return None  # not what the schedule gives, whatever it is


#: What lowback re-exports from here: nothing; the validator and
#: `lowback.loads` use it.
__all__: list[str] = []
