"""Unit tests of the site's pieces: URL and JSON safety, the record view, facts, downloads."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
from pathlib import Path

import pytest
import yaml

from builder import consolidate
from builder.models import Article, ArticleFacts, WeaponClaim
from builder.render import archive, downloads, facts, pages
from builder.render.layout import Layout
from builder.render.safe import json_for_script, safe_url


@pytest.mark.parametrize("url", ["https://example.org/a?b=1#c", "http://news.example.com/x"])
def test_safe_url_keeps_web_links(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example/x",
        "/relative/path",
        "https://",
        "https://exa mple.org",
        "ftp://example.org/file",
        None,
        42,
    ],
)
def test_safe_url_refuses_everything_else(url: object) -> None:
    assert safe_url(url) is None


def test_json_for_script_cannot_close_the_element() -> None:
    value = {"title": "</script><script>alert(1)</script> & \u2028"}
    encoded = str(json_for_script(value))
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded) == value


def test_record_view_tolerates_wrong_types() -> None:
    record = {
        "id": "../../etc",
        "title": ["not", "text"],
        "date": "10 September",
        "location": "Baghdad",
        "killed": "three",
        "attributed": [{"actor": {"x": 1}}, "junk", {"actor": "Group A"}],
        "sources": ["junk", {"file": 3, "url": 7, "primary": "no"}],
        "related": "none",
    }
    incident = archive.incident_from_record(record, Path("2024-01-01-x.yml"))
    assert incident.id == "etc" and incident.title == "etc"
    assert incident.date is None and incident.place is None and incident.killed is None
    assert incident.actors == ("Group A",)
    assert [s.file for s in incident.sources] == ["3"]
    assert facts.related(record) == [] and facts.disagreements(record) == []


def test_place_label_and_facets() -> None:
    record = {
        "id": "x",
        "title": "T",
        "location": {"name": "Green Zone", "city": "Baghdad", "country": "Iraq"},
        "target": {"name": "an embassy", "kind": "diplomatic facility"},
        "weapon": {"kind": "rocket"},
        "attributed": [{"actor": "A"}, {"actor": "B"}, {"actor": "A"}],
        "sources": [{"file": "1", "outlet": "Outlet"}],
    }
    incident = archive.incident_from_record(record, Path("x.yml"))
    assert incident.place == "Baghdad, Iraq"
    assert incident.facet_values("target") == ("diplomatic facility",)
    assert incident.facet_values("actor") == ("A", "B")
    assert incident.outlets == ("Outlet",)


def test_month_counts_fill_gaps_and_group_newest_first() -> None:
    make = archive.incident_from_record
    incidents = archive.newest_first(
        make({"id": i, "title": i, "date": d}, Path(f"{i}.yml"))
        for i, d in [("a", "2023-11-02"), ("b", "2024-01-20"), ("c", "2024-01-03"), ("d", None)]
    )
    assert [i.id for i in incidents] == ["b", "c", "a", "d"]
    assert pages.month_counts(incidents) == [("2023-11", 1), ("2023-12", 0), ("2024-01", 2)]
    groups = pages.by_year_month(incidents)
    assert [y for y, _ in groups] == ["2024", "2023", "Undated"]
    assert pages.month_name("2024-01") == "January 2024"


def test_counts_show_the_range_sources_give() -> None:
    assert facts.count_text(2, {"low": 2, "high": 5}) == "2 (sources say 2–5)"
    assert facts.count_text(0, {"low": 0, "high": 0}) == "0"
    assert facts.count_text(None, None) == "not reported"


def test_disagreements_write_a_weapon_count_as_the_claims_do() -> None:
    """The builder writes the table's values into the incident file; the page writes the claims."""
    one, two = (
        ArticleFacts(Article(f"{n}.txt", "", ""), weapon=WeaponClaim("rocket", n, "S."))
        for n in (1, 2)
    )
    (found,) = consolidate.disagreements([one, two])
    claims = [
        facts.claim_rows({"claims": {"weapon": {"count": n, "kind": "rocket"}}}) for n in (1, 2)
    ]
    assert list(found.values) == [rows[0].value for rows in claims] == ["1 × rocket", "2 × rocket"]


def test_claim_rows_keep_each_sentence() -> None:
    source = {
        "claims": {
            "killed": {"value": 3, "at_least": True, "sentence": "At least three died."},
            "date": {"value": "2024-01-02", "precision": "day", "expression": "on Tuesday"},
            "attributed_to": [{"actor": "Group A", "by": "police", "sentence": "Police blamed A."}],
            "new_kind": {"value": "x", "sentence": "S."},
        }
    }
    rows = facts.claim_rows(source)
    assert [r.label for r in rows] == ["Date", "Killed", "Attributed to", "New kind"]
    assert rows[1].value == "at least 3" and rows[1].sentence == "At least three died."
    assert rows[2].value == "Group A, according to police"


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ('"We will respond," the spokesman said.', "‘We will respond,’ the spokesman said."),
        ("“Nobody was hurt,” police said.", "‘Nobody was hurt,’ police said."),
        ('Police called it "a cowardly attack".', "Police called it ‘a cowardly attack’."),
        ('He said (“no”) and left -"for now".', "He said (‘no’) and left -‘for now’."),
        ("Two died in the blast.", "Two died in the blast."),
    ],
)
def test_a_claims_sentence_shown_in_quotation_marks_nests_its_own(
    sentence: str, shown: str
) -> None:
    """The page wraps each sentence in <q>, which adds “ ”: a sentence starting with a quotation
    showed two marks side by side."""
    [row] = facts.claim_rows({"claims": {"killed": {"value": 2, "sentence": sentence}}})
    assert row.sentence == shown


