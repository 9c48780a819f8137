"""
Run the Python examples of the documentation as tests, with Sybil.

Every ```python block in ``docs/*.md`` and ``README.md`` is a test.
The blocks of one file run in order and share one namespace, so a later
block can use what an earlier one defined.
Each file runs in a fresh temporary directory of its own, so examples can
write and read files by relative names without touching the checkout.
A ``% skip: next`` comment (MyST) or ``<!-- skip: next -->`` skips the
block that follows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser, SkipParser

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(scope="module")
def docs_directory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Path]:
    """
    Work in a temporary directory while one documentation file runs.
    """
    path = tmp_path_factory.mktemp("docs")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(path)
        yield path


pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), SkipParser()],
    patterns=["docs/*.md", "README.md"],
    fixtures=["docs_directory"],
).pytest()
