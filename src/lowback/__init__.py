"""
lowback: typed, validated exercise content for relieving lower back pain.

Everything public is importable from here; the underscored modules are
private.
"""

from ._catalog import Catalog, catalog, load_catalogs
from ._converter import FORMAT_VERSION
from ._dose import (
    HOLD_MAX_SECONDS,
    HOLD_MIN_SECONDS,
    REPETITIONS_MAX,
    SETS_MAX,
    ChosenDose,
    Dose,
    Phase,
    Range,
    Side,
)
from ._errors import (
    ContentError,
    DuplicateIdError,
    FileReadError,
    InvalidValueError,
    LowbackError,
    UnknownExerciseError,
)
from ._load import dumps, from_json, load, loads, to_json
from ._model import (
    Exercise,
    ExerciseKind,
    LibraryDefault,
    NoticeKind,
    Position,
    Provenance,
    SafetyNotice,
    Step,
    StepRole,
)
from ._report import Problem, Report
from ._rules import (
    AddRepetitions,
    Every,
    HoldSteady,
    Progression,
    RaiseHold,
    ThroughRange,
)
from ._schema import SCHEMA_NAMES, schema
from ._validate import validate, validate_file, validate_text
from ._version import __version__

__all__ = [
    "FORMAT_VERSION",
    "HOLD_MAX_SECONDS",
    "HOLD_MIN_SECONDS",
    "REPETITIONS_MAX",
    "SCHEMA_NAMES",
    "SETS_MAX",
    "AddRepetitions",
    "Catalog",
    "ChosenDose",
    "ContentError",
    "Dose",
    "DuplicateIdError",
    "Every",
    "Exercise",
    "ExerciseKind",
    "FileReadError",
    "HoldSteady",
    "InvalidValueError",
    "LibraryDefault",
    "LowbackError",
    "NoticeKind",
    "Phase",
    "Position",
    "Problem",
    "Progression",
    "Provenance",
    "RaiseHold",
    "Range",
    "Report",
    "SafetyNotice",
    "Side",
    "Step",
    "StepRole",
    "ThroughRange",
    "UnknownExerciseError",
    "__version__",
    "catalog",
    "dumps",
    "from_json",
    "load",
    "load_catalogs",
    "loads",
    "schema",
    "to_json",
    "validate",
    "validate_file",
    "validate_text",
]