def test_csv_cells_cannot_become_formulas_but_numbers_stay() -> None:
    incident = archive.incident_from_record(
        {
            "id": "x",
            "title": '=HYPERLINK("http://evil")',
            "location": {"city": "@A", "latitude": 10.5, "longitude": -73.25},
            "sources": [{"file": "a.txt", "outlet": "+O", "url": "javascript:x"}],
        },
        Path("x.yml"),
    )
    files = downloads.downloads([incident], lambda i: f"incidents/{i}/")
    row = next(csv.DictReader(io.StringIO(files["incidents_csv"])))
    assert row["title"].startswith("'=") and row["city"] == "'@A"
    assert row["longitude"] == "-73.25" and row["page"] == "incidents/x/"
    source = next(csv.DictReader(io.StringIO(files["sources_csv"])))
    assert source["outlet"] == "'+O" and source["url"] == ""
    geo = json.loads(files["incidents_geojson"])
    assert geo["features"][0]["geometry"]["coordinates"] == [-73.25, 10.5]


def test_slugs_are_unique() -> None:
    names = ["Al Jazeera", "Al-Jazeera", "al jazeera", "!!!", "شفق نيوز"]
    assert [s for _, s in archive.slugs(names)] == [
        "al-jazeera",
        "al-jazeera-2",
        "al-jazeera-3",
        "name-" + hashlib.sha256(b"!!!").hexdigest()[:8],
        "name-" + hashlib.sha256("شفق نيوز".encode()).hexdigest()[:8],
    ]


def test_page_titles_cannot_break_out_of_the_title_element() -> None:
    shown = pages.page_title("</title><script>x</script> " + "A" * 500)
    assert "<" not in shown and ">" not in shown
    assert len(shown) < 300


def test_loader_rereads_only_changed_files_and_reports_broken_ones(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "incidents"
    folder.mkdir()
    (folder / "a.yml").write_text(yaml.safe_dump({"id": "a", "title": "A", "date": "2024-01-01"}))
    (folder / "b.yml").write_text("id: [unclosed")
    loader = archive.Loader(cache_file=tmp_path / "cache" / "records.pickle")
    with caplog.at_level(logging.WARNING):
        first = loader.load(folder)
    assert [i.id for i in first] == ["a"]
    assert "b.yml:2: (file): not valid YAML: " in caplog.text and "no page" in caplog.text
    (folder / "a.yml").write_text(yaml.safe_dump({"id": "a", "title": "A2", "date": "2024-01-01"}))
    assert [i.title for i in loader.load(folder)] == ["A2"]
    fresh = archive.Loader(cache_file=tmp_path / "cache" / "records.pickle")
    assert [i.title for i in fresh.load(folder)] == ["A2"]  # from the disk cache


def test_kept_records_are_parsed_again_when_the_builder_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept record holds its file's errors, which the schema and check.py decide: after a pull
    that changes either, a file kept as valid could break the new schema unseen."""
    folder = tmp_path / "incidents"
    folder.mkdir()
    (folder / "a.yml").write_text(yaml.safe_dump({"id": "a", "title": "A", "date": "2024-01-01"}))
    kept = tmp_path / "cache" / "records.pickle"
    archive.Loader(cache_file=kept).load(folder)
    parsed: list[Path] = []
    real = archive._parse

    def counted(path: Path, root: Path | None = None) -> archive.Parsed:
        parsed.append(path)
        return real(path, root)

    monkeypatch.setattr(archive, "_parse", counted)
    archive.Loader(cache_file=kept).load(folder)
    assert parsed == []  # from the disk cache
    monkeypatch.setattr(archive, "builder_version", lambda: "another builder")
    archive.Loader(cache_file=kept).load(folder)
    assert parsed == [folder / "a.yml"]


def test_duplicate_ids_keep_the_first_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "incidents"
    folder.mkdir()
    for name in ("a.yml", "b.yml"):
        (folder / name).write_text(yaml.safe_dump({"id": "same", "title": name}))
    with caplog.at_level(logging.WARNING):
        loaded = archive.Loader().load(folder)
    assert [i.title for i in loaded] == ["a.yml"] and "already used" in caplog.text


def test_layout_links_are_relative() -> None:
    incident = archive.incident_from_record(
        {"id": "x", "title": "T", "sources": [{"file": "f", "outlet": "O"}]}, Path("x.yml")
    )
    layout = Layout.of([incident])
    layout.urls = {"incidents/x.md": "incidents/x/", "outlets/o.md": "outlets/o/"}
    links = layout.links("incidents/x/")
    assert links.outlet("O") == "../../outlets/o/"
    assert links.incident("missing") is None
