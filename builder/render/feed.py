"""The Atom feed of the newest incidents."""

from __future__ import annotations

import re
import uuid

from builder.render.archive import Incident

FEED_SIZE = 50
# Characters XML 1.0 forbids even when escaped; an article may carry them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str | None) -> str:
    return _NOT_XML.sub("", value or "")


def entry_id(incident_id: str) -> str:
    """A permanent Atom id that does not depend on where the site is hosted."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'incident-archive:' + incident_id)}"


def stamp(date: str | None) -> str:
    return f"{date or '1970-01-01'}T00:00:00Z"


def newest(incidents: list[Incident]) -> list[Incident]:
    """The feed's entries: the newest dated incidents (the list is already newest first)."""
    return [i for i in incidents if i.date][:FEED_SIZE]
