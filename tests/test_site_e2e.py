"""The built site in a real browser: headless Chromium driven by Playwright.

Uses the system Chromium (Debian's `chromium` package; .ci/run installs it), never a downloaded
browser. The site is served from a sub-path (/archive/) to prove it works under any base URL.
Screenshots of the key pages go to test-artifacts/.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, build_site

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ATOM = "{http://www.w3.org/2005/Atom}"

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'"
)
if not CHROMIUM.exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM}: install Debian's chromium package (apt-get install chromium) "
        "or set CHROMIUM to a Chromium binary to run the browser tests",
        allow_module_level=True,
    )


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A static file server over a folder; sites are copied under it at sub-paths."""
    root = tmp_path_factory.mktemp("www")
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()


def _publish(server: tuple[str, Path], site: Path, name: str) -> str:
    base, root = server
    shutil.copytree(site, root / name, dirs_exist_ok=True)
    return f"{base}/{name}/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _follow(page: Any, link: Any) -> None:
    """Click a link and wait for the page it opens: read at once, the old page's heading could
    still be there (seen on a loaded machine)."""
    with page.expect_navigation():
        link.click()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.fixture(scope="module")
def seeds_url(server: tuple[str, Path], seeds_site: Path) -> str:
    return _publish(server, seeds_site, "archive")


@pytest.fixture(scope="module")
def generated_url(server: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory) -> str:
    """A 40-incident archive from the benchmark's generator: enough variety for the filters."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_site

    project = tmp_path_factory.mktemp("generated")
    bench_site.generate(project, 40)
    return _publish(server, build_site(project, None), "generated")


def test_home_incident_outlet_related(page: Any, seeds_url: str) -> None:
    page.goto(seeds_url)
    assert page.locator(".ia-timeline .ia-item").count() == 2
    _shot(page, "home")
    _follow(page, page.locator(".ia-item-title").first)
    first_title = page.locator("h1.ia-title").inner_text()
    assert page.locator(".ia-facts").is_visible()
    assert page.locator(".ia-source").count() >= 1
    _shot(page, "incident")
    _follow(page, page.locator(".ia-facts a[href*='outlets/']").first)
    assert "/outlets/" in page.url
    _shot(page, "outlet")
    _follow(page, page.locator(".ia-source-head a[href*='incidents/']").first)
    assert page.locator("h1.ia-title").inner_text() == first_title
    _follow(page, page.locator(".ia-related a").first)
    assert page.locator("h1.ia-title").inner_text() != first_title
    assert page.locator(".ia-related a").count() >= 1  # and it links back
    _shot(page, "related-incident")


def test_search_for_a_place_finds_its_incidents(page: Any, seeds_url: str) -> None:
    page.goto(seeds_url)
    page.locator(".md-search__input").click()
    # Material searches on key events, so type like a person rather than setting the value.
    page.locator("input.md-search__input").press_sequentially("Baghdad", delay=30)
    result = page.locator(".md-search-result__item a[href*='incidents/']")
    result.first.wait_for()
    hrefs = {result.nth(n).get_attribute("href").split("#")[0] for n in range(result.count())}
    assert len(hrefs) == 2
    _shot(page, "search")


def test_each_filter_changes_the_list(page: Any, generated_url: str) -> None:
    page.goto(generated_url)
    items = page.locator(".ia-timeline .ia-item")
    total = items.count()
    assert total == 40
    for facet in ("place", "target", "weapon", "actor", "outlet"):
        select = page.locator(f"select[data-facet='{facet}']")
        options = select.locator("option")
        value = next(
            options.nth(n).get_attribute("value")
            for n in range(1, options.count())
            if int(options.nth(n).inner_text().rsplit("(", 1)[1].rstrip(")")) < total
        )
        select.select_option(value)
        shown = page.locator(".ia-timeline .ia-item:visible").count()
        assert 0 < shown < total, facet
        assert page.locator(".ia-count").inner_text() == f"Showing {shown} of {total}"
        if facet == "weapon":
            _shot(page, "filtered")
        select.select_option("")
        assert page.locator(".ia-timeline .ia-item:visible").count() == total


def test_downloads_parse_and_counts_match_the_pages(page: Any, generated_url: str) -> None:
    page.goto(generated_url)
    hrefs = page.locator(".ia-timeline .ia-item-title").evaluate_all(
        "links => links.map(a => a.href)"
    )
    ids = {h.rstrip("/").rsplit("/", 1)[1] for h in hrefs}
    links = page.locator(".ia-data-links a")
    urls = {links.nth(n).inner_text(): links.nth(n).get_attribute("href") for n in range(5)}

    def fetch(name: str) -> str:
        response = page.request.get(generated_url + urls[name])
        assert response.ok, name
        return str(response.text())

    rows = list(csv.DictReader(io.StringIO(fetch("incidents.csv"))))
    assert {r["id"] for r in rows} == ids
    sources = list(csv.DictReader(io.StringIO(fetch("sources.csv"))))
    assert {r["incident_id"] for r in sources} == ids
    assert len(sources) == sum(int(r["sources"]) for r in rows)
    assert yaml.safe_load(fetch("incidents.json"))["count"] == len(ids)
    features = yaml.safe_load(fetch("incidents.geojson"))["features"]
    assert {f["id"] for f in features} == ids
    for row in rows[:3]:
        page.goto(generated_url + row["page"])
        assert row["title"] in page.locator("h1.ia-title").inner_text()


def test_feed_validates(page: Any, generated_url: str) -> None:
    response = page.request.get(generated_url + "feed.xml")
    root = ET.fromstring(response.body())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 40
    for entry in entries[:5]:
        for name in ("title", "id", "updated", "summary"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        link = entry.find(f"{ATOM}link").get("href")
        assert page.request.get(generated_url + link).ok


def test_payloads_do_not_run_and_layout_holds(
    page: Any, server: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from test_site_payloads import _record

    project = tmp_path_factory.mktemp("payload-browser")
    folder = project / "content" / "incidents"
    folder.mkdir(parents=True)
    (folder / "payload.yml").write_text(yaml.safe_dump(_record()), encoding="utf-8")
    url = _publish(server, build_site(project, None, schema_errors=True), "payload")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    _follow(page, page.locator(".ia-item-title").first)
    _shot(page, "payload-incident")
    for link in page.locator(".ia-facts a[href*='outlets/'], .ia-facts a[href*='browse/']").all()[
        :3
    ]:
        page.goto(link.evaluate("a => a.href"))
        page.wait_for_load_state("load")
        assert _layout_holds(page), page.url
        page.go_back()
    assert _layout_holds(page)
    page.goto(url)
    assert _layout_holds(page)
    assert dialogs == [] and errors == []
    assert page.evaluate("document.querySelectorAll('img[src=x], iframe').length") == 0


def _layout_holds(page: Any) -> bool:
    """Nothing is wider than the window: long words wrap instead of pushing the page sideways."""
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth + 1 && "
            "[...document.querySelectorAll('h1, .ia-facts, .ia-source')].every("
            "e => e.getBoundingClientRect().right <= window.innerWidth + 1)"
        )
    )
