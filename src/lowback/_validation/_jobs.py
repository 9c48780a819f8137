"""
Checking files in several processes, with the report of one.

The files are cut into pieces: a file whole, or a stretch of a large
JSON Lines file. Pieces go to worker processes in batches, a few ahead
of the one awaited, and come back in order, so a report is the same
whatever the number of processes, and the parent holds no more than the
problems of the batches in flight and of the file being put together.
One process checks the pieces itself, with no pool; the standard
library's pool is imported only when one is started.
"""

from __future__ import annotations

import collections
import os
import signal
import sys
from typing import TYPE_CHECKING, Final

import attrs

from .._errors import FileReadError
from .._json import MAX_BYTES, MAX_DEPTH
from ._files import FileReport, Lines, check_file, lines_report, scan_lines
from ._validate import Engine, InputKind, checked_kind, is_fast

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator, Sequence
    from concurrent.futures import Future, ProcessPoolExecutor

#: Most worker processes a check takes.
MAX_JOBS: Final = 256
#: A JSON Lines file larger than this is cut into stretches this long,
#: and small files go to a worker together up to about this many bytes.
CHUNK_BYTES = 4 * 2**20
#: Most files that go to a worker together.
BATCH_FILES = 64
#: What opening and reading a file costs, as bytes of a document.
FILE_BYTES = 4096
#: Batches sent ahead for each worker, so that none waits for work.
AHEAD = 2

#: What checking one piece gives.
Outcome = FileReport | Lines | FileReadError


def usable_cores() -> int:
    """
    The number of cores this process may run on, at most `MAX_JOBS`.
    """
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counter is not None:
        cores = counter()
    else:
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:  # not on every system
            cores = os.cpu_count()
    return max(1, min(cores or 1, MAX_JOBS))


class WorkerCrashedError(Exception):
    """
    A worker process stopped before it gave back its work.
    """


@attrs.frozen
class Piece:
    """
    One file whole, or a stretch of a JSON Lines file.

    The stretch is from byte *start* to before byte *end* (the file's
    end when None).
    """

    file: str
    size: int
    start: int = 0
    end: int | None = None
    stretch: bool = False
    last: bool = True


@attrs.frozen
class Limits:
    """
    What every piece is checked with.

    The engine is "fast" or "reference", settled once for the check.
    """

    max_bytes: int
    max_depth: int
    engine: Engine
    kind: InputKind | None = None


@attrs.frozen
class Step:
    """
    One piece checked: its bytes and its documents.

    When it was the last piece of its file, the file's report or the
    error reading it.
    """

    size: int
    documents: int
    result: FileReport | FileReadError | None


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size  # noqa: PTH116
    except OSError:
        return 0  # checking it will say why


def cut(files: Sequence[str], chunk: int | None = None) -> list[Piece]:
    """
    Cut *files* into pieces, in order.

    JSON Lines files larger than *chunk* bytes (`CHUNK_BYTES` when None)
    are cut into stretches of *chunk* bytes; other files are whole.
    """
    chunk = chunk or CHUNK_BYTES
    pieces = []
    for path in files:
        size = _size(path)
        if not path.endswith(".jsonl") or size <= chunk:
            pieces.append(Piece(path, size))
            continue
        starts = range(0, size, chunk)
        pieces += [
            Piece(
                path,
                min(chunk, size - start),
                start,
                start + chunk if start + chunk < size else None,
                stretch=True,
                last=start + chunk >= size,
            )
            for start in starts
        ]
    return pieces


def _batches(pieces: Sequence[Piece], chunk: int) -> list[tuple[Piece, ...]]:
    """
    Group whole files, up to *chunk* bytes or `BATCH_FILES` files.

    A stretch goes alone.
    """
    batches: list[tuple[Piece, ...]] = []
    group: list[Piece] = []
    size = 0
    for piece in pieces:
        if group and (
            piece.stretch
            or size + piece.size > chunk
            or len(group) >= BATCH_FILES
        ):
            batches.append(tuple(group))
            group, size = [], 0
        group.append(piece)
        size += piece.size
        if piece.stretch:
            batches.append(tuple(group))
            group, size = [], 0
    if group:
        batches.append(tuple(group))
    return batches


def check_pieces(pieces: tuple[Piece, ...], limits: Limits) -> list[Outcome]:
    """
    Check *pieces* in turn; what a worker process runs.
    """
    found: list[Outcome] = []
    for piece in pieces:
        try:
            if piece.stretch:
                found.append(
                    scan_lines(
                        piece.file,
                        start=piece.start,
                        end=piece.end,
                        max_bytes=limits.max_bytes,
                        max_depth=limits.max_depth,
                        engine=limits.engine,
                        kind=limits.kind,
                    )
                )
            else:
                found.append(
                    check_file(
                        piece.file,
                        max_bytes=limits.max_bytes,
                        max_depth=limits.max_depth,
                        engine=limits.engine,
                        kind=limits.kind,
                    )
                )
        except FileReadError as e:
            found.append(e)
    return found


