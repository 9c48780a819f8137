"""
The immutable `Catalog` and the built-in leaflet catalog.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ._checks import (
    NAME_MAX,
    TEXT_MAX,
    check_each,
    check_language,
    check_slug,
    check_text,
    check_tuple,
    validator,
)
from ._errors import DuplicateIdError, unknown_exercise
from ._model import (
    Exercise,
    ExerciseKind,
    Position,
    Provenance,
    SafetyNotice,
)

if TYPE_CHECKING:
    from collections.abc import Iterator


def _unique_ids(
    instance: Any,  # noqa: ANN401
    attribute: attrs.Attribute[tuple[Any, ...]],
    value: tuple[Any, ...],
) -> None:
    check_tuple(attribute.name, value)
    seen: dict[str, int] = {}
    for i, item in enumerate(value):
        if item.id in seen:
            raise DuplicateIdError(
                item.id,
                f"catalog {instance.id!r} at "
                f"{attribute.name}[{seen[item.id]}]",
                f"{attribute.name}[{i}]",
            )
        seen[item.id] = i


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
        default=(), validator=validator(check_each, check_text, TEXT_MAX)
    )
    safety_notices: tuple[SafetyNotice, ...] = attrs.field(
        validator=_unique_ids
    )
    exercises: tuple[Exercise, ...] = attrs.field(validator=_unique_ids)
    provenance: Provenance | None = None

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
        """
        try:
            return self._index[exercise_id]
        except KeyError:
            raise unknown_exercise(exercise_id, self.ids) from None

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.get(exercise_id)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._index

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


def load_catalogs(
    *paths: str | os.PathLike[str], base: Catalog | None = None
) -> Catalog:
    """
    Load catalog files and merge them, onto *base* if given.

    Raises:
        FileReadError: If a file cannot be read.
        ContentError: If a file is not a valid catalog.
        DuplicateIdError: If ids clash between catalogs.
    """
    from ._load import load  # noqa: PLC0415

    loaded = [(load(p, Catalog), os.fspath(p)) for p in paths]
    if base is None:
        if not loaded:
            raise TypeError("give at least one path or a base catalog")
        base, loaded = loaded[0][0], loaded[1:]
    for extra, path in loaded:
        try:
            base = base.merge(extra)
        except DuplicateIdError as e:
            raise DuplicateIdError(
                e.id, e.first, f"{e.second} ({path})"
            ) from None
    return base


def _builtin_text() -> bytes:
    from importlib import resources  # noqa: PLC0415 - keeps import light

    return (
        resources.files("lowback")
        .joinpath("content", "leaflet.json")
        .read_bytes()
    )


@functools.cache
def catalog() -> Catalog:
    """
    Return the built-in catalog.

    It holds the leaflet's four exercises and its two safety notices.
    It is read from a data file through the same validating loader as
    any third-party catalog, once per process.
    """
    from ._load import loads  # noqa: PLC0415 - keeps import light

    return loads(_builtin_text(), Catalog, file="lowback/content/leaflet.json")
