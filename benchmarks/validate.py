"""
How fast is ``lowback validate`` next to check-jsonschema and the floor?

A catalog of 10,000 exercises (the built-in ones, copied with unique
ids) and a JSON Lines file of the same exercises as 10,000 exercise
documents are written to a temporary folder, with the shipped schemas.
Every command then runs as a fresh process, the commands alternating,
and the medians are compared:

- ``lowback validate``, the console script, which takes the fast path
  when orjson and jsonschema-rs are installed (``lowback[fast]``);
- the same with ``LOWBACK_REFERENCE=1``: the reference path, the one
  taken without the extra;
- ``check-jsonschema --schemafile`` with the same schema, when it is
  installed next to this interpreter (it is not a dependency; it does not
  read JSON Lines);
- the floor: a process that reads with orjson and calls jsonschema-rs
  ``is_valid`` with the same schemas, and does nothing else (no semantic
  rules, no problems located).

Before timing, every command must pass the valid files and fail a
broken copy (a hold of 45 s), so each one really checks.
Aims: with the extra, at least 15x faster than check-jsonschema and
within 1.5x of the floor; without it, no slower than check-jsonschema.
Run: ``python benchmarks/validate.py [--runs N] [--exercises N]``.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from _runner import medians

import lowback

FAST = "lowback validate"
REFERENCE = "LOWBACK_REFERENCE=1 lowback validate"
CHECK = "check-jsonschema --schemafile"
FLOOR = "floor: orjson + jsonschema-rs is_valid"

#: The console script, with the reference path forced before lowback
#: is imported.
_REFERENCE_CODE = (
    "import os, sys; os.environ['LOWBACK_REFERENCE'] = '1'; "
    "from lowback._cli import main; sys.exit(main())"
)
#: The floor: read with orjson, check with jsonschema-rs, nothing else.
#: Arguments: the schema folder, the schema file, the document file.
_FLOOR_CODE = """
import json, sys
from pathlib import Path
import jsonschema_rs, orjson
folder = Path(sys.argv[1])
schemas = [json.loads(p.read_text("utf-8")) for p in folder.glob("*.json")]
registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas])
schema = json.loads((folder / sys.argv[2]).read_text("utf-8"))
check = jsonschema_rs.validator_for(schema, registry=registry)
path = sys.argv[3]
if path.endswith(".jsonl"):
    with open(path, "rb") as lines:
        ok = all(check.is_valid(orjson.loads(l)) for l in lines if l.strip())
else:
    ok = check.is_valid(orjson.loads(Path(path).read_bytes()))
sys.exit(0 if ok else 1)
"""


def _catalog(count: int) -> dict[str, Any]:
    """
    Return a catalog document of *count* copies of the built-in
    exercises, each with an id of its own.
    """
    document = lowback.to_document(lowback.catalog())
    built_in = document["exercises"]
    exercises = []
    for n in range(count):
        exercise = copy.deepcopy(built_in[n % len(built_in)])
        exercise["id"] = f"{exercise['id']}-{n:05d}"
        exercises.append(exercise)
    return {**document, "exercises": exercises}


def _broken(document: dict[str, Any]) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    broken["exercises"] = broken["exercises"][:4]
    broken["exercises"][1]["dose"]["phases"][0]["hold"]["max"] = 45
    return broken


def _write_json(path: Path, document: object) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


def _write_lines(path: Path, catalog: dict[str, Any]) -> None:
    header = {"type": "exercise", "format_version": "1.0"}
    with path.open("w", encoding="utf-8") as out:
        for exercise in catalog["exercises"]:
            line = json.dumps({**header, **exercise}, ensure_ascii=False)
            out.write(line + "\n")


def _script(name: str) -> str | None:
    return shutil.which(name, path=str(Path(sys.executable).parent))


def _commands(
    folder: Path, document: Path, schema: str
) -> dict[str, list[str]]:
    schemas = folder / "schemas"
    lowback_script = _script("lowback")
    if lowback_script is None:
        raise SystemExit("lowback is not installed next to this interpreter")
    commands = {
        FAST: [lowback_script, "validate", str(document)],
        REFERENCE: [
            sys.executable,
            "-c",
            _REFERENCE_CODE,
            "validate",
            str(document),
        ],
    }
    check = _script("check-jsonschema")
    if check is not None and document.suffix == ".json":
        schema_file = schemas / schema
        # The $refs between the schemas are relative to their https $id;
        # the base URI makes check-jsonschema read them from the folder.
        commands[CHECK] = [
            check,
            "--schemafile",
            str(schema_file),
            "--base-uri",
            schema_file.as_uri(),
            str(document),
        ]
    commands[FLOOR] = [
        sys.executable,
        "-c",
        _FLOOR_CODE,
        str(schemas),
        schema,
        str(document),
    ]
    return commands


def _exit_code(command: list[str]) -> int:
    return subprocess.run(command, capture_output=True, check=False).returncode


def _check_they_check(
    valid: dict[str, list[str]], broken: dict[str, list[str]]
) -> None:
    for name, command in valid.items():
        if _exit_code(command) != 0:
            raise SystemExit(f"{name} does not pass the valid file")
        if _exit_code(broken[name]) == 0:
            raise SystemExit(f"{name} passes the broken file")


def _versions() -> str:
    names = ["orjson", "jsonschema-rs", "jsonschema", "check-jsonschema"]
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} not installed")
    return ", ".join(found)


def _report(title: str, median: dict[str, float]) -> None:
    print(f"\n{title}")
    for name, seconds in median.items():
        print(f"  {name:<42} {seconds:7.3f} s")
    fast, reference = median[FAST], median[REFERENCE]
    ratios = [("with the extra / floor", fast / median[FLOOR])]
    if CHECK in median:
        check = median[CHECK]
        ratios += [
            ("check-jsonschema / with the extra", check / fast),
            ("without the extra / check-jsonschema", reference / check),
        ]
    ratios.append(("without the extra / with the extra", reference / fast))
    for name, ratio in ratios:
        print(f"  {name:<42} {ratio:7.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--exercises", type=int, default=10_000)
    args = parser.parse_args()
    print(
        f"{args.runs} runs each, medians; {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"lowback {lowback.__version__}; {_versions()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "schemas").mkdir()
        for name in lowback.SCHEMA_NAMES:
            _write_json(
                folder / "schemas" / f"{name}.schema.json",
                lowback.schema(name),
            )
        catalog = _catalog(args.exercises)
        _write_json(folder / "catalog.json", catalog)
        _write_lines(folder / "exercises.jsonl", catalog)
        broken = _broken(catalog)
        _write_json(folder / "broken.json", broken)
        _write_lines(folder / "broken.jsonl", broken)
        for stem, schema in [
            ("catalog.json", "catalog.schema.json"),
            ("exercises.jsonl", "exercise.schema.json"),
        ]:
            document = folder / stem
            commands = _commands(folder, document, schema)
            broken_file = folder / ("broken" + document.suffix)
            _check_they_check(commands, _commands(folder, broken_file, schema))
            size = document.stat().st_size / 1e6
            _report(
                f"{stem}: {args.exercises} exercises, {size:.1f} MB",
                medians(commands, args.runs),
            )


if __name__ == "__main__":
    main()
