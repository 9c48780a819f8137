"""
The published schemas: shipped copies, documentation on every property,
closed objects, and no reference ever fetched.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import attrs
import pytest

import lowback

TOP = Path(__file__).resolve().parents[1] / "schemas"


def _walk(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, i))


@pytest.mark.parametrize("name", lowback.SCHEMA_NAMES)
def test_shipped_schema_equals_the_top_level_one(name):
    """The copy inside the package is byte for byte the one in schemas/."""
    shipped = resources.files("lowback").joinpath(
        "schemas", f"{name}.schema.json"
    )
    assert (TOP / f"{name}.schema.json").read_bytes() == shipped.read_bytes()


def test_no_stray_schema_files():
    """schemas/ holds exactly the schemas lowback knows."""
    assert sorted(f"{n}.schema.json" for n in lowback.SCHEMA_NAMES) == sorted(
        p.name for p in TOP.glob("*.json")
    )


@pytest.mark.parametrize("name", lowback.SCHEMA_NAMES)
def test_schema_is_2020_12_with_a_versioned_id(name):
    """Each schema declares Draft 2020-12 and an $id carrying the format version."""
    schema = lowback.schema(name)
    assert "https://json-schema.org/draft/2020-12/schema" == schema["$schema"]
    assert schema["$id"].endswith(
        f"/{lowback.FORMAT_VERSION}/{name}.schema.json"
    )
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", lowback.SCHEMA_NAMES)
def test_every_property_has_a_title_and_description(name):
    """The schema documents itself: every property says what it is."""
    missing = [
        "/".join(map(str, (*path, key)))
        for path, node in _walk(lowback.schema(name, bundled=False))
        if isinstance(node.get("properties"), dict) and "if" not in path
        for key, prop in node["properties"].items()
        if not (prop.get("title") and prop.get("description"))
    ]
    assert [] == missing


@pytest.mark.parametrize("name", lowback.SCHEMA_NAMES)
def test_every_object_is_closed(name):
    """Every object schema refuses unknown keys (the open exercise def is closed where used)."""
    open_objects = [
        "/".join(map(str, path))
        for path, node in _walk(lowback.schema(name, bundled=False))
        if node.get("type") == "object"
        and node.get("additionalProperties") is not False
        and node.get("unevaluatedProperties") is not False
        and path
        not in {
            ("$defs", "exercise"),
            ("$defs", "progression"),
            ("$defs", "routine"),
        }
    ]
    assert [] == open_objects
    if name == "catalog":
        items = lowback.schema(name)["properties"]["exercises"]["items"]
        assert False is items["unevaluatedProperties"]


def test_schema_copies_cannot_change_the_shipped_ones():
    """schema() hands out copies."""
    lowback.schema("exercise")["title"] = "changed"
    assert "changed" != lowback.schema("exercise")["title"]


def test_unknown_schema_name_is_a_clear_error():
    """Asking for a schema that does not exist names the choices."""
    with pytest.raises(
        lowback.InvalidValueError,
        match="choose exercise, catalog, routine, plan",
    ):
        lowback.schema("workout")


def test_refs_and_ids_in_documents_are_refused_not_followed(tmp_path):
    """
    A document's $ref or $id is an unknown field, never fetched or read;
    $schema is an editor hint, never followed: any but lowback's own
    schema id is a foreign-schema problem.
    """
    secret = tmp_path / "secret.json"
    secret.write_text('{"$defs": {}}', "utf-8")
    doc = lowback.to_document(lowback.catalog().get("pelvic-tilt"))
    doc["$schema"] = "https://example.invalid/evil.json"
    doc["dose"]["$ref"] = secret.as_uri()
    doc["$id"] = "https://example.invalid/x"
    report = lowback.validate(doc)
    assert [
        ("foreign-schema", "/$schema"),
        ("unknown-field", "/$id"),
        ("unknown-field", "/dose/$ref"),
    ] == sorted((p.code, p.pointer) for p in report)


def _schema_default(name: str, *path: str) -> object:
    node = lowback.schema(name)["$defs"]
    for key in path:
        node = node[key]
    return node["default"]


def test_the_rules_defaults_are_the_models_and_the_schemas():
    """
    What the rules take a left-out field to be (lowback._rules) is the
    model's default, as plain JSON, and the schema's ``default``.
    """
    from lowback import _rules
    from lowback._converter import plain

    exercise = lowback.catalog().get("semi-crunch")
    fields = {a.name: a for a in attrs.fields(lowback.Exercise)}
    for key, value in _rules.EXERCISE_DEFAULTS.items():
        assert value == plain(fields[key].default), key
        assert value == _schema_default(
            "exercise", "exercise", "properties", key
        )
    doses = {a.name: a for a in attrs.fields(lowback.Dose)}
    for key, value in _rules.DOSE_DEFAULTS.items():
        assert value == plain(doses[key].default), key
        assert value == _schema_default("exercise", "dose", "properties", key)
    raises = {a.name: a for a in attrs.fields(lowback.RaiseHold)}
    assert {
        "phases": plain(raises["phases"].default)
    } == _rules.RAISE_HOLD_DEFAULTS
    assert _rules.RAISE_HOLD_DEFAULTS["phases"] == _schema_default(
        "exercise", "raiseHold", "properties", "phases"
    )
    chosen = {a.name: a for a in attrs.fields(lowback.ChosenDose)}
    assert {"sets": chosen["sets"].default} == _rules.CHOSEN_DEFAULTS
    assert _rules.CHOSEN_DEFAULTS["sets"] == _schema_default(
        "routine", "chosenDose", "properties", "sets"
    )
    assert exercise.dose.sets == lowback.Range(1, 1)
