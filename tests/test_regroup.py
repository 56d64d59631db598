"""Incremental builds: grouping with frozen term counts, only the region of a change regrouped
(regroup.py); only incidents whose sources changed consolidated again (curation.assemble).

The archives here are a handful of articles, so adding one is more drift than REFREEZE allows;
the tests that exercise the incremental path raise it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from builder import consolidate, evidence, pipeline, regroup, store
from builder.models import ArticleFacts, Incident
from tests.test_group import BACKGROUND, MALL_MAY_1, MALL_MAY_15, ROUNDUP, _corpus
from tests.test_incremental import LATER, _files, _write

# A third report of the 1 May food-court shooting (MALL_MAY_1), in words of its own.
MALL_MAY_1_MORE = {
    "mall-a3.txt": (
        "2021-05-04",
        "Brookfield Plaza reopens food court after shooting\n"
        "The food court of Brookfield Plaza in Halverton reopened on Tuesday, three days after "
        "a gunman wounded two men there. Dwayne Pruitt, 24, remains in custody; the two victims "
        "are recovering at St. Agnes Hospital.",
    ),
}


def _build(
    articles: Path, content: Path, cache: Path, workers: int = 1, full: bool = False
) -> list[str]:
    said: list[str] = []
    options = pipeline.BuildOptions(articles, content, cache_dir=cache, workers=workers, full=full)
    pipeline.build(options, progress=said.append)
    return said


def _regrouped(said: list[str]) -> str | None:
    return next((line for line in said if line.startswith("regrouped ")), None)


@pytest.fixture
def incremental(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regroup, "REFREEZE", 1.0)


def test_an_incremental_build_of_unchanged_articles_changes_nothing(
    tmp_path: Path, incremental: None
) -> None:
    articles, content, cache = tmp_path / "articles", tmp_path / "content", tmp_path / "cache"
    _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15)
    assert _regrouped(_build(articles, content, cache)) is None  # no snapshot yet: full
    before, snapshot = _files(content), regroup.load(cache)
    said = _build(articles, content, cache)
    assert _regrouped(said) == (
        "regrouped 0 of 8 articles, with the term counts of the last full grouping"
        " (`build --full` groups all with fresh counts)"
    )
    assert _files(content) == before
    after = regroup.load(cache)
    assert snapshot is not None and after is not None
    assert after.clusters == snapshot.clusters and after.drift == 0


def test_an_added_report_joins_its_incident(tmp_path: Path, incremental: None) -> None:
    articles, content, cache = tmp_path / "articles", tmp_path / "content", tmp_path / "cache"
    _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15)
    _build(articles, content, cache)
    home = store.published(content).article_incidents()["mall-a1.txt"]
    _write(articles, MALL_MAY_1_MORE)
    message = _regrouped(_build(articles, content, cache))
    assert message is not None and message.startswith("regrouped 3 of 9 ")  # the 1 May reports
    placed = store.published(content).article_incidents()
    assert placed["mall-a3.txt"] == home
    _build(articles, tmp_path / "fresh", tmp_path / "fresh-cache")
    assert _files(content) == _files(tmp_path / "fresh")


def test_an_added_report_of_another_event_starts_an_incident(
    tmp_path: Path, incremental: None
) -> None:
    articles, content, cache = tmp_path / "articles", tmp_path / "content", tmp_path / "cache"
    _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15)
    _build(articles, content, cache)
    before = store.published(content).members
    _write(articles, LATER)
    said = _build(articles, content, cache)
    assert _regrouped(said) is not None
    placed = store.published(content).article_incidents()
    assert placed["later-fire.txt"] not in before
    assert store.published(content).members[placed["later-fire.txt"]] == ("later-fire.txt",)
    assert {i: m for i, m in store.published(content).members.items() if i in before} == before


def test_removing_an_article_regroups_what_it_was_part_of(
    tmp_path: Path, incremental: None
) -> None:
    articles, content, cache = tmp_path / "articles", tmp_path / "content", tmp_path / "cache"
    _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15, MALL_MAY_1_MORE)
    _build(articles, content, cache)
    (articles / "mall-a3.txt").unlink()
    assert _regrouped(_build(articles, content, cache)) is not None
    snapshot = regroup.load(cache)
    assert snapshot is not None and snapshot.drift == 1
    assert all("mall-a3.txt" not in cluster for cluster in snapshot.clusters)
    assert ("mall-a1.txt", "mall-a2.txt") in snapshot.clusters
    assert all("mall-a3.txt" not in m for m in store.published(content).members.values())


def test_one_and_two_workers_build_the_same_files_incrementally(
    tmp_path: Path, incremental: None
) -> None:
    found = []
    for workers in (1, 2):
        articles = tmp_path / f"articles{workers}"
        content, cache = tmp_path / f"content{workers}", tmp_path / f"cache{workers}"
        _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15)
        _build(articles, content, cache, workers)
        _write(articles, MALL_MAY_1_MORE, LATER)
        _build(articles, content, cache, workers)
        found.append(_files(content))
    assert found[0] == found[1]


def test_a_full_grouping_when_asked_when_drift_is_large_or_the_builder_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, content, cache = tmp_path / "articles", tmp_path / "content", tmp_path / "cache"
    _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15)
    _build(articles, content, cache)
    _write(articles, LATER)  # one article more than 10% of 8
    assert _regrouped(_build(articles, content, cache)) is None
    monkeypatch.setattr(regroup, "REFREEZE", 1.0)
    assert _regrouped(_build(articles, content, cache, full=True)) is None
    assert _regrouped(_build(articles, content, cache)) is not None
    monkeypatch.setattr(regroup.cache, "builder_version", lambda: "another builder")
    assert regroup.load(cache) is None


def test_only_incidents_whose_sources_changed_are_consolidated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, content, cache = tmp_path / "articles", tmp_path / "content", tmp_path / "cache"
    _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15)
    _build(articles, content, cache)
    before = _files(content)
    calls: list[int] = []
    real = consolidate.consolidate

    def counting(sources: Sequence[ArticleFacts]) -> Incident:
        calls.append(len(sources))
        return real(sources)

    monkeypatch.setattr(consolidate, "consolidate", counting)
    _build(articles, content, cache)
    assert calls == [] and _files(content) == before
    _write(articles, LATER)
    _build(articles, content, cache)
    assert calls == [1]  # the new incident only
    _build(articles, tmp_path / "fresh", tmp_path / "fresh-cache")
    assert _files(content) == _files(tmp_path / "fresh")


def test_roundups_recalled_from_the_snapshot_are_those_found_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After adding, removing and editing articles, the roundups an incremental grouping keeps
    from the snapshot are what looking for every article's roundups again finds."""
    first = _corpus(BACKGROUND, MALL_MAY_1, MALL_MAY_15, ROUNDUP)
    snapshot = regroup.regroup(first, None).snapshot
    assert snapshot.reports == {"roundup.txt": (tuple(sorted(MALL_MAY_1)),)}
    edited = _corpus(
        {
            "mall-a1.txt": (
                MALL_MAY_1["mall-a1.txt"][0],
                MALL_MAY_1["mall-a1.txt"][1] + " Shops stayed shut.",
            )
        }
    )
    changes = {
        "add": first + _corpus(MALL_MAY_1_MORE),
        "remove": [f for f in first if f.id != "mall-a2.txt"],
        "edit": [f for f in first if f.id != "mall-a1.txt"] + edited,
        "remove the roundup": [f for f in first if f.id != "roundup.txt"],
        "none": first,
    }
    for name, facts in changes.items():
        kept = regroup.regroup(facts, snapshot)
        with monkeypatch.context() as patched:
            patched.setattr(regroup, "_recalled", lambda *_: {})
            afresh = regroup.regroup(facts, snapshot)
        assert kept.groups == afresh.groups, name
        assert kept.snapshot.reports == afresh.snapshot.reports, name
    recalled = regroup._recalled
    calls: list[dict[int, list[int]]] = []
    monkeypatch.setattr(regroup, "_recalled", lambda *a: calls.append(recalled(*a)) or calls[-1])
    regroup.regroup(first, snapshot)
    assert len(calls[0]) == len(first)  # nothing changed: every article's roundups are kept


