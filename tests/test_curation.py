"""Editors' decisions in content/curation.yml, permanent ids, and deterministic builds."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from curation_articles import ERBIL, KIRKUK, KIRKUK_LATER, KIRKUK_WIRE, run, snapshot, write

from builder.check import check_content
from builder.cli import main
from builder.curation import CurationError


def _incidents(content: Path) -> dict[str, dict]:
    return {
        p.stem: yaml.safe_load(p.read_text()) for p in sorted((content / "incidents").glob("*.yml"))
    }


def _members(content: Path) -> dict[str, list[str]]:
    return {i: sorted(s["file"] for s in r["sources"]) for i, r in _incidents(content).items()}


def _decide(content: Path, text: str) -> None:
    (content / "curation.yml").write_text(text, encoding="utf-8")


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path]:
    articles = write(
        tmp_path / "articles",
        {"kirkuk.md": KIRKUK, "erbil.md": ERBIL, "kirkuk-later.md": KIRKUK_LATER},
    )
    content = tmp_path / "content"
    run(articles, content)
    assert sorted(_members(content).values()) == [
        ["erbil.md"],
        ["kirkuk-later.md", "kirkuk.md"],
    ]
    return articles, content


def _id_of(content: Path, article: str) -> str:
    return next(i for i, files in _members(content).items() if article in files)


def test_ids_are_permanent_when_a_later_article_moves_the_date(tmp_path: Path) -> None:
    articles = write(tmp_path / "articles", {"kirkuk.md": KIRKUK})
    content = tmp_path / "content"
    run(articles, content)
    [first] = _incidents(content)
    write(articles, {"kirkuk-later.md": KIRKUK_LATER, "kirkuk-wire.md": KIRKUK_WIRE})
    run(articles, content)
    [(incident, record)] = _incidents(content).items()
    assert incident == first and record["id"] == first
    assert record["date"] != first[:10]  # the best date moved; the id did not


def test_a_renamed_article_file_keeps_its_incident(archive: tuple[Path, Path]) -> None:
    articles, content = archive
    before = _members(content)
    erbil = _id_of(content, "erbil.md")
    (articles / "2021").mkdir()
    (articles / "erbil.md").rename(articles / "2021" / "erbil-drone.md")
    run(articles, content)
    assert _members(content) == {**before, erbil: ["2021/erbil-drone.md"]}
    assert run(articles, content, dry_run=True).changed_files == ()


def test_builds_are_byte_identical_and_a_second_build_changes_nothing(
    archive: tuple[Path, Path], tmp_path: Path
) -> None:
    articles, content = archive
    other = tmp_path / "other"
    run(articles, other)
    assert snapshot(other) == snapshot(content)
    assert run(articles, content, dry_run=True).changed_files == ()


def test_build_check_lists_changes_and_exits_1(
    archive: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    articles, content = archive
    args = ["build", "--check", "--articles", str(articles), "--content", str(content)]
    assert main([*args, "--no-cache"]) == 0
    write(articles, {"kirkuk-wire.md": KIRKUK_WIRE})
    before = snapshot(content)
    capsys.readouterr()
    assert main([*args, "--no-cache"]) == 1
    assert "would change: " in capsys.readouterr().out
    assert snapshot(content) == before


def test_pin_moves_an_article_and_it_stays(archive: tuple[Path, Path]) -> None:
    articles, content = archive
    erbil = _id_of(content, "erbil.md")
    _decide(content, f"pin:\n  - article: kirkuk-later.md\n    incident: {erbil}\n")
    run(articles, content)
    assert _members(content)[erbil] == ["erbil.md", "kirkuk-later.md"]
    assert run(articles, content, dry_run=True).changed_files == ()


def test_split_takes_an_article_out_into_its_own_incident(archive: tuple[Path, Path]) -> None:
    articles, content = archive
    kirkuk = _id_of(content, "kirkuk.md")
    _decide(content, "split:\n  - article: kirkuk-later.md\n    reason: a different blast\n")
    run(articles, content)
    members = _members(content)
    assert members[kirkuk] == ["kirkuk.md"]
    assert ["kirkuk-later.md"] in members.values()
    assert run(articles, content, dry_run=True).changed_files == ()


def test_merge_folds_one_incident_into_another_and_redirects(archive: tuple[Path, Path]) -> None:
    articles, content = archive
    kirkuk, erbil = _id_of(content, "kirkuk.md"), _id_of(content, "erbil.md")
    _decide(content, f"merge:\n  - from: {erbil}\n    into: {kirkuk}\n")
    run(articles, content)
    assert _members(content) == {kirkuk: ["erbil.md", "kirkuk-later.md", "kirkuk.md"]}
    redirects = yaml.safe_load((content / "redirects.yml").read_text())
    assert redirects == {erbil: kirkuk}
    assert check_content(content) == []
    assert run(articles, content, dry_run=True).changed_files == ()
    (content / "incidents" / f"{kirkuk}.yml").unlink()
    [error] = [e for e in check_content(content) if e.file.name == "redirects.yml"]
    lines = (content / "redirects.yml").read_text().splitlines()
    assert error.field == erbil and "no incident" in error.message
    assert lines[error.line - 1].startswith(f"{erbil}:")


def test_a_redirect_that_is_no_id_stops_build_and_check(archive: tuple[Path, Path]) -> None:
    # Each redirect becomes a site folder: '../' in one would write outside incidents/.
    articles, content = archive
    (content / "redirects.yml").write_text("ok-id: other-id\n../../index: other-id\n")
    expected = "redirects.yml:2: ../../index: is not an incident id"
    with pytest.raises(CurationError) as raised:
        run(articles, content)
    assert expected in str(raised.value)
    assert any(expected in str(error) for error in check_content(content))


def test_exclude_leaves_an_article_out(archive: tuple[Path, Path]) -> None:
    articles, content = archive
    _decide(content, "exclude:\n  - article: kirkuk-later.md\n    reason: opinion\n")
    run(articles, content)
    assert sorted(_members(content).values()) == [["erbil.md"], ["kirkuk.md"]]


def test_unreliable_and_rewrite_are_shown_and_not_counted(archive: tuple[Path, Path]) -> None:
    articles, content = archive
    _decide(
        content,
        "unreliable:\n  - outlet: Example Daily\n    reason: fabricated a story in 2021\n"
        "rewrite:\n  - article: kirkuk-later.md\n    of: kirkuk.md\n",
    )
    run(articles, content)
    record = _incidents(content)[_id_of(content, "kirkuk.md")]
    sources = {s["file"]: s for s in record["sources"]}
    assert sources["kirkuk.md"]["reliability"] == {
        "status": "unreliable",
        "reason": "fabricated a story in 2021",
    }
    assert sources["kirkuk-later.md"]["rewrite_of"] == "kirkuk.md"
    assert sources["kirkuk-later.md"]["independent"] is False
    assert record["independent_sources"] == 1


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        ("pin:\n  - article: a.md\n", 2, "pin[0]", "'incident' is a required property"),
        ("merge:\n  - from: x\n    into: x\n", 3, "merge[0].into", "two different"),
        ("pin:\n  - article: a.md\n    incident: no-such-id\n", 3, "pin.incident", "no incident"),
        ("exclude: [\n", 2, "(file)", "not valid YAML"),
        ("exclud:\n  - article: a.md\n", 1, "exclud", "did you mean 'exclude'?"),
    ],
)
def test_a_bad_curation_file_is_reported_and_nothing_is_built(
    archive: tuple[Path, Path], text: str, line: int | None, field: str, words: str
) -> None:
    articles, content = archive
    _decide(content, text)
    before = snapshot(content)
    with pytest.raises(CurationError) as raised:
        run(articles, content)
    [error] = raised.value.errors
    assert (error.line, error.field) == (line, field) and words in error.message, error
    assert error.file == content / "curation.yml"
    assert snapshot(content) == before
    assert [str(e) for e in check_content(content)] == [str(error)]


def test_check_warns_about_decisions_on_missing_articles(
    archive: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    articles, content = archive
    _decide(content, "exclude:\n  - article: kirkuk-typo.md\n")
    assert main(["check", "--content", str(content), "--articles", str(articles)]) == 0
    err = capsys.readouterr().err
    assert "curation.yml:2: exclude.article: no article 'kirkuk-typo.md'" in err
