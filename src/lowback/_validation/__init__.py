"""
Validation: the validator's home.

- `_validate`: which engine runs, and what it is given;
- `_reference`: the reference engine, python-jsonschema and the rules;
- `_fast`: the fast engine, orjson and jsonschema-rs;
- `_translate`: schema errors as problems, one translator a keyword;
- `_files`: files, folders, globs and JSON Lines;
- `_jobs`: checking files in several processes, with the report of one.

The rules themselves are `lowback._rules`, which the model uses too, and
the schemas are data, in `lowback._schemas`.
lowback re-exports the public names below; import them from there.
"""

from ._files import (
    FileReport,
    check_file,
    expand,
    validate_line,
    validate_many,
)
from ._validate import (
    ENGINES,
    Engine,
    InputKind,
    check_reports,
    check_spec,
    check_value,
    read_and_validate,
    validate,
    validate_file,
    validate_text,
)

__all__ = [
    "ENGINES",
    "Engine",
    "FileReport",
    "InputKind",
    "check_file",
    "check_reports",
    "check_spec",
    "check_value",
    "expand",
    "read_and_validate",
    "validate",
    "validate_file",
    "validate_line",
    "validate_many",
    "validate_text",
]
