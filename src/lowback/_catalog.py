"""
The immutable `Catalog`: exercises and their safety notices.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ._checks import (
    EXERCISES_MAX,
    LIST_MAX,
    NAME_MAX,
    TEXT_MAX,
    check_count,
    check_each,
    check_instance,
    check_language,
    check_slug,
    check_text,
    describe,
    optional,
    validator,
)
from ._errors import DuplicateIdError, InvalidValueError, unknown_exercise
from ._model import (
    Exercise,
    ExerciseKind,
    Position,
    Provenance,
    SafetyNotice,
)
from ._rules import repeats

if TYPE_CHECKING:
    from collections.abc import Iterator


def _unique_ids(kind: type[Any]) -> Any:  # noqa: ANN401
    """
    Return a validator: a tuple of *kind*, ids unique.
    """

    def check(
        instance: Any,  # noqa: ANN401
        attribute: attrs.Attribute[tuple[Any, ...]],
        value: object,
    ) -> None:
        field = attribute.name
        check_each(field, value, check_instance, kind)
        assert isinstance(value, tuple)  # noqa: S101 - checked above
        for first, later in repeats(item.id for item in value):
            raise DuplicateIdError(
                value[later].id,
                f"catalog {instance.id!r} at {field}[{first}]",
                f"{field}[{later}]",
            )

    return check


@attrs.frozen(kw_only=True)
class Catalog:
    """
    An immutable set of exercises and the safety notices that go with them.

    Args:
        id: A lowercase slug naming the catalog.
        title: The title a person reads.
        language: BCP 47 tag of the catalog's own texts.
        description: Paragraphs about the catalog.
        safety_notices: Notices every routine built from it carries.
        exercises: The exercises, ids unique.
        provenance: Where the catalog as a whole comes from.

    Raises:
        DuplicateIdError: If two exercises or two notices share an id.
    """

    document_type: ClassVar[str] = "catalog"

    id: str = attrs.field(validator=validator(check_slug))
    title: str = attrs.field(validator=validator(check_text, NAME_MAX))
    language: str = attrs.field(validator=validator(check_language))
    description: tuple[str, ...] = attrs.field(
        default=(),
        validator=[
            validator(check_count, LIST_MAX),
            validator(check_each, check_text, TEXT_MAX),
        ],
    )
    safety_notices: tuple[SafetyNotice, ...] = attrs.field(
        validator=[
            validator(check_count, LIST_MAX),
            _unique_ids(SafetyNotice),
        ]
    )
    exercises: tuple[Exercise, ...] = attrs.field(
        validator=[
            validator(check_count, EXERCISES_MAX),
            _unique_ids(Exercise),
        ]
    )
    provenance: Provenance | None = attrs.field(
        default=None,
        validator=optional(check_instance, Provenance),
    )

    @functools.cached_property
    def _index(self) -> dict[str, Exercise]:
        return {e.id: e for e in self.exercises}

    @property
    def ids(self) -> tuple[str, ...]:
        """
        The exercise ids, in catalog order.
        """
        return tuple(self._index)

    def get(self, exercise_id: str) -> Exercise:
        """
        Return the exercise with this id.

        Raises:
            UnknownExerciseError: If there is none; it offers close ids.
            InvalidValueError: If *exercise_id* is not text.
        """
        if type(exercise_id) is not str:
            raise InvalidValueError(
                "exercise_id",
                exercise_id,
                f"exercise_id: expected text, got {describe(exercise_id)}",
            )
        try:
            return self._index[exercise_id]
        except KeyError:
            raise unknown_exercise(exercise_id, self.ids) from None

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.get(exercise_id)

    def __contains__(self, exercise_id: object) -> bool:
        return type(exercise_id) is str and exercise_id in self._index

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)

    def filter(
        self,
        *,
        kind: ExerciseKind | str | None = None,
        equipment: str | None = None,
        target: str | None = None,
        position: Position | str | None = None,
    ) -> Catalog:
        """
        Return a new catalog of the exercises that match every criterion.

        Args:
            kind: Only exercises of this kind.
            equipment: Only exercises that use this equipment.
            target: Only exercises that work this body area.
            position: Only exercises that start from this position.
        """
        return attrs.evolve(
            self,
            exercises=tuple(
                e
                for e in self.exercises
                if (kind is None or e.kind == kind)
                and (equipment is None or equipment in e.equipment)
                and (target is None or target in e.targets)
                and (position is None or e.position == position)
            ),
        )

    def merge(self, *others: Catalog) -> Catalog:
        """
        Return a new catalog with the exercises and notices of all.

        The first catalog's id, title and language are kept.
        A notice that is the same in two catalogs is kept once.

        Raises:
            DuplicateIdError: If two catalogs have an exercise with the
                same id, or notices with the same id and other text.
        """
        for other in others:
            check_instance("others", other, Catalog)
        exercises: dict[str, tuple[Exercise, str]] = {}
        notices: dict[str, tuple[SafetyNotice, str]] = {}
        for cat in (self, *others):
            where = f"catalog {cat.id!r}"
            for e in cat.exercises:
                if e.id in exercises:
                    raise DuplicateIdError(e.id, exercises[e.id][1], where)
                exercises[e.id] = (e, where)
            for n in cat.safety_notices:
                if n.id in notices and notices[n.id][0] != n:
                    raise DuplicateIdError(n.id, notices[n.id][1], where)
                notices.setdefault(n.id, (n, where))
        return attrs.evolve(
            self,
            exercises=tuple(e for e, _ in exercises.values()),
            safety_notices=tuple(n for n, _ in notices.values()),
        )


__all__ = [
    "Catalog",
]
