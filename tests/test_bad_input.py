"""Bad input: each file gets a message naming it and the reason; the rest still builds and
nothing already in content/ gets worse."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from curation_articles import ERBIL, KIRKUK, OPINION, run, snapshot, wire_copy, write

from builder import read
from builder.cli import main

ARABIC = "انفجار سيارة مفخخة في سوق كركوك أدى إلى مقتل أربعة أشخاص"
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"  \n\n", "is empty"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "arabic.txt": (ARABIC.encode("cp1256"), "Windows-1256"),
    "latin1.txt": (
        "Une bombe a explosé à Kirkouk, tuant quatre personnes.".encode("latin-1"),
        "Latin-1",
    ),
    "page.md": (
        b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Hi</p></body>",
        "saved HTML page",
    ),
    "front.md": (
        b"---\ntitle: [unclosed\n---\nA bomb exploded in Kirkuk on Friday.\n",
        "front matter: is not valid YAML at line 3 (did not find expected ',' or ']')",
    ),
    "colon.md": (
        b"---\ntitle: Car bomb: four dead\n---\nA bomb exploded in Kirkuk on Friday.\n",
        'in double quotes: title: "Attack: what we know"',
    ),
    "no-such-day.md": (
        b"---\npublished: 2024-13-45\n---\nA bomb exploded in Kirkuk on Friday.\n",
        "published: '2024-13-45' is not a date; write it as YYYY-MM-DD",
    ),
    "unknown.md": (
        b"---\npublshed: 2022-03-05\n---\nA bomb exploded in Kirkuk on Friday.\n",
        "did you mean 'published'",
    ),
    "relative.md": (  # read as the day before each build, not before the article
        b"---\npublished: yesterday\n---\nA bomb exploded in Kirkuk on Friday.\n",
        "published: 'yesterday' is not a date; write it as YYYY-MM-DD",
    ),
    "ambiguous.md": (  # 4 March or 3 April?
        b"---\npublished: 04.03.2022\n---\nA bomb exploded in Kirkuk on Friday.\n",
        "published: '04.03.2022' could be day-month or month-day; write it as YYYY-MM-DD",
    ),
    "unclosed.md": (  # its keys would be read as the article's first lines
        b"---\ntitle: Bomb in Kirkuk\npublished: 2022-03-05\nA bomb exploded in Kirkuk.\n",
        "front matter: has no closing `---` line; add one after the last `key: value` line",
    ),
    "www.md": (  # the site links only http(s) addresses
        b"---\nurl: www.example.org/kirkuk\n---\nA bomb exploded in Kirkuk on Friday.\n",
        "url: 'www.example.org/kirkuk' is not a web address; write it in full: https://...",
    ),
    "future.md": (
        b"---\npublished: 2999-01-01\n---\nA bomb exploded in Kirkuk on Friday.\n",
        "in the future",
    ),
}


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path]:
    articles = write(tmp_path / "articles", {"kirkuk.md": KIRKUK, "erbil.md": ERBIL})
    content = tmp_path / "content"
    result = run(articles, content)
    assert result.incidents_written == 2 and not result.problems
    return articles, content


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_named_with_its_reason_and_changes_nothing(
    archive: tuple[Path, Path], name: str
) -> None:
    articles, content = archive
    before = snapshot(content)
    raw, reason = BAD_FILES[name]
    (articles / name).write_bytes(raw)
    result = run(articles, content)
    messages = [str(p) for p in result.problems if p.file == name]
    assert len(messages) == 1 and reason in messages[0], result.problems
    assert result.incidents_written == 2
    assert snapshot(content) == before


def test_a_50_mb_file_is_refused_without_being_read(
    archive: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, content = archive
    before = snapshot(content)
    with (articles / "dump.txt").open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: costs no disk and no time
    real_read_bytes = Path.read_bytes

    def guarded(path: Path) -> bytes:
        assert path.name != "dump.txt", "the 50 MB file was read"
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    result = run(articles, content)
    assert [p.message for p in result.problems if p.file == "dump.txt"] == [
        "is 50.0 MB, more than the 2 MB an article can be; save only the article's text"
    ]
    assert snapshot(content) == before


def test_the_cli_names_the_path_of_a_bad_article(
    archive: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    articles, content = archive
    (articles / "empty.txt").write_text("")
    code = main(["build", "--articles", str(articles), "--content", str(content), "--no-cache"])
    assert code == 0
    assert f"warning: {(articles / 'empty.txt').as_posix()}: is empty" in capsys.readouterr().err


def test_a_file_the_build_does_not_read_is_named(
    archive: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A Word file or a saved page dropped into the articles folder was left out without a word."""
    articles, content = archive
    (articles / "report.docx").write_bytes(b"PK\x03\x04")
    (articles / "2024").mkdir()
    (articles / "2024" / "story.html").write_text("<p>A bomb exploded in Kirkuk.</p>")
    (articles / ".notes").write_text("hidden files are nobody's articles")
    before = snapshot(content)
    code = main(["build", "--articles", str(articles), "--content", str(content), "--no-cache"])
    assert code == 0 and snapshot(content) == before
    err = capsys.readouterr().err
    fix = "is not read: only .txt and .md files are articles; save its text as"
    assert f"warning: {(articles / 'report.docx').as_posix()}: {fix} report.txt\n" in err
    assert f"warning: {(articles / '2024/story.html').as_posix()}: {fix} 2024/story.txt\n" in err
    assert ".notes" not in err


