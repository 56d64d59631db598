"""Text in right-to-left scripts: every value is isolated, so it cannot reorder what stands beside
it (an Arabic outlet before a date showed the date as '07-03-2024'), and counts read as words."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_site

ARABIC = re.compile("[\u0600-\u06ff]")
CITY, OUTLET, ACTOR = "كركوك", "شفق نيوز", "جماعة مسلحة"
# Elements that hold one value each and that archive.css isolates (unicode-bidi: plaintext),
# plus <bdi>, and those a browser lays out on their own (title, option, svg text, data scripts).
ISOLATED = {"bdi", "a", "q", "strong", "code", "td", "h1", "blockquote"}
# The theme's header shows the page title in a box of its own (span.md-ellipsis).
APART = {"title", "option", "text", "script", "textarea", "span.md-ellipsis"}


class _Text(HTMLParser):
    """Arabic text, with the element it stands in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"br", "img", "meta", "link", "input", "hr", "circle", "line", "rect"}:
            kind = dict(attrs).get("class") or ""
            self.open.append(f"{tag}.{kind}" if kind == "md-ellipsis" else tag)

    def handle_endtag(self, tag: str) -> None:
        names = [name.split(".")[0] for name in self.open]
        if tag in names:
            del self.open[len(names) - 1 - names[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if ARABIC.search(data) and self.open:
            self.found.append((self.open[-1], data.strip()))


def _record(incident_id: str, related: str) -> dict:
    sentence = f"قتل أربعة أشخاص في {CITY} يوم 2024-03-06"
    source = {
        "file": "خبر.md",
        "title": f"انفجار في {CITY}: مقتل أربعة",
        "outlet": OUTLET,
        "published": "2024-03-07",
        "summary": sentence,
        "primary": True,
        "reliability": {"status": "unreliable", "reason": "مصدر غير موثوق"},
        "metadata": {"outlet": "سطر التوقيع"},
        "claims": {"killed": {"value": 4, "sentence": sentence}},
    }
    return {
        "id": incident_id,
        "title": f"انفجار في {CITY}",
        "date": "2024-03-06",
        "time_of_day": "مساء",
        "location": {"name": CITY, "city": CITY, "country": "العراق"},
        "target": {"name": "سوق", "kind": "سوق"},
        "weapon": {"kind": "سيارة مفخخة", "count": 1},
        "killed": 4,
        "injured": 7,
        "attributed": [{"actor": ACTOR, "by": "الشرطة", "sources": ["خبر.md"]}],
        "claimed": {"status": "claimed", "actor": ACTOR},
        "sources": [source],
        "disagreements": [{"field": "killed", "values": [{"value": 4, "sources": ["خبر.md"]}]}],
        "related": [{"id": related, "reason": f"المدينة نفسها ({CITY})"}],
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("scripts")
    folder = project / "content" / "incidents"
    folder.mkdir(parents=True)
    first, second = "2024-03-06-kirkuk-bombing", "2024-03-08-kirkuk-bombing"
    for incident_id, other in ((first, second), (second, first)):
        record = yaml.safe_dump(_record(incident_id, other), allow_unicode=True)
        (folder / f"{incident_id}.yml").write_text(record, encoding="utf-8")
    return build_site(project, None, schema_errors=True)


def test_every_right_to_left_value_is_isolated(site: Path) -> None:
    loose = []
    for page in sorted(site.rglob("*.html")):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        loose += [(page.relative_to(site).as_posix(), *f) for f in parser.found]
    assert [f for f in loose if f[1] not in ISOLATED | APART] == []
    css = (ROOT / "templates" / "assets" / "archive.css").read_text(encoding="utf-8")
    rule = re.search(r"\.md-typeset :is\(([^)]*)\) \{ unicode-bidi: plaintext; \}", css)
    assert rule is not None
    isolated = {s.strip().lstrip(".") for s in rule.group(1).split(",")}
    assert ISOLATED - {"bdi", "h1", "blockquote"} <= isolated  # <bdi> isolates by itself
    assert {"ia-title", "ia-summary"} <= isolated  # the classes of the h1 and blockquote


def test_counts_are_words(site: Path) -> None:
    places = (site / "browse" / "place" / "index.html").read_text(encoding="utf-8")
    assert "1 place, most incidents first" in places
    outlets = (site / "outlets" / "index.html").read_text(encoding="utf-8")
    assert "<p>1 outlet." in outlets
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "2 incidents, newest first" in home and "· 1 source</span>" in home