def run(  # noqa: PLR0913 - all but one keyword-only
    pieces: Sequence[Piece],
    *,
    jobs: int = 1,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    engine: Engine = "auto",
    kind: InputKind | None = None,
    chunk: int | None = None,
    start_method: str | None = None,
) -> Generator[Step]:
    """
    Check *pieces* in *jobs* processes; one `Step` a piece, in order.

    Close the iterator to stop early: the pool, if any, stops with it.

    Raises:
        WorkerCrashedError: If a worker process stopped unexpectedly.
    """
    limits = Limits(
        max_bytes,
        max_depth,
        "fast" if is_fast(engine) else "reference",
        checked_kind(kind),
    )
    chunk = chunk or CHUNK_BYTES
    batches = _batches(pieces, chunk)
    found: Generator[list[Outcome]]
    # Starting workers is worth it from about a stretch of work on.
    work = sum(p.size + (0 if p.stretch else FILE_BYTES) for p in pieces)
    if jobs > 1 and len(batches) > 1 and work > chunk:
        found = _pooled(batches, min(jobs, len(batches)), limits, start_method)
    else:
        found = (check_pieces(batch, limits) for batch in batches)
    try:
        yield from _steps(zip(batches, found, strict=True))
    finally:
        found.close()


def _steps(
    found: Iterator[tuple[tuple[Piece, ...], list[Outcome]]],
) -> Iterator[Step]:
    """
    One `Step` a piece, with its file's report once the file is whole.
    """
    parts: list[Lines] = []
    error: FileReadError | None = None
    for batch, outcomes in found:
        for piece, outcome in zip(batch, outcomes, strict=True):
            documents = 0
            if isinstance(outcome, FileReadError):
                error = error or outcome
            else:
                documents = outcome.documents
                if isinstance(outcome, Lines):
                    parts.append(outcome)
            result: FileReport | FileReadError | None = None
            if piece.last:
                if error is not None:
                    result = error
                elif piece.stretch:
                    result = lines_report(piece.file, parts)
                elif isinstance(outcome, FileReport):
                    result = outcome
                parts, error = [], None
            yield Step(piece.size, documents, result)


def _ignore_interrupts() -> None:
    """
    Leave Ctrl-C to the parent, which stops the workers itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start_method() -> str | None:
    # fork starts workers at once, with lowback loaded; the parent has no
    # other thread then. Elsewhere, the platform's own way.
    return "fork" if sys.platform == "linux" else None


def _pooled(  # long: a pool's life, start to stop, in one place
    batches: list[tuple[Piece, ...]],
    jobs: int,
    limits: Limits,
    start_method: str | None,
) -> Generator[list[Outcome]]:
    """
    Check *batches* in a pool of *jobs* processes.

    Give what each batch found, in order.
    """
    import multiprocessing  # noqa: PLC0415 - only a pool needs these
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415
    from concurrent.futures.process import (  # noqa: PLC0415
        BrokenProcessPool,
    )

    context = multiprocessing.get_context(start_method or _start_method())
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_ignore_interrupts
    )
    todo = iter(batches)
    pending: collections.deque[Future[list[Outcome]]] = collections.deque()
    done = False
    try:
        # The workers start now, and must not see a Ctrl-C as they do.
        previous = _interrupts(signal.SIG_IGN)
        try:
            for batch in todo:
                pending.append(pool.submit(check_pieces, batch, limits))
                if len(pending) >= jobs * AHEAD:
                    break
        finally:
            _interrupts(previous)
        while pending:
            found = pending.popleft().result()
            for batch in todo:
                pending.append(pool.submit(check_pieces, batch, limits))
                break
            yield found
        done = True
    except BrokenProcessPool as e:
        raise WorkerCrashedError(str(e)) from None
    finally:
        _stop(pool, pending, finished=done)


def _interrupts(handler: object) -> object:
    """
    Set how SIGINT is handled, where this thread may; return how it was.
    """
    try:
        return signal.signal(signal.SIGINT, handler)  # type: ignore[arg-type]
    except ValueError:  # not the main thread: leave it be
        return handler


def _stop(
    pool: ProcessPoolExecutor,
    pending: collections.deque[Future[list[Outcome]]],
    *,
    finished: bool,
) -> None:
    """
    Stop *pool* and wait for it.

    When the check did not finish, its workers are ended first, so that
    an interrupt or an early stop waits for no work; the pool's own
    thread then reaps them.
    """
    if not finished:
        for future in pending:
            future.cancel()
        terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
        if terminate is not None:
            terminate()
        else:
            processes = getattr(pool, "_processes", None) or {}
            for process in list(processes.values()):
                process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
