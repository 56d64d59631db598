"""Where things live in the content folder; one place, so every module agrees."""

from __future__ import annotations

import re
from pathlib import Path

INCIDENTS_FOLDER = "incidents"  # content/incidents/<id>.yml: one file per incident
STATE_FOLDER = ".builder"  # content/.builder/<id>.json: what the builder last wrote (edits.py)
CURATION_FILE = "curation.yml"  # editors' decisions (curation.py)
REDIRECTS_FILE = "redirects.yml"  # old id -> current id, for merged incidents (curation.py)

_INCIDENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,150}$")


def is_incident_id(value: str) -> bool:
    """Whether a value can name an incident: it becomes a file name and a site folder."""
    return bool(_INCIDENT_ID.fullmatch(value))


def incidents_dir(content_dir: Path) -> Path:
    return content_dir / INCIDENTS_FOLDER


def state_dir(content_dir: Path) -> Path:
    return content_dir / STATE_FOLDER
