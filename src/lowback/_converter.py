"""
The one cattrs converter, and the document wrappers around it.

Structuring is strict: unknown keys are refused, and ints, strings and
booleans are never coerced (cattrs' defaults would turn ``"5"`` or
``True`` into ``5``).
Unstructuring omits optional fields that are absent, so documents carry
no nulls, and keeps the field order of the classes, which is the
canonical key order.

The converter knows no model class by name: a union of classes that
each carry a ``rule`` tag (the progression rules) is read by its tag.
So it stands below the model, whose classes use `plain` to check
themselves with the rules of `lowback._rules`.
"""

from __future__ import annotations

import enum
import functools
import re
import typing
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ._errors import LowbackError
from ._rules import HEADER_KEYS
from ._schemas import FORMAT_VERSION

if TYPE_CHECKING:
    import datetime as dt

    import cattrs

T = TypeVar("T")


def _strict(kind: type[Any]) -> Any:  # noqa: ANN401
    def structure(value: object, _: type[Any]) -> object:
        if type(value) is not kind:
            msg = f"expected {kind.__name__}, got {type(value).__name__}"
            raise TypeError(msg)
        return value

    return structure


def _unstructure_factory(
    converter: cattrs.Converter,
) -> Any:  # noqa: ANN401
    from cattrs.gen import make_dict_unstructure_fn  # noqa: PLC0415

    def factory(cls: type[Any]) -> Any:  # noqa: ANN401
        base = make_dict_unstructure_fn(cls, converter)
        optional = [a.name for a in attrs.fields(cls) if a.default is None]
        if not optional:
            return base

        def unstructure(obj: Any) -> dict[str, Any]:  # noqa: ANN401
            # Drop absent optionals in place, so the keys keep the
            # order of the fields (cattrs' omit_if_default moves them).
            result: dict[str, Any] = base(obj)
            for name in optional:
                if result[name] is None:
                    del result[name]
            return result

        return unstructure

    return factory


def _tagged(converter: cattrs.Converter, cls: type[Any]) -> Any:  # noqa: ANN401
    from cattrs.gen import make_dict_unstructure_fn  # noqa: PLC0415

    body = make_dict_unstructure_fn(cls, converter)

    def unstructure(rule: Any) -> dict[str, Any]:  # noqa: ANN401
        return {"rule": cls.rule, **body(rule)}

    return unstructure


def _structure_enum(value: object, kind: type[enum.StrEnum]) -> object:
    # The str hook would also catch StrEnum classes (they subclass str)
    # and leave plain strings; this one is nearer in their MRO.
    if type(value) is not str:
        msg = f"expected text, got {type(value).__name__}"
        raise TypeError(msg)
    return kind(value)


def _is_tuple(kind: object) -> bool:
    return typing.get_origin(kind) is tuple


def _tags(kind: object) -> dict[str, type[Any]]:
    """
    Return the classes of a union by their ``rule`` tag.

    Empty if any member has none.
    """
    members = [m for m in typing.get_args(kind) if m is not type(None)]
    tags = {
        m.rule: m for m in members if isinstance(getattr(m, "rule", None), str)
    }
    if len(members) < 2 or len(tags) != len(members):
        return {}
    return tags


def _is_rule_union(kind: object) -> bool:
    return bool(_tags(kind))


def _is_optional(kind: object) -> bool:
    return type(None) in typing.get_args(kind)


def _tuple_hook(converter: cattrs.Converter) -> Any:  # noqa: ANN401
    from cattrs.errors import (  # noqa: PLC0415
        IterableValidationError,
        IterableValidationNote,
    )

    def structure(value: object, kind: type[Any]) -> tuple[Any, ...]:
        # cattrs' default builds a tuple from any iterable, so a string
        # or an object would pass; the format only has arrays.
        if type(value) is not list:
            msg = f"expected an array, got {type(value).__name__}"
            raise TypeError(msg)
        item = typing.get_args(kind)[0]
        # Null is an entry of its own where the entries may be None: the
        # hold of a phase without one.
        nullable = _is_optional(item)
        out: list[Any] = []
        errors: list[Exception] = []
        for i, element in enumerate(value):
            if element is None and nullable:
                out.append(None)
                continue
            try:
                out.append(converter.structure(element, item))
            except Exception as e:  # noqa: BLE001 - gathered, raised below
                note = f"Structuring {kind} @ index {i}"
                e.add_note(IterableValidationNote(note, i, item))
                errors.append(e)
        if errors:
            msg = f"While structuring {kind}"
            raise IterableValidationError(msg, errors, kind)
        return tuple(out)

    return structure


