"""
`RoutineBuilder`: routines from a catalog, fluently or from a spec.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ._catalog import Catalog
from ._catalog import catalog as _builtin
from ._errors import InvalidValueError
from ._model import NoticeKind, SafetyNotice
from ._routine import Rest, Routine, RoutineItem, choose

#: Keys a routine spec may have, and those of each of its items.
_SPEC_KEYS = frozenset({"title", "language", "description", "rest", "items"})
_ITEM_KEYS = frozenset({"exercise", "reps", "hold", "holds", "sets"})
_REST_KEYS = frozenset(a.name for a in attrs.fields(Rest))


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
        ...     .add("pelvic-tilt", reps=10)
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
        self._title = title
        self._language = (
            self._catalog.language if language is None else language
        )
        self._rest = Rest() if rest is None else rest
        self._description = tuple(description)
        self._items: list[RoutineItem] = []

    def add(
        self,
        exercise_id: str,
        *,
        reps: int | None = None,
        hold: int | None = None,
        holds: Sequence[int] | None = None,
        sets: int | None = None,
    ) -> RoutineBuilder:
        """
        Add an exercise with a chosen dose; unset values take the minimum.

        Args:
            exercise_id: The exercise's id in the catalog.
            reps: Repetitions, per side for exercises done one side at a
                time.
            hold: One hold in seconds for every phase.
            holds: One hold for each phase, in order.
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
            reps=reps,
            hold=hold,
            holds=None if holds is None else tuple(holds),
            sets=sets,
        )
        if any(i.exercise.id == exercise_id for i in self._items):
            raise InvalidValueError(
                "items",
                exercise_id,
                f"{exercise_id!r} is in the routine already",
            )
        self._items.append(RoutineItem(exercise=exercise, dose=dose))
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
        cls, spec: Mapping[str, Any], *, catalog: Catalog | None = None
    ) -> Routine:
        """
        Build a routine from a declarative spec, as parsed from JSON.

        The spec is ``{"title": ..., "items": [{"exercise": id, "reps":
        n, "hold": s, "holds": [...], "sets": n}, ...]}`` with optional
        ``"language"``, ``"description"`` (an array of paragraphs) and
        ``"rest"`` (the fields of `Rest`).
        It gives the same routine as the same calls to `add`.

        Raises:
            InvalidValueError: If the spec is not of that shape, or a
                choice is outside what an exercise allows.
            UnknownExerciseError: If an id is not in the catalog.
        """
        if not isinstance(spec, Mapping):
            raise InvalidValueError(
                "spec", spec, "a routine spec is a JSON object"
            )
        _only(spec, _SPEC_KEYS, "the routine spec")
        title = spec.get("title")
        if not isinstance(title, str):
            raise InvalidValueError(
                "title", title, 'the routine spec needs a "title"'
            )
        rest = spec.get("rest", {})
        if not isinstance(rest, Mapping):
            raise InvalidValueError("rest", rest, '"rest" is an object')
        _only(rest, _REST_KEYS, '"rest"')
        description = spec.get("description", [])
        if not isinstance(description, list):
            raise InvalidValueError(
                "description",
                description,
                '"description" is an array of paragraphs',
            )
        builder = cls(
            title,
            catalog=catalog,
            language=spec.get("language"),
            rest=Rest(**rest),
            description=description,
        )
        items = spec.get("items")
        if not isinstance(items, list) or not items:
            raise InvalidValueError(
                "items", items, '"items" is a non-empty array of exercises'
            )
        for i, item in enumerate(items):
            if not isinstance(item, Mapping) or not isinstance(
                item.get("exercise"), str
            ):
                raise InvalidValueError(
                    f"items[{i}]",
                    item,
                    f'items[{i}] needs an "exercise" id',
                )
            _only(item, _ITEM_KEYS, f"items[{i}]")
            builder.add(
                item["exercise"],
                reps=item.get("reps"),
                hold=item.get("hold"),
                holds=item.get("holds"),
                sets=item.get("sets"),
            )
        return builder.build()


def _only(
    mapping: Mapping[str, Any], allowed: frozenset[str], where: str
) -> None:
    unknown = sorted(set(mapping) - allowed)
    if unknown:
        raise InvalidValueError(
            unknown[0],
            mapping[unknown[0]],
            f"{where} has no field {unknown[0]!r}; "
            f"allowed: {', '.join(sorted(allowed))}",
        )


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
