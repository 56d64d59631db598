"""Old incident ids that must keep working: merged or retired ids, from content/redirects.yml.

Ids are permanent, so a link to an incident that was merged into another must still arrive. Each
`old-id: current-id` entry becomes a small page at the old address that sends the browser on
(meta refresh), tells search engines where the incident lives now (canonical) and shows a link for
readers whose browser does not follow the refresh.

The file comes from pull requests like every other: an entry that is not an id could name a path
outside incidents/ or overwrite another page, so every entry is checked, and a bad one stops the
build with the file, the line, the entry and the fix.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import yaml

from builder.check import CheckError
from builder.curation import REDIRECTS_FIX, resolve
from builder.layout import REDIRECTS_FILE
from builder.render.archive import is_incident_id


class RedirectsError(Exception):
    """content/redirects.yml cannot be used; each error names the file, line and entry."""

    def __init__(self, errors: list[CheckError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = tuple(errors)


def load(content_dir: Path, incidents: Collection[str]) -> dict[str, str]:
    """old id -> the current incident it leads to (chains followed); {} without the file."""
    path = content_dir / REDIRECTS_FILE
    if not path.is_file():
        return {}
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        raise RedirectsError(
            [CheckError(path, None, "(file)", "is not UTF-8; re-save it")]
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        message = f"is not valid YAML ({getattr(error, 'problem', error)}); {REDIRECTS_FIX}"
        raise RedirectsError([CheckError(path, line, "(file)", message)]) from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1
        raise RedirectsError(
            [CheckError(path, line, "(file)", f"is not a mapping; {REDIRECTS_FIX}")]
        )
    entries: dict[str, tuple[str, int]] = {}
    errors: list[CheckError] = []
    for key, value in node.value:
        line = key.start_mark.line + 1
        old, new = _scalar(key), _scalar(value)
        if old is None or not is_incident_id(old):
            shown = old if old is not None else "(not a single value)"
            message = "is not an incident id (lowercase letters, digits, hyphens); fix the entry"
            errors.append(CheckError(path, line, shown, message))
        elif new is None or not is_incident_id(new):
            message = "must lead to one incident id (lowercase letters, digits, hyphens)"
            errors.append(CheckError(path, line, old, message))
        else:
            entries[old] = (new, line)
    chains = {old: new for old, (new, _) in entries.items()}
    for old, (new, line) in entries.items():
        current = resolve(new, chains)
        if old in incidents:
            message = (
                "is also the id of an incident file, whose page the redirect would replace; "
                "remove this entry, or the file if that incident was merged"
            )
            errors.append(CheckError(path, line, old, message))
        elif current not in incidents:
            message = (
                f"redirects to {current!r}, which is no incident in content/incidents/; point it "
                "at the incident that holds the articles now, or restore that incident's file"
            )
            errors.append(CheckError(path, line, old, message))
    if errors:
        raise RedirectsError(errors)
    return {old: resolve(new, chains) for old, (new, _) in sorted(entries.items())}


def _scalar(node: yaml.Node) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        return None
    return str(node.value).strip()
