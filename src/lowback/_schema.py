"""
The shipped JSON Schemas and their compiled validators.

jsonschema is imported on first use, not when lowback is imported.
The registry holds only lowback's own schemas and retrieves nothing, so
no ``$ref`` in a schema or a document is ever fetched.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from typing import TYPE_CHECKING, Any, Final

from ._errors import InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jsonschema.protocols import Validator

#: The document types lowback reads, each with a schema.
DOCUMENT_TYPES: Final = ("exercise", "catalog", "routine", "plan")
#: The names of the shipped schemas: the document types, and the report
#: that ``lowback validate --format json`` prints.
SCHEMA_NAMES: Final = (*DOCUMENT_TYPES, "report")


@functools.cache
def _load(name: str) -> dict[str, Any]:
    if name not in SCHEMA_NAMES:
        choices = ", ".join(SCHEMA_NAMES)
        raise InvalidValueError(
            "name", name, f"no schema named {name!r}; choose {choices}"
        )
    from importlib import resources  # noqa: PLC0415 - keeps import light

    path = resources.files("lowback").joinpath(
        "schemas", f"{name}.schema.json"
    )
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def schema(name: str) -> dict[str, Any]:
    """
    Return a copy of a JSON Schema shipped with lowback.

    Args:
        name: One of `SCHEMA_NAMES`: ``"exercise"``, ``"catalog"``,
            ``"routine"``, ``"plan"`` or ``"report"`` (the report of
            `validate`, as ``lowback validate --format json`` prints
            it).

    Raises:
        InvalidValueError: If there is no schema of that name.
    """
    return copy.deepcopy(_load(name))


@functools.cache
def validator(name: str) -> Validator:
    """
    Return the compiled Draft 2020-12 validator for a document type.

    Built once per process; every lowback schema is in its registry and
    nothing else can be retrieved.
    """
    from jsonschema import Draft202012Validator, validators  # noqa: PLC0415
    from referencing import Registry, Resource  # noqa: PLC0415
    from referencing.jsonschema import DRAFT202012  # noqa: PLC0415

    registry: Registry[Any] = Registry().with_resources(
        (
            _load(n)["$id"],
            Resource.from_contents(
                _load(n), default_specification=DRAFT202012
            ),
        )
        for n in SCHEMA_NAMES
    )
    strict: Any = validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, validators={"pattern": _pattern}
    )
    built: Validator = strict(_load(name), registry=registry)
    return built


def _pattern(
    validator: Any,  # noqa: ANN401, ARG001
    pattern: str,
    instance: object,
    schema: Any,  # noqa: ANN401, ARG001
) -> Iterator[Any]:
    """
    The ``pattern`` keyword with ECMA-262's ``$``.

    Python's ``$`` also matches before a final newline, so ``en`` with a
    newline after it would pass ``^[a-z]{2}$``; ECMA-262, which JSON
    Schema follows, and other validators refuse it.
    """
    from jsonschema.exceptions import ValidationError  # noqa: PLC0415

    if isinstance(instance, str) and not _compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


@functools.cache
def def_keys(ref: str) -> frozenset[str]:
    """
    Return the property names of the definition a ``$ref`` names.

    For ``unevaluatedProperties`` problems: the keys that an object
    checked through that ``$ref`` may have.
    """
    name = ref.rsplit("/", 1)[-1]
    for schema_name in SCHEMA_NAMES:
        found = _load(schema_name).get("$defs", {}).get(name)
        if found is not None:
            return frozenset(found.get("properties", {}))
    return frozenset()
