"""mkdocs build of the seed articles: every page kind exists, links resolve, data matches pages."""

from __future__ import annotations

import csv
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from conftest import build_site

from builder import extract

ATOM = "{http://www.w3.org/2005/Atom}"


def _incident_pages(site: Path) -> dict[str, str]:
    return {
        p.parent.name: p.read_text(encoding="utf-8")
        for p in sorted((site / "incidents").glob("*/index.html"))
    }


def _records(site: Path) -> list[dict]:
    content = site.parent / "content" / "incidents"
    return [yaml.safe_load(p.read_text()) for p in sorted(content.glob("*.yml"))]


def test_every_incident_has_a_page_with_facts_sources_and_summaries(seeds_site: Path) -> None:
    pages = _incident_pages(seeds_site)
    records = _records(seeds_site)
    assert sorted(pages) == sorted(r["id"] for r in records) and len(pages) == 2
    for record in records:
        html = pages[record["id"]]
        assert "ia-facts" in html and record["date"] in html
        assert html.count('class="ia-source"') == len(record["sources"])
        for source in record["sources"]:
            assert source["file"] in html
            first_words = " ".join(source["summary"].split()[:6])
            assert first_words.replace('"', "&#34;") in html
        assert "Where the sources disagree" in html and "Cite this incident" in html


def test_the_facts_box_says_where_sources_disagree(seeds_site: Path) -> None:
    """A best estimate the sources contradict says so, and links to who says what."""
    pages = _incident_pages(seeds_site)
    labels = {"date": "Date", "time of day": "Time of day", "place": "Place", "weapon": "Weapon"}
    marks = 0
    for record in _records(seeds_site):
        html = pages[record["id"]]
        facts = html[html.index('<div class="ia-facts">') : html.index("</dl>")]
        boxes = dict(re.findall(r"<dt>([^<]*)</dt>\s*<dd>(.*?)</dd>", facts, re.S))
        disputed = {d["field"] for d in record["disagreements"]}
        for field, label in labels.items():
            if label in boxes:
                marked = '(<a href="#disagreements">sources disagree</a>)' in boxes[label]
                assert marked == (field in disputed), (record["id"], label)
                marks += marked
        assert '<h2 id="disagreements">' in html
        # How many articles each outlet gave, and how many came from no known outlet.
        outlets = [s["outlet"] for s in record["sources"]]
        shown = re.sub(r"<[^>]+>", "", boxes["Sources"])
        for outlet in {o for o in outlets if o}:
            assert f"{outlet} ({outlets.count(outlet)})" in shown
        if None in outlets and len(set(outlets)) > 1:
            assert shown.endswith(f"outlet unknown ({outlets.count(None)})")
    assert marks, "the seeds' sources disagree on the time of day and the weapon"


def test_weapon_counts_are_written_alike_on_every_page_part(seeds_site: Path) -> None:
    """The facts box, each source's claims and the disagreements table: '1 × rocket' all."""
    counts = [
        re.findall(r"\b\d+ ([x×]) ", re.sub(r"<[^>]+>", " ", html))
        for html in _incident_pages(seeds_site).values()
    ]
    assert any("×" in found for found in counts), "the seeds name a number of weapons"
    assert all(sign == "×" for found in counts for sign in found)


def test_related_incidents_link_to_each_other(seeds_site: Path) -> None:
    pages = _incident_pages(seeds_site)
    for record in _records(seeds_site):
        for rel in record["related"]:
            assert f'href="../{rel["id"]}/"' in pages[record["id"]]


def test_links_are_relative_and_resolve(seeds_site: Path) -> None:
    """Every internal link points at a file that exists, and none starts at the site root."""
    for page in seeds_site.rglob("*.html"):
        if page.name == "404.html":  # served at any depth, so MkDocs gives it root links
            continue
        html = page.read_text(encoding="utf-8")
        url = page.relative_to(seeds_site).as_posix()
        for href in re.findall(r'href="([^"#?]+)', html):
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            assert not href.startswith("/"), f"{url}: absolute link {href} breaks sub-paths"
            target = urljoin(url, href)
            path = seeds_site / target
            assert path.exists() or (path / "index.html").exists(), f"{url}: broken {href}"


def test_incident_pages_are_not_in_the_navigation(seeds_site: Path) -> None:
    home = (seeds_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="md-nav md-nav--primary"') : home.index('class="md-content"')]
    assert "incidents/" not in nav
    assert "Timeline" in nav and "User guide" in nav


def test_browse_and_outlet_pages_have_counts(seeds_site: Path) -> None:
    places = (seeds_site / "browse" / "place" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Baghdad, Iraq</a></td><td>2</td>", places)
    outlets = (seeds_site / "outlets" / "index.html").read_text(encoding="utf-8")
    assert "The New Region" in outlets
    outlet_page = (seeds_site / "outlets" / "the-new-region" / "index.html").read_text()
    assert "../../incidents/2024-09-10" in outlet_page


def test_downloads_parse_and_match_the_pages(seeds_site: Path) -> None:
    pages = _incident_pages(seeds_site)
    data = seeds_site / "data"
    rows = list(csv.DictReader((data / "incidents.csv").open(encoding="utf-8")))
    assert sorted(r["id"] for r in rows) == sorted(pages)
    for row in rows:
        assert (seeds_site / row["page"] / "index.html").exists()
    sources = list(csv.DictReader((data / "sources.csv").open(encoding="utf-8")))
    assert len(sources) == sum(p.count('class="ia-source"') for p in pages.values())
    document = json.loads((data / "incidents.json").read_text(encoding="utf-8"))
    assert document["count"] == len(pages)
    assert sorted(i["id"] for i in document["incidents"]) == sorted(pages)
    geo = json.loads((data / "incidents.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection"
    for feature in geo["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and feature["id"] in pages
    for page in (seeds_site / "index.html", *(seeds_site / "incidents").glob("*/index.html")):
        assert "incidents.csv" in page.read_text(encoding="utf-8")


def test_feed_is_valid_atom(seeds_site: Path) -> None:
    root = ET.parse(seeds_site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("title", "id", "updated"):
        assert root.find(f"{ATOM}{name}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for name in ("title", "id", "updated", "summary"):
            assert (entry.find(f"{ATOM}{name}").text or "").strip()
        href = entry.find(f"{ATOM}link").get("href")
        assert (seeds_site / href / "index.html").exists()


def test_a_site_rebuild_extracts_only_changed_articles(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plugin's builder run keeps the per-article cache (as `incident-archive build` does),
    so each `mkdocs serve` rebuild does not extract every article again."""
    articles = tmp_path / "articles"
    shutil.copytree(seeds_dir, articles)
    build_site(tmp_path / "project", articles)
    extracted: list[str] = []
    real = extract.extract
    monkeypatch.setattr(extract, "extract", lambda a, p=None: extracted.append(a.id) or real(a, p))
    first = sorted(articles.glob("*.txt"))[0]
    (articles / "again.txt").write_bytes(first.read_bytes() + b"\nUpdated on Friday.\n")
    build_site(tmp_path / "project", articles)
    assert extracted == ["again.txt"]
    assert (tmp_path / "project" / ".cache").is_dir()
