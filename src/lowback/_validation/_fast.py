"""
The fast engine: orjson and jsonschema-rs, dependencies of lowback.

It runs no rule of its own. It reads with orjson, checks the schema and
what the reference engine's walk checks in one jsonschema-rs pass, and
runs the rules of `lowback._rules` asking only whether there is a first
problem. Every function here answers in one of two ways: exactly what
the reference engine would say, or "not sure", after which the
reference engine runs and says it, locating every problem.
So the fast engine changes how long validation takes, never what it
finds.

It is used only when orjson and jsonschema-rs import and their
behaviour passes the probes below.
"""

from __future__ import annotations

import enum
import functools
import gc
import importlib.util
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from .._checks import CONTROL_PATTERN, URL_PATTERN
from .._json import MAX_BYTES, MAX_DEPTH
from .._json import parse as reference_parse
from .._rules import document_rules
from .._schemas import DOCUMENT_TYPES, SCHEMA_NAMES, load_schema

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

    from .._problems import Problem

#: The libraries the fast engine needs (dependencies of lowback; the
#: reference engine serves where they cannot be imported).
LIBRARIES: Final = ("orjson", "jsonschema_rs")


@functools.cache
def installed() -> bool:
    """
    Whether the fast engine's libraries are installed.

    Looks them up, once a process, without importing them; they are
    imported, and probed, on first use (`usable`).
    """
    return all(importlib.util.find_spec(name) for name in LIBRARIES)


def usable() -> bool:
    """
    Whether the fast engine's libraries import and pass the probes.
    """
    return installed() and _libraries() is not None


class _Libraries(NamedTuple):
    orjson: ModuleType
    jsonschema_rs: ModuleType
    #: How orjson writes the exponent of a float of 19 digits or more.
    big_exponents: tuple[bytes, ...]


@functools.cache
def _libraries() -> _Libraries | None:
    """
    Return orjson and jsonschema_rs, or None when they cannot be used.
    """
    try:
        import jsonschema_rs  # noqa: PLC0415 - only with the extra
        import orjson  # noqa: PLC0415

        # Before 0.46 (which added validator_map_for) jsonschema-rs
        # can crash the process on a lone surrogate in a key.
        if not hasattr(jsonschema_rs, "validator_map_for"):
            return None
        exponents = _orjson_behaves(orjson)
        if exponents is None or not _plain_json_behaves(jsonschema_rs):
            return None
    except Exception:  # noqa: BLE001 - an old or broken install: not used
        return None
    return _Libraries(orjson, jsonschema_rs, exponents)


# ---- Reading


#: Text that orjson must refuse, as `_json.parse` does: NaN and
#: Infinity, numbers that overflow, lone surrogates, invalid UTF-8, a
#: byte-order mark, nothing, and more than one value.
_REFUSED: Final = (
    b"NaN",
    b"-Infinity",
    b"1e400",
    b'"\\ud800"',
    b'"\\udc00\\ud800"',
    b'"\xed\xa0\x80"',
    b'"\xff"',
    b"\xef\xbb\xbf{}",
    b" ",
    b"1 2",
)
#: Nesting orjson must refuse to write; the reference reader
#: (``json.loads``) reads anything shallower.
_TOO_DEEP_TO_WRITE: Final = 512


#: Integers past 64 bits, which orjson reads as floats where
#: ``json.loads`` keeps them whole: the smallest, and a very large one.
_BIG_INTEGERS: Final = (
    b"-9223372036854775809",
    b"18446744073709551616",
    b"1" + b"0" * 300,
)
#: How orjson writes the exponent of such a float: ``e+19`` from 3.11.x,
#: ``e19`` before.
_EXPONENTS: Final = ((b"e+",), (b"e1", b"e2", b"e3"))


def _orjson_behaves(orjson: ModuleType) -> tuple[bytes, ...] | None:
    """
    Return how orjson writes big exponents, or None if it misbehaves.
    """
    for text in _REFUSED:
        try:
            orjson.loads(text)
        except orjson.JSONDecodeError:
            continue
        return None
    deep: list[Any] = []
    for _ in range(_TOO_DEEP_TO_WRITE):
        deep = [deep]
    try:
        orjson.dumps(deep)
    except orjson.JSONEncodeError:
        pass
    else:
        return None
    if orjson.dumps(":") != b'":"':
        return None
    written = [orjson.dumps(orjson.loads(text)) for text in _BIG_INTEGERS]
    for marks in _EXPONENTS:
        if all(any(m in w for m in marks) for w in written):
            return marks
    return None


#: The escapes ``\u0030`` to ``\u003f``; ``\u003a`` is the only way to
#: write a colon other than as itself.
_ESCAPED_COLON: Final = b"\\u003"


