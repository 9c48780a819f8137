"""
The ``lowback`` command.

Parse, call the library, print; exit 0 when all is well, 1 when content
has problems (a file, a spec, a dose, a report), 2 for usage and I/O
errors (a bad option, a missing file, a file that cannot be written, an
unknown id on the command line, standard output that cannot be written)
and 141 when the reader of standard output went away (as ``head``
does), as a program that SIGPIPE ends: never 0 for a run that did not
finish.
Every error is one line on stderr, never a traceback.

- `_parser`: the commands and options;
- `_commands`: what each command does;
- `_reporters`: ``lowback validate`` and how it shows what it finds.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING

from .._errors import (
    ContentError,
    DuplicateIdError,
    InvalidValueError,
    LowbackError,
)
from ._parser import UsageError, build

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

OK, PROBLEMS, USAGE = 0, 1, 2
#: The status of a run whose reader went away: 128 + SIGPIPE, as a shell
#: reports a program that the signal ended.
BROKEN_PIPE = 141


def _run(args: argparse.Namespace) -> int:
    """
    Run the command the parsed command line names; return its status.

    The commands are imported only once the command line parses, so that
    --help and usage errors stay quick; validate, the command CI runs on
    every file, loads none of the outputs.
    """
    if args.command == "validate":
        from ._reporters import validate_command  # noqa: PLC0415

        return validate_command(args)
    from ._commands import run  # noqa: PLC0415

    return run(args)


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the ``lowback`` command and return its exit status.
    """
    for stream in (sys.stdout, sys.stderr):
        # Text from a document may hold a lone surrogate; print it as an
        # escape (valid in JSON output too) rather than fail.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        parser = build()
        if not (sys.argv[1:] if argv is None else argv):
            # No command: the help, as the user asked what there is.
            parser.print_help()
            sys.stdout.flush()
            return OK
        status = _run(parser.parse_args(argv))
        sys.stdout.flush()  # a full disk shows here, not at exit
    except KeyboardInterrupt:
        print("lowback: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - every error is one line
        return _failed(e)
    return status


def _failed(error: Exception) -> int:
    """
    Say what went wrong in one line on stderr; return the exit status.
    """
    if isinstance(error, BrokenPipeError):
        # The reader went away: nothing more to say, and the run did not
        # finish, so a pipeline with pipefail fails.
        _drop_stdout()
        return BROKEN_PIPE
    status, said = USAGE, f"{error}"
    if isinstance(error, ContentError):
        # Every problem, one a line, so that one run shows them all.
        status, said = (
            PROBLEMS,
            "\nlowback: error: ".join(
                f"invalid content: {p}" for p in error.report.problems
            )
            or f"invalid content: {error}",
        )
    elif isinstance(error, (InvalidValueError, DuplicateIdError)):
        # A dose outside what an exercise allows, a report past the plan,
        # clashing ids: problems with content, like those above.
        status = PROBLEMS
    elif isinstance(error, (UsageError, LowbackError)):
        pass
    elif isinstance(error, OSError):
        # Writing standard output failed (a full disk, say).
        _drop_stdout()
        said = f"cannot write the output: {error.strerror or 'OSError'}"
    else:  # the last line of defence
        said = f"{type(error).__name__}: {error} (please report this as a bug)"
        print(f"lowback: internal error: {said}", file=sys.stderr)
        return status
    print(f"lowback: error: {said}", file=sys.stderr)
    return status


def _drop_stdout() -> None:
    """
    Point standard output at the null device, dropping what is unsent.

    Python flushes standard output at exit; after a failed write that
    would fail again and print a traceback-like warning.
    """
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no file descriptor: nothing to drop
        pass


__all__ = ["main"]
