"""Stage 4: link related incidents, with the reason shown to readers.

Two incidents are related when they share at least two of: the city, the kind of target, the
kind of attack, and the attributed actor (compared by family, so 'Iran-backed militias' and
'Kataib Hezbollah' count as the same side). Candidates come from an index by city and by actor
family; within one city or actor, only the NEAREST incidents in time on either side are
considered (a reader wants the attacks around this one, not every attack in a capital over ten
years), so the work stays linear in the number of incidents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import cache

from builder import datafiles
from builder.models import Incident, Relation

MAX_RELATED = 5
MIN_SHARED = 2
NEAREST = 25


@cache
def actor_families() -> dict[str, str]:
    return {a["name"]: a.get("family") or a["name"] for a in datafiles.load("actors.yml")["actors"]}


def _aspects(incident: Incident) -> dict[str, str]:
    aspects: dict[str, str] = {}
    if incident.location.city:
        aspects["city"] = incident.location.city
    if incident.target and incident.target.kind:
        aspects["target"] = incident.target.kind
    if incident.event_kind:
        aspects["kind"] = incident.event_kind
    families = actor_families()
    actors = sorted({families.get(a.actor, a.actor) for a in incident.attributed})
    if incident.claimed and incident.claimed.actor:
        actors = sorted({*actors, families.get(incident.claimed.actor, incident.claimed.actor)})
    if actors:
        aspects["actor"] = actors[0]
    return aspects


_REASON = {
    "city": "same city ({})",
    "target": "same kind of target ({})",
    "kind": "same kind of attack ({})",
    "actor": "same attributed actor ({})",
}


def relate(incidents: Sequence[Incident]) -> list[Incident]:
    aspects = [_aspects(i) for i in incidents]
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for position, found in enumerate(aspects):
        for key in ("city", "actor"):
            if key in found:
                index[(key, found[key])].append(position)
    near: dict[int, set[int]] = defaultdict(set)
    for members in index.values():
        members.sort(key=lambda i: (incidents[i].date or date.min, incidents[i].id))
        for place, i in enumerate(members):
            near[i].update(members[max(0, place - NEAREST) : place + NEAREST + 1])
    related: list[Incident] = []
    for position, incident in enumerate(incidents):
        mine = [(k, aspects[position][k]) for k in _REASON if k in aspects[position]]
        candidates = near[position] - {position} if len(mine) >= MIN_SHARED else set()
        scored = []
        for other in candidates:
            theirs = aspects[other]
            shared = [k for k, value in mine if theirs.get(k) == value]
            if len(shared) < MIN_SHARED:
                continue
            other_date = incidents[other].date
            gap = abs((incident.date - other_date).days) if incident.date and other_date else 10**6
            scored.append((-len(shared), gap, incidents[other].id, shared))
        # Ids differ, so the reason never decides the order: it is spelled for the nearest only.
        relations = tuple(
            Relation(id_, ", ".join(_REASON[k].format(aspects[position][k]) for k in shared))
            for _, _, id_, shared in sorted(scored)[:MAX_RELATED]
        )
        # A copy only when the relations change: copying every incident was half of relating.
        related.append(
            incident if relations == incident.related else replace(incident, related=relations)
        )
    return related
