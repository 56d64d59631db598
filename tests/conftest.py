from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


def build_site(
    project: Path,
    articles: Path | None,
    *,
    site_url: str | None = None,
    strict: bool = True,
    schema_errors: bool = False,
) -> Path:
    """Build a site with the project's theme set-up into project/site; returns that folder.

    With articles, the plugin runs the builder into project/content first; without, it renders
    project/content as it is. `schema_errors`: the incident files break the schema on purpose
    (payloads, fields left out); the plugin's warnings about them are expected, and any other
    warning still fails the build, as --strict would.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project.mkdir(parents=True, exist_ok=True)
    config_file = project / "mkdocs.yml"
    config_file.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    config = load_config(
        str(config_file),
        strict=strict and not schema_errors,
        docs_dir=str(ROOT / "site_pages"),
        site_dir=str(project / "site"),
        site_url=site_url,
    )
    plugin = config.plugins["incident-archive"].config
    plugin.content = str(project / "content")
    plugin.templates = str(ROOT / "templates")
    plugin.build_content = articles is not None
    plugin.articles = str(articles or project / "articles")
    if not schema_errors:
        build(config)
        return project / "site"
    warnings: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = warnings.append  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        build(config)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    about_files = re.compile(r"\S*incidents/[^/ ]+\.yml:\d+: ")
    assert warnings, "no schema error: build with strict=True"
    assert [w.getMessage() for w in warnings if not about_files.match(w.getMessage())] == []
    return project / "site"


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the seed articles, once per test session."""
    return build_site(tmp_path_factory.mktemp("seeds-site"), SEEDS)