def test_an_opinion_piece_is_reported_not_made_an_incident(archive: tuple[Path, Path]) -> None:
    articles, content = archive
    write(articles, {"parks.md": OPINION})
    result = run(articles, content)
    assert [p.message.split(" (")[0] for p in result.problems] == ["reports no incident"]
    assert result.incidents_written == 2


def test_the_same_article_twice_is_counted_once(archive: tuple[Path, Path]) -> None:
    articles, content = archive
    # Sorts before the file already in the archive, which must still be the one counted.
    write(articles, {"kirkuk-again.md": KIRKUK})
    result = run(articles, content)
    assert [(p.file, p.message.split(";")[0]) for p in result.problems] == [
        ("kirkuk-again.md", "is the same article as kirkuk.md")
    ]
    [path] = (content / "incidents").glob("*kirkuk*.yml")
    record = yaml.safe_load(path.read_text())
    sources = {s["file"]: s for s in record["sources"]}
    assert sources["kirkuk-again.md"]["duplicate_of"] == "kirkuk.md"
    assert sources["kirkuk.md"]["independent"] is True
    assert record["independent_sources"] == 1


def test_a_wire_story_on_two_sites_is_one_independent_source(tmp_path: Path) -> None:
    articles = write(
        tmp_path / "articles",
        {
            "agency.md": wire_copy("Agency Wire", "https://wire.example/mosul"),
            "paper.md": wire_copy(
                "City Paper", "https://paper.example/mosul", "MOSUL, Iraq (Agency Wire) -- "
            ),
        },
    )
    result = run(articles, tmp_path / "content")
    assert [(p.file, p.message.split(" (")[0]) for p in result.problems] == [
        ("paper.md", "copies agency.md")
    ]
    [path] = (tmp_path / "content" / "incidents").glob("*.yml")
    record = yaml.safe_load(path.read_text())
    sources = {s["file"]: s for s in record["sources"]}
    assert sources["agency.md"]["independent"] is True
    assert sources["paper.md"]["independent"] is False
    assert sources["paper.md"]["duplicate_of"] == "agency.md"
    assert record["independent_sources"] == 1


@pytest.mark.parametrize(
    ("written", "day"),
    [("March 5, 2022", "2022-03-05"), ("5 March 2022", "2022-03-05"), ("05.05.2022", "2022-05-05"),
     ("25.03.2022", "2022-03-25"), ("2022/03/05", "2022-03-05")],
)  # fmt: skip
def test_a_date_written_in_words_or_unambiguous_digits_is_read(written: str, day: str) -> None:
    assert read.coerce_date(written).isoformat() == day
