"""
Importers turn open datasets into drafts that say what they lack.

The shared third-party files (``../shared/thirdparty``) are read whole,
every record of them; tests that need one skip, saying which, when it is
absent. The rest run on small inline records.
"""

from __future__ import annotations

import collections
import functools
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest

import lowback
from conftest import SHARED
from helpers import CAT_STRETCH
from lowback._rules._prose import NOTHING_SAID, position, said
from lowback.importers import SOURCES, Draft, import_path, import_records

THIRDPARTY = SHARED / "thirdparty"
FREE_EXERCISE_DB = THIRDPARTY / "free-exercise-db" / "exercises.json"
WGER = THIRDPARTY / "wger"
EXERCEMUS = THIRDPARTY / "exercemus-exercises" / "exercises.json"
WORKOUT_SHARE = THIRDPARTY / "workout-share-spec" / "examples"

#: Where each source's data is, and the repository and commit its README
#: names.
REPOSITORIES = {
    "free-exercise-db": (
        "https://github.com/yuhonas/free-exercise-db",
        "acd61f751fe15d618862ee3084f27e839222a28f",
    ),
    "wger": (
        "https://github.com/wger-project/wger",
        "aaba20184527b018e10f1be576202aa7e7cb4c21",
    ),
    "exercemus": (
        "https://github.com/exercemus/exercises",
        "0ee5b742928b0c910883fa1c0c2cfaf26c4ee180",
    ),
    "workout-share": (
        "https://github.com/workout-share/specification",
        "942b2fc2fba5466a9e4eafb7dd470feda290b816",
    ),
}

#: The licences each source's drafts may carry.
LICENCES = {
    "free-exercise-db": {"Unlicense"},
    "wger": {
        "CC-BY-SA-3.0",
        "CC-BY-SA-4.0",
        "CC0-1.0",
        "CC-BY-SA-4.0 AND CC-BY-SA-3.0",
        "CC-BY-SA-3.0 AND CC-BY-SA-4.0",
        "CC-BY-SA-4.0 AND CC0-1.0",
        "CC-BY-SA-3.0 AND CC0-1.0",
        "CC0-1.0 AND CC-BY-SA-4.0",
        "CC0-1.0 AND CC-BY-SA-3.0",
    },
    "exercemus": {"MIT", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "CC0-1.0"},
    "workout-share": {"Apache-2.0"},
}

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(
            f"{path} is absent: the third-party datasets live in "
            "shared/thirdparty beside the repository"
        )
    return path


def _need_yaml() -> None:
    if not any(importlib.util.find_spec(name) for name in ("yaml", "ruamel")):
        pytest.skip("reading workout-share YAML needs PyYAML or ruamel.yaml")


def _yaml_files() -> list[Path]:
    _need(WORKOUT_SHARE)
    _need_yaml()
    return sorted(WORKOUT_SHARE.rglob("*.yaml"))


@functools.cache
def _drafts(source: str) -> tuple[Draft, ...]:
    """
    Import every record of a source's shared files, once per session.
    """
    if source == "free-exercise-db":
        return import_path(source, _need(FREE_EXERCISE_DB))
    if source == "wger":
        return import_path(source, _need(WGER))
    if source == "exercemus":
        return import_path(source, _need(EXERCEMUS))
    return tuple(d for f in _yaml_files() for d in import_path(source, f))


def _load(path: Path) -> Any:
    return json.loads(_need(path).read_text(encoding="utf-8"))


def _by_source_id(source: str) -> dict[str, Draft]:
    return {d.source_id: d for d in _drafts(source)}


def _workout_share_count(program: dict[str, Any]) -> int:
    """
    Count the exercises of a workout-share program, a group counting as
    its members.
    """
    workouts = list(program.get("workouts", []))
    for phase in program.get("phases", []):
        workouts += phase["workouts"]
    count = 0
    for workout in workouts:
        lists = [workout, *workout.get("sections", [])]
        for holder in lists:
            for entry in holder.get("exercises", []):
                count += len(entry["exercises"]) if "exercises" in entry else 1
    return count