def parse(
    data: str | bytes,
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> tuple[Any, tuple[Problem, ...]]:
    """
    Read one JSON document strictly, as `lowback._json.parse` does.

    orjson reads the document when it surely gives the value
    ``_json.parse`` would; otherwise ``_json.parse`` reads it, so
    refusals are located exactly as on the reference path.

    Args:
        data: The document, as bytes (must be UTF-8) or text.
        max_bytes: Refuse larger documents.
        max_depth: Refuse deeper nesting.

    Returns:
        The value and no problems, or None and the problems found.
    """
    found = _read(data, max_bytes)
    if found is None:
        return reference_parse(data, max_bytes=max_bytes, max_depth=max_depth)
    return found[0], ()


def _read(data: str | bytes, max_bytes: int) -> tuple[Any] | None:
    """
    Return the value of *data* in a 1-tuple, or None when not sure.
    """
    libraries = _libraries()
    if libraries is None:
        return None
    orjson = libraries.orjson
    if isinstance(data, str):
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return None
    else:
        raw = data
    if len(raw) > max_bytes or _ESCAPED_COLON in raw:
        return None
    try:
        value = _loads(orjson, raw)
        # Writing the value back also refuses nesting the reference
        # reader might not reach (see _TOO_DEEP_TO_WRITE).
        written = orjson.dumps(value)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        return None
    for mark in libraries.big_exponents:  # a loop: no generator a line
        if mark in written:
            return None  # a big integer, or perhaps just a big float
    # orjson keeps the last of duplicate keys silently. Outside strings
    # a colon ends a key, so each member read adds one colon to the
    # text and each member kept adds one to what is written back; inside
    # strings the colons are the same in both, none being escaped. So
    # the counts differ exactly when a member was dropped.
    if raw.count(b":") != written.count(b":"):
        return None
    return (value,)


#: Documents from this size on are kept from the cyclic collector.
_LARGE: Final = 1 << 20


def _loads(orjson: ModuleType, raw: bytes) -> Any:  # noqa: ANN401
    """
    Read with orjson, keeping the cyclic collector off a large document.

    Reading makes a container for every object and array; the collector
    would walk them all, again and again, only to find that a JSON value
    has no cycles, which for a large catalog costs more than reading it.
    So it is paused while reading, and what is alive then is moved to
    the oldest generation unwalked (a freeze, then an unfreeze); unused
    values are still freed at once, by reference counting. Not done
    for small documents, when the collector is off, or when something
    is frozen (the application's own use of freezing).
    """
    if len(raw) < _LARGE or not gc.isenabled() or gc.get_freeze_count():
        return orjson.loads(raw)
    gc.disable()
    try:
        return orjson.loads(raw)
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()


# ---- The schema pass

#: What follows ``\S`` on the reference path: a character that Python's
#: ``re`` does not count as white space (``str.isspace``). Rust's
#: ``\S`` differs (U+001C to U+001F, U+0085, U+FEFF), so jsonschema-rs
#: is given the class itself.
_NOT_SPACE: Final = (
    "[^\\t-\\r\\x1c- \\x85\\xa0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000]"
)
#: Every ``pattern`` of the shipped schemas, as jsonschema-rs is given
#: it so that it matches exactly what the reference's ``pattern``
#: (Python's ``re``, ``$`` at the very end) matches. A schema with a
#: pattern not listed here turns the fast schema pass off; a test keeps
#: the list complete.
RUST_PATTERNS: Final = {
    "\\S": _NOT_SPACE,
    "^[a-z0-9]+(?:-[a-z0-9]+)*$": "^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$": (
        "^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$"
    ),
    "^(/[^/]*)+$": "^(/[^/]*)+$",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    CONTROL_PATTERN: "^[^\\x{0}-\\x{1f}\\x{7f}-\\x{9f}\\x{2028}\\x{2029}]*$",
    URL_PATTERN: (
        "^https?://[^\\x{0}-\\x{20}\\x{7f}-\\x{9f}\\x{2028}\\x{2029}]+$"
    ),
}

_DRAFT4: Final = "http://json-schema.org/draft-04/schema#"
_DRAFT202012: Final = "https://json-schema.org/draft/2020-12/schema"
_PLAIN_ID: Final = "urn:lowback:fast:plain-json"
#: The integers jsonschema-rs is asked to accept: signed 64 bit ones
#: (before 0.35 it cannot read larger ones).
_INTEGERS: Final = {"minimum": -(2**63), "maximum": 2**63 - 1}


def _plain_json(max_depth: int) -> dict[str, Any]:
    """
    Return a schema for what the reference's document walk accepts.

    No container nested *max_depth* deep or more, no float at all, and
    signed integers of 64 bits (the walk refuses floats that are whole and
    integers of more than 100 digits; lone surrogates never reach
    jsonschema-rs, which cannot read them). Draft 4, because there
    ``5.0`` is not an integer.
    """
    scalars = ["string", "boolean", "null", "integer"]
    levels: dict[str, Any] = {f"d{max_depth}": {"type": scalars, **_INTEGERS}}
    for depth in range(max_depth):
        inner = {"$ref": f"#/definitions/d{depth + 1}"}
        levels[f"d{depth}"] = {
            "type": [*scalars, "array", "object"],
            **_INTEGERS,
            "items": inner,
            "additionalProperties": inner,
        }
    return {
        "$schema": _DRAFT4,
        "id": _PLAIN_ID,
        "definitions": levels,
        "allOf": [{"$ref": "#/definitions/d0"}],
    }


def _plain_json_behaves(rs: ModuleType) -> bool:
    check = rs.validator_for(_plain_json(2), retriever=_refuse)

    def accepts(value: object) -> bool:
        try:
            return bool(check.is_valid(value))
        except ValueError:  # "int too big to convert", before 0.35
            return False

    accepted = [[1, "a"], {"a": [True, None]}, [-(2**63), 2**63 - 1]]
    refused = [[5.0], [[[]]], {"a": {"b": {}}}, [2**63], [-(2**63) - 1]]
    return all(map(accepts, accepted)) and not any(map(accepts, refused))


def _for_rust(schema: Any) -> Any:  # noqa: ANN401
    """
    Return a copy of *schema* with each pattern as jsonschema-rs needs.

    Raises:
        KeyError: If a pattern has no entry in `RUST_PATTERNS`.
    """
    if isinstance(schema, dict):
        return {
            key: RUST_PATTERNS[value]
            if key == "pattern" and isinstance(value, str)
            else _for_rust(value)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_for_rust(value) for value in schema]
    return schema


def _refuse(uri: str) -> Any:  # noqa: ANN401
    """
    The retriever: every ``$ref`` lowback follows is in the registry.
    """
    raise ValueError(f"lowback never fetches {uri!r}")


@functools.cache
def _validator(kind: str, max_depth: int) -> Any:  # noqa: ANN401
    """
    Return the jsonschema-rs validator for *kind*, or None.

    It checks the shipped schema of that document type and, in the same
    pass, what the reference's document walk checks (`_plain_json`).
    """
    libraries = _libraries()
    if libraries is None:
        return None
    rs = libraries.jsonschema_rs
    try:
        shipped = [_for_rust(load_schema(name)) for name in SCHEMA_NAMES]
        registry = rs.Registry(
            [(s["$id"], s) for s in shipped]
            + [(_PLAIN_ID, _plain_json(max_depth))],
            retriever=_refuse,
        )
        root = {
            "$schema": _DRAFT202012,
            "allOf": [
                {"$ref": load_schema(kind)["$id"]},
                {"$ref": _PLAIN_ID},
            ],
        }
        return rs.validator_for(root, registry=registry, retriever=_refuse)
    except Exception:  # noqa: BLE001 - then the reference pass runs
        return None


def schema_clean(document: object, max_depth: int = MAX_DEPTH) -> bool:
    """
    Whether the reference schema pass and document walk find nothing.

    True when jsonschema-rs finds the document valid against the schema
    of its type and the walk's rules; False when it does not, or cannot
    tell, and the reference passes should run.
    """
    if not isinstance(document, dict):
        return False
    kind = document.get("type")
    if kind not in DOCUMENT_TYPES or not 0 <= max_depth <= 4 * MAX_DEPTH:
        return False
    check = _validator(str(kind), max_depth)
    if check is None:
        return False
    try:
        return bool(check.is_valid(document))
    except Exception:  # noqa: BLE001 - a lone surrogate, a key not text...
        return False


# ---- The verdict


class Verdict(enum.Enum):
    """
    What the fast engine can say of a parsed document.
    """

    #: Valid: the reference engine would find nothing.
    VALID = "valid"
    #: The walk and the schema pass, a rule does not: the reference
    #: engine need only run the rules to locate the problems.
    RULES_FAIL = "rules-fail"
    #: Not sure: the reference engine runs every pass.
    UNSURE = "unsure"


def check(document: object, max_depth: int = MAX_DEPTH) -> Verdict:
    """
    Judge a parsed document.

    Of each rule, it asks only whether it has a first problem.
    """
    if not schema_clean(document, max_depth):
        return Verdict.UNSURE
    assert isinstance(document, dict)  # noqa: S101 - schema_clean checked it
    # The cyclic collector is kept from walking the document while the
    # rules run. They make many small values, none in a cycle, and
    # reference counting frees each at once; but every few hundred of
    # them would set the collector walking the whole document, which for
    # a large catalog costs more than the rules. (Toggled here, not by a
    # context manager: this runs for every line of a JSON Lines file.)
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _verdict(document)
    finally:
        if paused:
            gc.enable()


def _verdict(document: dict[str, Any]) -> Verdict:
    kind = document["type"]
    if _any(document_rules(kind, document)):
        return Verdict.RULES_FAIL
    if kind == "plan":
        from .._stored import document_differences  # noqa: PLC0415

        if _any(document_differences(document)):
            return Verdict.RULES_FAIL
    return Verdict.VALID


def valid_text(data: bytes, max_bytes: int, max_depth: int) -> bool:
    """
    Whether the fast engine finds the text *data* a valid document.

    False when it does not, or cannot tell; the whole engine then runs
    to find and locate the problems. For a JSON Lines file, whose lines
    are mostly valid, this is all that runs for most lines.
    """
    try:
        found = _read(data, max_bytes)
        return (
            found is not None and check(found[0], max_depth) is Verdict.VALID
        )
    except Exception:  # noqa: BLE001 - the whole engine reports it
        return False


def _any(problems: Iterator[Problem]) -> bool:
    return next(problems, None) is not None
