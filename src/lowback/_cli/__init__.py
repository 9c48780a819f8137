"""
The ``lowback`` command.

Parse, call the library, print; exit 0 when all is well, 1 when content
has problems (a file, a spec, a dose, a report), 2 for usage and I/O
errors (a bad option, a missing file, a file that cannot be written, an
unknown id on the command line).
Every error is one line on stderr, never a traceback.

- `_parser`: the commands and options;
- `_commands`: what each command does;
- `_reporters`: ``lowback validate`` and how it shows what it finds.
"""

from __future__ import annotations

import io
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
        return _run(build().parse_args(argv))
    except UsageError as e:
        print(f"lowback: error: {e}", file=sys.stderr)
        return USAGE
    except ContentError as e:
        print(f"lowback: error: invalid content: {e}", file=sys.stderr)
        return PROBLEMS
    except (InvalidValueError, DuplicateIdError) as e:
        # A dose outside what an exercise allows, a report past the plan,
        # clashing ids: problems with content, like those above.
        print(f"lowback: error: {e}", file=sys.stderr)
        return PROBLEMS
    except LowbackError as e:
        print(f"lowback: error: {e}", file=sys.stderr)
        return USAGE
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away; nothing more to say
        return OK
    except KeyboardInterrupt:
        print("lowback: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - the last line of defence
        print(
            f"lowback: internal error: {type(e).__name__}: {e} "
            "(please report this as a bug)",
            file=sys.stderr,
        )
        return USAGE


__all__ = ["main"]
