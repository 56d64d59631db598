"""Hand edits to incident files survive rebuilds (edits.py, store.py)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from curation_articles import ERBIL, KIRKUK, KIRKUK_LATER, run, write
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from builder import edits


def _file(content: Path, word: str) -> Path:
    return next((content / "incidents").glob(f"*{word}*.yml"))


def _dumped(document: Any) -> str:
    rt = YAML()
    rt.width = 100
    out = io.StringIO()
    rt.dump(document, out)
    return out.getvalue()


def _edit(path: Path, change: Any) -> None:
    """Change a file the way an editor's YAML-aware tool would: comments and order survive."""
    document = YAML().load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(_dumped(document), encoding="utf-8")


def _archive(tmp_path: Path) -> tuple[Path, Path]:
    articles = write(tmp_path / "articles", {"kirkuk.md": KIRKUK, "erbil.md": ERBIL})
    content = tmp_path / "content"
    run(articles, content)
    return articles, content


def test_edits_comments_and_key_order_survive_and_builder_fields_update(tmp_path: Path) -> None:
    articles, content = _archive(tmp_path)
    path = _file(content, "kirkuk")
    text = path.read_text()
    text = text.replace("killed: 4\n", "killed: 5  # the hospital's count\n")
    text = "# Checked against the police statement.\n" + text
    lines = text.splitlines(keepends=True)
    injured = next(i for i, ln in enumerate(lines) if ln.startswith("injured:"))
    killed = next(i for i, ln in enumerate(lines) if ln.startswith("killed:"))
    lines[killed], lines[injured] = lines[injured], lines[killed]  # a person reordered keys
    path.write_text("".join(lines) + "notes: seen by two editors\n")

    write(articles, {"kirkuk-later.md": KIRKUK_LATER})
    run(articles, content)
    after = path.read_text()
    assert after.startswith("# Checked against the police statement.\n")
    assert "killed: 5  # the hospital's count\n" in after
    assert after.index("injured:") < after.index("killed: 5")
    record = yaml.safe_load(after)
    assert record["notes"] == "seen by two editors"
    assert record["locked"] == ["killed"]
    assert sorted(s["file"] for s in record["sources"]) == ["kirkuk-later.md", "kirkuk.md"]
    assert run(articles, content, dry_run=True).changed_files == ()


def test_removing_a_field_from_locked_hands_it_back(tmp_path: Path) -> None:
    articles, content = _archive(tmp_path)
    path = _file(content, "kirkuk")
    builders_title = yaml.safe_load(path.read_text())["title"]
    _edit(path, lambda d: d.__setitem__("title", "Market bombing in Kirkuk"))
    run(articles, content)
    assert yaml.safe_load(path.read_text())["locked"] == ["title"]
    _edit(path, lambda d: d.__setitem__("locked", []))
    run(articles, content)
    assert yaml.safe_load(path.read_text())["title"] == builders_title


def test_a_locked_field_is_never_touched_and_a_deleted_one_stays_deleted(tmp_path: Path) -> None:
    articles, content = _archive(tmp_path)
    path = _file(content, "kirkuk")

    def change(document: Any) -> None:
        document["locked"] = ["date", "location.city"]
        del document["time_of_day"]

    _edit(path, change)
    write(articles, {"kirkuk-later.md": KIRKUK_LATER})  # moves the best date
    run(articles, content)
    record = yaml.safe_load(path.read_text())
    assert record["date"] == "2022-03-04"
    assert "time_of_day" not in record
    assert record["locked"] == ["date", "location.city", "time_of_day"]


def test_an_edited_source_keeps_its_edit_when_sources_are_added(tmp_path: Path) -> None:
    articles, content = _archive(tmp_path)
    path = _file(content, "kirkuk")
    _edit(path, lambda d: d["sources"][0].__setitem__("summary", "A car bomb killed four."))
    write(articles, {"kirkuk-later.md": KIRKUK_LATER})
    run(articles, content)
    record = yaml.safe_load(path.read_text())
    assert record["locked"] == ["sources[kirkuk.md].summary"]
    sources = {s["file"]: s for s in record["sources"]}
    assert sources["kirkuk.md"]["summary"] == "A car bomb killed four."
    assert "kirkuk-later.md" in sources


def test_deleting_a_source_entry_restores_it_with_a_pointer_to_curation(tmp_path: Path) -> None:
    articles, content = _archive(tmp_path)
    path = _file(content, "kirkuk")
    write(articles, {"kirkuk-later.md": KIRKUK_LATER})
    run(articles, content)
    _edit(path, lambda d: d["sources"].pop(0))
    run(articles, content)
    assert len(yaml.safe_load(path.read_text())["sources"]) == 2


def test_values_pyyaml_would_misread_are_quoted() -> None:
    new = {"id": "x", "title": "yes", "time": "4:15", "region": None}
    merged = edits.merge("id: x\ntitle: a\n", new, None)
    assert merged.text is not None
    assert yaml.safe_load(merged.text) == new
    assert "region: null\n" in merged.text


