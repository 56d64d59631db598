"""Stage 6: render the incident files as a MkDocs site (the `incident-archive` plugin)."""

from builder.render.plugin import IncidentArchivePlugin

__all__ = ["IncidentArchivePlugin"]
