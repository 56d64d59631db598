"""An incremental build (published incidents, cached articles) writes what a fresh build writes.

A roundup is listed in two incidents: as a primary source of the one it is about and as a
secondary source of another it reports too. The next build must keep it where it is primary,
whichever of the two files comes first. Records rendered in worker processes give the same files
as records rendered in the builder's own process.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from builder import pipeline, store
from builder.edits import State
from builder.store import Published
from tests.test_group import BACKGROUND, MALL_MAY_1, MALL_MAY_15, ROUNDUP

LATER = {
    "later-fire.txt": (
        "2022-08-09",
        "Barn fire near Osterley kills two horses\n"
        "Fire destroyed a barn on Pell Lane near Osterley on Monday night, killing two horses. "
        "Firefighter Dana Whitcombe said a faulty heater was to blame.",
    ),
}


def _write(folder: Path, *parts: dict[str, tuple[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for part in parts:
        for name, (published, text) in part.items():
            (folder / name).write_text(f"---\npublished: {published}\n---\n{text}\n")


def _build(articles: Path, content: Path, cache: Path) -> None:
    pipeline.build(pipeline.BuildOptions(articles, content, cache_dir=cache, workers=1))


def _files(content: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted((content / "incidents").glob("*.yml"))}


def test_adding_an_article_writes_what_a_fresh_build_writes(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15, ROUNDUP)
    _build(articles, tmp_path / "content", tmp_path / "cache")
    before = _files(tmp_path / "content")
    assert sum("roundup.txt" in text for text in before.values()) == 2  # primary and secondary

    _write(articles, LATER)
    _build(articles, tmp_path / "content", tmp_path / "cache")
    _build(articles, tmp_path / "fresh", tmp_path / "fresh-cache")
    assert _files(tmp_path / "content") == _files(tmp_path / "fresh")
    assert set(before) < set(_files(tmp_path / "content"))


def test_a_secondary_listing_does_not_move_an_article() -> None:
    published = Published(
        members={"a-first": ("x.txt", "r.txt"), "b-home": ("r.txt", "y.txt")},
        states={},
        broken={},
        pure=frozenset(),
        secondary={"a-first": frozenset({"r.txt"})},
    )
    assert published.article_incidents() == {
        "x.txt": "a-first",
        "r.txt": "b-home",
        "y.txt": "b-home",
    }


def test_states_list_secondary_sources_only_when_there_are_some() -> None:
    plain = State(fields={"id": "abc"}, sources=("x.txt",))
    assert "secondary" not in plain.to_json()
    state = State(fields={}, sources=("x.txt", "r.txt"), secondary=("r.txt",))
    assert State.from_json(state.to_json()) == state


def _all_files(content: Path) -> dict[str, str]:
    files = sorted(p for p in content.rglob("*") if p.is_file())
    return {str(p.relative_to(content)): p.read_text() for p in files}


def test_rendering_in_worker_processes_writes_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = tmp_path / "articles"
    _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15, ROUNDUP)
    pipeline.build(pipeline.BuildOptions(articles, tmp_path / "one", workers=1))
    monkeypatch.setattr(store, "MIN_RECORDS_TO_SHARE", 1)
    monkeypatch.setattr(store, "RENDER_BATCH", 2)  # several batches, one pool
    pipeline.build(pipeline.BuildOptions(articles, tmp_path / "two", workers=2))
    assert _all_files(tmp_path / "two") == _all_files(tmp_path / "one")


def test_the_files_a_build_wrote_are_not_read_again_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, content, cache = tmp_path / "articles", tmp_path / "content", tmp_path / "cache"
    _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15, ROUNDUP)
    _build(articles, content, cache)
    read: list[Path] = []
    real_read = store._read
    monkeypatch.setattr(
        store, "_read", lambda path, state: read.append(path) or real_read(path, state)
    )
    found = store.published(content, cache)
    assert read == []
    assert found == store.published(content)  # what reading every file again gives


def test_an_edit_that_keeps_a_written_file_s_size_and_time_is_seen(tmp_path: Path) -> None:
    """A file changed within the clock tick it was written in can keep its size and time: the
    files a build wrote are trusted only once their bytes are checked."""
    articles, content, cache = tmp_path / "articles", tmp_path / "content", tmp_path / "cache"
    _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15, ROUNDUP)
    _build(articles, content, cache)
    path = sorted((content / "incidents").glob("*.yml"))[0]
    status = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace("title: ", "title: X", 1)[: len(text)]
    edited = edited[:-1] + "\n" if not edited.endswith("\n") else edited
    assert len(edited.encode()) == status.st_size and edited != text
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    found = store.published(content, cache)
    assert path.stem not in found.pure
    assert found == store.published(content)


def test_after_an_earlier_build_the_renderer_starts_only_for_many_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An added article makes too few records to share out: its build forks no renderer; a build
    with as many articles to extract as store.MIN_RECORDS_TO_SHARE does, and writes the same."""
    articles = tmp_path / "articles"
    _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15)
    options = pipeline.BuildOptions(articles, tmp_path / "content", cache_dir=tmp_path / "cache")
    pipeline.build(replace(options, workers=2))
    started: list[int] = []
    real = store.Renderer.start

    def start(renderer: store.Renderer) -> None:
        started.append(renderer.workers)
        real(renderer)

    monkeypatch.setattr(store.Renderer, "start", start)
    _write(articles, ROUNDUP)
    pipeline.build(replace(options, workers=2))
    assert started == []
    monkeypatch.setattr(store, "MIN_RECORDS_TO_SHARE", 1)
    _write(articles, LATER)
    pipeline.build(replace(options, workers=2))
    assert started == [2]
    _build(articles, tmp_path / "fresh", tmp_path / "fresh-cache")
    assert _files(tmp_path / "content") == _files(tmp_path / "fresh")
