"""The whole builder on the five seed articles: two incidents, grouped as the articles say."""

from __future__ import annotations

from pathlib import Path

import yaml

from builder.pipeline import BuildOptions, build


def _load(content: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text()) for p in sorted((content / "incidents").glob("*.yml"))]


def test_seeds_make_two_incidents_with_the_right_sources(seeds_dir: Path, tmp_path: Path) -> None:
    result = build(BuildOptions(seeds_dir, tmp_path))
    assert result.articles_read == 5
    incidents = {i["date"]: i for i in _load(tmp_path)}
    assert sorted(incidents) == ["2023-12-08", "2024-09-10"]
    files = {d: sorted(s["file"][:3] for s in i["sources"]) for d, i in incidents.items()}
    assert files == {"2023-12-08": ["003", "004"], "2024-09-10": ["000", "001", "002"]}
    for incident in incidents.values():
        assert incident["location"]["city"] == "Baghdad"
        assert incident["location"]["country"] == "Iraq"
        assert incident["killed"] == 0 and incident["injured"] == 0


def test_second_build_changes_nothing(seeds_dir: Path, tmp_path: Path) -> None:
    build(BuildOptions(seeds_dir, tmp_path))
    again = build(BuildOptions(seeds_dir, tmp_path, dry_run=True))
    assert again.changed_files == ()