def _yaml(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if importlib.util.find_spec("yaml"):
        import yaml

        return yaml.safe_load(text)
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(text)


def _record_count(source: str) -> int:
    if source == "free-exercise-db":
        return len(_load(FREE_EXERCISE_DB))
    if source == "wger":
        translations = _load(WGER / "exercises" / "translations.json")
        return sum(
            1 for r in translations if r["model"] == "exercises.translation"
        )
    if source == "exercemus":
        data = _load(EXERCEMUS)
        return len(data["exercises"]) + len(data["exercises_to_merge"])
    return sum(_workout_share_count(_yaml(f)) for f in _yaml_files())


# Every record of every shared file.


@pytest.mark.parametrize("source", SOURCES)
def test_every_record_becomes_one_draft(source):
    """Each record of the shared files becomes exactly one draft, with no error raised."""
    assert _record_count(source) == len(_drafts(source))


@pytest.mark.parametrize("source", SOURCES)
def test_report_is_the_validation_of_the_document(source):
    """A draft's report is exactly what lowback.validate says of its document."""
    for draft in _drafts(source):
        assert lowback.validate(draft.document) == draft.report


@pytest.mark.parametrize("source", SOURCES)
def test_draft_without_dose_reports_the_missing_dose(source):
    """A draft whose record gives no structured dose has no dose and reports missing-field at /dose."""
    for draft in _drafts(source):
        if "dose" not in draft.document:
            assert ("missing-field", "/dose") in {
                (p.code, p.pointer) for p in draft.report
            }


@pytest.mark.parametrize("source", ["free-exercise-db", "wger", "exercemus"])
def test_every_proposal_is_marked_to_confirm_and_named_by_its_step(source):
    """
    A position or a dose in a draft of a dataset without such fields was
    read from a step: each has a library default to confirm naming that
    step, whose words say it; nothing else is proposed.
    """
    proposed = 0
    for draft in _drafts(source):
        document = draft.document
        confirm = set(draft.to_confirm)
        dose = document.get("dose", {})
        expected = {"/position"} if "position" in document else set()
        expected |= {"/dose/repetitions"} if dose else set()
        expected |= {"/dose/sides"} if dose.get("sides") else set()
        expected |= {
            f"/dose/phases/{n}/hold"
            for n in range(len(dose.get("phases", ())))
        }
        assert expected == confirm, draft.source_id
        proposed += bool(confirm)
        for default in document.get("library_defaults", ()):
            step = re.search(r"/steps/(\d+)", default["note"])
            assert step is not None, default
            text = document["steps"][int(step[1])]["text"]
            if default["pointer"] == "/position":
                assert position(text) is not None
            else:
                assert said(text) is not NOTHING_SAID
        # A proposal never contradicts the step it was read from.
        assert "step-contradicts-dose" not in draft.report.codes or any(
            "outside the" in n for n in draft.notes
        )
    assert proposed > 0


@pytest.mark.parametrize("source", SOURCES)
def test_no_draft_is_valid_without_a_confirmation(source):
    """No dataset gives a position or phases as data: a draft that validates does so only with proposals a person must confirm."""
    for draft in _drafts(source):
        if draft.report.valid:
            assert "/position" in draft.to_confirm
        else:
            assert draft.report.codes


@pytest.mark.parametrize("source", SOURCES)
def test_ids_are_unique_slugs(source):
    """Every draft has a slug id of at most 64 characters, unique within one import."""
    for file_drafts in _imports(source):
        ids = [d.id for d in file_drafts]
        assert len(ids) == len(set(ids))
        for draft_id in ids:
            assert SLUG.match(draft_id), draft_id
            assert len(draft_id) <= 64


def _imports(source: str) -> list[tuple[Draft, ...]]:
    """
    The drafts of each import: one per file for workout-share.
    """
    if source != "workout-share":
        return [_drafts(source)]
    return [import_path(source, f) for f in _yaml_files()]


def _imported_at(source: str, commit: str) -> tuple[Draft, ...]:
    if source == "workout-share":
        return tuple(
            d
            for f in _yaml_files()
            for d in import_path(source, f, commit=commit)
        )
    paths = {
        "free-exercise-db": FREE_EXERCISE_DB,
        "wger": WGER,
        "exercemus": EXERCEMUS,
    }
    return import_path(source, _need(paths[source]), commit=commit)


@pytest.mark.parametrize("source", SOURCES)
def test_provenance_names_repository_and_commit_only_when_given(source):
    """
    With the commit given, every draft's provenance names its repository
    and commit; without it, neither: nothing says where a file came from.
    """
    repository, commit = REPOSITORIES[source]
    for draft in _imported_at(source, commit):
        provenance = draft.document["provenance"]
        assert repository in provenance["source"]
        assert commit in provenance["source"]
        assert provenance["licence"] in LICENCES[source]
    for draft in _drafts(source):
        provenance = draft.document["provenance"]
        assert repository not in provenance["source"]
        assert "commit" not in provenance["source"]
        assert provenance["source"].startswith("a file in the ")
        assert provenance["licence"] in LICENCES[source]


@pytest.mark.parametrize("source", SOURCES)
def test_header_is_an_exercise_of_the_current_format(source):
    """Every draft is an exercise document of format 1.0, in canonical key order."""
    for draft in _drafts(source):
        assert ["type", "format_version", "id"] == list(draft.document)[:3]
        assert "exercise" == draft.document["type"]
        assert "1.0" == draft.document["format_version"]


# Known records of free-exercise-db.


def test_cat_stretch_maps_what_the_record_says_and_proposes_the_rest():
    """Cat_Stretch keeps its name, kind, muscles and steps; its position and hold are read from its steps, to confirm."""
    draft = _by_source_id("free-exercise-db")["Cat_Stretch"]

    assert {
        "type": "exercise",
        "format_version": "1.0",
        "id": "cat-stretch",
        "name": "Cat Stretch",
        "language": "en",
        "kind": "stretch",
        "position": "hands-and-knees",
        "targets": ["lower-back", "middle-back", "traps"],
        "steps": [
            {
                "text": "Position yourself on the floor on your hands and "
                "knees."
            },
            {
                "text": "Pull your belly in and round your spine, lower "
                "back, shoulders, and neck, letting your head drop."
            },
            {"text": "Hold for 15 seconds."},
        ],
        "dose": {
            "repetitions": {"min": 1, "max": 1},
            "phases": [
                {
                    "id": "hold",
                    "action": "Hold for 15 seconds.",
                    "hold": {"min": 15, "max": 15},
                }
            ],
        },
        "library_defaults": [
            {
                "pointer": "/position",
                "note": "to confirm: read from /steps/0, which says "
                "'hands and knees'",
            },
            {
                "pointer": "/dose/repetitions",
                "note": "to confirm: /steps/2 says to hold and no step says "
                "how many times: one is proposed",
            },
            {
                "pointer": "/dose/phases/0/hold",
                "note": "to confirm: read from /steps/2, which says "
                "'15 seconds': 'Hold for 15 seconds.'",
            },
        ],
        "provenance": {
            "source": "a file in the free-exercise-db format: record "
            "Cat_Stretch in exercises.json",
            "licence": "Unlicense",
        },
    } == draft.document
    assert draft.report.valid
    assert (
        "/position",
        "/dose/repetitions",
        "/dose/phases/0/hold",
    ) == draft.to_confirm


def test_a_hold_outside_the_format_is_noted_never_clamped():
    """Superman says to hold for 2 seconds: no hold is proposed, the note says why, and nothing is clamped to 5."""
    draft = _by_source_id("free-exercise-db")["Superman"]

    assert "dose" not in draft.document
    assert any(
        n.startswith(
            "/steps/1 says to hold for 2 seconds, outside the 5 to 30"
        )
        for n in draft.notes
    )
    assert "lying-on-front" == draft.document["position"]


def test_free_exercise_db_vocabulary():
    """Body-only means no equipment, null equipment is left out with a note, and only strength and stretching give a kind."""
    drafts = _by_source_id("free-exercise-db")

    assert [] == drafts["Superman"].document["equipment"]
    assert ["kettlebell"] == drafts["Advanced_Kettlebell_Windmill"].document[
        "equipment"
    ]
    assert "equipment" not in drafts["Cat_Stretch"].document
    assert any(
        n.startswith("equipment is null") for n in drafts["Cat_Stretch"].notes
    )
    kinds = collections.Counter(
        d.document.get("kind") for d in drafts.values()
    )
    assert {None: 169, "strengthening": 581, "stretch": 123} == dict(kinds)


def test_free_exercise_db_empty_instructions_leave_steps_out():
    """A record with no instructions gives no steps, so the report names them."""
    draft = _by_source_id("free-exercise-db")["Side_Bridge"]

    assert "steps" not in draft.document
    assert ("missing-field", "/steps") in {
        (p.code, p.pointer) for p in draft.report
    }
    assert "instructions is empty" in draft.notes


# Known records of wger.


def test_wger_bird_dog_maps_its_translation_and_exercise():
    """Bird Dog (translation 2520 of exercise 1572) gets its language, steps, equipment, muscles, licence and author."""
    draft = _by_source_id("wger")["2520"]
    document = draft.document

    assert "bird-dog" == document["id"]
    assert "Bird Dog" == document["name"]
    assert "en" == document["language"]
    assert [] == document["equipment"]
    assert ["abdominals", "shoulders", "glutes"] == document["targets"]
    assert [
        (
            "The Bird Dog is a core stability exercise that enhances "
            "balance, coordination, and spinal alignment."
        ),
        (
            "It\u2019s a low-impact movement ideal for strengthening the "
            "posterior chain and improving overall functional control."
        ),
        (
            "Begin on all fours with hands under shoulders and knees under "
            "hips, keeping your spine neutral."
        ),
        (
            "Extend your right arm forward and left leg backward "
            "simultaneously, keeping hips square."
        ),
        "Pause briefly at full extension while engaging your core and glutes.",
        "Return to the starting position and repeat on the opposite side",
    ] == [s["text"] for s in document["steps"]]
    assert {
        "source": "a file in the wger format: translation 2520 (uuid "
        "90e05e5e-c839-47d3-9a23-ed01ca86d2cd) of exercise 1572 in wger",
        "licence": "CC-BY-SA-4.0",
        "author": "Settebello",
    } == document["provenance"]
    assert "kind" not in document
    assert any(n.startswith("steps split from the HTML") for n in draft.notes)


def test_wger_licence_and_language_follow_each_record():
    """Each wger draft carries its translation's licence and language, looked up by key."""
    translations = [
        r
        for r in _load(WGER / "exercises" / "translations.json")
        if r["model"] == "exercises.translation"
    ]
    languages = {
        r["pk"]: r["fields"]["short_name"]
        for r in _load(WGER / "core" / "languages.json")
    }
    spdx = {1: "CC-BY-SA-3.0", 2: "CC-BY-SA-4.0", 3: "CC0-1.0"}
    drafts = _by_source_id("wger")

    for record in translations:
        draft = drafts[str(record["pk"])]
        fields = record["fields"]
        assert languages[fields["language"]] == draft.document["language"]
        licence = draft.document["provenance"]["licence"]
        assert spdx[fields["license"]] == licence.split(" AND ")[0]
        author = fields["license_author"].strip()
        assert (author or None) == draft.document["provenance"].get("author")


def test_wger_mixed_licences_name_both():
    """A translation under another licence than its exercise's data carries both, joined by AND."""
    drafts = [
        d
        for d in _drafts("wger")
        if " AND " in d.document["provenance"]["licence"]
    ]

    assert 84 == len(drafts)
    assert all(
        any(n.startswith("the text is under") for n in d.notes) for d in drafts
    )


def test_wger_lower_back_muscle_is_never_used():
    """No wger exercise is tagged with the lower back muscle, so no draft targets it."""
    assert [] == [
        d.source_id
        for d in _drafts("wger")
        if "lower-back" in d.document.get("targets", [])
    ]


def test_wger_duplicate_names_get_suffixed_ids():
    """Of the wger translations named Plank, the first gets plank and each later one a numbered id saying why."""
    plank = [
        d
        for d in _drafts("wger")
        if d.document.get("name", "").casefold() == "plank"
        and d.document.get("language") == "en"
    ]

    first, second = plank[0], plank[1]
    assert "plank" == first.id
    assert re.fullmatch(r"plank-[2-9]", second.id)
    assert (
        "id 'plank' is taken by an earlier record of this import; this one "
        f"is {second.id!r}"
    ) in second.notes


# Known records of exercemus.


def test_exercemus_licence_per_entry_or_the_repository_mit():
    """An entry with a licence keeps it and its author; one without gets the repository's MIT licence, noted."""
    drafts = _by_source_id("exercemus")
    data = _load(EXERCEMUS)
    skullcrusher = drafts[
        next(
            f"/exercises/{i}"
            for i, r in enumerate(data["exercises"])
            if r["name"] == "Dumbbell Skullcrusher"
        )
    ]
    cat = drafts[
        next(
            f"/exercises/{i}"
            for i, r in enumerate(data["exercises"])
            if r["name"] == "Cat Stretch"
        )
    ]

    assert "CC-BY-SA-3.0" == skullcrusher.document["provenance"]["licence"]
    assert "wger.de" == skullcrusher.document["provenance"]["author"]
    assert "MIT" == cat.document["provenance"]["licence"]
    assert "author" not in cat.document["provenance"]
    assert any(n.startswith("no licence of its own") for n in cat.notes)
    assert "/dose/phases/0/hold" in cat.to_confirm
    assert ["lower-back", "middle-back", "traps"] == cat.document["targets"]
    assert [] == cat.document["equipment"]


def test_exercemus_licences_match_entries():
    """Exactly the entries that carry a licence get a licence other than MIT."""
    data = _load(EXERCEMUS)
    drafts = _by_source_id("exercemus")
    for key in ("exercises", "exercises_to_merge"):
        for i, record in enumerate(data[key]):
            licence = drafts[f"/{key}/{i}"].document["provenance"]["licence"]
            assert ("license" in record) == (licence != "MIT")


def test_exercemus_second_shape_and_quirks():
    """exercises_to_merge entries take steps from their prose; tempo and the misspelt variations_on are noted, not mapped."""
    data = _load(EXERCEMUS)
    drafts = _by_source_id("exercemus")
    merged = [
        d
        for d in _drafts("exercemus")
        if "/exercises_to_merge/" in d.source_id
    ]
    bench = drafts[
        next(
            f"/exercises/{i}"
            for i, r in enumerate(data["exercises"])
            if r["name"] == "Barbell Bench Press"
        )
    ]
    sit_up = drafts[
        next(
            f"/exercises/{i}"
            for i, r in enumerate(data["exercises"])
            if r["name"] == "3/4 Sit-Up"
        )
    ]

    assert 190 == len(merged)
    assert all("kind" not in d.document for d in merged)
    assert "tempo '3-1-1-0' not mapped: lowback has no tempo" in bench.notes
    assert any(n.startswith("variations_on") for n in sit_up.notes)
    assert any("double space" in n for n in sit_up.notes)


# Known records of workout-share.


def _workout_share(name: str) -> tuple[Draft, ...]:
    _need_yaml()
    return import_path("workout-share", _need(WORKOUT_SHARE / name))


def test_workout_share_hold_written_as_reps_is_not_reps():
    """Plank's reps '30sec' is a hold, so only its 2 sets become dose; the report names the missing repetitions."""
    drafts = {
        d.id: d for d in _workout_share("basic/bodyweight-beginner.yaml")
    }
    plank = drafts["plank"]

    assert {"sets": {"min": 2, "max": 2}} == plank.document["dose"]
    assert {"/dose/repetitions", "/dose/phases"} <= {
        p.pointer for p in plank.report if p.code == "missing-field"
    }
    assert any(n.startswith("reps '30sec' not mapped") for n in plank.notes)


def test_workout_share_each_side_is_left_out():
    """Side Plank's '20 e/s' could be repetitions or seconds per side, so it is left out and noted."""
    drafts = {
        d.id: d for d in _workout_share("basic/bodyweight-beginner.yaml")
    }
    side_plank = drafts["side-plank"]

    assert {"sets": {"min": 2, "max": 2}} == side_plank.document["dose"]
    assert any(
        n.startswith("reps '20 e/s' not mapped") for n in side_plank.notes
    )


def test_workout_share_counts_and_ranges_become_repetitions():
    """A whole number of reps and a range such as '6-8' become repetitions; the program's file and name are in the provenance."""
    drafts = _workout_share("advanced/complex-periodization.yaml")
    squat, push_up = drafts[0], drafts[1]

    assert "squat" == squat.id
    assert {
        "repetitions": {"min": 6, "max": 8},
        "sets": {"min": 4, "max": 4},
    } == squat.document["dose"]
    assert {
        "repetitions": {"min": 12, "max": 12},
        "sets": {"min": 3, "max": 3},
    } == push_up.document["dose"]
    assert (
        "/workouts/0/exercises/0 of program 'Advanced 3-Day Progressive "
        "Program' (complex-periodization.yaml)"
    ) in squat.document["provenance"]["source"]
    assert ["squat", "squat-2", "squat-3", "squat-4"] == [
        d.id for d in drafts if d.id.startswith("squat")
    ]


def test_workout_share_superset_members_take_its_rounds_as_sets():
    """Members of a superset are drafts of their own, with the superset's sets, noted."""
    drafts = {
        d.id: d for d in _workout_share("intermediate/push-pull-split.yaml")
    }
    face_pull = drafts["face-pull"]

    assert "/workouts/1/exercises/3/exercises/1" == face_pull.source_id
    assert {
        "repetitions": {"min": 15, "max": 15},
        "sets": {"min": 3, "max": 3},
    } == face_pull.document["dose"]
    assert any(n.startswith("sets are the 3 sets") for n in face_pull.notes)
    assert (
        "reps 'to failure' not mapped: it is not a whole number or a range of repetitions"
        in drafts["tricep-pushdown"].notes
    )


# Inline records: no shared files needed.

CAT = {
    "name": "Cat Stretch",
    "force": "static",
    "level": "beginner",
    "mechanic": None,
    "equipment": None,
    "primaryMuscles": ["lower back"],
    "secondaryMuscles": ["middle back", "traps"],
    "instructions": [
        "Position yourself on the floor on your hands and knees.",
        "Hold for 15 seconds.",
    ],
    "category": "stretching",
    "images": ["Cat_Stretch/0.jpg", "Cat_Stretch/1.jpg"],
    "id": "Cat_Stretch",
}


def test_inline_prose_hold_is_proposed_to_confirm():
    """Without the shared files too: 'Hold for 15 seconds' becomes a phase of 15 seconds, marked to confirm, and says nothing else of a dose."""
    (draft,) = import_records("free-exercise-db", json.dumps([CAT]))

    assert [
        {
            "id": "hold",
            "action": "Hold for 15 seconds.",
            "hold": {"min": 15, "max": 15},
        }
    ] == draft.document["dose"]["phases"]
    assert "sides" not in draft.document["dose"]
    assert "/dose/phases/0/hold" in draft.to_confirm
    assert not any(
        n.startswith("dose given only in prose") for n in draft.notes
    )
    assert "Cat_Stretch" == draft.source_id


@pytest.mark.parametrize(
    ("steps", "position_value", "dose"),
    [
        (
            ["Lie on your back with knees bent.", "Repeat 10 to 15 times."],
            "lying-on-back",
            {"repetitions": {"min": 10, "max": 15}},
        ),
        (
            ["Stand tall.", "Hold for 20-30 seconds, then switch sides."],
            "standing",
            {
                "repetitions": {"min": 1, "max": 1},
                "phases": [
                    {
                        "id": "hold",
                        "action": "Hold for 20-30 seconds, then switch sides.",
                        "hold": {"min": 20, "max": 30},
                    }
                ],
                "sides": ["left", "right"],
            },
        ),
        # A hold past 30 s is refused, not clamped; and "lie on the
        # floor" does not say face up or face down.
        (["Lie on the floor.", "Hold for 30 to 60 seconds."], None, None),
        (["Hold for 3 seconds.", "Sit-ups are hard."], None, None),
        (["Grab the bar."], None, None),
    ],
)
def test_proposals_from_words(steps, position_value, dose):
    """Position and dose come from the words the validator reads, or not at all."""
    record = {**CAT, "instructions": steps}
    (draft,) = import_records("free-exercise-db", json.dumps([record]))

    assert position_value == draft.document.get("position")
    assert dose == draft.document.get("dose")
    assert ("/position" in draft.to_confirm) == (position_value is not None)


def test_prose_is_read_only_in_english():
    """A wger translation in German says 'Stand' as a noun: nothing is read from it."""
    fixtures = [
        {"model": "core.language", "pk": 1, "fields": {"short_name": "de"}},
        {
            "model": "exercises.translation",
            "pk": 7,
            "fields": {
                "name": "Dehnen",
                "language": 1,
                "description": "<p>Stand auf. Halte 10 to 20 seconds.</p>",
            },
        },
    ]
    (draft,) = import_records("wger", json.dumps(fixtures))
    assert "position" not in draft.document
    assert () == draft.to_confirm


@pytest.mark.parametrize(
    ("reps", "expected"),
    [
        (12, {"min": 12, "max": 12}),
        ("12", {"min": 12, "max": 12}),
        ("8-12", {"min": 8, "max": 12}),
        ("30sec", None),
        ("2min", None),
        ("20 e/s", None),
        ("to failure", None),
        ("max reps", None),
        ("12-8", None),
        ("8-12 then whatever", None),
        (True, None),
        (10.0, None),
    ],
)
def test_workout_share_reps_parse_only_unambiguous_values(reps, expected):
    """Only a whole number or a forward range of reps becomes repetitions; anything else is left out with a note."""
    program = {
        "program_name": "Test",
        "workouts": [
            {
                "name": "A",
                "exercises": [{"name": "X", "sets": 1, "reps": reps}],
            }
        ],
    }
    (draft,) = import_records("workout-share", json.dumps(program))

    assert expected == draft.document["dose"].get("repetitions")
    if expected is None:
        assert any(n.startswith("reps ") for n in draft.notes)


@pytest.mark.parametrize(
    "record",
    [None, 3, "Cat Stretch", [], {}, {"name": 5}, {"instructions": "x"}],
    ids=repr,
)
@pytest.mark.parametrize("source", ["free-exercise-db"])
def test_odd_records_still_become_drafts(source, record):
    """A record that is not an exercise object still becomes a draft, with an id and provenance."""
    (draft,) = import_records(source, json.dumps([record]))

    assert SLUG.match(draft.id)
    assert "Unlicense" == draft.document["provenance"]["licence"]
    assert lowback.validate(draft.document) == draft.report


def test_ids_clash_within_one_import():
    """Records with the same name get -2, -3 ids in their order."""
    data = json.dumps({"exercises": [{"name": "Plank"}] * 3})

    assert ["plank", "plank-2", "plank-3"] == [
        d.id for d in import_records("exercemus", data)
    ]


def test_wger_inline_fixtures_join_by_key():
    """A wger translation takes language, licence, muscles and equipment from the records its keys name."""
    fixtures = [
        {"model": "core.language", "pk": 1, "fields": {"short_name": "de"}},
        {"model": "core.license", "pk": 3, "fields": {"short_name": "CC0"}},
        {
            "model": "exercises.muscle",
            "pk": 16,
            "fields": {"name": "Erector spinae", "name_en": "Lower back"},
        },
        {
            "model": "exercises.equipment",
            "pk": 4,
            "fields": {"name": "Gym mat"},
        },
        {
            "model": "exercises.exercise",
            "pk": 7,
            "fields": {
                "license": 3,
                "muscles": [16],
                "muscles_secondary": [],
                "equipment": [4],
            },
        },
        {
            "model": "exercises.translation",
            "pk": 70,
            "fields": {
                "name": "Rückenstrecker",
                "language": 1,
                "exercise": 7,
                "license": 3,
                "license_author": "",
                "description": "<p>Leg dich hin. Hebe den Rücken.</p>",
            },
        },
    ]
    (draft,) = import_records("wger", json.dumps(fixtures))

    assert {
        "type": "exercise",
        "format_version": "1.0",
        "id": "ruckenstrecker",
        "name": "Rückenstrecker",
        "language": "de",
        "equipment": ["gym-mat"],
        "targets": ["lower-back"],
        "steps": [{"text": "Leg dich hin."}, {"text": "Hebe den Rücken."}],
        "provenance": {
            "source": "a file in the wger format: translation 70 of "
            "exercise 7",
            "licence": "CC0-1.0",
        },
    } == draft.document
    assert "license_author is empty" in draft.notes


def test_wger_without_lookups_says_no_licence():
    """A translation whose licence record is not given gets NOASSERTION and no language, with notes."""
    fixtures = [
        {
            "model": "exercises.translation",
            "pk": 1,
            "fields": {"name": "Plank", "language": 2, "license": 2},
        }
    ]
    (draft,) = import_records("wger", json.dumps(fixtures))

    assert "NOASSERTION" == draft.document["provenance"]["licence"]
    assert "language" not in draft.document
    assert ("missing-field", "/language") in {
        (p.code, p.pointer) for p in draft.report
    }


def test_commit_can_be_given():
    """The commit in the provenance can be the one of the snapshot imported."""
    (draft,) = import_records(
        "free-exercise-db", json.dumps([CAT]), commit="0123abc"
    )

    assert draft.document["provenance"]["source"].endswith("at commit 0123abc")


@pytest.mark.parametrize(
    ("source", "data", "code"),
    [
        ("free-exercise-db", "{", "invalid-json"),
        ("free-exercise-db", "{}", "wrong-type"),
        ("free-exercise-db", b"\xff[]", "not-utf8"),
        ("exercemus", "[]", "not-an-object"),
        ("exercemus", "{}", "missing-field"),
        ("exercemus", '{"exercises": 3}', "wrong-type"),
        ("wger", "{}", "wrong-type"),
        ("wger", "[1]", "wrong-type"),
        ("workout-share", "{}", "missing-field"),
        ("workout-share", '{"workouts": [3]}', "wrong-type"),
        ("workout-share", "- a\n- b\n", "not-an-object"),
    ],
)
def test_unusable_data_raises_content_error(source, data, code):
    """Data that is not JSON, or not shaped as the source needs, raises ContentError naming the problem and the file."""
    if isinstance(data, str) and data.startswith("- "):
        _need_yaml()
    with pytest.raises(lowback.ContentError) as caught:
        import_records(source, data, path="data.json")

    assert code == caught.value.report.problems[0].code
    assert "data.json" == caught.value.report.problems[0].file


def test_unknown_source_and_bad_commit_raise_invalid_value_error():
    """An unknown source or a commit that is not hex raises InvalidValueError naming the field."""
    with pytest.raises(lowback.InvalidValueError) as source:
        import_records("wrkout", "[]")
    with pytest.raises(lowback.InvalidValueError) as commit:
        import_records("wger", "[]", commit="HEAD")

    assert "source" == source.value.field
    assert str(source.value).startswith(
        "source: expected one of 'free-exercise-db', 'wger', 'exercemus', "
        "'workout-share'"
    )
    assert "commit" == commit.value.field


def test_bad_yaml_raises_invalid_value_error():
    """Text that is neither YAML nor JSON raises InvalidValueError for data."""
    _need_yaml()
    with pytest.raises(lowback.InvalidValueError) as caught:
        import_records("workout-share", "workouts: [\n")

    assert "data" == caught.value.field


def test_missing_files_raise_file_read_error(tmp_path):
    """A missing file, or a wger folder without fixtures, raises FileReadError."""
    with pytest.raises(lowback.FileReadError):
        import_path("free-exercise-db", tmp_path / "missing.json")
    with pytest.raises(lowback.FileReadError) as caught:
        import_path("wger", tmp_path)

    assert "no .json fixture files in it" == caught.value.reason


def test_wger_folder_problems_name_their_file(tmp_path):
    """A fixture file that is not an array of records is reported with its own name."""
    (tmp_path / "a.json").write_text("[]", encoding="utf-8")
    (tmp_path / "b.json").write_text("[3]", encoding="utf-8")

    with pytest.raises(lowback.ContentError) as caught:
        import_path("wger", tmp_path)

    (problem,) = caught.value.report.problems
    assert (str(tmp_path / "b.json"), "/0") == (problem.file, problem.pointer)


def test_cli_names_the_same_sources():
    """`lowback import` offers exactly the importers' sources (kept apart for start-up)."""
    from lowback._cli._parser import IMPORT_SOURCES
    from lowback.importers import SOURCES

    assert SOURCES == IMPORT_SOURCES == lowback.importers.SOURCES


def test_cli_import_writes_drafts_and_says_what_they_lack(tmp_path):
    """`lowback import SOURCE FILE -o DIR` writes one file a draft and lists what each lacks."""
    import subprocess
    import sys

    record = dict(CAT_STRETCH)
    source = tmp_path / "exercises.json"
    source.write_text(json.dumps([record]), "utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lowback",
            "import",
            "free-exercise-db",
            str(source),
            "-o",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (0, "") == (result.returncode, result.stderr)
    (written,) = (tmp_path / "out").glob("*.json")
    document = json.loads(written.read_text("utf-8"))
    assert "hands-and-knees" == document["position"]
    assert lowback.validate(document).valid
    notes = [
        d["note"]
        for d in document["library_defaults"]
        if d["note"].startswith("import note: ")
    ]
    assert (
        "import note: force 'static' not mapped: lowback has no force" in notes
    )
    assert f"{document['id']}: valid once confirmed\n" in result.stdout
    assert "  note: force 'static' not mapped" in result.stdout
    assert (
        "1 draft from free-exercise-db, 0 valid, 1 valid once confirmed"
        in result.stdout
    )


DOCS = Path(__file__).resolve().parents[1] / "docs" / "importers.md"


@pytest.mark.parametrize("source", ["free-exercise-db", "wger", "exercemus"])
def test_docs_give_the_figures_of_what_the_steps_propose(source):
    """The table in docs/importers.md says what the shared snapshots give."""
    drafts = _drafts(source)
    doses = [d.document["dose"] for d in drafts if "dose" in d.document]
    figures = [
        len(drafts),
        sum("position" in d.document for d in drafts),
        len(doses),
        sum("phases" in dose for dose in doses),
        sum(d.report.valid and bool(d.to_confirm) for d in drafts),
        sum(d.report.valid and not d.to_confirm for d in drafts),
    ]
    rows = [
        line.split("|")[2:-1]
        for line in DOCS.read_text("utf-8").splitlines()
        if line.startswith(f"| {source} |") and line.count("|") == 8
    ]
    assert 1 == len(rows)
    shown = [int(cell.split()[0]) for cell in rows[0]]
    assert figures == shown
