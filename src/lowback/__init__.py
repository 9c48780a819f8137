"""
lowback: typed, validated exercise content for relieving lower back pain.

Everything public is importable from here, and listed in ``__all__``;
the exports and the importers are the submodules `lowback.exports` and
`lowback.importers`, loaded on first use.
The underscored modules and folders (``_validation``, ``_render``,
``_cli``, ...) are lowback's own rooms, not API.
"""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from ._errors import (
    ContentError,
    DuplicateIdError,
    FileReadError,
    FileWriteError,
    InvalidValueError,
    LowbackError,
    UnknownDayError,
    UnknownExerciseError,
)
from ._schemas import FORMAT_VERSION, INPUT_KINDS, SCHEMA_NAMES, schema
from ._version import __version__

if _TYPE_CHECKING:
    from . import exports, importers
    from ._builder import RoutineBuilder, leaflet_routine
    from ._catalog import Catalog
    from ._content import catalog, load_catalogs
    from ._documents import (
        dumps,
        from_document,
        from_value,
        load,
        loads,
        to_document,
    )
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
    from ._pain import Change, PainReport, PainRule
    from ._plan import Plan, PlanDay, PlanEntry, Status, plan
    from ._problems import Problem, Report
    from ._progression import (
        AddRepetitions,
        Every,
        HoldSteady,
        Progression,
        RaiseHold,
        ThroughRange,
    )
    from ._render._handout import HANDOUT_FORMATS, HandoutFormat, handout
    from ._render._session import session_page
    from ._render._svg import progression_chart, timeline_strip
    from ._routine import (
        MOVEMENT_SECONDS,
        Cue,
        CueKind,
        Rest,
        Routine,
        RoutineItem,
    )
    from ._validation import (
        ENGINES,
        Engine,
        FileReport,
        InputKind,
        validate,
        validate_file,
        validate_line,
        validate_many,
        validate_text,
    )

#: The rooms loaded on first use, each standing on the ones before it:
#: problems, the model (doses, progressions, exercises, catalogs),
#: routines, pain reports, plans, validation, documents, the built-in
#: content and the builder, then rendering. ``import lowback`` loads
#: only the errors and the schemas' names, so that a command such as
#: ``lowback validate`` pays for no room it does not use.
_ROOMS = (
    "_problems",
    "_dose",
    "_progression",
    "_model",
    "_catalog",
    "_routine",
    "_pain",
    "_plan",
    "_validation",
    "_documents",
    "_content",
    "_builder",
    "_render._svg",
    "_render._handout",
    "_render._session",
)
#: The public submodules, loaded on first use too.
_SUBMODULES = frozenset({"exports", "importers"})


def __getattr__(name: str) -> _Any:  # noqa: ANN401
    if name in _SUBMODULES:
        return _import_module(f"{__name__}.{name}")
    if name in __all__:
        for room in _ROOMS:
            module = _import_module(f"{__name__}.{room}")
            if name in module.__all__:
                value = getattr(module, name)
                globals()[name] = value
                return value
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "ENGINES",
    "FORMAT_VERSION",
    "HANDOUT_FORMATS",
    "HOLD_MAX_SECONDS",
    "HOLD_MIN_SECONDS",
    "INPUT_KINDS",
    "MOVEMENT_SECONDS",
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
    "DuplicateIdError",
    "Engine",
    "Every",
    "Exercise",
    "ExerciseKind",
    "FileReadError",
    "FileReport",
    "FileWriteError",
    "HandoutFormat",
    "HoldSteady",
    "InputKind",
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
    "UnknownDayError",
    "UnknownExerciseError",
    "__version__",
    "catalog",
    "dumps",
    "exports",
    "from_document",
    "from_value",
    "handout",
    "importers",
    "leaflet_routine",
    "load",
    "load_catalogs",
    "loads",
    "plan",
    "progression_chart",
    "schema",
    "session_page",
    "timeline_strip",
    "to_document",
    "validate",
    "validate_file",
    "validate_line",
    "validate_many",
    "validate_text",
]
