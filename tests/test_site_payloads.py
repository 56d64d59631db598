"""Untrusted text in articles, front matter and YAML never runs, never renders as markup.

Payloads go in twice: as article files through the whole builder, and straight into an incident
YAML file in every field the pages show. The built HTML is then parsed, not grepped: no payload
may become a tag, an attribute, a link with a script scheme, or evaluated template code.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import build_site

from builder import read

SCRIPT = "<script>alert('xss')</script>"
IMG = "<img src=x onerror=alert('xss')>"
JINJA = "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %}"
MARKDOWN = "**bold** [click](javascript:alert('md')) <b>html</b> # heading"
TITLE_BREAK = "</title></head><img src=x onerror=alert('xss')>"
LONG_TITLE = "Rocket attack " + "A" * 10_000
PAYLOAD = f"{SCRIPT} {IMG} {JINJA} {MARKDOWN}"
BAD_URLS = [
    "javascript:alert('url')",
    "data:text/html,<script>alert(1)</script>",
    " JaVaScRiPt:alert(1)",
]
# Script types that hold data, never code.
DATA_SCRIPTS = ("application/ld+json", "application/json")


class _Checker(HTMLParser):
    """Collects everything in a page that could run code or that a payload could have made."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("iframe", "object", "embed", "img", "b") and any(
            "xss" in (v or "") or v == "x" for v in values.values()
        ):
            self.problems.append(f"payload tag <{tag}>")
        if tag == "b" and not values:
            self.problems.append("payload <b> rendered")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value}")
            if name in ("href", "src", "action", "formaction") and value:
                scheme = value.strip().lower().split(":", 1)[0]
                if ":" in value and scheme not in ("http", "https", "mailto"):
                    self.problems.append(f"{name}={value}")
        if tag == "script":
            self._script = values.get("type") or "text/javascript"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            if self._script not in DATA_SCRIPTS and "alert(" in data:
                self.problems.append(f"script with payload: {data[:80]}")
            if self._script in DATA_SCRIPTS:
                json.loads(data)  # data scripts must stay well-formed JSON
        else:
            self.text.append(data)


def _check_site(site: Path) -> str:
    """Every page is free of live payloads; returns all visible text, for positive checks."""
    text = []
    for page in site.rglob("*.html"):
        checker = _Checker()
        checker.feed(page.read_text(encoding="utf-8"))
        assert not checker.problems, f"{page.relative_to(site)}: {checker.problems[:5]}"
        text.append(" ".join(checker.text))
    return "\n".join(text)


def _record() -> dict:
    source = {
        "file": f"payload {SCRIPT}.txt",
        "title": LONG_TITLE,
        "outlet": IMG,
        "published": "2024-03-05",
        "url": BAD_URLS[0],
        "primary": True,
        "metadata": {"outlet": PAYLOAD},
        "duplicate_of": SCRIPT,
        "reliability": {"status": "unreliable", "reason": IMG},
        "summary": PAYLOAD,
        "claims": {
            "date": {
                "value": "2024-03-05",
                "precision": "day",
                "expression": JINJA,
                "sentence": PAYLOAD,
            },
            "place": {"name": SCRIPT, "city": IMG, "country": "Iraq", "sentence": PAYLOAD},
            "attributed_to": [{"actor": IMG, "by": SCRIPT, "sentence": PAYLOAD}],
        },
    }
    others = [dict(source, file=f"other {n}.txt", url=url) for n, url in enumerate(BAD_URLS)]
    return {
        "id": "2024-03-05-payload",
        "title": TITLE_BREAK + LONG_TITLE + PAYLOAD,
        "date": "2024-03-05",
        "date_precision": JINJA,
        "time_of_day": SCRIPT,
        "status": MARKDOWN,
        "duplicate_of": SCRIPT,
        "location": {
            "name": SCRIPT,
            "city": IMG,
            "country": JINJA,
            "latitude": 36.34,
            "longitude": 43.13,
        },
        "target": {"name": PAYLOAD, "kind": SCRIPT},
        "weapon": {"kind": IMG, "count": 2},
        "killed": 1,
        "injured": None,
        "independent_sources": 1,
        "attributed": [{"actor": SCRIPT, "by": IMG, "sources": [source["file"]]}],
        "claimed": {"status": "claimed", "actor": JINJA},
        "sources": [source, *others],
        "disagreements": [{"field": SCRIPT, "values": [{"value": IMG, "sources": [SCRIPT]}]}],
        "related": [{"id": "../../etc/passwd", "reason": PAYLOAD}],
    }


