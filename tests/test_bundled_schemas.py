"""
The bundled schemas, used offline by other people's validators.

``lowback schema NAME`` prints, and ``schemas/bundled/`` ships, each
schema as one Draft 2020-12 compound document: the schemas it refers to
are embedded under ``$defs`` with their own ``$id``. Three validators
that know nothing of lowback check the built-in documents against them
with no base URI and no network, and must refuse a broken document of
each kind: python-jsonschema (with a retriever that refuses), the
check-jsonschema CLI (with a dead proxy) and Ajv on Node.js
(``npm ci --prefix tests/node`` installs it; .ci/run does).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.exceptions import Unresolvable

import lowback
from helpers import stopped_plan
from lowback._cli import main
from lowback._json import dumps_text
from lowback._schemas import ID_BASE, schema_id

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "schemas" / "bundled"
NODE_TOOLS = Path(__file__).parent / "node"
_AJV = NODE_TOOLS / "node_modules" / "ajv" / "dist" / "2020.js"
#: A proxy nothing listens on: whatever a tool tries to fetch fails.
DEAD_PROXY = "http://127.0.0.1:9"
#: The schemas that check the documents a user writes.
CHECKED = ("exercise", "catalog", "routine", "plan", "routine-spec")
NAMES = (*CHECKED, "pain-reports")


def _spec() -> dict[str, Any]:
    return {
        "$schema": schema_id("routine-spec"),
        "title": "Evening",
        "items": [
            {"exercise": "pelvic-tilt", "repetitions": 10, "hold": 5},
            {"exercise": "knee-to-chest"},
        ],
    }


def _reports() -> list[dict[str, Any]]:
    return [
        {"day": 1, "change": "same"},
        {"day": 2, "exercise": "knee-to-chest", "before": 2, "after": 3},
    ]


def good() -> dict[str, Any]:
    """
    A valid document of each kind, the built-in ones where there are.
    """
    return {
        "exercise": lowback.to_document(lowback.catalog().get("pelvic-tilt")),
        "catalog": lowback.to_document(lowback.catalog()),
        "routine": lowback.to_document(lowback.leaflet_routine()),
        "plan": lowback.to_document(stopped_plan()),
        "routine-spec": _spec(),
        "pain-reports": _reports(),
    }


def _hold_45(node: Any) -> bool:
    """
    Make the first hold range found hold 45 s; whether there was one.
    """
    if isinstance(node, dict):
        hold = node.get("hold")
        if isinstance(hold, dict) and "max" in hold:
            hold["max"] = 45
            return True
        return any(_hold_45(v) for v in node.values())
    if isinstance(node, list):
        return any(_hold_45(v) for v in node)
    return False


def broken() -> dict[str, list[tuple[str, Any]]]:
    """
    Documents of each kind that every validator must refuse.
    """
    found: dict[str, list[tuple[str, Any]]] = {}
    for name, document in good().items():
        cases: list[tuple[str, Any]] = []
        if isinstance(document, dict):
            cases.append(("unknown field", {**document, "colour": "red"}))
            cases.append(
                ("foreign $schema", {**document, "$schema": "http://x/s"})
            )
        if name == "routine-spec":
            spec = copy.deepcopy(document)
            spec["items"][0]["hold"] = 45
            cases.append(("hold of 45 s", spec))
        elif name == "pain-reports":
            reports = copy.deepcopy(document)
            reports[1]["mood"] = "fine"
            cases.append(("unknown field", reports))
            cases.append(("day 0", [{"day": 0, "change": "same"}]))
        else:
            held = copy.deepcopy(document)
            assert _hold_45(held), name
            cases.append(("hold of 45 s", held))
        found[name] = cases
    return found


def _refuse(uri: str) -> Any:
    raise AssertionError(f"tried to retrieve {uri!r}")


def python_jsonschema(schema: dict[str, Any]) -> Draft202012Validator:
    """
    A plain Draft 2020-12 validator of *schema* that can retrieve nothing.
    """
    registry: Registry[Any] = Registry(retrieve=_refuse)
    return Draft202012Validator(schema, registry=registry)


# ---- The bundles themselves


@pytest.mark.parametrize("name", lowback.SCHEMA_NAMES)
def test_published_bundle_is_what_lowback_schema_prints(name, capsys):
    """schemas/bundled/NAME.schema.json is `lowback schema NAME`, byte for byte."""
    assert 0 == main(["schema", name])
    printed = capsys.readouterr().out
    assert printed == dumps_text(lowback.schema(name))
    published = (BUNDLED / f"{name}.schema.json").read_text("utf-8")
    assert published == printed, (
        "schemas/bundled/ is generated: after changing a schema, run "
        f"`lowback schema {name} > schemas/bundled/{name}.schema.json`"
    )


def test_no_stray_bundled_files():
    """schemas/bundled/ holds one bundle a schema, and nothing else."""
    assert sorted(f"{n}.schema.json" for n in lowback.SCHEMA_NAMES) == sorted(
        p.name for p in BUNDLED.iterdir()
    )


@pytest.mark.parametrize("name", lowback.SCHEMA_NAMES)
def test_every_schema_is_named_under_the_documented_base(name):
    """Each $id is ID_BASE + file name; the bundle keeps the schema's own."""
    source = lowback.schema(name, bundled=False)
    assert source["$id"] == f"{ID_BASE}{name}.schema.json"
    assert ID_BASE == "https://lowback.github.io/schemas/1.0/"
    assert lowback.schema(name)["$id"] == source["$id"]
    Draft202012Validator.check_schema(lowback.schema(name))


