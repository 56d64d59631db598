"""`incident-archive check` and `build --check` change no file: not content/, not the articles,
not the cache (CI runs them on pull requests and on editors' machines)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from builder import cli, places, store

ROOT = Path(__file__).resolve().parent.parent

NEW_ARTICLE = """---
title: Two hurt as gunmen fire on a bus station in Kirkuk
outlet: Test Wire
published: 2024-03-06
---
Two hurt as gunmen fire on a bus station in Kirkuk

KIRKUK, Iraq - Gunmen opened fire on the main bus station in Kirkuk on Tuesday evening, wounding
two passengers who were waiting for a night bus, police said.
"""


def _tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_check_and_build_check_leave_tree_and_cache_untouched(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # anything written to the working folder counts too
    shutil.copytree(seeds_dir, tmp_path / "articles")
    folders = ["--articles", "articles", "--content", "content"]
    # A fresh clone: no cache of any kind in the project (the gazetteer's index is in the user's).
    shutil.copytree(ROOT / "content", tmp_path / "content")
    places.gazetteer.cache_clear()
    fresh = _tree(tmp_path)
    assert cli.main(["build", *folders, "--workers", "1", "--check"]) in (0, 1)
    assert _tree(tmp_path) == fresh
    shutil.rmtree(tmp_path / "content")
    assert cli.main(["build", *folders, "--cache", "cache", "--workers", "1"]) == 0
    # What a pull request brings: a new article, an edited one, a hand-edited incident file.
    (tmp_path / "articles" / "new.md").write_text(NEW_ARTICLE, encoding="utf-8")
    edited = sorted((tmp_path / "articles").glob("00*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nUpdated.\n", encoding="utf-8")
    incident = sorted((tmp_path / "content" / "incidents").glob("*.yml"))[0]
    incident.write_text(incident.read_text(encoding="utf-8") + "notes: checked\n", "utf-8")
    before = _tree(tmp_path)

    assert cli.main(["build", *folders, "--cache", "cache", "--workers", "1", "--check"]) == 1
    assert _tree(tmp_path) == before
    assert cli.main(["check", *folders]) == 0
    assert _tree(tmp_path) == before

    # The next real build still gets everything right, from the cache the checks left alone.
    assert cli.main(["build", *folders, "--cache", "cache", "--workers", "1"]) == 0
    assert cli.main(["build", *folders, "--cache", "cache", "--workers", "1", "--check"]) == 0


def test_the_incident_file_memo_is_one_file_per_cache_folder(tmp_path: Path) -> None:
    """Builds of many content folders with one cache (temporary builds, benchmarks) leave one
    memo of incident files, for the folder built last, not one more per folder."""
    for name in ("one", "two", "one"):
        shutil.copytree(ROOT / "content", tmp_path / name, dirs_exist_ok=True)
        found = store.published(tmp_path / name, tmp_path / "cache")
        assert found.members == store.published(tmp_path / name).members
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["articles.sqlite"]
    with sqlite3.connect(tmp_path / "cache" / "articles.sqlite") as db:
        shelves = {row[0] for row in db.execute("SELECT DISTINCT shelf FROM shelved")}
    assert shelves == {"published " + str((tmp_path / "one").resolve())}