@pytest.fixture(scope="module")
def yaml_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("payload-yaml")
    folder = project / "content" / "incidents"
    folder.mkdir(parents=True)
    (folder / "2024-03-05-payload.yml").write_text(yaml.safe_dump(_record()), encoding="utf-8")
    return build_site(project, None, schema_errors=True)


def test_yaml_payloads_stay_text(yaml_site: Path) -> None:
    text = _check_site(yaml_site)
    assert SCRIPT in text and IMG in text  # shown, as text
    assert "{{ 7*7 }}" in text and "49" not in text.replace("2024", "")
    assert "**bold**" in text  # Markdown is not interpreted either


def test_payload_urls_are_not_links(yaml_site: Path) -> None:
    page = next((yaml_site / "incidents").glob("*/index.html")).read_text(encoding="utf-8")
    assert "javascript:" not in page.lower().replace("javascript:alert(&#39;md&#39;)", "")
    for data in ("incidents.csv", "sources.csv", "incidents.json"):
        assert (
            "javascript:alert('url')"
            not in (yaml_site / "data" / data).read_text().split("summary")[0]
        )


def test_long_title_is_shortened_where_it_must_be(yaml_site: Path) -> None:
    page = next((yaml_site / "incidents").glob("*/index.html")).read_text(encoding="utf-8")
    title = page[page.index("<title>") : page.index("</title>")]
    assert len(title) < 400
    assert "A" * 10_000 in page  # the heading keeps all of it; CSS wraps it


def test_feed_and_downloads_stay_well_formed(yaml_site: Path) -> None:
    import csv
    import xml.etree.ElementTree as ET

    ET.parse(yaml_site / "feed.xml")
    json.loads((yaml_site / "data" / "incidents.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader((yaml_site / "data" / "sources.csv").open(encoding="utf-8")))
    assert all(r["url"] == "" for r in rows)  # none of the payload URLs is kept


ARTICLE = f"""---
title: "{SCRIPT} Rocket attack on police station {{{{ 7*7 }}}}"
url: "https://example.org/?q=<script>alert('front matter')</script>"
outlet: "{IMG}"
published: 2024-03-06
author: "{{{{ config }}}} {{% raw %}}"
---
{SCRIPT}
A rocket attack hit a police station in Mosul, Iraq on Tuesday, killing 3 people, police said. {IMG}
Police said no group has claimed responsibility for the attack. {MARKDOWN} {JINJA}
<iframe src="data:text/html,<script>alert(3)</script>"></iframe>
"""


# Strings that break YAML or Markdown unless quoted and escaped, a line far longer than a screen,
# and text in other scripts. (A paragraph is one line: the line break ends it.)
BREAKERS = f"""---
title: "Gunmen attack checkpoint: --- ![x](javascript:alert('img')) انفجار في كركوك"
outlet: "Outlet: {{% if 1 %}}yes{{% endif %}} ---"
published: 2024-03-06
---
Gunmen attack checkpoint: ---

---
KIRKUK, Iraq - Gunmen attacked a police checkpoint in Kirkuk on Tuesday, killing two \
policemen, police said. ![x](javascript:alert('img')) [y](javascript:alert('md')) 枪手袭击了检查站。
Police said no group has claimed the attack. {"word " * 5_000}
"""


@pytest.mark.parametrize("url", BAD_URLS)
def test_an_article_whose_url_is_no_web_address_is_refused(url: str) -> None:
    front = yaml.safe_dump({"url": url, "published": "2024-03-06"})
    with pytest.raises(read.UnreadableArticle, match="is not a web address") as refused:
        read.split_front_matter(f"---\n{front}---\nA rocket hit a police station.\n")
    assert refused.value.field == "url"


def test_article_payloads_through_the_builder(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "payload.md").write_text(ARTICLE, encoding="utf-8")
    (articles / "breakers.md").write_text(BREAKERS, encoding="utf-8")
    long_title = ARTICLE.replace(f'title: "{SCRIPT} Rocket', f'title: "{LONG_TITLE}')
    (articles / "long.md").write_text(long_title, encoding="utf-8")
    site = build_site(tmp_path / "project", articles)
    assert list((site / "incidents").glob("*/index.html")), "the builder made no incident"
    text = _check_site(site)
    assert "{{ 7*7 }}" in text
    assert "Gunmen attack checkpoint: --- ![x](javascript:alert('img')) انفجار في كركوك" in text
    assert "Outlet: {% if 1 %}yes{% endif %} ---" in text and "枪手袭击了检查站" in text
