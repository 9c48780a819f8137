"""
The one exception family of lowback.

Every error the library raises on purpose is a `LowbackError`.
Subclasses also inherit the builtin exception a caller would expect,
so ``except ValueError``, ``except KeyError`` and ``except OSError`` keep
working.
Every error survives a trip through `pickle`, so it crosses process
boundaries (multiprocessing, Dask) whole: each keeps the arguments it
was made from and is made again from them.
This module imports nothing from lowback but, for types, `Report`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ._problems import Report


class LowbackError(Exception):
    """
    Root of every exception lowback raises on purpose.
    """

    #: The arguments the error was made from, in order, for pickling.
    _made_from: tuple[Any, ...] = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self._made_from)


class ContentError(LowbackError, ValueError):
    """
    Content was loaded or built and is not valid.

    Attributes:
        report: The `Report` with every problem found, each with a JSON
            Pointer, a stable code and a sentence.
    """

    report: Report

    def __init__(self, report: Report) -> None:
        self.report = report
        self._made_from = (report,)
        super().__init__(report.summary())


class InvalidValueError(LowbackError, ValueError):
    """
    A model object or a function was given a value it does not allow.

    Raised when content is built in Python with a bad value, for example
    a hold of 45 seconds, a range whose minimum is above its maximum, an
    id that is not a lowercase slug, ``True`` where a number belongs, or
    a value of the wrong type anywhere in the public API.
    The message names the field, what is allowed and what was given.

    Attributes:
        field: The name of the offending field or argument.
        value: The value that was given.
    """

    field: str
    value: object

    def __init__(self, field: str, value: object, message: str) -> None:
        self.field = field
        self.value = value
        self._made_from = (field, value, message)
        super().__init__(message)


class UnknownExerciseError(LowbackError, KeyError):
    """
    No exercise with that id is in the catalog.

    Attributes:
        exercise_id: The id that was asked for.
        suggestions: Ids of the catalog that are close to it, best first.
    """

    exercise_id: str
    suggestions: tuple[str, ...]

    def __init__(self, exercise_id: str, suggestions: Sequence[str]) -> None:
        self.exercise_id = exercise_id
        self.suggestions = tuple(suggestions)
        self._made_from = (exercise_id, self.suggestions)
        super().__init__(exercise_id)

    def __str__(self) -> str:
        msg = f"no exercise with id {self.exercise_id!r} in the catalog"
        if self.suggestions:
            close = ", ".join(repr(s) for s in self.suggestions)
            msg += f"; did you mean {close}?"
        return msg


def unknown_exercise(
    exercise_id: object, known: Sequence[str]
) -> UnknownExerciseError:
    """
    Return the error for an id that is not among *known*, with close ids.
    """
    return UnknownExerciseError(str(exercise_id), close_to(exercise_id, known))


def close_to(
    word: object, known: Iterable[str], cutoff: float = 0.5
) -> list[str]:
    """
    Return the few of *known* that *word* may be a misspelling of.

    This is lowback's one "did you mean": for ids, fields and types.
    *cutoff* is how alike they must be, from 0 to 1 (``difflib``).
    """
    import difflib  # noqa: PLC0415 - only on a miss; keeps import light

    text = str(word)
    if len(text) > _SPELLING_MAX:
        return []  # no misspelling: and comparing would take long
    return difflib.get_close_matches(text, list(known), n=3, cutoff=cutoff)


#: Longer words are not taken for a misspelling of an id, field or type.
_SPELLING_MAX = 100


def did_you_mean(word: object, known: Iterable[str]) -> str:
    """
    Return ``"; did you mean 'licence'?"`` for the closest of *known*.

    Nothing when none is close.
    """
    close = close_to(word, known)
    return f"; did you mean {close[0]!r}?" if close else ""


class UnknownDayError(LowbackError, IndexError):
    """
    A plan was asked for a day it does not have.

    Attributes:
        day: The day asked for.
        days: How many days the plan has.
    """

    day: int
    days: int

    def __init__(self, day: int, days: int) -> None:
        self.day = day
        self.days = days
        self._made_from = (day, days)
        super().__init__(f"day {day} is not in the plan's {days} days")


class DuplicateIdError(LowbackError, ValueError):
    """
    Two pieces of content with the same id were put together.

    Attributes:
        id: The id that clashes.
        first: Where the first one came from (a catalog id or a file).
        second: Where the second one came from.
    """

    id: str
    first: str
    second: str

    def __init__(self, id: str, first: str, second: str) -> None:  # noqa: A002
        self.id = id
        self.first = first
        self.second = second
        self._made_from = (id, first, second)
        super().__init__(
            f"id {id!r} is in both {first} and {second}; "
            "rename one of them or drop it before merging"
        )


class _FileError(LowbackError, OSError):
    """
    A file could not be read or written.

    Attributes:
        path: The path as given.
        reason: Why, in a few words.
    """

    #: What could not be done to the file: read or write.
    verb: ClassVar[str]
    path: str
    reason: str

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        self._made_from = (path, reason)
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"cannot {self.verb} {self.path}: {self.reason}"


class FileReadError(_FileError):
    """
    A file could not be read: missing, a directory, or not permitted.

    Attributes:
        path: The path as given.
        reason: Why, in a few words.
    """

    verb = "read"


class FileWriteError(_FileError):
    """
    A file could not be written: no such folder, no space, no permission.

    Nothing is left behind: lowback writes to a temporary file beside the
    target and moves it into place only once it is complete.

    Attributes:
        path: The path as given.
        reason: Why, in a few words.
    """

    verb = "write"