def test_a_bundle_embeds_exactly_the_schemas_it_uses():
    """Each referenced schema is embedded whole, under its own $id."""
    plan = lowback.schema("plan")
    embedded = {k: v["$id"] for k, v in plan["$defs"].items() if "$id" in v}
    assert {
        f"{n}.schema.json": schema_id(n)
        for n in ("exercise", "catalog", "routine")
    } == embedded
    assert plan["$defs"]["exercise.schema.json"] == lowback.schema(
        "exercise", bundled=False
    )
    assert "$comment" not in lowback.schema("report")
    assert lowback.schema("report") == lowback.schema("report", bundled=False)


def test_bundled_must_be_a_bool():
    with pytest.raises(lowback.InvalidValueError, match="bundled"):
        lowback.schema("catalog", bundled="no")  # type: ignore[arg-type]


def test_no_old_id_is_left_anywhere():
    """The old ids, on a domain nothing serves, are gone for good."""
    old = "lowback" + ".dev"
    spelt = [
        str(p.relative_to(ROOT))
        for folder in ("src", "schemas", "docs", "tests")
        for p in (ROOT / folder).rglob("*")
        if p.suffix in {".py", ".json", ".md"}
        and "node_modules" not in p.parts
        and old in p.read_text("utf-8", errors="replace")
    ]
    assert [] == spelt


# ---- python-jsonschema


def test_a_source_schema_alone_cannot_resolve_its_refs():
    """Without bundling, a $ref to another schema needs a fetch: refused here."""
    check = python_jsonschema(lowback.schema("catalog", bundled=False))
    with pytest.raises((Unresolvable, AssertionError)):
        check.is_valid(good()["catalog"])


@pytest.mark.parametrize("name", NAMES)
def test_python_jsonschema_accepts_the_good_and_refuses_the_broken(name):
    check = python_jsonschema(lowback.schema(name))
    assert [] == [e.message for e in check.iter_errors(good()[name])]
    for label, document in broken()[name]:
        assert not check.is_valid(document), label


# ---- check-jsonschema, as a user runs it


def _check_jsonschema(
    schema: Path, documents: list[Path]
) -> tuple[int, dict[str, Any]]:
    pytest.importorskip("check_jsonschema")
    env = {
        **os.environ,
        "HTTP_PROXY": DEAD_PROXY,
        "HTTPS_PROXY": DEAD_PROXY,
        "http_proxy": DEAD_PROXY,
        "https_proxy": DEAD_PROXY,
        "NO_PROXY": "",
        "no_proxy": "",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--no-cache",
            "--output-format",
            "json",
            "--schemafile",
            str(schema),
            *map(str, documents),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=300,
    )
    try:
        found: dict[str, Any] = json.loads(result.stdout)
    except ValueError:
        found = {"status": "crashed", "stderr": result.stderr[-2000:]}
    return result.returncode, found


def _write(folder: Path, name: str, value: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", NAMES)
def test_check_jsonschema_offline(name, tmp_path):
    """The published bundle, given as a file: good passes, each broken fails."""
    schema = BUNDLED / f"{name}.schema.json"
    fine = _write(tmp_path, "good.json", good()[name])
    bad = [
        _write(tmp_path, f"bad{i}.json", document)
        for i, (_, document) in enumerate(broken()[name])
    ]
    code, found = _check_jsonschema(schema, [fine, *bad])
    assert 1 == code, found
    assert [] == found["parse_errors"]
    failed = {Path(e["filename"]).name for e in found["errors"]}
    assert {p.name for p in bad} == failed


def test_check_jsonschema_cannot_use_a_source_schema_offline(tmp_path):
    """The dead proxy is in force: the unbundled schema's fetch fails."""
    schema = _write(
        tmp_path, "catalog.json", lowback.schema("catalog", bundled=False)
    )
    fine = _write(tmp_path, "good.json", good()["catalog"])
    code, _ = _check_jsonschema(schema, [fine])
    assert 0 != code


# ---- Ajv, on Node.js


def ajv(schema: Path, documents: list[Any], tmp_path: Path) -> list[Any]:
    node = shutil.which("node")
    if node is None or not _AJV.is_file():
        pytest.skip(
            "Node.js or Ajv is missing: run `npm ci --prefix tests/node` "
            "(.ci/run does)"
        )
    given = _write(tmp_path, "documents.json", documents)
    result = subprocess.run(
        [node, str(NODE_TOOLS / "lowback-schema.cjs"), str(schema), given],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if result.returncode:
        return [f"crashed: {result.stderr[-2000:]}"]
    found: list[Any] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize("name", NAMES)
def test_ajv_offline(name, tmp_path):
    """Ajv compiles the bundle alone: good passes, each broken fails."""
    cases = broken()[name]
    found = ajv(
        BUNDLED / f"{name}.schema.json",
        [good()[name], *(document for _, document in cases)],
        tmp_path,
    )
    assert [] == found[0]
    for (label, _), errors in zip(cases, found[1:], strict=True):
        assert errors, label


def test_ajv_cannot_compile_a_source_schema_alone(tmp_path):
    """Ajv, like the others, needs the bundle: the source fails to compile."""
    schema = _write(
        tmp_path, "catalog.json", lowback.schema("catalog", bundled=False)
    )
    found = ajv(schema, [good()["catalog"]], tmp_path)
    assert str(found[0]).startswith("crashed")
