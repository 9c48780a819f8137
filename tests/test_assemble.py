"""
From an open dataset to valid content: ``lowback import`` and
``lowback assemble``.

Drafts carry their notes and the proposals to confirm, ``-o`` never
overwrites or follows a link without being told, provenance claims no
commit it was not given, a wger folder survives what is not fixtures,
and completed drafts become a catalog that validates and loads.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lowback
from conftest import SHARED
from helpers import CAT_STRETCH
from lowback._cli import main
from lowback.importers import import_path

FREE_EXERCISE_DB = (
    SHARED / "thirdparty" / "free-exercise-db" / "exercises.json"
)

CAT = CAT_STRETCH

BRIDGE = {
    **CAT,
    "id": "Bridge",
    "name": "Bridge",
    "instructions": [
        "Lie on your back with your knees bent.",
        "Lift your hips and hold for 5 to 10 seconds.",
        "Repeat 8 to 12 times.",
    ],
}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("exercises.json").write_text(json.dumps([CAT, BRIDGE]), "utf-8")
    return tmp_path


def _read(path: str | Path) -> Any:
    return json.loads(Path(path).read_text("utf-8"))


def _confirm(path: Path) -> None:
    """What a person does once the proposals are checked: keep the
    values, take 'to confirm: ' out of the notes, drop the import notes.
    """
    document = _read(path)
    document["library_defaults"] = [
        {**d, "note": d["note"].removeprefix("to confirm: ")}
        for d in document["library_defaults"]
        if not d["note"].startswith("import note: ")
    ]
    path.write_text(json.dumps(document), "utf-8")


# Notes where the person sees them.


def test_import_text_prints_each_drafts_notes(here, capsys):
    assert 0 == main(["import", "free-exercise-db", "exercises.json"])
    out = capsys.readouterr().out
    assert (
        "cat-stretch: valid once confirmed\n  note: read from the steps" in out
    )
    assert "  note: level 'beginner' not mapped: lowback has no level" in out
    assert (
        "2 drafts from free-exercise-db, 0 valid, 2 valid once confirmed"
        in out
    )


def test_draft_files_carry_the_notes_and_stay_valid(here, capsys):
    assert 0 == main(
        ["import", "free-exercise-db", "exercises.json", "-o", "d"]
    )
    document = _read("d/cat-stretch.json")
    notes = [d["note"] for d in document["library_defaults"]]
    assert (
        "import note: level 'beginner' not mapped: lowback has no level"
        in notes
    )
    assert lowback.validate(document).valid
    assert list(document)[-2:] == ["library_defaults", "provenance"]


def test_notes_past_twenty_defaults_share_the_last(here):
    record = {**CAT, **{f"extra{i}": f"value {i}" for i in range(30)}}
    Path("many.json").write_text(json.dumps([record]), "utf-8")
    (draft,) = import_path("free-exercise-db", "many.json")
    document = draft.with_notes()
    assert 20 == len(document["library_defaults"])
    assert "extra29" in document["library_defaults"][-1]["note"]
    assert lowback.validate(document).valid


# Provenance claims no commit it was not given.


def test_without_commit_no_repository_or_commit_is_claimed(here, capsys):
    assert 0 == main(
        ["import", "free-exercise-db", "exercises.json", "-o", "d"]
    )
    source = _read("d/bridge.json")["provenance"]["source"]
    assert "commit" not in source
    assert "github.com" not in source
    assert "dist/exercises.json" not in source
    assert source.endswith("record Bridge in exercises.json")


def test_commit_given_is_named_with_the_repository(here, capsys):
    sha = "acd61f751fe15d618862ee3084f27e839222a28f"
    assert 0 == main(
        [
            "import",
            "free-exercise-db",
            "exercises.json",
            "--commit",
            sha,
            "-o",
            "d",
        ]
    )
    source = _read("d/bridge.json")["provenance"]["source"]
    assert source == (
        "free-exercise-db: record Bridge of dist/exercises.json, in "
        f"https://github.com/yuhonas/free-exercise-db at commit {sha}"
    )


def test_a_commit_that_is_not_one_is_refused(here, capsys):
    assert 0 != main(
        ["import", "free-exercise-db", "exercises.json", "--commit", "HEAD~1"]
    )
    err = capsys.readouterr().err
    assert 1 == len(err.splitlines())
    assert "commit" in err


# -o is safe.


def test_import_refuses_to_overwrite_an_edited_draft(here, capsys):
    assert 0 == main(
        ["import", "free-exercise-db", "exercises.json", "-o", "d"]
    )
    Path("d/bridge.json").write_text("edited", "utf-8")
    Path("d/cat-stretch.json").unlink()
    capsys.readouterr()

    assert 2 == main(
        ["import", "free-exercise-db", "exercises.json", "-o", "d"]
    )
    err = capsys.readouterr().err
    assert [
        (
            "lowback: error: cannot write d/bridge.json: a draft is already "
            "there (give --force to overwrite it)"
        )
    ] == err.splitlines()
    assert "edited" == Path("d/bridge.json").read_text("utf-8")
    assert not Path("d/cat-stretch.json").exists()  # nothing written

    assert 0 == main(
        ["import", "free-exercise-db", "exercises.json", "-o", "d", "--force"]
    )
    assert "bridge" == _read("d/bridge.json")["id"]


def test_import_never_follows_a_link_out_of_the_folder(here, capsys):
    Path("d").mkdir()
    Path("outside.json").write_text("keep", "utf-8")
    Path("d/bridge.json").symlink_to(here / "outside.json")

    assert 2 == main(
        ["import", "free-exercise-db", "exercises.json", "-o", "d", "--force"]
    )
    assert "is a link" in capsys.readouterr().err
    assert "keep" == Path("outside.json").read_text("utf-8")
    assert not Path("d/cat-stretch.json").exists()


def test_import_refuses_an_output_folder_that_is_a_link(here, capsys):
    Path("real").mkdir()
    Path("d").symlink_to(here / "real")
    assert 2 == main(
        ["import", "free-exercise-db", "exercises.json", "-o", "d"]
    )
    assert [] == list(Path("real").iterdir())


@pytest.mark.parametrize(
    "command",
    [
        ["handout", "-o", "out.html", "--format", "html"],
        ["export", "-o", "out.json", "--format", "fhir"],
        ["import", "free-exercise-db", "exercises.json", "-o", "out"],
        ["assemble", "confirmed", "-o", "out.json"],
    ],
)
def test_every_output_file_is_written_whole_or_not_at_all(
    here, capsys, monkeypatch, command
):
    """Each -o goes through lowback._io.write_text (temporary file, then rename)."""
    Path("confirmed").mkdir()
    Path("confirmed/cat.json").write_text(json.dumps(_complete_cat()), "utf-8")
    import lowback._cli._commands as commands

    written: list[str] = []
    real = commands.write_text

    def spy(path: str | os.PathLike[str], text: str) -> None:
        written.append(os.fspath(path))
        real(path, text)

    monkeypatch.setattr(commands, "write_text", spy)
    assert 0 == main(command)
    made = {
        os.fspath(Path(top, name))
        for top, _, names in os.walk(".")
        for name in names
    } - {"exercises.json", "confirmed/cat.json"}
    assert made
    assert {os.path.normpath(p) for p in made} == {
        os.path.normpath(p) for p in written
    }


# wger folders.


def _wger_translation(pk: object, name: str) -> dict[str, Any]:
    return {
        "model": "exercises.translation",
        "pk": pk,
        "fields": {"name": name, "description": "<p>Stand up.</p>"},
    }


def test_wger_folder_skips_hidden_and_vendor_folders_and_broken_files(
    here, capsys
):
    Path("wger/fixtures").mkdir(parents=True)
    Path("wger/fixtures/t.json").write_text(
        json.dumps([_wger_translation(1, "Kept")]), "utf-8"
    )
    for folder in ("wger/.git", "wger/node_modules/pkg"):
        Path(folder).mkdir(parents=True)
        Path(folder, "x.json").write_text(
            json.dumps([_wger_translation(2, "Vendored")]), "utf-8"
        )
    Path("wger/package.json").write_text("{not json", "utf-8")

    assert 0 == main(["import", "wger", "wger"])
    captured = capsys.readouterr()
    assert "kept: " in captured.out
    assert "vendored" not in captured.out
    (skipped,) = captured.err.splitlines()
    assert skipped.startswith("lowback: skipped: wger/package.json:1:2: ")


def test_wger_folder_without_skipped_raises_every_problem_at_once(here):
    Path("wger").mkdir()
    Path("wger/a.json").write_text("[1]", "utf-8")
    Path("wger/b.json").write_text("nope", "utf-8")
    with pytest.raises(lowback.ContentError) as caught:
        import_path("wger", "wger")
    assert ["wger/a.json", "wger/b.json"] == [
        p.file for p in caught.value.report
    ]


@pytest.mark.parametrize("pk", [{"id": 1}, [1], 1.5, True])
def test_wger_record_with_an_odd_pk_is_a_problem_not_a_crash(here, pk):
    Path("wger").mkdir()
    Path("wger/t.json").write_text(
        json.dumps(
            [_wger_translation(pk, "Odd"), _wger_translation(3, "Fine")]
        ),
        "utf-8",
    )
    skipped: list[lowback.Problem] = []
    (draft,) = import_path("wger", "wger", skipped=skipped)
    assert "fine" == draft.id
    (problem,) = skipped
    assert ("/0/pk", "wrong-type") == (problem.pointer, problem.code)
    assert "'pk' must be a whole number or text" in problem.message
    with pytest.raises(lowback.ContentError):
        lowback.importers.import_records(
            "wger", json.dumps([_wger_translation(pk, "Odd")])
        )


# Assembling a catalog.


def _complete_cat() -> dict[str, Any]:
    (draft,) = lowback.importers.import_records(
        "free-exercise-db", json.dumps([CAT])
    )
    document = dict(draft.document)
    document["library_defaults"] = [
        {**d, "note": d["note"].removeprefix("to confirm: ")}
        for d in document["library_defaults"]
    ]
    return document


def test_assemble_refuses_unconfirmed_proposals_naming_each_file(here, capsys):
    assert 0 == main(
        ["import", "free-exercise-db", "exercises.json", "-o", "d"]
    )
    capsys.readouterr()

    assert 1 == main(["assemble", "d", "-o", "catalog.json"])
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines
    assert all(
        line.startswith(("d/bridge.json: ", "d/cat-stretch.json: "))
        for line in lines
    )
    assert any(
        line.startswith(
            "d/cat-stretch.json: /library_defaults/0/note: the value at /position"
        )
        and line.endswith("[unconfirmed]")
        for line in lines
    )
    assert f"{len(lines)} problems: no catalog written\n" == captured.err
    assert not Path("catalog.json").exists()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("{", "invalid-json"),
        (
            '{"type": "catalog", "format_version": "1.0"}',
            "wrong-document-type",
        ),
        ("[]", "wrong-document-type"),
        ('{"type": "exercise", "format_version": "1.0"}', "missing-field"),
    ],
)
def test_assemble_reports_what_is_not_a_valid_exercise(
    here, capsys, content, code
):
    Path("d").mkdir()
    Path("d/cat.json").write_text(json.dumps(_complete_cat()), "utf-8")
    Path("d/bad.json").write_text(content, "utf-8")
    assert 1 == main(["assemble", "d", "-o", "catalog.json"])
    out = capsys.readouterr().out
    assert out.startswith("d/bad.json:")
    assert f"[{code}]" in out
    assert "d/cat.json" not in out
    assert not Path("catalog.json").exists()


def test_assemble_refuses_two_exercises_with_one_id(here, capsys):
    Path("a.json").write_text(json.dumps(_complete_cat()), "utf-8")
    Path("b.json").write_text(json.dumps(_complete_cat()), "utf-8")
    assert 1 == main(["assemble", "a.json", "b.json"])
    assert capsys.readouterr().out == (
        "b.json: /id: the id 'cat-stretch' is also that of the exercise in "
        "a.json [duplicate-id]\n"
    )


def test_assemble_needs_paths_that_exist(here, capsys):
    assert 2 == main(["assemble", "missing.json"])
    assert "missing.json" in capsys.readouterr().err


def test_listing_an_exercise_as_a_catalog_points_at_assemble(here, capsys):
    Path("cat.json").write_text(json.dumps(_complete_cat()), "utf-8")
    assert 1 == main(["list", "--catalog", "cat.json"])
    assert "lowback assemble" in capsys.readouterr().err


def test_import_complete_assemble_gives_valid_content(here, capsys):
    """
    End to end on the real dataset: free-exercise-db records through
    import (with proposals to confirm), completion by hand, and assemble.
    """
    if not FREE_EXERCISE_DB.exists():
        pytest.skip(
            f"{FREE_EXERCISE_DB} is absent: the third-party datasets live in shared/thirdparty beside the repository"
        )
    records = json.loads(FREE_EXERCISE_DB.read_text("utf-8"))
    chosen = [
        r for r in records if r["id"] in {"All_Fours_Quad_Stretch", "Superman"}
    ]
    Path("exercises.json").write_text(json.dumps(chosen), "utf-8")
    assert 0 == main(
        ["import", "free-exercise-db", "exercises.json", "-o", "drafts"]
    )
    out = capsys.readouterr().out
    assert "superman: /dose [missing-field]" in out
    assert "says to hold for 2 seconds, outside the 5 to 30" in out

    # Superman lacks a dose ("hold for 2 seconds" is not a lowback hold):
    # refused until the person writes one.
    assert 1 == main(["assemble", "drafts", "-o", "catalog.json"])
    capsys.readouterr()

    # The person confirms the quad stretch's proposals...
    _confirm(Path("drafts/all-fours-quad-stretch.json"))
    # ...and completes Superman from the source, rewriting the hold.
    superman = _read("drafts/superman.json")
    assert "lying-on-front" == superman["position"]
    superman["steps"][1]["text"] = (
        "Raise your arms, legs and chest off the floor and hold for 5 seconds."
    )
    superman["dose"] = {
        "repetitions": {"min": 5, "max": 10},
        "phases": [
            {
                "id": "lift",
                "action": "Lift and hold.",
                "hold": {"min": 5, "max": 5},
            }
        ],
    }
    superman["library_defaults"] = [
        {
            "pointer": "/dose/repetitions",
            "note": "the source leaves it to the program",
        }
    ]
    Path("drafts/superman.json").write_text(json.dumps(superman), "utf-8")
    _confirm(Path("drafts/superman.json"))

    assert 0 == main(
        [
            "assemble",
            "drafts",
            "-o",
            "catalog.json",
            "--id",
            "mine",
            "--title",
            "Mine",
        ]
    )
    assert (
        "2 exercises assembled into catalog.json\n" == capsys.readouterr().out
    )
    catalog = _read("catalog.json")
    assert ["all-fours-quad-stretch", "superman"] == [
        e["id"] for e in catalog["exercises"]
    ]
    assert lowback.validate(catalog).valid
    assert 0 == main(["validate", "catalog.json"])
    assert 0 == main(["list", "--catalog", "catalog.json"])
    assert "Superman" in capsys.readouterr().out


# The one reader of doses in words: what it reads, the importers
# propose and the validator checks.


def _exercise_saying(
    text: str, hold: int = 30, sides: bool = False
) -> dict[str, Any]:
    document = _complete_cat()
    document["steps"] = [{"text": text}]
    document["dose"] = {
        "repetitions": {"min": 1, "max": 1},
        "phases": [
            {"id": "hold", "action": "Hold.", "hold": {"min": 5, "max": hold}}
        ],
        **({"sides": ["left", "right"]} if sides else {}),
    }
    document["library_defaults"] = []
    return document


@pytest.mark.parametrize(
    ("text", "sides", "contradicts"),
    [
        ("Hold for 20-40 seconds.", False, True),
        ("Hold for 20 \u2013 40 seconds.", False, True),
        ("Hold for 20-30 seconds.", False, False),
        ("Hold, then switch sides.", False, True),
        ("Hold, then switch sides.", True, False),
        ("Do the same with the opposite leg.", False, True),
        ("Hold the 20-pound weight.", False, False),
    ],
)
def test_the_validator_reads_the_words_the_importer_reads(
    text, sides, contradicts
):
    codes = lowback.validate(_exercise_saying(text, sides=sides)).codes
    assert ("step-contradicts-dose" in codes) == contradicts


@given(
    low=st.integers(0, 99),
    high=st.integers(0, 99),
    reps=st.integers(0, 1500),
    joiner=st.sampled_from([" to ", "-", " - ", "\u2013"]),
    side=st.sampled_from(
        ["", " Then switch sides.", " Repeat with the other leg."]
    ),
)
def test_a_proposal_never_contradicts_its_step(low, high, reps, joiner, side):
    """
    Whatever hold and repetitions the words state, the draft either
    proposes a dose its steps agree with, or notes why it proposes none;
    a hold outside 5 to 30 seconds is never clamped into a proposal.
    """
    record = {
        **CAT,
        "instructions": [
            "Lie on your back.",
            f"Hold for {low}{joiner}{high} seconds.{side}",
            f"Repeat {reps} times.",
        ],
    }
    (draft,) = lowback.importers.import_records(
        "free-exercise-db", json.dumps([record])
    )
    assert "step-contradicts-dose" not in draft.report.codes or any(
        "outside the" in note for note in draft.notes
    )
    for phase in draft.document.get("dose", {}).get("phases", ()):
        assert (low, high) == (phase["hold"]["min"], phase["hold"]["max"])
        assert 5 <= low <= high <= 30
    if not (5 <= low <= high <= 30):
        assert "phases" not in draft.document.get("dose", {})
