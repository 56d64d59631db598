"""What the incident page says about each fact, as plain text for the templates to escape.

Uncertainty is shown, not hidden: a date with its precision and range, a count with the range of
what sources say, attributions with who made them, and each source's own claims with the sentence
they came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from builder.render.archive import items, mapping, number, text
from builder.text import times

CLAIM_LABELS = {
    "date": "Date",
    "time_of_day": "Time of day",
    "place": "Place",
    "target": "Target",
    "weapon": "Weapon",
    "killed": "Killed",
    "injured": "Injured",
    "attributed_to": "Attributed to",
    "claimed_by": "Claimed by",
}
PRECISION = {
    "day": "exact day",
    "month": "month only",
    "year": "year only",
    "weekday": "weekday only (no date to anchor it)",
    "published": "taken from the publication date",
}


def count_text(best: Any, record: Any) -> str:
    """'3', 'unknown', or '3 (sources say 2–5)' when the sources disagree."""
    rng = mapping(record)
    low, high, value = number(rng.get("low")), number(rng.get("high")), number(best)
    shown = "not reported" if value is None else str(value)
    if low is not None and high is not None and low != high:
        shown += f" (sources say {low}–{high})"
    return shown


def date_text(record: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """(date, precision note, range note) for the facts box."""
    date = text(record.get("date")) or "unknown"
    precision = text(record.get("date_precision"))
    dates = mapping(record.get("date_range"))
    earliest, latest = text(dates.get("earliest")), text(dates.get("latest"))
    between = (
        f"between {earliest} and {latest}" if earliest and latest and earliest != latest else None
    )
    return date, PRECISION.get(precision or "", precision), between


def _claim_value(key: str, claim: dict[str, Any]) -> str:
    if key == "date":
        resolved = text(claim.get("value")) or "not resolved"
        expression = text(claim.get("expression"))
        precision = text(claim.get("precision"))
        note = ", ".join(x for x in (f"“{expression}”" if expression else None, precision) if x)
        return f"{resolved} ({note})" if note else resolved
    if key in ("killed", "injured"):
        count = number(claim.get("value"))
        shown = "unknown" if count is None else str(count)
        return f"at least {shown}" if claim.get("at_least") is True else shown
    if key == "weapon":
        return times(number(claim.get("count")), text(claim.get("kind")) or "unknown")
    if key == "place":
        parts = [text(claim.get(k)) for k in ("name", "city", "country")]
        return ", ".join(dict.fromkeys(p for p in parts if p)) or "unknown"
    if key == "target":
        name, what = text(claim.get("name")), text(claim.get("kind"))
        return f"{name} ({what})" if name and what else name or what or "unknown"
    if key in ("attributed_to", "claimed_by"):
        actor, by = text(claim.get("actor")), text(claim.get("by"))
        if actor is None:
            return "nobody has claimed it" if key == "claimed_by" else "unknown"
        return f"{actor}, according to {by}" if by else actor
    return text(claim.get("value")) or ""


# A straight double quote that opens a quotation: at the start, or after a space, bracket or dash.
_OPENING_QUOTE = re.compile(r'(?:^|(?<=[\s(\[—–-]))"')


def nested_quotes(sentence: str) -> str:
    """The sentence's own double quotation marks as single ones: the page shows it inside
    quotation marks (<q>), and a quotation inside a quotation takes single marks. Without this,
    '"We will respond," he said.' showed as “"We will respond," he said.”"""
    sentence = sentence.replace("“", "‘").replace("”", "’")
    return _OPENING_QUOTE.sub("‘", sentence).replace('"', "’")


@dataclass(frozen=True)
class ClaimRow:
    label: str
    value: str
    sentence: str | None


def claim_rows(source: dict[str, Any]) -> list[ClaimRow]:
    """One row per claim of one source, in a fixed order, then any claim kinds added later."""
    claims = mapping(source.get("claims"))
    order = [*CLAIM_LABELS, *sorted(k for k in claims if k not in CLAIM_LABELS)]
    rows = []
    for key in order:
        value = claims.get(key)
        entries = items(value) if isinstance(value, list) else [mapping(value)] if value else []
        label = CLAIM_LABELS.get(key, key.replace("_", " ").capitalize())
        for entry in filter(None, entries):
            sentence = text(entry.get("sentence"))
            rows.append(
                ClaimRow(label, _claim_value(key, entry), sentence and nested_quotes(sentence))
            )
    return rows


def provenance(source: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, how it was obtained) for metadata not taken from front matter."""
    notes = mapping(source.get("metadata"))
    shown = [(str(k), text(v)) for k, v in notes.items()]
    return [(k, v) for k, v in shown if v and v != "front matter"]


def attribution_lines(record: dict[str, Any]) -> list[tuple[str, str | None, int]]:
    """(actor, who blamed them, number of sources saying so)."""
    lines = []
    for a in items(record.get("attributed")):
        sources = a.get("sources")
        if actor := text(a.get("actor")):
            lines.append(
                (actor, text(a.get("by")), len(sources) if isinstance(sources, list) else 0)
            )
    return lines


def claimed_text(record: dict[str, Any]) -> str:
    claimed = mapping(record.get("claimed"))
    actor = text(claimed.get("actor"))
    if actor:
        return f"Claimed by {actor}"
    if claimed.get("status") == "unclaimed":
        return "Nobody has claimed it"
    return "No source says whether anyone claimed it"


def disagreements(record: dict[str, Any]) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """[(field, [(value, [article ids])])]."""
    found = []
    for d in items(record.get("disagreements")):
        values = [
            (text(v.get("value")) or "", [s for s in map(text, v.get("sources") or []) if s])
            for v in items(d.get("values"))
        ]
        found.append((text(d.get("field")) or "", values))
    return found


def related(record: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (rid, text(r.get("reason")) or "")
        for r in items(record.get("related"))
        if (rid := text(r.get("id")))
    ]
