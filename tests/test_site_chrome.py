"""Pages outside the navigation are filled into theme output rendered once per folder
(reuse.Chrome), and bodies are rendered on two cores (pages.render_on_two_cores): every page must
come out byte for byte as one process rendering each page in full makes it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from conftest import build_site
from test_site_payloads import _record

from builder.render import pages, plugin, reuse


def _content(project: Path) -> None:
    folder = project / "content" / "incidents"
    folder.mkdir(parents=True)
    payload = _record()
    plain = dict(payload, id="2024-03-06-plain", title='Bomb & "rocket" <attack> in Mosul')
    plain["location"] = {"city": "Mosul", "country": "Iraq"}
    for record in (payload, plain):
        (folder / f"{record['id']}.yml").write_text(yaml.safe_dump(record), encoding="utf-8")


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


@pytest.mark.parametrize("site_url", [None, "https://example.org/archive/"])
def test_filled_pages_equal_fully_rendered_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_url: str | None
) -> None:
    filled: list[str] = []
    fill = reuse.Chrome.fill

    def counted(self: reuse.Chrome, *args: str) -> str | None:
        page = fill(self, *args)
        filled.extend([page] if page is not None else [])
        return page

    forked: list[int] = []

    def on_two_cores(*args: object) -> dict[str, str]:
        bodies = pages.render_on_two_cores(*args)  # type: ignore[arg-type]
        forked.append(len(bodies))
        return bodies

    monkeypatch.setattr(reuse.Chrome, "fill", counted)
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(plugin, "render_on_two_cores", on_two_cores)
    _content(tmp_path / "chrome")
    chrome = _pages(build_site(tmp_path / "chrome", None, site_url=site_url, schema_errors=True))
    monkeypatch.setattr(reuse.Chrome, "fill", lambda *_: None)  # every page in full
    monkeypatch.setattr(pages, "PARALLEL_FROM", 10**9)  # in one process
    _content(tmp_path / "full")
    full = _pages(build_site(tmp_path / "full", None, site_url=site_url, schema_errors=True))
    assert chrome.keys() == full.keys()
    assert [p for p in chrome if chrome[p] != full[p]] == []
    assert len(filled) >= 2 + 4  # both incidents, their outlets and browse values at least
    assert forked[0] > len(filled)  # every body was rendered ahead, half of them in a child


def test_a_token_in_an_unknown_form_falls_back_to_full_rendering() -> None:
    chrome = reuse.Chrome()
    chrome.keep("a", f"<title>{chrome.title}</title>{chrome.content(False)}")
    assert (
        chrome.fill("a", "T &amp; U", "x", "<p>body</p>") == "<title>T &amp; U</title><p>body</p>"
    )
    escaped_twice = str(chrome.title).replace("&", "&amp;")
    chrome.keep("b", f"<meta content='{escaped_twice}'>{chrome.content(False)}")
    assert chrome.fill("b", "T", "x", "<p>body</p>") is None


def test_pages_of_a_dead_child_are_left_to_mkdocs(monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()

    def render(spec: pages.PageSpec, url: str) -> str:
        if os.getpid() != parent:
            os._exit(1)  # the forked child dies
        return spec.src

    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    work = [
        (pages.PageSpec(f"incidents/{n}.md", "t", pages.INCIDENT_TEMPLATE), "") for n in range(4)
    ]
    assert pages.render_on_two_cores(render, work) == {
        "incidents/1.md": "incidents/1.md",
        "incidents/3.md": "incidents/3.md",
    }
