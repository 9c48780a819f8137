"""
`import lowback` stays light and the public API is tidy.
"""

from __future__ import annotations

import subprocess
import sys

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


def test_all_lists_exactly_the_public_names():
    """Every name in __all__ exists; no public name is left out of it."""
    public = {n for n in dir(lowback) if not n.startswith("_")}
    assert sorted(public) == sorted(
        n for n in lowback.__all__ if not n.startswith("_")
    )
    for name in lowback.__all__:
        assert hasattr(lowback, name)


def test_every_error_is_a_lowback_error():
    """One exception family, each also the builtin a caller expects."""
    pairs = {
        lowback.ContentError: ValueError,
        lowback.InvalidValueError: ValueError,
        lowback.DuplicateIdError: ValueError,
        lowback.UnknownExerciseError: KeyError,
        lowback.FileReadError: OSError,
    }
    for error, builtin in pairs.items():
        assert issubclass(error, lowback.LowbackError)
        assert issubclass(error, builtin)
