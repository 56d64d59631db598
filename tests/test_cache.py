"""The per-article cache and the worker pool: faster rebuilds, never different results."""

from __future__ import annotations

import os
import pickle
import shutil
from datetime import date
from pathlib import Path

import pytest

from builder import batch, cache, extract, read
from builder.pipeline import BuildOptions, build


@pytest.fixture
def articles(seeds_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(seeds_dir, folder)
    return folder


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the articles extracted (not taken from the cache), in order."""
    calls: list[str] = []
    real = extract.extract

    def counting(article, places=None):  # type: ignore[no-untyped-def]
        calls.append(article.id)
        return real(article, places)

    monkeypatch.setattr(extract, "extract", counting)
    return calls


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.yml")}


def _build(articles: Path, content: Path, cache_dir: Path | None, workers: int = 1) -> None:
    build(BuildOptions(articles, content, cache_dir=cache_dir, workers=workers))


def test_unchanged_articles_are_not_extracted_again(
    articles: Path, tmp_path: Path, extracted: list[str]
) -> None:
    _build(articles, tmp_path / "first", tmp_path / "cache")
    assert len(extracted) == 5
    extracted.clear()
    _build(articles, tmp_path / "second", tmp_path / "cache")
    assert extracted == []
    assert _contents(tmp_path / "first") == _contents(tmp_path / "second")


def test_an_edited_article_is_extracted_again(
    articles: Path, tmp_path: Path, extracted: list[str]
) -> None:
    _build(articles, tmp_path / "content", tmp_path / "cache")
    edited = sorted(articles.iterdir())[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA line added later.\n", "utf-8")
    extracted.clear()
    _build(articles, tmp_path / "content", tmp_path / "cache")
    assert extracted == [edited.name]


def test_a_touched_but_unchanged_article_is_not_extracted_again(
    articles: Path, tmp_path: Path, extracted: list[str]
) -> None:
    _build(articles, tmp_path / "content", tmp_path / "cache")
    for path in articles.iterdir():
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    extracted.clear()
    _build(articles, tmp_path / "content", tmp_path / "cache")
    assert extracted == []


def test_a_new_builder_version_extracts_everything_again(
    articles: Path, tmp_path: Path, extracted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(articles, tmp_path / "content", tmp_path / "cache")
    monkeypatch.setattr(cache, "builder_version", lambda: "another version")
    extracted.clear()
    _build(articles, tmp_path / "content", tmp_path / "cache")
    assert len(extracted) == 5


def test_the_builder_version_follows_the_code_and_data() -> None:
    version = cache.builder_version()
    assert len(version) == 32
    assert version == cache.builder_version()


def test_deleted_articles_leave_the_cache(articles: Path, tmp_path: Path) -> None:
    _build(articles, tmp_path / "content", tmp_path / "cache")
    removed = sorted(articles.iterdir())[0]
    removed.unlink()
    _build(articles, tmp_path / "content", tmp_path / "cache")
    with cache.ArticleCache(tmp_path / "cache") as store:
        assert removed.name not in store.hashes()
        assert len(store.hashes()) == 4


def test_cached_and_fresh_builds_write_the_same_files(articles: Path, tmp_path: Path) -> None:
    _build(articles, tmp_path / "cold", None)
    _build(articles, tmp_path / "warm", tmp_path / "cache")
    _build(articles, tmp_path / "warm", tmp_path / "cache")
    assert _contents(tmp_path / "cold") == _contents(tmp_path / "warm")


def test_cached_facts_are_loaded_from_bundles_kept_up_to_date(
    articles: Path, tmp_path: Path, extracted: list[str]
) -> None:
    """The first build that reads the cache bundles the facts (cache.BUNDLES); later builds load
    them from there, and an edited article is extracted again, not taken from its bundle."""
    import sqlite3

    _build(articles, tmp_path / "cold", None)
    cache_dir = tmp_path / "cache"
    _build(articles, tmp_path / "warm", cache_dir)
    assert not list(cache_dir.glob("facts-*.pickle"))  # nothing read from the cache yet
    _build(articles, tmp_path / "warm", cache_dir)
    assert list(cache_dir.glob("facts-*.pickle"))
    with sqlite3.connect(cache_dir / "articles.sqlite") as db:  # rows no longer loadable
        db.execute("UPDATE articles SET facts = x'00'")
    extracted.clear()
    _build(articles, tmp_path / "warm", cache_dir)
    assert extracted == []
    assert _contents(tmp_path / "cold") == _contents(tmp_path / "warm")
    edited = sorted(articles.glob("*.txt"))[0]
    edited.write_bytes(edited.read_bytes() + b"\nA witness said the street was closed.\n")
    _build(articles, tmp_path / "warm", cache_dir)
    assert extracted == [edited.name]
    _build(articles, tmp_path / "cold-edited", None)
    assert _contents(tmp_path / "cold-edited") == _contents(tmp_path / "warm")


def test_one_worker_and_two_workers_write_the_same_files(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "MIN_ARTICLES_PER_WORKER", 1)  # use the pool even for five
    _build(articles, tmp_path / "one", None, workers=1)
    _build(articles, tmp_path / "two", None, workers=2)
    assert _contents(tmp_path / "one") == _contents(tmp_path / "two")


def test_an_unreadable_article_is_a_problem_and_is_not_cached(
    articles: Path, tmp_path: Path
) -> None:
    (articles / "empty.txt").write_text("   \n", encoding="utf-8")
    result = build(BuildOptions(articles, tmp_path / "content", cache_dir=tmp_path / "cache"))
    assert [p.file for p in result.problems if "empty" in p.message] == ["empty.txt"]
    with cache.ArticleCache(tmp_path / "cache") as store:
        assert "empty.txt" not in store.hashes()


def test_per_article_results_are_kept_with_the_cached_facts(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from builder import evidence

    _build(articles, tmp_path / "content", tmp_path / "cache")
    facts, _ = batch.read_and_extract(
        sorted(articles.iterdir()), articles, tmp_path / "cache", workers=1
    )
    assert all("builder.evidence.article_evidence" in f.derived for f in facts)
    monkeypatch.setattr(evidence, "_normal", None)  # computing terms again would now fail
    assert evidence.article_evidence(facts[0]).terms.counts
    changed = replace(facts[0], event_date=None)
    assert changed.derived == {}


def test_unchanged_incidents_are_not_rendered_again(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builder import store

    _build(articles, tmp_path / "content", tmp_path / "cache")
    before = _contents(tmp_path / "content")
    rendered: list[object] = []
    real = store.dump
    monkeypatch.setattr(store, "dump", lambda record: rendered.append(record) or real(record))
    _build(articles, tmp_path / "content", tmp_path / "cache")
    assert rendered == []
    assert _contents(tmp_path / "content") == before


def test_a_hand_edited_incident_is_merged_as_without_the_cache(
    articles: Path, tmp_path: Path
) -> None:
    for name in ("cached", "plain"):
        cache_dir = tmp_path / "cache" if name == "cached" else None
        _build(articles, tmp_path / name, cache_dir)
        edited = sorted((tmp_path / name / "incidents").glob("*.yml"))[0]
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace("\ntitle: ", "\ntitle: Edited by hand. ", 1), "utf-8")
        _build(articles, tmp_path / name, cache_dir)
    assert _contents(tmp_path / "cached") == _contents(tmp_path / "plain")
    assert (
        "Edited by hand."
        in sorted((tmp_path / "cached" / "incidents").glob("*.yml"))[0].read_text()
    )


def test_a_file_written_for_another_record_is_rendered_again(
    articles: Path, tmp_path: Path
) -> None:
    """One cache, two content folders: the memo trusts a file only with the hash it wrote."""
    removed = sorted(articles.iterdir())[-1]
    kept = removed.read_bytes()
    removed.unlink()
    _build(articles, tmp_path / "old", tmp_path / "cache")
    _build(articles, tmp_path / "plain", None)
    removed.write_bytes(kept)
    _build(articles, tmp_path / "new", tmp_path / "cache")
    _build(articles, tmp_path / "old", tmp_path / "cache")
    _build(articles, tmp_path / "plain", None)
    assert _contents(tmp_path / "old") == _contents(tmp_path / "plain")


def _age(folder: Path, seconds: int = 60) -> None:
    """Date every file back, as if written well before the next build."""
    for path in folder.rglob("*"):
        status = path.stat()
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns - seconds * 10**9))


def test_unchanged_incident_files_are_not_read_again(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builder import store

    content, cache_dir = tmp_path / "content", tmp_path / "cache"
    _build(articles, content, cache_dir)
    _age(content)
    _build(articles, content, cache_dir)  # reads every file, and keeps what they said
    assert store.published(content, cache_dir) == store.published(content)
    read: list[str] = []
    real = store._read
    monkeypatch.setattr(
        store, "_read", lambda path, state: read.append(path.name) or real(path, state)
    )
    _build(articles, content, cache_dir)
    assert read == []
    edited = sorted((content / "incidents").glob("*.yml"))[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\ntitle: ", "\ntitle: Edited by hand. ", 1), "utf-8")
    _build(articles, content, cache_dir)
    assert read == [edited.name]
    assert "Edited by hand." in edited.read_text(encoding="utf-8")


def test_a_changed_source_note_renders_the_record_again(tmp_path: Path) -> None:
    """The record key covers the notes (an editor's decision), not only the articles' bytes."""
    from curation_articles import ERBIL, KIRKUK, write

    articles = write(tmp_path / "articles", {"kirkuk.md": KIRKUK, "erbil.md": ERBIL})
    for name in ("cached", "plain"):
        cache_dir = tmp_path / "cache" if name == "cached" else None
        _build(articles, tmp_path / name, cache_dir)
        (tmp_path / name / "curation.yml").write_text(
            "unreliable:\n  - outlet: Example Daily\n    reason: made up a story\n", "utf-8"
        )
        _build(articles, tmp_path / name, cache_dir)
    assert _contents(tmp_path / "cached") == _contents(tmp_path / "plain")
    assert "made up a story" in "".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "cached" / "incidents").glob("*.yml")
    )


def test_articles_extracted_beside_the_cache_loading_give_the_same_files(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "BESIDE_CACHED", 1)  # one forked process for the one edited
    edited = sorted(articles.iterdir())[0]
    original = edited.read_text(encoding="utf-8")
    for name, workers in (("beside", 2), ("here", 1)):
        edited.write_text(original, "utf-8")
        _build(articles, tmp_path / name, tmp_path / f"cache-{name}", workers)
        edited.write_text(original + "\nA line added later.\n", "utf-8")
        _build(articles, tmp_path / name, tmp_path / f"cache-{name}", workers)
    assert _contents(tmp_path / "beside") == _contents(tmp_path / "here")


def test_remembered_keys_are_replaced_as_a_whole(tmp_path: Path) -> None:
    with cache.ArticleCache(tmp_path) as store:
        store.remember_written({"a": "1", "b": "2", "c": "3"})
        store.remember_written({"a": "1", "c": "4", "d": "5"})
        assert store.written() == {"a": "1", "c": "4", "d": "5"}


def test_the_warm_up_article_reaches_the_extraction_s_patterns() -> None:
    """batch.Extractor warms its process up with an article whose event, place, date and toll
    are found, so that the patterns of each are compiled before the first real article."""
    facts = extract.extract(read.parse_article("warm-up.txt", batch._WARM_UP, date(2020, 3, 3)))
    assert facts.reports_incident and facts.event_kind
    assert facts.place is not None and facts.place.city
    assert facts.event_date is not None and facts.killed is not None and facts.injured is not None


def test_an_extractor_not_needed_is_stopped_before_the_articles_are_loaded() -> None:
    """With nothing to extract (a rebuild of unchanged articles), or too few cached articles to
    extract beside them, its warm-up would take the other core until the build ends."""
    one = [batch._Job("a.txt", Path("a.txt"), Path("."), date.today())]
    for jobs, beside in (([], True), (one, False)):
        with batch.Extractor(True) as extractor, batch._extracting(jobs, 2, beside, extractor):
            assert extractor.pool is None


def test_a_memo_is_loaded_from_its_bundle_and_its_rows(tmp_path: Path) -> None:
    """The values come from the bundle where it has them, but only for the keys the rows still
    hold; the bundle is written again once more than cache.STALE of it is out of date."""
    import sqlite3

    memo = cache.load_memo(tmp_path, "m")
    for number in range(20):
        memo.put(f"k{number}", number)
    cache.save_memo(tmp_path, "m", memo)
    assert cache.load_memo(tmp_path, "m").bundled is None  # written by a build that found it
    memo = cache.load_memo(tmp_path, "m")
    for number in range(20):
        memo.get(f"k{number}")
    cache.save_memo(tmp_path, "m", memo)
    with sqlite3.connect(tmp_path / "articles.sqlite") as db:  # rows no longer loadable
        db.execute("UPDATE shelved SET value = x'00'")
    memo = cache.load_memo(tmp_path, "m")
    assert memo.known == {f"k{number}": number for number in range(20)}
    for number in range(1, 20):  # k0 is not used: its row goes, the bundle is kept
        memo.get(f"k{number}")
    memo.put("new", 20)
    cache.save_memo(tmp_path, "m", memo)
    memo = cache.load_memo(tmp_path, "m")
    assert memo.known == {f"k{number}": number for number in range(1, 20)} | {"new": 20}
    assert memo.bundled is not None and "k0" in memo.bundled  # the bundle was not written
    for number in range(1, 10):
        memo.get(f"k{number}")
    cache.save_memo(tmp_path, "m", memo)
    memo = cache.load_memo(tmp_path, "m")
    assert memo.known == {f"k{number}": number for number in range(1, 10)}
    assert memo.bundled == frozenset(memo.known)  # written again


def test_a_pickle_written_beside_another_builds_write_leaves_it_alone(tmp_path: Path) -> None:
    """Two builds sharing a cache folder may save one pickle at once: each writes its own
    temporary, and a stopped write leaves none."""
    theirs = tmp_path / "related.pickle.tmp"
    theirs.write_bytes(b"another build is writing this")
    cache.save_pickle(tmp_path, "related", {"a": 1})
    assert cache.load_pickle(tmp_path, "related") == {"a": 1}
    assert theirs.read_bytes() == b"another build is writing this"
    with pytest.raises((AttributeError, TypeError, pickle.PicklingError)):
        cache.save_pickle(tmp_path, "related", lambda: None)  # cannot be pickled
    assert sorted(p.name for p in tmp_path.glob("*.tmp")) == [theirs.name]
    assert cache.load_pickle(tmp_path, "related") == {"a": 1}


def test_bundles_and_kept_relations_change_no_file(articles: Path, tmp_path: Path) -> None:
    """Adding, removing and adding an article, editing one and undoing the edit write, at each
    step, the same files with the cache's bundles and kept relations as without them (removed
    before each build of the second run: the rows are then the only source)."""
    held = sorted(articles.glob("*.txt"))[-1]
    held_text = held.read_bytes()
    edited = sorted(articles.glob("*.txt"))[0]
    original = edited.read_bytes()
    steps = [
        lambda: held.unlink(),
        lambda: held.write_bytes(held_text),
        lambda: held.unlink(),
        lambda: held.write_bytes(held_text),
        lambda: edited.write_bytes(original + b"\nA witness said the street was closed.\n"),
        lambda: edited.write_bytes(original),
    ]

    def run(name: str, forget: bool) -> list[dict[str, bytes]]:
        held.write_bytes(held_text)
        edited.write_bytes(original)
        cache_dir = tmp_path / f"{name}-cache"
        written = []
        for step in steps:
            step()
            for kept in cache_dir.glob("*.pickle"):
                if forget and kept.name.startswith(("facts-", "memo-", "related")):
                    kept.unlink()
            _build(articles, tmp_path / name, cache_dir)
            written.append(_contents(tmp_path / name))
        return written

    with_them = run("with", forget=False)
    assert list((tmp_path / "with-cache").glob("facts-*.pickle"))
    assert with_them == run("without", forget=True)