def test_rows_taken_from_the_last_weighing_build_the_files_weighing_all_builds(
    tmp_path: Path, incremental: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding, removing and editing articles: the files are those of builds that weigh every
    row with the frozen counts, instead of taking the unchanged rows from the snapshot."""
    weigh = evidence.weigh
    found: dict[str, list[dict[str, str]]] = {}
    for way in ("taken", "weighed"):
        if way == "weighed":
            monkeypatch.setattr(
                evidence, "weigh", lambda terms, rarity=None, *_: weigh(terms, rarity)
            )
        articles, content = tmp_path / f"articles-{way}", tmp_path / f"content-{way}"
        cache = tmp_path / f"cache-{way}"
        _write(articles, BACKGROUND, MALL_MAY_1, MALL_MAY_15)
        _build(articles, content, cache)
        steps = found.setdefault(way, [])
        _write(articles, MALL_MAY_1_MORE, LATER)
        steps.append(_files(content) if _regrouped(_build(articles, content, cache)) else {})
        (articles / "later-fire.txt").unlink()
        steps.append(_files(content) if _regrouped(_build(articles, content, cache)) else {})
        edited = articles / "mall-a3.txt"
        edited.write_text(edited.read_text() + "Two more people were treated for injuries.\n")
        steps.append(_files(content) if _regrouped(_build(articles, content, cache)) else {})
    assert all(found["taken"]) and found["taken"] == found["weighed"]
