"""Where things live in the content folder; one place, so every module agrees."""

from __future__ import annotations

from pathlib import Path

INCIDENTS_FOLDER = "incidents"  # content/incidents/<id>.yml: one file per incident
STATE_FOLDER = ".builder"  # content/.builder/<id>.json: what the builder last wrote (edits.py)
CURATION_FILE = "curation.yml"  # editors' decisions (curation.py)
REDIRECTS_FILE = "redirects.yml"  # old id -> current id, for merged incidents (curation.py)


def incidents_dir(content_dir: Path) -> Path:
    return content_dir / INCIDENTS_FOLDER


def state_dir(content_dir: Path) -> Path:
    return content_dir / STATE_FOLDER