def _rule_hook(converter: cattrs.Converter) -> Any:  # noqa: ANN401
    def structure(value: object, kind: type[Any]) -> object:
        if not isinstance(value, dict):
            msg = f"expected an object, got {type(value).__name__}"
            raise TypeError(msg)
        fields = dict(value)
        tag = fields.pop("rule", None)
        cls = _tags(kind).get(tag) if isinstance(tag, str) else None
        if cls is None:
            msg = f"unknown progression rule {tag!r}"
            raise ValueError(msg)
        return converter.structure(fields, cls)

    return structure


def _optional_hook(converter: cattrs.Converter) -> Any:  # noqa: ANN401
    def structure(value: object, kind: type[Any]) -> object:
        # Absent optional fields take their default; an explicit null is
        # refused, as the schemas refuse it.
        if value is None:
            msg = "null is not allowed; leave the field out instead"
            raise TypeError(msg)
        others = [a for a in typing.get_args(kind) if a is not type(None)]
        inner: Any = others[0] if len(others) == 1 else typing.Union[*others]
        return converter.structure(value, inner)

    return structure


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _structure_date(value: object, _: type[Any]) -> dt.date:
    import datetime as dt  # noqa: PLC0415 - keeps import light

    if type(value) is not str or not _DATE.fullmatch(value):
        msg = f"expected a date such as '2026-01-31', got {value!r}"
        raise TypeError(msg)
    return dt.date.fromisoformat(value)


def _configure(converter: cattrs.Converter) -> cattrs.Converter:
    import datetime as dt  # noqa: PLC0415 - keeps import light

    for kind in (int, str, bool):
        converter.register_structure_hook(kind, _strict(kind))
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, lambda day: day.isoformat())
    converter.register_structure_hook(enum.StrEnum, _structure_enum)
    converter.register_unstructure_hook(
        enum.StrEnum, lambda member: member.value
    )
    converter.register_unstructure_hook_factory(
        attrs.has, _unstructure_factory(converter)
    )
    # Later registrations win: optional first, so that the rule hook sees
    # the union without None.
    converter.register_structure_hook_func(_is_tuple, _tuple_hook(converter))
    converter.register_structure_hook_func(
        _is_rule_union, _rule_hook(converter)
    )
    converter.register_structure_hook_func(
        _is_optional, _optional_hook(converter)
    )
    converter.register_unstructure_hook_factory(
        lambda cls: (
            attrs.has(cls) and isinstance(getattr(cls, "rule", None), str)
        ),
        lambda cls: _tagged(converter, cls),
    )
    return converter


@functools.cache
def get_converter() -> cattrs.Converter:
    """
    Return the one converter, built on first use.

    cattrs is imported here rather than at module level, which keeps
    ``import lowback`` light.
    """
    import cattrs  # noqa: PLC0415

    return _configure(
        cattrs.Converter(
            forbid_extra_keys=True,
            detailed_validation=True,
            unstruct_collection_overrides={Sequence: list},
        )
    )


def plain(obj: object) -> Any:  # noqa: ANN401
    """
    Return a model object as plain JSON values, as its document has it.

    Without the header, absent optionals left out, defaults filled in.
    """
    return get_converter().unstructure(obj)


def structure_errors() -> tuple[type[Exception], ...]:
    """
    Return what structuring raises for content that does not fit.

    For ``except`` clauses; evaluated only when something was raised.
    """
    import cattrs  # noqa: PLC0415 - only when something was raised

    return (cattrs.BaseValidationError, LowbackError, TypeError, ValueError)


def to_document(obj: Any) -> dict[str, Any]:  # noqa: ANN401
    """
    Return *obj* as a JSON-ready document with its type and version.
    """
    body: dict[str, Any] = get_converter().unstructure(obj)
    return {
        "type": type(obj).document_type,
        "format_version": FORMAT_VERSION,
        **body,
    }


def structure(document: dict[str, Any], cls: type[T]) -> T:
    """
    Build *cls* from a document that has passed validation.

    Raises:
        cattrs.BaseValidationError: If it does not fit after all; callers
            translate it.
    """
    body = {k: v for k, v in document.items() if k not in HEADER_KEYS}
    return get_converter().structure(body, cls)
