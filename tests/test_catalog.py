"""
The built-in catalog: faithful to the leaflet, and the catalog API.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

import lowback
from conftest import SHARED
from lowback._render._text import render_exercise

SOURCE = Path(lowback.__file__).parent

LEAFLET = SHARED / "seed" / "lower-back-exercises.txt"

#: Leaflet headings and the ids the catalog gives them.
IDS = {
    "Semi Crunches": "semi-crunch",
    "Hamstring Stretches": "hamstring-stretch",
    "Pelvic Tilts": "pelvic-tilt",
    "Knee to Chest Stretches": "knee-to-chest",
}


def _leaflet() -> str:
    if not LEAFLET.exists():
        pytest.skip(
            f"the leaflet is not at {LEAFLET}; it lives in shared/seed"
        )
    return LEAFLET.read_text("utf-8")


def _sections(text: str) -> dict[str, dict[str, list[str]]]:
    """
    Split the leaflet into its exercises: paragraphs and bullet lines.
    """
    out: dict[str, dict[str, list[str]]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if line in IDS:
            current = out.setdefault(line, {"bullets": [], "prose": []})
        elif current is not None and line.startswith("•"):
            current["bullets"].append(line.lstrip("• ").strip())
        elif current is not None and line:
            current["prose"].append(line)
    return out


def test_every_leaflet_step_is_in_the_catalog_in_order():
    """Each exercise's steps are the leaflet's bullet lines, word for word, in order."""
    sections = _sections(_leaflet())
    assert set(IDS) == set(sections)
    cat = lowback.catalog()
    for heading, parts in sections.items():
        exercise = cat.get(IDS[heading])
        assert heading == exercise.name
        assert parts["bullets"] == [s.text for s in exercise.steps]


def test_every_purpose_sentence_is_carried():
    """
    A sentence under a heading is that exercise's purpose; the closing
    paragraph is the catalog's description and the stop rule.
    """
    sections = _sections(_leaflet())
    cat = lowback.catalog()
    stop = next(n.text for n in cat.safety_notices if n.kind == "stop-rule")
    for heading, parts in sections.items():
        purpose = cat.get(IDS[heading]).purpose
        expected = [purpose] if purpose else []
        if heading == "Knee to Chest Stretches":
            expected.append(" ".join((*cat.description, stop)))
        assert expected == parts["prose"]


def test_both_safety_notices_are_the_leaflets_words():
    """The check-first and stop-if-worse notices are in the leaflet verbatim."""
    text = " ".join(_leaflet().split())
    notices = {n.kind: n.text for n in lowback.catalog().safety_notices}
    assert {
        lowback.NoticeKind.BEFORE_STARTING,
        lowback.NoticeKind.STOP_RULE,
    } == set(notices)
    for notice in notices.values():
        assert notice in text
    assert (
        "check with your healthcare professional" in notices["before-starting"]
    )
    assert "stop right away and talk to your doctor" in notices["stop-rule"]


def test_cautions_are_the_leaflets_words():
    """Every caution appears in the leaflet (a trailing full stop aside)."""
    text = " ".join(_leaflet().split()).lower()
    for exercise in lowback.catalog():
        for caution in exercise.cautions:
            assert caution.rstrip(".").lower() in text


def _numbers(line: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", line)]


def test_every_dose_matches_the_leaflet():
    """Holds, repetitions, per-leg counts and the daily target of 30 come from the leaflet."""
    sections = _sections(_leaflet())
    cat = lowback.catalog()
    for heading, parts in sections.items():
        exercise = cat.get(IDS[heading])
        dose = exercise.dose
        holds = [b for b in parts["bullets"] if "second" in b]
        repeats = [b for b in parts["bullets"] if b.startswith("Repeat")]
        # Each hold line gives the hold of one phase, in order.
        assert [
            tuple(_numbers(h)[:2])
            if len(_numbers(h)) > 1
            else (_numbers(h)[0],) * 2
            for h in holds
        ] == [(p.hold.min, p.hold.max) for p in dose.phases]
        for line in repeats:
            low, high = _numbers(line)
            assert (low, high) == (dose.repetitions.min, dose.repetitions.max)
            assert ("for each leg" in line) == dose.per_side
        if not repeats:
            target = _numbers(parts["bullets"][-1])[0]
            rule = exercise.progression
            assert isinstance(rule, lowback.AddRepetitions)
            assert (target, lowback.Every.DAY) == (rule.target, rule.every)
            assert dose.repetitions.max == target


def test_values_the_leaflet_does_not_give_are_marked():
    """Anything lowback filled in is named by a library-default pointer."""
    tilt = lowback.catalog().get("pelvic-tilt")
    pointers = {d.pointer for d in tilt.library_defaults}
    assert {
        "/dose/repetitions/min",
        "/progression/step",
        "/dose/sets",
    } <= pointers
    for exercise in lowback.catalog():
        marked = {d.pointer for d in exercise.library_defaults}
        assert "/dose/sets" in marked
        assert ("/dose/sides" in marked) == exercise.dose.per_side


def test_pelvic_tilt_holds_twice_per_repetition():
    """Arch 5 s then flatten 5 s: two phases, not one flattened number."""
    phases = lowback.catalog().get("pelvic-tilt").dose.phases
    assert [("arch", 5, 5), ("flatten", 5, 5)] == [
        (p.id, p.hold.min, p.hold.max) for p in phases
    ]


def test_builtin_content_file_is_canonical():
    """The shipped data file is exactly what dumps writes for it."""
    from importlib import resources

    text = (
        resources.files("lowback")
        .joinpath("content", "leaflet.json")
        .read_text("utf-8")
    )
    assert text == lowback.dumps(lowback.catalog())


def test_get_unknown_id_suggests_close_ids():
    """A typo gets a did-you-mean; the error is also a KeyError."""
    with pytest.raises(lowback.UnknownExerciseError) as info:
        lowback.catalog().get("pelvic-tilts")
    assert ("pelvic-tilt",) == info.value.suggestions
    assert "did you mean 'pelvic-tilt'?" in str(info.value)
    assert isinstance(info.value, KeyError)
    with pytest.raises(KeyError):
        lowback.catalog()["nothing-like-it"]


def test_filter_returns_new_catalogs():
    """Filters by kind, equipment, target and position; the original is unchanged."""
    cat = lowback.catalog()
    assert ("hamstring-stretch", "knee-to-chest") == cat.filter(
        kind="stretch"
    ).ids
    assert ("hamstring-stretch",) == cat.filter(equipment="towel").ids
    assert ("knee-to-chest",) == cat.filter(target="lower-back").ids
    assert 4 == len(cat.filter(position=lowback.Position.LYING_ON_BACK))
    assert () == cat.filter(kind="stretch", equipment="mat").ids
    assert 4 == len(cat)


def _extra(tmp_path, exercise_id="bird-dog", notice_text=None):
    doc = lowback.to_document(lowback.catalog())
    exercise = dict(doc["exercises"][0], id=exercise_id)
    notices = doc["safety_notices"]
    if notice_text is not None:
        notices = [dict(notices[0], text=notice_text)]
    extra = dict(
        doc, id="clinic", exercises=[exercise], safety_notices=notices
    )
    path = tmp_path / f"{exercise_id}.json"
    path.write_text(json.dumps(extra), "utf-8")
    return path


def test_load_catalogs_merges_onto_the_builtin(tmp_path):
    """Extra catalog files merge onto the built-in one; same notices are kept once."""
    merged = lowback.load_catalogs(_extra(tmp_path), base=lowback.catalog())
    assert (*lowback.catalog().ids, "bird-dog") == merged.ids
    assert lowback.catalog().safety_notices == merged.safety_notices
    assert "leaflet" == merged.id


def test_merge_refuses_id_clashes_naming_both(tmp_path):
    """Two exercises with one id: the error names both catalogs."""
    with pytest.raises(lowback.DuplicateIdError) as info:
        lowback.load_catalogs(
            _extra(tmp_path, "pelvic-tilt"), base=lowback.catalog()
        )
    path = tmp_path / "pelvic-tilt.json"
    assert (
        "pelvic-tilt",
        "catalog 'leaflet'",
        f"catalog 'clinic' ({path})",
    ) == (
        info.value.id,
        info.value.first,
        info.value.second,
    )


def test_merge_refuses_a_notice_with_the_same_id_and_other_text(tmp_path):
    """A safety notice may not be silently replaced by another with its id."""
    path = _extra(tmp_path, notice_text="Do what you like.")
    with pytest.raises(lowback.DuplicateIdError, match="check-first"):
        lowback.load_catalogs(path, base=lowback.catalog())


def test_catalog_refuses_duplicate_ids_when_built():
    """Building a catalog with two exercises of one id raises."""
    e = lowback.catalog().get("pelvic-tilt")
    with pytest.raises(lowback.DuplicateIdError, match="pelvic-tilt"):
        lowback.Catalog(
            id="x",
            title="X",
            language="en",
            safety_notices=(),
            exercises=(e, e),
        )


def test_loading_an_invalid_catalog_raises_content_error_with_the_report(
    tmp_path,
):
    """Bad files raise ContentError carrying every located problem."""
    path = tmp_path / "bad.json"
    doc = lowback.to_document(lowback.catalog())
    doc["exercises"][0]["dose"]["phases"][0]["hold"]["max"] = 45
    doc["exercises"][1]["id"] = "Bad Id"
    path.write_text(json.dumps(doc, indent=2), "utf-8")
    with pytest.raises(lowback.ContentError) as info:
        lowback.load(path, lowback.Catalog)
    report = info.value.report
    assert [
        ("hold-out-of-range", "/exercises/0/dose/phases/0/hold/max"),
        ("not-a-slug", "/exercises/1/id"),
    ] == [(p.code, p.pointer) for p in report]
    assert all(p.line and p.column and p.file == str(path) for p in report)
    assert isinstance(info.value, ValueError)


def test_loads_refuses_a_document_of_another_type():
    """An exercise document is not a catalog."""
    text = lowback.dumps(lowback.catalog().get("pelvic-tilt"))
    with pytest.raises(lowback.ContentError) as info:
        lowback.loads(text, lowback.Catalog)
    assert ("wrong-document-type",) == info.value.report.codes


def test_load_missing_file_raises_file_read_error(tmp_path):
    """A missing file is a FileReadError, also an OSError."""
    with pytest.raises(lowback.FileReadError) as info:
        lowback.load(tmp_path / "nope.json", lowback.Exercise)
    assert isinstance(info.value, OSError)
    assert "nope.json" in str(info.value)


#: What would give away a folder of lowback's own repository.
_WORKPLACE = re.compile(r"shared/|seed|lower-back-exercises\.txt")


def test_outputs_name_the_leaflet_never_a_folder():
    """
    Shipped content, the default pain rule, the text the CLI shows, every
    handout and every export name the leaflet by its title, and never a
    folder of lowback's repository.
    """
    routine = lowback.leaflet_routine()
    dated = lowback.plan(routine, 3, start=dt.date(2026, 12, 1))
    outputs = {
        "content": (SOURCE / "content" / "leaflet.json").read_text("utf-8"),
        "pain rule": lowback.PainRule().source,
        "show": render_exercise(lowback.catalog().get("pelvic-tilt"), None),
        "fhir": json.dumps(lowback.exports.to_fhir(dated)),
        "jsonld": json.dumps(lowback.exports.to_jsonld(dated)),
        "ics": lowback.exports.to_ics(dated),
        **{
            f"handout {f}": lowback.handout(dated, format=f)
            for f in lowback.HANDOUT_FORMATS
        },
    }
    assert {} == {
        k: _WORKPLACE.findall(v)
        for k, v in outputs.items()
        if _WORKPLACE.search(v)
    }
    for name in ("content", "pain rule", "show", "handout text"):
        assert "Exercises for Lower Back Pain Relief" in outputs[name], name
    assert _WORKPLACE.search("the lowback seed text (shared/seed/x.txt)")
