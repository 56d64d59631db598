"""`incident-archive add`: checks the article, writes it with front matter, rebuilds, says where
it went."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
import yaml
from curation_articles import ERBIL, KIRKUK, KIRKUK_LATER, run, write

from builder import read
from builder.cli import main

BODY = KIRKUK_LATER.split("---\n", 2)[2]


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    articles = write(tmp_path / "articles", {"kirkuk.md": KIRKUK, "erbil.md": ERBIL})
    content = tmp_path / "content"
    run(articles, content)
    flags = ["--articles", str(articles), "--content", str(content)]
    return articles, content, [*flags, "--cache", str(tmp_path / "cache")]


def test_add_a_file_with_flags_joins_the_incident(
    archive: tuple[Path, Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles, _, flags = archive
    source = tmp_path / "toll.txt"
    source.write_text(BODY)
    flags += ["--url", "https://example.com/toll", "--outlet", "Third Herald"]
    assert main(["add", str(source), *flags, "--published", "2022-03-06", "--no-input"]) == 0
    out = capsys.readouterr().out
    written = articles / "toll.txt"
    assert f"added {written}" in out and "joined incident 2022-03-04-kirkuk" in out
    assert "(2 sources)" in out
    meta, _ = read.split_front_matter(written.read_text())
    assert meta["url"] == "https://example.com/toll" and meta["outlet"] == "Third Herald"
    assert meta["published"].isoformat() == "2022-03-06"


def test_add_from_stdin_creates_an_incident(
    archive: tuple[Path, Path, list[str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    articles, _, flags = archive
    text = (
        "Gunmen attacked a police checkpoint in Samarra on Tuesday night, killing two officers,"
        " the interior ministry said.\n"
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["add", "-", *flags, "--outlet", "Example Daily", "--published", "2023-02-01"]) == 0
    out = capsys.readouterr().out
    assert "created incident 2023-01-31-" in out
    [added] = [p for p in articles.iterdir() if p.name.startswith("2023-02-01-example-daily")]
    assert yaml.safe_load(added.read_text().split("---\n")[1])["outlet"] == "Example Daily"


def test_add_prompts_for_what_is_missing(
    archive: tuple[Path, Path, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    articles, _, flags = archive
    source = tmp_path / "toll.md"
    source.write_text(BODY)
    answers = iter(["https://example.com/toll", "", "2022-03-06"])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert main(["add", str(source), *flags]) == 0
    meta, _ = read.split_front_matter((articles / "toll.md").read_text())
    assert meta == {"url": "https://example.com/toll", "published": meta["published"]}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [(b"", "is empty"), ("café".encode("latin-1"), "not UTF-8"), (b"text", "not a date")],
)
def test_add_refuses_bad_input_and_writes_nothing(
    archive: tuple[Path, Path, list[str]],
    tmp_path: Path,
    raw: bytes,
    reason: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    articles, _, flags = archive
    source = tmp_path / "bad.txt"
    source.write_bytes(raw)
    before = sorted(articles.iterdir())
    assert main(["add", str(source), *flags, "--published", "yesterday-ish", "--no-input"]) == 1
    assert reason in capsys.readouterr().err
    assert sorted(articles.iterdir()) == before


UNDATED = (
    "Gunmen fire on checkpoint near Tikrit\n\n"
    "Gunmen opened fire on an army checkpoint north of Tikrit on Monday, wounding three soldiers,"
    " a police officer said.\n"
)


def test_add_refuses_an_article_its_incident_could_not_be_dated_without(
    archive: tuple[Path, Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'On Monday' needs the day the article was published; without it the incident would be
    undated, under an id that never changes."""
    articles, _, flags = archive
    source = tmp_path / "tikrit.txt"
    source.write_text(UNDATED)
    before = sorted(articles.iterdir())
    assert main(["add", str(source), *flags, "--outlet", "Test Wire", "--no-input"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {source}: published: no publication date")
    assert "'on Monday'" in err and "give --published YYYY-MM-DD" in err
    assert "nothing was added" in err and sorted(articles.iterdir()) == before
    assert main(["add", str(source), *flags, "--published", "2023-05-10", "--no-input"]) == 0
    assert "created incident 2023-05-08-tikrit" in capsys.readouterr().out


def test_a_build_says_which_article_left_its_incident_undated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = write(tmp_path / "articles", {"kirkuk.md": KIRKUK, "tikrit.txt": UNDATED})
    flags = ["--articles", str(articles), "--content", str(tmp_path / "content"), "--no-cache"]
    assert main(["build", *flags, "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert f"warning: {articles / 'tikrit.txt'}: published: no publication date" in err
    assert "add `published: YYYY-MM-DD` to its front matter" in err
    assert "kirkuk.md: published" not in err


def test_the_same_article_added_twice_is_refused(
    archive: tuple[Path, Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles, _, flags = archive
    source = tmp_path / "toll.txt"
    source.write_text(BODY)
    given = ["--outlet", "Third Herald", "--published", "2022-03-06", "--no-input"]
    assert main(["add", str(source), *flags, *given]) == 0
    capsys.readouterr()
    before = sorted(articles.iterdir())
    assert main(["add", str(source), *flags, *given, "--name", "again.txt"]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: {source}: is already in the archive, as {articles / 'toll.txt'} (the same text"
        " and front matter); nothing was added\n"
    )
    assert sorted(articles.iterdir()) == before
    # Another outlet's copy of the story is a source of its own (listed as a copy).
    assert main(["add", str(source), *flags, "--outlet", "Fourth Post", *given[2:]]) == 0
