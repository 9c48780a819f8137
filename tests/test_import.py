"""
`import lowback` stays light and the public API is tidy.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import pytest

import lowback


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"{code}\nimport sys\nprint('\\n'.join(sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_import_does_not_load_jsonschema():
    """jsonschema, referencing and cattrs load on first use, not on import."""
    loaded = _modules_after("import lowback")
    assert set() == {
        m
        for m in loaded
        if m.split(".")[0] in {"jsonschema", "referencing", "rpds", "cattrs"}
    }


def test_validation_loads_jsonschema():
    """The check above can fail: validating does bring jsonschema in."""
    loaded = _modules_after(
        'import lowback\nlowback.validate({"type": "exercise", "format_version": "1.0"})'
    )
    assert "jsonschema" in loaded


_PUBLIC = (
    "import importlib, sys\n"
    "module = importlib.import_module(sys.argv[1])\n"
    "for name in getattr(module, 'LOAD', ()):\n"
    "    importlib.import_module(name)\n"
    "for name in getattr(module, '__all__', ()):\n"
    "    getattr(module, name)\n"
    "print(' '.join(sorted(n for n in vars(module) if not n.startswith('_'))))"
)


def _public_names(module: str) -> list[str]:
    """
    The public names a module holds once everything lowback has is
    loaded (the CLI, the exports, the importers) and every name of its
    ``__all__`` asked for, in a fresh process.
    """
    loads = "lowback._cli._commands lowback.exports lowback.importers"
    code = _PUBLIC.replace("getattr(module, 'LOAD', ())", f"{loads.split()!r}")
    out = subprocess.run(
        [sys.executable, "-c", code, module],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()


def test_all_lists_exactly_the_public_names():
    """
    The package's public names, with every room of it loaded, are
    exactly __all__: no folder or helper leaks into the namespace, and
    each name of __all__ exists.
    """
    expected = sorted(n for n in lowback.__all__ if not n.startswith("_"))
    assert expected == _public_names("lowback")
    assert sorted({*lowback.__all__, *dir(lowback)} - set(dir(lowback))) == []
    for name in lowback.__all__:
        assert getattr(lowback, name) is not None


def test_the_public_name_check_sees_a_leak(tmp_path, monkeypatch):
    """The check above can fail: a module with a stray public name is caught."""
    (tmp_path / "leaky.py").write_text(
        "import json\n__all__ = ['dumps']\ndumps = json.dumps\n"
    )
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    names = subprocess.run(
        [
            sys.executable,
            "-c",
            _PUBLIC.replace("getattr(module, 'LOAD', ())", "()"),
            "leaky",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert ["dumps", "json"] == names


@pytest.mark.parametrize("name", ["exports", "importers"])
def test_submodules_load_on_first_use(name):
    """lowback.exports and lowback.importers load when first asked for, not on import."""
    loaded = _modules_after("import lowback")
    assert f"lowback.{name}" not in loaded
    loaded = _modules_after(f"import lowback\nlowback.{name}")
    assert f"lowback.{name}" in loaded


def test_every_error_is_a_lowback_error():
    """One exception family, each also the builtin a caller expects."""
    pairs = {
        lowback.ContentError: ValueError,
        lowback.InvalidValueError: ValueError,
        lowback.DuplicateIdError: ValueError,
        lowback.UnknownExerciseError: KeyError,
        lowback.UnknownDayError: IndexError,
        lowback.FileReadError: OSError,
        lowback.FileWriteError: OSError,
    }
    for error, builtin in pairs.items():
        assert issubclass(error, lowback.LowbackError)
        assert issubclass(error, builtin)


_REPORT = lowback.Report(
    (
        lowback.Problem(
            pointer="/id", code="not-a-slug", message="no", line=2, column=3
        ),
    )
)


_ERRORS = [
    lowback.ContentError(_REPORT),
    lowback.InvalidValueError("hold", 45, "hold: 45 is outside 5 to 30"),
    lowback.UnknownExerciseError("bridgee", ["bridge"]),
    lowback.UnknownDayError(9, 7),
    lowback.DuplicateIdError("bridge", "catalog 'a'", "catalog 'b'"),
    lowback.FileReadError("x.json", "No such file or directory"),
    lowback.FileWriteError("out/x.json", "Permission denied"),
]


@pytest.mark.parametrize("error", _ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_survives_pickle(error):
    """
    Each error of the family comes back from pickle as the same class,
    with the same message and attributes, so it crosses processes.
    """
    back = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert type(error) is type(back)
    assert str(error) == str(back)
    assert vars(error) == vars(back)


def test_every_public_error_is_in_the_pickle_test():
    """No error class of lowback is left out of the test above."""
    errors = {
        getattr(lowback, n)
        for n in lowback.__all__
        if isinstance(getattr(lowback, n), type)
        and issubclass(getattr(lowback, n), lowback.LowbackError)
    }
    tested = {type(e) for e in _ERRORS}
    assert errors - {lowback.LowbackError} == tested


def test_import_builds_no_model_class():
    """
    `import lowback` loads the errors and the schemas' names only; the
    model loads the first time one of its names is used.
    """
    loaded = _modules_after("import lowback")
    assert {"lowback._model", "lowback._dose"}.isdisjoint(loaded)
    loaded = _modules_after("import lowback\nlowback.Exercise")
    assert {"lowback._model", "lowback._dose"} <= loaded


@pytest.mark.parametrize(
    ("kind", "model"),
    [("exercise", False), ("catalog", False), ("plan", True)],
)
def test_validate_builds_the_model_for_plans_only(tmp_path, kind, model):
    """
    ``lowback validate`` of a valid exercise or catalog builds no model
    class, so it starts sooner; a plan's own rule needs the model, and
    the plan loads it (which shows the check can fail).
    """
    catalog = lowback.catalog()
    document = {
        "exercise": lowback.to_document(catalog.exercises[0]),
        "catalog": lowback.to_document(catalog),
        "plan": lowback.to_document(
            lowback.plan(lowback.leaflet_routine(), 3)
        ),
    }[kind]
    path = tmp_path / "document.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    loaded = _modules_after(
        "import sys\nfrom lowback._cli import main\n"
        f"assert main(['validate', '-q', {str(path)!r}]) == 0"
    )
    assert ("lowback._model" in loaded) is model
