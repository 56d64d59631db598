"""`mkdocs serve` rebuilds: an edit shows, pages it does not touch are kept as they were."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

SERVE_URL = "http://127.0.0.1:8000/"


def _record(incident_id: str, title: str, city: str, related: list[str]) -> dict:
    return {
        "id": incident_id,
        "title": title,
        "date": incident_id[:10],
        "location": {"city": city, "country": "Iraq"},
        "sources": [{"file": f"{incident_id}.md", "title": title, "outlet": f"{city} Daily"}],
        "related": [{"id": r, "reason": "same week"} for r in related],
    }


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A project and the plugin in serve mode; the plugin goes back to build mode afterwards."""
    from mkdocs.config import load_config

    folder = tmp_path / "content" / "incidents"
    folder.mkdir(parents=True)
    kirkuk = "2024-05-01-kirkuk-bombing"
    records = [
        _record(kirkuk, "Car bomb in Kirkuk", "Kirkuk", []),
        _record("2024-05-02-mosul-shooting", "Shooting in Mosul", "Mosul", [kirkuk]),
        _record("2024-05-03-basra-blast", "Blast in Basra", "Basra", []),
    ]
    for record in records:
        (folder / f"{record['id']}.yml").write_text(yaml.safe_dump(record), encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")

    def config() -> object:
        loaded = load_config(
            str(config_file),
            docs_dir=str(ROOT / "site_pages"),
            site_dir=str(tmp_path / "site"),
            site_url="https://example.org/archive/",  # else the sitemap lists no page
        )
        plugin = loaded.plugins["incident-archive"].config
        plugin.update(content=str(tmp_path / "content"), templates=str(ROOT / "templates"))
        plugin.build_content = False
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)  # type: ignore[attr-defined]
    try:
        yield tmp_path, config  # type: ignore[misc]
    finally:
        first.plugins.on_startup(command="build", dirty=False)  # type: ignore[attr-defined]


def _index(site: Path) -> dict[str, str]:
    entries = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    return {e["location"]: e["title"] for e in entries}


def test_a_rebuild_shows_the_edit_and_keeps_untouched_pages(serve: tuple[Path, object]) -> None:
    from mkdocs.commands.build import build

    project, config = serve
    site = project / "site"
    build(config(), serve_url=SERVE_URL)  # type: ignore[operator]
    incidents = project / "content" / "incidents"
    edited = incidents / "2024-05-01-kirkuk-bombing.yml"
    edited.write_text(edited.read_text().replace("Car bomb in Kirkuk", "Truck bomb in Kirkuk"))
    untouched = site / "outlets" / "basra-daily" / "index.html"
    before = untouched.stat().st_ino, untouched.read_bytes()
    sitemap = (site / "sitemap.xml").read_text()
    build(config(), serve_url=SERVE_URL)  # type: ignore[operator]
    # Kept pages are listed as a full build lists them (the edit changed no address).
    assert "outlets/basra-daily/" in sitemap
    assert (site / "sitemap.xml").read_text() == sitemap
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == sitemap

    page = (site / "incidents" / "2024-05-01-kirkuk-bombing" / "index.html").read_text()
    assert "Truck bomb in Kirkuk" in page
    related = (site / "incidents" / "2024-05-02-mosul-shooting" / "index.html").read_text()
    assert "Truck bomb in Kirkuk" in related and "Car bomb" not in related
    assert (untouched.stat().st_ino, untouched.read_bytes()) == before  # moved back, not rewritten
    titles = _index(site)
    assert titles["incidents/2024-05-01-kirkuk-bombing/"] == "Truck bomb in Kirkuk"
    assert titles["outlets/basra-daily/"] == "Basra Daily"  # a kept page keeps its search entry

    (incidents / "2024-05-03-basra-blast.yml").unlink()
    build(config(), serve_url=SERVE_URL)  # type: ignore[operator]
    assert not (site / "incidents" / "2024-05-03-basra-blast").exists()
    assert not untouched.exists()
    assert "incidents/2024-05-03-basra-blast/" not in _index(site)