def test_an_edit_the_builder_comes_to_agree_with_stays_the_editors() -> None:
    """An editor sets killed: 9; the next build's own figure is 9 too. The value stays theirs
    (locked): it was handed back to the builder, and a later build with a third source
    overwrote it."""
    written = {"id": "x", "killed": 3, "title": "T"}
    state = edits.State(edits.fingerprints(written))
    merged = edits.merge("id: x\nkilled: 9\ntitle: T\n", {**written, "killed": 9}, state)
    assert merged.newly_locked == ("killed",)
    assert merged.text is not None and yaml.safe_load(merged.text)["locked"] == ["killed"]
    # Values the builder wrote and still writes are not locked.
    assert edits.merge("id: x\nkilled: 3\ntitle: T\n", written, state).text is None


def test_a_state_file_of_another_shape_is_no_state(tmp_path: Path) -> None:
    """A damaged content/.builder file counts as missing (the incident file as the builder's),
    in the build and the site alike; `{"locked": 5}` stopped both with a TypeError."""
    from builder.layout import state_dir
    from builder.render import archive

    incident = tmp_path / "incidents" / "x.yml"
    incident.parent.mkdir()
    state_dir(tmp_path).mkdir()
    for text in ('{"locked": 5}', "[]", '{"fields": 3}'):
        with pytest.raises(ValueError, match="not a builder state"):
            edits.State.from_json(text)
        (state_dir(tmp_path) / "x.json").write_text(text)
        assert not archive._as_the_builder_wrote(incident, "id: x\n")


# Property: random edits, new articles and rebuilds, in any order, lose no edit.

CITIES = ["Kirkuk", "Mosul", "Basra"]
DAYS = ["Monday", "Friday"]
WORDS = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).map(lambda s: "Edited " + s)


def _article(city: str, day: str, killed: int) -> str:
    return (
        f"---\ntitle: Bomb in {city}\noutlet: Paper {killed}\npublished: 2022-05-07\n---\n"
        f"A roadside bomb exploded in {city} on {day}, killing {killed} people, police said.\n"
    )


EDITABLE = ["title", "killed", "location.city", "notes", "summary", "comment", "delete"]
ABSENT = "<absent>"
operations = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(CITIES), st.sampled_from(DAYS), st.integers(1, 9)),
    st.tuples(st.just("edit"), st.integers(0, 50), st.sampled_from(EDITABLE), WORDS),
    st.tuples(st.just("build")),
)


def _apply_edit(path: Path, field: str, value: str, expected: dict[tuple[str, str], Any]) -> None:
    stem = path.stem
    if field == "comment":
        path.write_text(f"# {value}\n" + path.read_text())
        expected[(stem, "comment")] = f"# {value}\n"
        return
    document = YAML().load(path.read_text())
    if field == "delete":
        document.pop("time_of_day", None)
        expected[(stem, "time_of_day")] = ABSENT
        path.write_text(_dumped(document))
        return
    if field == "summary":
        source = document["sources"][0]
        source["summary"] = value
        expected[(stem, f"sources[{source['file']}].summary")] = value
    elif field == "location.city":
        document["location"]["city"] = value
        expected[(stem, field)] = value
    elif field == "killed":
        document["killed"] = len(value)
        expected[(stem, field)] = len(value)
    else:
        document[field] = value
        expected[(stem, field)] = value
    _edit(path, lambda d: d.update(document))


def _value(record: dict[str, Any], field: str) -> Any:
    if field.startswith("sources["):
        name = field[len("sources[") : field.index("]")]
        return next(s["summary"] for s in record["sources"] if s["file"] == name)
    if field == "location.city":
        return record["location"]["city"]
    return record.get(field, ABSENT)


def _assert_kept(content: Path, expected: dict[tuple[str, str], Any]) -> None:
    for (stem, field), value in expected.items():
        path = content / "incidents" / f"{stem}.yml"
        text = path.read_text()
        if field == "comment":
            assert value in text
        else:
            assert _value(yaml.safe_load(text), field) == value, (stem, field)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=1, max_size=8))
@example(  # the editor's 9 is the next build's figure too; a later source made it 1
    ops=[
        ("add", "Kirkuk", "Monday", 9),
        ("add", "Kirkuk", "Friday", 1),
        ("edit", 0, "killed", "Edited aa"),
        ("build",),
        ("add", "Kirkuk", "Monday", 1),
    ]
)
def test_random_edits_articles_and_rebuilds_lose_no_edit(ops: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        articles = write(
            Path(temporary) / "articles", {"first.md": _article("Kirkuk", "Friday", 3)}
        )
        content = Path(temporary) / "content"
        run(articles, content)
        expected: dict[tuple[str, str], Any] = {}
        for number, op in enumerate(ops):
            if op[0] == "add":
                write(articles, {f"new-{number}.md": _article(op[1], op[2], op[3])})
            elif op[0] == "edit":
                files = sorted((content / "incidents").glob("*.yml"))
                _apply_edit(files[op[1] % len(files)], op[2], op[3], expected)
            else:
                run(articles, content)
                _assert_kept(content, expected)
        run(articles, content)
        _assert_kept(content, expected)
        assert run(articles, content, dry_run=True).changed_files == ()
