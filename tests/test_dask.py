"""
The Dask recipe of docs/dask.md finds what ``lowback validate`` finds.

Its ``check_lines`` is taken from the page itself and run on Dask's
local schedulers over a generated corpus; the problems must equal those
of ``lowback validate --format json``, in the same order.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

import lowback
from lowback._cli import main

db = pytest.importorskip(
    "dask.bag", reason="dask is not installed: pip install 'dask[bag]'"
)

DASK_MD = Path(__file__).resolve().parents[1] / "docs" / "dask.md"


def _recipe() -> Any:
    """
    Return ``check_lines`` as docs/dask.md defines it.
    """
    tree = ast.parse(
        "\n".join(
            block.split("```", 1)[0]
            for block in DASK_MD.read_text("utf-8").split("```python\n")[1:]
        )
    )
    (function,) = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name == "check_lines"
    ]
    namespace: dict[str, Any] = {"lowback": lowback}
    exec(  # noqa: S102 - our own documentation's code
        compile(ast.Module([function], []), str(DASK_MD), "exec"), namespace
    )
    return namespace["check_lines"]


def _line(n: int) -> str:
    """One line of the corpus: valid, wrong in one of four ways, or blank."""
    built_in = lowback.to_document(lowback.catalog())["exercises"]
    document = {
        "type": "exercise",
        "format_version": "1.0",
        **json.loads(json.dumps(built_in[n % len(built_in)])),
    }
    document["id"] = f"{document['id']}-{n}"
    kind = n % 10
    if kind == 1:
        document["dose"]["phases"][0]["hold"]["max"] = 45
    elif kind == 3:
        document["id"] = "Not A Slug"
    elif kind == 5:
        document["colour"] = "red"
    elif kind == 7:
        return json.dumps(document)[:75]
    elif kind == 9 and n % 3 == 0:
        return ""
    return json.dumps(document)


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Three JSON Lines files, 300 lines in all, one with CRLF endings."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "more").mkdir(parents=True)
    files = {
        "content/a.jsonl": ("\n", range(120)),
        "content/b.jsonl": ("\r\n", range(120, 200)),
        "content/more/c.jsonl": ("\n", range(200, 300)),
    }
    for name, (end, numbers) in files.items():
        text = end.join(_line(n) for n in numbers) + end
        (tmp_path / name).write_text(text, "utf-8", newline="")
    return sorted(files)


def _validated(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert 1 == main(["validate", "--format", "json", "content"])
    problems: list[dict[str, Any]] = json.loads(capsys.readouterr().out)[
        "problems"
    ]
    return problems


@pytest.mark.parametrize(
    ("scheduler", "workers"), [("synchronous", 1), ("processes", 2)]
)
def test_the_dask_recipe_finds_what_lowback_validate_finds(
    corpus, capsys, scheduler, workers
):
    """
    Each file a partition, each line checked with validate_line: the
    same problems, files, lines and columns as lowback validate.
    """
    check_lines = _recipe()
    problems = db.concat(
        [
            db.read_text(file, encoding="utf-8").map_partitions(
                check_lines, file
            )
            for file in corpus
        ]
    )
    found = problems.compute(scheduler=scheduler, num_workers=workers)
    expected = _validated(capsys)
    assert expected == found
    assert {p["code"] for p in found} == {
        "hold-out-of-range",
        "not-a-slug",
        "unknown-field",
        "invalid-json",
    }
    assert {p["file"] for p in found} == set(corpus)
