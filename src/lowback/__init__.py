"""
lowback: typed, validated exercise content for relieving lower back pain.

Everything public is importable from here; the underscored modules are
private.
"""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from ._catalog import Catalog, catalog, load_catalogs
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
from ._version import __version__

if _TYPE_CHECKING:
    from ._builder import RoutineBuilder, leaflet_routine
    from ._converter import FORMAT_VERSION
    from ._export import to_fhir, to_ics, to_jsonld
    from ._files import FileReport, validate_many
    from ._handout import HANDOUT_FORMATS, handout
    from ._importers import SOURCES as IMPORT_SOURCES
    from ._importers import Draft, import_path, import_records
    from ._load import dumps, from_json, load, loads, to_json
    from ._plan import (
        Change,
        PainReport,
        PainRule,
        Plan,
        PlanDay,
        PlanEntry,
        Status,
        plan,
    )
    from ._routine import Cue, CueKind, Rest, Routine, RoutineItem
    from ._schema import SCHEMA_NAMES, schema
    from ._svg import progression_chart, timeline_strip
    from ._validate import validate, validate_file, validate_text

# Routines, plans, loading, writing and validating pull in more classes,
# the JSON reader, the converter and (on first use) cattrs and
# jsonschema: they are imported when first asked for, which keeps
# ``import lowback`` light.
_LAZY = {
    "HANDOUT_FORMATS": "_handout",
    "handout": "_handout",
    "progression_chart": "_svg",
    "timeline_strip": "_svg",
    "to_fhir": "_export",
    "to_ics": "_export",
    "to_jsonld": "_export",
    "Draft": "_importers",
    "import_path": "_importers",
    "import_records": "_importers",
    "FileReport": "_files",
    "validate_many": "_files",
    "RoutineBuilder": "_builder",
    "leaflet_routine": "_builder",
    "Change": "_plan",
    "PainReport": "_plan",
    "PainRule": "_plan",
    "Plan": "_plan",
    "PlanDay": "_plan",
    "PlanEntry": "_plan",
    "Status": "_plan",
    "plan": "_plan",
    "Cue": "_routine",
    "CueKind": "_routine",
    "Rest": "_routine",
    "Routine": "_routine",
    "RoutineItem": "_routine",
    "FORMAT_VERSION": "_converter",
    "dumps": "_load",
    "from_json": "_load",
    "load": "_load",
    "loads": "_load",
    "to_json": "_load",
    "SCHEMA_NAMES": "_schema",
    "schema": "_schema",
    "validate": "_validate",
    "validate_file": "_validate",
    "validate_text": "_validate",
}


def __getattr__(name: str) -> _Any:  # noqa: ANN401
    if name == "IMPORT_SOURCES":
        from ._importers import SOURCES  # noqa: PLC0415

        return SOURCES
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'lowback' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(_import_module(f"lowback.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "FORMAT_VERSION",
    "HANDOUT_FORMATS",
    "HOLD_MAX_SECONDS",
    "HOLD_MIN_SECONDS",
    "IMPORT_SOURCES",
    "REPETITIONS_MAX",
    "SCHEMA_NAMES",
    "SETS_MAX",
    "AddRepetitions",
    "Catalog",
    "Change",
    "ChosenDose",
    "ContentError",
    "Cue",
    "CueKind",
    "Dose",
    "Draft",
    "DuplicateIdError",
    "Every",
    "Exercise",
    "ExerciseKind",
    "FileReadError",
    "FileReport",
    "HoldSteady",
    "InvalidValueError",
    "LibraryDefault",
    "LowbackError",
    "NoticeKind",
    "PainReport",
    "PainRule",
    "Phase",
    "Plan",
    "PlanDay",
    "PlanEntry",
    "Position",
    "Problem",
    "Progression",
    "Provenance",
    "RaiseHold",
    "Range",
    "Report",
    "Rest",
    "Routine",
    "RoutineBuilder",
    "RoutineItem",
    "SafetyNotice",
    "Side",
    "Status",
    "Step",
    "StepRole",
    "ThroughRange",
    "UnknownExerciseError",
    "__version__",
    "catalog",
    "dumps",
    "from_json",
    "handout",
    "import_path",
    "import_records",
    "leaflet_routine",
    "load",
    "load_catalogs",
    "loads",
    "plan",
    "progression_chart",
    "schema",
    "timeline_strip",
    "to_fhir",
    "to_ics",
    "to_json",
    "to_jsonld",
    "validate",
    "validate_file",
    "validate_many",
    "validate_text",
]
