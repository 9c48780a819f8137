"""
Run the Python examples of the documentation as tests, with Sybil.

Every ```python block in ``docs/*.md`` and ``README.md`` is a test.
So is every ```pycon block: a session typed at the Python prompt, run
as a doctest, so the output it shows after each ``>>>`` line must be
exactly what Python prints.
The blocks of one file run in order and share one namespace, so a later
block can use what an earlier one defined.
Each file runs in a fresh temporary directory of its own, so examples can
write and read files by relative names without touching the checkout.
That directory holds the files the page's console sessions show with
``$ cat NAME``, so the Python examples can use them as a reader who
follows the page would.
A ``% skip: next`` comment (MyST) or ``<!-- skip: next -->`` skips the
block that follows it.
"""

from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING

import pytest
from sybil import Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.parsers.abstract import DocTestStringParser
from sybil.parsers.myst import (
    CodeBlockParser,
    PythonCodeBlockParser,
    SkipParser,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from sybil import Document, Region


class PyconParser:
    """
    Find the ```pycon blocks of a Markdown file and run them as doctests.

    Output is compared exactly: no doctest option flags are set.
    """

    def __init__(self) -> None:
        self.blocks = CodeBlockParser("pycon", evaluator=self._unused)
        self.doctests = DocTestStringParser(DocTestEvaluator())

    @staticmethod
    def _unused(example: object) -> None:  # pragma: no cover
        raise NotImplementedError(example)

    def __call__(self, document: Document) -> Iterable[Region]:
        for block in self.blocks(document):
            source = block.parsed
            for region in self.doctests(source, document.path):
                region.adjust(block, source)
                yield region


_CONSOLE = re.compile(
    r"^(?P<fence>`{3,})console[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def files_shown(text: str) -> dict[str, str]:
    """
    Return the files that ``$ cat NAME`` shows in the console blocks.

    A file's content is every line under the ``$ cat`` line up to the
    next ``$`` line, as tests/test_docs.py reads it for the sessions.
    """
    files: dict[str, str] = {}
    for block in _CONSOLE.finditer(text):
        name, lines = None, []
        for line in [*block.group("body").splitlines(), "$ end"]:
            if not line.startswith("$ "):
                lines.append(line)
                continue
            if name is not None:
                files[name] = "\n".join(lines) + "\n"
            words = shlex.split(line[2:])
            name = words[1] if words[0] == "cat" else None
            lines = []
    return files


@pytest.fixture(scope="module")
def docs_directory(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Path]:
    """
    Work in a temporary directory while one documentation file runs.

    It holds the files that the file's console sessions show.
    """
    path = tmp_path_factory.mktemp("docs")
    page = request.path.read_text(encoding="utf-8")
    for name, content in files_shown(page).items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(content, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(path)
        yield path


pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), PyconParser(), SkipParser()],
    patterns=["docs/*.md", "README.md"],
    fixtures=["docs_directory"],
).pytest()
