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
from typing import TYPE_CHECKING, Any, Final

from ._checks import describe
from ._errors import InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Iterator

#: The format version every document written by this lowback declares.
FORMAT_VERSION: Final = "1.0"
#: The document types lowback reads, each with a schema.
DOCUMENT_TYPES: Final = ("exercise", "catalog", "routine", "plan")
#: What ``lowback validate --as`` can check besides the document types,
#: which say their type themselves: a routine spec (what
#: ``RoutineBuilder.from_spec`` and ``lowback routine --spec`` take) and
#: a pain-reports file (what ``lowback plan --reports`` takes) and a
#: pain-rule file (what ``lowback plan --rule`` takes).
INPUT_KINDS: Final = ("routine-spec", "pain-reports", "pain-rule")
#: The names of the shipped schemas: the document types, the inputs,
#: and the report that ``lowback validate --format json`` prints.
SCHEMA_NAMES: Final = (*DOCUMENT_TYPES, *INPUT_KINDS, "report")
#: Where every schema's ``$id`` lies: an address the project owns and
#: documents. Nothing is ever fetched from it; it names the schemas.
ID_BASE: Final = f"https://lowback.github.io/schemas/{FORMAT_VERSION}/"


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


def schema_id(name: str) -> str:
    """
    Return the ``$id`` of a shipped schema, which names it.
    """
    return f"{ID_BASE}{name}.schema.json"


def _referenced(node: object) -> Iterator[str]:
    """
    Yield the names of the schemas *node* refers to by relative ``$ref``.
    """
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                yield ref.split("#", 1)[0].removesuffix(".schema.json")
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def bundle(name: str) -> dict[str, Any]:
    """
    Return a shipped schema as one self-contained document.

    A Draft 2020-12 compound document: the schema itself, with every
    schema it refers to, directly or not, embedded under ``$defs`` with
    its own ``$id`` (keyed by file name), so that its ``$ref``s resolve
    inside the document with no base URI, file or network.

    Raises:
        InvalidValueError: If there is no schema of that name.
    """
    root = copy.deepcopy(load_schema(name))
    needed: list[str] = []
    todo = list(_referenced(root))
    while todo:
        other = todo.pop(0)
        if other != name and other not in needed:
            needed.append(other)
            todo += _referenced(load_schema(other))
    if not needed:
        return root
    root["$comment"] = (
        "Bundled by lowback from its schemas: "
        + ", ".join(f"{n}.schema.json" for n in (name, *sorted(needed)))
        + ". Each schema it uses is embedded under $defs with its own $id; "
        "nothing is fetched."
    )
    defs = root.setdefault("$defs", {})
    for other in sorted(needed, key=SCHEMA_NAMES.index):
        defs[f"{other}.schema.json"] = copy.deepcopy(load_schema(other))
    return root


def schema(name: str, *, bundled: bool = True) -> dict[str, Any]:
    """
    Return a copy of a JSON Schema shipped with lowback.

    Args:
        name: One of `SCHEMA_NAMES`: ``"exercise"``, ``"catalog"``,
            ``"routine"``, ``"plan"``, ``"routine-spec"``,
            ``"pain-reports"``, ``"pain-rule"`` or ``"report"`` (the report of
            `validate`, as ``lowback validate --format json`` prints it).
        bundled: Return it self-contained, as ``lowback schema`` prints
            it, with every schema it refers to embedded under ``$defs``,
            each keeping its own ``$id``: a Draft 2020-12 compound
            document that any validator can use alone, offline. False
            returns the schema as in the ``schemas/`` folder, whose
            references name the other schemas.

    Raises:
        InvalidValueError: If there is no schema of that name, or
            *bundled* is not True or False.
    """
    if type(bundled) is not bool:
        raise InvalidValueError(
            "bundled",
            bundled,
            f"bundled: expected True or False, got {describe(bundled)}",
        )
    if bundled:
        return bundle(name)
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
