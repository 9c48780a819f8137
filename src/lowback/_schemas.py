"""
The shipped JSON Schemas, as data.

Each engine compiles them its own way (`lowback._validation._reference`
with python-jsonschema, `lowback._validation._fast` with jsonschema-rs);
neither retrieves anything, so no ``$ref`` in a schema or a document is
ever fetched.
"""

from __future__ import annotations

import copy
import functools
from typing import Any, Final

from ._checks import describe
from ._errors import InvalidValueError

#: The format version every document written by this lowback declares.
FORMAT_VERSION: Final = "1.0"
#: The document types lowback reads, each with a schema.
DOCUMENT_TYPES: Final = ("exercise", "catalog", "routine", "plan")
#: The names of the shipped schemas: the document types, a routine spec
#: (what ``RoutineBuilder.from_spec`` and ``lowback routine --spec``
#: take), and the report that ``lowback validate --format json`` prints.
SCHEMA_NAMES: Final = (*DOCUMENT_TYPES, "routine-spec", "report")


def load_schema(name: str) -> dict[str, Any]:
    """
    Return a shipped schema, read once; callers must not change it.

    Raises:
        InvalidValueError: If there is no schema of that name.
    """
    if type(name) is not str or name not in SCHEMA_NAMES:
        choices = ", ".join(SCHEMA_NAMES)
        raise InvalidValueError(
            "name",
            name,
            f"name: no schema named {describe(name)}; choose {choices}",
        )

    return _read(name)


@functools.cache
def _read(name: str) -> dict[str, Any]:
    import json  # noqa: PLC0415 - keeps import light
    from importlib import resources  # noqa: PLC0415

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
            ``"routine"``, ``"plan"``, ``"routine-spec"`` or
            ``"report"`` (the report of `validate`, as ``lowback
            validate --format json`` prints it).

    Raises:
        InvalidValueError: If there is no schema of that name.
    """
    return copy.deepcopy(load_schema(name))


@functools.cache
def def_keys(ref: str) -> frozenset[str]:
    """
    Return the property names of the definition a ``$ref`` names.

    For ``unevaluatedProperties`` problems: the keys that an object
    checked through that ``$ref`` may have.
    """
    name = ref.rsplit("/", 1)[-1]
    for schema_name in SCHEMA_NAMES:
        found = load_schema(schema_name).get("$defs", {}).get(name)
        if found is not None:
            return frozenset(found.get("properties", {}))
    return frozenset()
