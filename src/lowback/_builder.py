"""
`RoutineBuilder`: routines from a catalog, fluently or from a spec.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ._catalog import Catalog
from ._checks import NAME_MAX, check_instance, check_text
from ._content import catalog as _builtin
from ._converter import get_converter
from ._errors import ContentError, InvalidValueError
from ._model import NoticeKind, SafetyNotice
from ._routine import Rest, Routine, RoutineItem, choose
from ._validation import check_spec

if TYPE_CHECKING:
    from collections.abc import Sequence


def _notices(cat: Catalog) -> tuple[SafetyNotice, ...]:
    """
    The catalog's notices, with the leaflet's for any kind it lacks.

    No routine goes out without a before-starting and a stop-rule notice.
    """
    notices = list(cat.safety_notices)
    kinds = {n.kind for n in notices}
    builtin = _builtin()
    for kind in (NoticeKind.BEFORE_STARTING, NoticeKind.STOP_RULE):
        if kind not in kinds:
            notices.extend(n for n in builtin.safety_notices if n.kind == kind)
    return tuple(notices)


class RoutineBuilder:
    """
    Build a `Routine` from a catalog, one exercise at a time.

    Every choice is checked when it is added, against the exercise's
    allowed dose; the routine always carries the catalog's safety
    notices (and the leaflet's, for a kind the catalog lacks).

    Args:
        title: The routine's title.
        catalog: Where exercises come from; the built-in one by default.
        language: BCP 47 tag of the title; the catalog's by default.
        rest: Rest between the parts of a session.
        description: Paragraphs about the routine as a whole.

    Example:
        >>> import lowback
        >>> routine = (
        ...     lowback.RoutineBuilder("Morning")
        ...     .add("pelvic-tilt", repetitions=10)
        ...     .build()
        ... )
        >>> routine.items[0].dose.repetitions
        10
    """

    def __init__(
        self,
        title: str,
        *,
        catalog: Catalog | None = None,
        language: str | None = None,
        rest: Rest | None = None,
        description: Sequence[str] = (),
    ) -> None:
        self._catalog = _builtin() if catalog is None else catalog
        check_instance("catalog", self._catalog, Catalog)
        check_text("title", title, NAME_MAX)
        if rest is not None:
            check_instance("rest", rest, Rest)
        check_instance("description", description, (list, tuple))
        self._title = title
        self._language = (
            self._catalog.language if language is None else language
        )
        self._rest = Rest() if rest is None else rest
        self._description = tuple(description)
        self._items: list[RoutineItem] = []
        self._ids: set[str] = set()  # those of the items, to look up

    def add(
        self,
        exercise_id: str,
        *,
        repetitions: int | None = None,
        hold: int | None = None,
        holds: Sequence[int | None] | None = None,
        sets: int | None = None,
    ) -> RoutineBuilder:
        """
        Add an exercise with a chosen dose; unset values take the minimum.

        Args:
            exercise_id: The exercise's id in the catalog.
            repetitions: Repetitions, per side for exercises done one
                side at a time.
            hold: One hold in seconds for every phase that has a hold.
            holds: One hold for each phase, in order; None for a phase
                without a hold.
            sets: Number of sets.

        Returns:
            The builder, for chaining.

        Raises:
            UnknownExerciseError: If the id is not in the catalog, with
                close ids.
            InvalidValueError: If a value is outside the exercise's
                allowed dose, naming the exercise, the field, the allowed
                range and the value given.
        """
        exercise = self._catalog.get(exercise_id)
        dose = choose(
            exercise,
            repetitions=repetitions,
            hold=hold,
            holds=holds,
            sets=sets,
        )
        if exercise_id in self._ids:
            raise InvalidValueError(
                "items",
                exercise_id,
                f"{exercise_id!r} is in the routine already",
            )
        self._items.append(RoutineItem(exercise=exercise, dose=dose))
        self._ids.add(exercise_id)
        return self

    def build(self) -> Routine:
        """
        Return the routine.

        Raises:
            InvalidValueError: If no exercise was added.
        """
        return Routine(
            title=self._title,
            language=self._language,
            description=self._description,
            safety_notices=_notices(self._catalog),
            items=tuple(self._items),
            rest=self._rest,
        )

    @classmethod
    def from_spec(
        cls, spec: object, *, catalog: Catalog | None = None
    ) -> Routine:
        """
        Build a routine from a declarative spec, as parsed from JSON.

        The spec is ``{"title": ..., "items": [{"exercise": id,
        "repetitions": n, "hold": s, "holds": [...], "sets": n}, ...]}``
        with optional ``"language"``, ``"description"`` (an array of
        paragraphs) and ``"rest"`` (the fields of `Rest`); its JSON
        Schema is ``lowback.schema("routine-spec")``.
        It gives the same routine as the same calls to `add`.

        Raises:
            ContentError: If the spec is not of that shape, with every
                problem located by a JSON Pointer.
            InvalidValueError: If a choice is outside what an exercise
                allows.
            UnknownExerciseError: If an id is not in the catalog.
        """
        report = check_spec(spec)
        if not report.valid:
            raise ContentError(report)
        made = get_converter().structure(spec, _Spec)
        builder = cls(
            made.title,
            catalog=catalog,
            language=made.language,
            rest=made.rest,
            description=made.description,
        )
        for item in made.items:
            builder.add(
                item.exercise,
                repetitions=item.repetitions,
                hold=item.hold,
                holds=item.holds,
                sets=item.sets,
            )
        return builder.build()


@attrs.frozen(kw_only=True)
class _SpecItem:
    """
    One item of a routine spec, as the spec's schema has it.
    """

    exercise: str
    repetitions: int | None = None
    hold: int | None = None
    holds: tuple[int | None, ...] | None = None
    sets: int | None = None


@attrs.frozen(kw_only=True)
class _Spec:
    """
    A routine spec, as the spec's schema has it.
    """

    title: str
    language: str | None = None
    description: tuple[str, ...] = ()
    rest: Rest = attrs.Factory(Rest)
    items: tuple[_SpecItem, ...]


def leaflet_routine() -> Routine:
    """
    Return the leaflet's routine: its four exercises and both notices.

    Each dose is the low end of the leaflet's range: 8 semi crunches
    holding 5 s; 2 hamstring stretches per leg holding 15 s; 2 knee to
    chest stretches per leg holding 5 s.
    The leaflet gives no first-day count for pelvic tilts, only the
    daily increase to 30; lowback starts at the exercise's allowed
    minimum, a value it marks as its own default.
    """
    leaflet = _builtin()
    builder = RoutineBuilder(leaflet.title, description=leaflet.description)
    for exercise in _builtin():
        builder.add(exercise.id)
    return builder.build()


#: What lowback re-exports from here.
__all__ = [
    "RoutineBuilder",
    "leaflet_routine",
]
