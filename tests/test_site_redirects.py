"""Old incident ids keep working on the site, and editors' mistakes stop the build with a clear
message (file:line, field, fix) instead of a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml
from conftest import build_site
from curation_articles import ERBIL, KIRKUK, write
from mkdocs.exceptions import Abort

from builder.curation import CurationError, load

CURRENT = "2024-05-02-market-bombing"
OTHER = "2024-05-09-checkpoint-attack"


def _incident(incident_id: str, title: str, related: list[str]) -> dict:
    return {
        "id": incident_id,
        "title": title,
        "date": incident_id[:10],
        "location": {"city": "Kirkuk", "country": "Iraq"},
        "sources": [{"file": f"{incident_id}.md", "title": title, "outlet": "Example Daily"}],
        "related": [{"id": r, "reason": "same place"} for r in related],
    }


def _content(project: Path, redirects: str) -> None:
    folder = project / "content" / "incidents"
    folder.mkdir(parents=True)
    records = [
        _incident(CURRENT, "Car bomb <b>kills</b> four in a market", []),
        _incident(OTHER, "Gunmen attack a checkpoint", ["2024-05-01-kirkuk-blast"]),
    ]
    for record in records:
        (folder / f"{record['id']}.yml").write_text(yaml.safe_dump(record), encoding="utf-8")
    (project / "content" / "redirects.yml").write_text(redirects, encoding="utf-8")


REDIRECTS = f"""# merged incidents
2024-05-01-kirkuk-blast: {CURRENT}
2024-04-30-old-report: 2024-05-01-kirkuk-blast
"""


@pytest.mark.parametrize("site_url", [None, "https://example.org/archive/"])
def test_old_ids_lead_to_the_current_incident(tmp_path: Path, site_url: str | None) -> None:
    _content(tmp_path, REDIRECTS)
    site = build_site(tmp_path, None, site_url=site_url, schema_errors=True)
    for old in ("2024-05-01-kirkuk-blast", "2024-04-30-old-report"):  # a chain resolves too
        page = (site / "incidents" / old / "index.html").read_text(encoding="utf-8")
        assert f'<meta http-equiv="refresh" content="0; url=../{CURRENT}/">' in page
        assert f'<a href="../{CURRENT}/">Car bomb &lt;b&gt;kills&lt;/b&gt; four' in page
        canonical = f"{site_url}incidents/{CURRENT}/" if site_url else f"../{CURRENT}/"
        assert f'<link rel="canonical" href="{canonical}">' in page
        assert (site / "incidents" / CURRENT / "index.html").is_file()
    # A related link to a merged id goes straight to the incident that holds it now.
    other = (site / "incidents" / OTHER / "index.html").read_text(encoding="utf-8")
    assert f'<a href="../{CURRENT}/">Car bomb &lt;b&gt;kills' in other


@pytest.mark.parametrize(
    ("redirects", "expected"),
    [
        ("- a\n- b\n", "redirects.yml:1: (file): is not a mapping; it must map old incident ids"),
        (
            f"2024-05-01-kirkuk-blast: {CURRENT}\n2024-01-01-gone: 2024-01-02-missing\n",
            "redirects.yml:2: 2024-01-01-gone: redirects to '2024-01-02-missing', which is no"
            " incident in content/incidents/; point it at the incident that holds the articles now",
        ),
        (
            f"../../index: {CURRENT}\n",
            "redirects.yml:1: ../../index: is not an incident id (lowercase letters, digits,"
            " hyphens); fix the entry",
        ),
        (f"{OTHER}: {CURRENT}\n", f"redirects.yml:1: {OTHER}: is also the id of an incident"),
        ("a: [b\n", "redirects.yml:2: (file): is not valid YAML"),
    ],
)
def test_a_bad_redirects_file_stops_the_build_naming_the_entry(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, redirects: str, expected: str
) -> None:
    _content(tmp_path, redirects)
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(tmp_path, None)
    assert expected in caplog.text
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_curation_error_stops_mkdocs_with_the_file_line_and_fix(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    articles = write(tmp_path / "articles", {"kirkuk.md": KIRKUK, "erbil.md": ERBIL})
    content = tmp_path / "content"
    content.mkdir()
    curation = content / "curation.yml"
    curation.write_text("exclude:\n  - article: kirkuk.md\n    reson: typo\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):  # Abort: a message, no traceback
        build_site(tmp_path, articles)
    assert f"{curation}:3: exclude[0].reson: unknown field; did you mean 'reason'?" in caplog.text
    assert "nothing was built" in caplog.text
    assert not (content / "incidents").exists()


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (
            "merge:\n  - from: 2024-05-01-a\n    into: 2024-05-01-a\n",
            "curation.yml:3: merge[0].into: is the same incident as `from`; name two different"
            " incidents",
        ),
        (
            "rewrite:\n  - article: wire.md\n    of: wire.md\n",
            "curation.yml:3: rewrite[0].of: is the article itself; name the article it rewrites",
        ),
    ],
)
def test_a_decision_about_itself_names_the_file_line_and_fix(
    tmp_path: Path, decision: str, expected: str
) -> None:
    (tmp_path / "curation.yml").write_text(decision, encoding="utf-8")
    with pytest.raises(CurationError) as raised:
        load(tmp_path)
    [error] = raised.value.errors
    assert str(error) == f"{tmp_path}/{expected}"
