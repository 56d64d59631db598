"""Stage 5: write incidents as YAML files, one per incident, under content/incidents/.

The files are the archive's public record and other tools read them, so the field names are a
contract (see schema/incident.schema.json). Writing is deterministic: the same incidents give
byte-identical files, and a file is rewritten only when its bytes change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from builder.models import (
    ArticleFacts,
    CountClaim,
    Incident,
    Range,
)

INCIDENTS_FOLDER = "incidents"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _count(claim: CountClaim | None) -> dict[str, Any] | None:
    if claim is None:
        return None
    return {"value": claim.value, "at_least": claim.at_least, "sentence": claim.sentence}


def _range(value: Range) -> dict[str, int | None]:
    return {"best": value.best, "low": value.low, "high": value.high}


def source_record(facts: ArticleFacts, primary: bool = True) -> dict[str, Any]:
    article = facts.article
    claims: dict[str, Any] = {}
    if facts.event_date:
        d = facts.event_date
        claims["date"] = {
            "value": _iso(d.value),
            "precision": d.precision,
            "expression": d.expression,
            "anchor": _iso(d.anchor),
            "sentence": d.sentence,
        }
    if facts.time_of_day:
        t = facts.time_of_day
        claims["time_of_day"] = {
            "value": t.value,
            "expression": t.expression,
            "sentence": t.sentence,
        }
    if facts.place:
        p = facts.place
        claims["place"] = {
            "name": p.name,
            "city": p.city,
            "country": p.country,
            "sentence": p.sentence,
        }
    if facts.target:
        claims["target"] = {
            "name": facts.target.name,
            "kind": facts.target.kind,
            "sentence": facts.target.sentence,
        }
    if facts.weapon:
        w = facts.weapon
        claims["weapon"] = {"kind": w.kind, "count": w.count, "sentence": w.sentence}
    if facts.killed:
        claims["killed"] = _count(facts.killed)
    if facts.injured:
        claims["injured"] = _count(facts.injured)
    if facts.attributed:
        claims["attributed_to"] = [
            {"actor": a.actor, "by": a.by, "sentence": a.sentence} for a in facts.attributed
        ]
    if facts.claimed:
        claims["claimed_by"] = {"actor": facts.claimed.actor, "sentence": facts.claimed.sentence}
    return {
        "file": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": _iso(article.published),
        "url": article.url,
        "author": article.author,
        "primary": primary,
        "metadata": dict(sorted(article.provenance.items())),
        "summary": " ".join(facts.summary),
        "claims": claims,
    }


def incident_record(incident: Incident) -> dict[str, Any]:
    loc = incident.location
    claimed: dict[str, Any]
    if incident.claimed is None:
        claimed = {"status": "unknown", "actor": None}
    elif incident.claimed.actor is None:
        claimed = {"status": "unclaimed", "actor": None}
    else:
        claimed = {"status": "claimed", "actor": incident.claimed.actor}
    supporters = {
        a.actor: [f.id for f in incident.sources if any(c.actor == a.actor for c in f.attributed)]
        for a in incident.attributed
    }
    times = [f.time_of_day.value for f in incident.sources if f.time_of_day]
    return {
        "id": incident.id,
        "title": incident.title,
        "date": _iso(incident.date),
        "date_precision": incident.date_precision,
        "date_range": {
            "earliest": _iso(incident.date_earliest),
            "latest": _iso(incident.date_latest),
        },
        "time_of_day": times[0] if times else None,
        "location": {
            "name": loc.name,
            "city": loc.city,
            "region": loc.region,
            "country": loc.country,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
        },
        "event_kind": incident.event_kind,
        "target": (
            {"name": incident.target.name, "kind": incident.target.kind}
            if incident.target
            else None
        ),
        "weapon": (
            {"kind": incident.weapon.kind, "count": incident.weapon.count}
            if incident.weapon
            else None
        ),
        "killed": incident.killed.best,
        "injured": incident.injured.best,
        "casualties": {"killed": _range(incident.killed), "injured": _range(incident.injured)},
        "attributed": [
            {"actor": a.actor, "by": a.by, "sources": supporters[a.actor]}
            for a in incident.attributed
        ],
        "claimed": claimed,
        "sources": [
            source_record(f, primary=f.id not in incident.secondary_sources)
            for f in incident.sources
        ],
        "disagreements": [
            {
                "field": d.field,
                "values": [{"value": v, "sources": list(s)} for v, s in d.values.items()],
            }
            for d in incident.disagreements
        ],
        "related": [{"id": r.id, "reason": r.reason} for r in incident.related],
    }


class _Dumper(yaml.SafeDumper):
    """Block style, long strings folded at 100 characters, multi-line strings as literals."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(record: dict[str, Any]) -> str:
    return yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def incidents_dir(content_dir: Path) -> Path:
    return content_dir / INCIDENTS_FOLDER


def existing_ids_by_article(content_dir: Path) -> dict[str, str]:
    """article id -> incident id, from the files already written, so ids stay permanent."""
    found: dict[str, str] = {}
    for path in sorted(incidents_dir(content_dir).glob("*.yml")):
        try:
            record = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if not isinstance(record, dict):
            continue
        for source in record.get("sources") or []:
            if isinstance(source, dict) and source.get("file") and source.get("primary", True):
                found.setdefault(str(source["file"]), str(record.get("id") or path.stem))
    return found


def keep_ids(incidents: Sequence[Incident], previous: dict[str, str]) -> list[Incident]:
    """Give each incident the id it had before, when most of its sources were already there."""
    from collections import Counter
    from dataclasses import replace

    taken: set[str] = set()
    kept: list[Incident] = []
    for incident in incidents:
        votes = Counter(previous[f.id] for f in incident.sources if f.id in previous)
        old = [
            i for i, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])) if i not in taken
        ]
        new_id = old[0] if old else _unique(incident.id, taken | set(previous.values()))
        taken.add(new_id)
        kept.append(replace(incident, id=new_id))
    return kept


def _unique(candidate: str, taken: set[str]) -> str:
    if candidate not in taken:
        return candidate
    suffix = 2
    while f"{candidate}-{suffix}" in taken:
        suffix += 1
    return f"{candidate}-{suffix}"


@dataclass(frozen=True)
class WritePlan:
    write: dict[Path, str]  # path -> new text, only where the bytes differ
    remove: tuple[Path, ...]


def plan_writes(incidents: Iterable[Incident], content_dir: Path) -> WritePlan:
    folder = incidents_dir(content_dir)
    wanted: dict[Path, str] = {folder / f"{i.id}.yml": dump(incident_record(i)) for i in incidents}
    write = {
        path: text
        for path, text in wanted.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    }
    stale = tuple(p for p in sorted(folder.glob("*.yml")) if p not in wanted)
    return WritePlan(write, stale)


def apply(plan: WritePlan) -> None:
    for path, text in plan.write.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".yml.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    for path in plan.remove:
        path.unlink()
