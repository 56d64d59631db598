"""Editors' decisions, and which incident each article belongs to.

`content/curation.yml` (schema: schema/curation.schema.json) holds what editors decided: pin an
article to an incident, split one out, merge two incidents, exclude an article, mark a source
unreliable or as a rewrite of another. The builder applies it on every build.

Once an article is published in an incident it stays there: grouping only places new articles.
Only an editor's decision moves a published article, so a correction made once is never undone
by a later, different guess of the grouping, and an incident's id, once published, never
changes. Merged incidents leave a redirect (old id -> id it was merged into) in
`content/redirects.yml`, which only ever grows; the site serves the old address from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from builder import consolidate
from builder.cache import Memo
from builder.check import CURATION_SCHEMA, CheckError, line_of, validate
from builder.layout import CURATION_FILE, REDIRECTS_FILE, is_incident_id
from builder.models import ArticleFacts, Incident

NEW = "new:"  # prefix of the key of an incident that has no id yet


@dataclass(frozen=True)
class SourceNote:
    """What the archive says about one source besides its claims."""

    duplicate_of: str | None = None  # found by duplicates.py: a copy of this article
    rewrite_of: str | None = None  # an editor's decision
    unreliable: str | None = None  # an editor's reason; "" when none was given

    @property
    def independent(self) -> bool:
        return self.duplicate_of is None and self.rewrite_of is None

    @property
    def counted(self) -> bool:
        """Whether the source's claims count towards the incident's best estimates."""
        return self.independent and self.unreliable is None


@dataclass(frozen=True)
class Decisions:
    pins: dict[str, str] = field(default_factory=dict)  # article -> incident id
    splits: frozenset[str] = frozenset()
    merges: dict[str, str] = field(default_factory=dict)  # from id -> into id
    excluded: frozenset[str] = frozenset()
    unreliable_articles: dict[str, str] = field(default_factory=dict)  # article -> reason
    unreliable_outlets: dict[str, str] = field(default_factory=dict)  # outlet -> reason
    rewrites: dict[str, str] = field(default_factory=dict)  # article -> article it rewrites
    # (section, key, value) -> line in curation.yml, for messages that point at the decision
    lines: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def line(self, section: str, key: str, value: str) -> int | None:
        return self.lines.get((section, key, value))


class CurationError(Exception):
    """curation.yml cannot be used; building without it would undo editors' decisions."""

    def __init__(self, errors: Sequence[CheckError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = tuple(errors)


def curation_path(content_dir: Path) -> Path:
    return content_dir / CURATION_FILE


def load(content_dir: Path) -> Decisions:
    """Read content/curation.yml; a missing file means no decisions."""
    path = curation_path(content_dir)
    if not path.exists():
        return Decisions()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CurationError(
            [CheckError(path, None, "(file)", "is not UTF-8; re-save it")]
        ) from None
    record, node, errors = validate(path, text, CURATION_SCHEMA)
    if errors:
        raise CurationError(errors)
    record = record or {}
    lines = {
        (section, key, str(value)): line
        for section, entries in record.items()
        for index, entry in enumerate(entries or [])
        for key, value in entry.items()
        if (line := line_of(node, [section, index, key])) is not None
    }

    def entries(section: str) -> list[dict[str, Any]]:
        return list(record.get(section) or [])

    decisions = Decisions(
        pins={e["article"]: e["incident"] for e in entries("pin")},
        splits=frozenset(e["article"] for e in entries("split")),
        merges={e["from"]: e["into"] for e in entries("merge")},
        excluded=frozenset(e["article"] for e in entries("exclude")),
        unreliable_articles={
            e["article"]: e.get("reason", "") for e in entries("unreliable") if "article" in e
        },
        unreliable_outlets={
            e["outlet"]: e.get("reason", "") for e in entries("unreliable") if "outlet" in e
        },
        rewrites={e["article"]: e["of"] for e in entries("rewrite")},
        lines=lines,
    )
    conflicts = _conflicts(path, record, decisions)
    if conflicts:
        raise CurationError(conflicts)
    return decisions


def _conflicts(path: Path, record: Mapping[str, Any], decisions: Decisions) -> list[CheckError]:
    """Decisions that contradict each other; each named with its line and the fix."""
    errors: list[CheckError] = []
    seen: dict[str, str] = {}
    for section in ("pin", "split", "exclude"):
        for index, entry in enumerate(record.get(section) or []):
            article = entry["article"]
            if article in seen:
                errors.append(
                    CheckError(
                        path,
                        decisions.line(section, "article", article),
                        f"{section}[{index}].article",
                        f"{article!r} is also under {seen[article]}; keep one decision per article",
                    )
                )
            seen.setdefault(article, section)
    # A decision whose two ends name the same thing: (section, reported key, other key, fix).
    self_references = (
        ("merge", "into", "from", "is the same incident as `from`; name two different incidents"),
        ("rewrite", "of", "article", "is the article itself; name the article it rewrites"),
    )
    for section, key, other, fix in self_references:
        for index, entry in enumerate(record.get(section) or []):
            if entry[key] == entry[other]:
                errors.append(
                    CheckError(
                        path,
                        decisions.line(section, key, entry[key]),
                        f"{section}[{index}].{key}",
                        fix,
                    )
                )
    return errors


def unknown_references(
    path: Path, decisions: Decisions, articles: set[str], incidents: set[str]
) -> tuple[list[CheckError], list[CheckError]]:
    """(errors, warnings): decisions naming incidents or articles that do not exist.

    An unknown incident is an error: the decision cannot be applied. An unknown article is a
    warning: the decision waits for the article (it may be added later, or was removed).
    """
    errors: list[CheckError] = []
    warnings: list[CheckError] = []

    line = decisions.line

    for incident in sorted(set(decisions.pins.values())):
        if incident not in incidents:
            message = f"no incident {incident!r}; use the id of a file in content/incidents/"
            errors.append(
                CheckError(path, line("pin", "incident", incident), "pin.incident", message)
            )
    for old, new in sorted(decisions.merges.items()):
        for key, value in (("from", old), ("into", new)):
            if value not in incidents:
                message = f"no incident {value!r}; use the id of a file in content/incidents/"
                errors.append(CheckError(path, line("merge", key, value), f"merge.{key}", message))
    named = [
        *(("pin", a) for a in decisions.pins),
        *(("split", a) for a in decisions.splits),
        *(("exclude", a) for a in decisions.excluded),
        *(("unreliable", a) for a in decisions.unreliable_articles),
        *(("rewrite", a) for a in decisions.rewrites),
    ]
    for section, article in sorted(named):
        if article not in articles:
            message = f"no article {article!r} in the articles folder; check the name"
            warnings.append(
                CheckError(path, line(section, "article", article), f"{section}.article", message)
            )
    return errors, warnings


def note_for(
    article: str, outlet: str | None, decisions: Decisions, copies: Mapping[str, str]
) -> SourceNote:
    unreliable = decisions.unreliable_articles.get(article)
    if unreliable is None and outlet is not None:
        unreliable = decisions.unreliable_outlets.get(outlet)
    return SourceNote(copies.get(article), decisions.rewrites.get(article), unreliable)


REDIRECTS_FIX = "it must map old incident ids to current ones, one `old-id: current-id` per line"


@dataclass(frozen=True)
class Redirects:
    """content/redirects.yml as written: old id -> the id it leads to, and each entry's line."""

    path: Path
    targets: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def resolved(self) -> dict[str, str]:
        """old id -> the incident at the end of its chain."""
        return {old: resolve(old, self.targets) for old in sorted(self.targets)}


def load_redirects(content_dir: Path) -> Redirects:
    """Read content/redirects.yml; a missing file means none.

    The file comes from pull requests like every other, and each id becomes a file name and a
    site folder, so an entry that is not an id (it could name a path outside incidents/) stops
    the build with its line and the fix, like a mistake in curation.yml.
    """
    path = content_dir / REDIRECTS_FILE
    if not path.is_file():
        return Redirects(path)
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        error = CheckError(path, None, "(file)", "is not UTF-8; re-save it as UTF-8")
        raise CurationError([error]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        message = f"is not valid YAML ({getattr(error, 'problem', error)}); {REDIRECTS_FIX}"
        raise CurationError([CheckError(path, line, "(file)", message)]) from None
    if node is None:
        return Redirects(path)
    if not isinstance(node, yaml.MappingNode):
        message = f"is not a mapping; {REDIRECTS_FIX}"
        raise CurationError([CheckError(path, node.start_mark.line + 1, "(file)", message)])
    redirects = Redirects(path)
    errors: list[CheckError] = []
    for key, value in node.value:
        line = key.start_mark.line + 1
        old, new = _scalar(key), _scalar(value)
        if old is None or not is_incident_id(old):
            message = "is not an incident id (lowercase letters, digits, hyphens); fix the entry"
            errors.append(CheckError(path, line, old or "(not a single value)", message))
        elif new is None or not is_incident_id(new):
            message = "must lead to one incident id (lowercase letters, digits, hyphens)"
            errors.append(CheckError(path, line, old, message))
        else:
            redirects.targets[old], redirects.lines[old] = new, line
    if errors:
        raise CurationError(errors)
    return redirects


def _scalar(node: yaml.Node) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        return None
    return str(node.value).strip() or None


def redirect_errors(redirects: Redirects, incidents: Collection[str]) -> list[CheckError]:
    """Redirects the site cannot serve: ones that lead nowhere, or would replace a live page."""
    errors = []
    for old, line in sorted(redirects.lines.items(), key=lambda entry: entry[1]):
        current = resolve(old, redirects.targets)
        if old in incidents:
            message = (
                "is also the id of an incident file, whose page the redirect would replace; "
                "remove this entry, or the file if that incident was merged"
            )
        elif current not in incidents:
            message = (
                f"redirects to {current!r}, which is no incident in content/incidents/; point it "
                "at the incident that holds the articles now, or restore that incident's file"
            )
        else:
            continue
        errors.append(CheckError(redirects.path, line, old, message))
    return errors


def resolve(incident: str, redirects: Mapping[str, str]) -> str:
    """Follow redirects to the incident that holds an id now; stops on a loop."""
    seen = {incident}
    while incident in redirects and redirects[incident] not in seen:
        incident = redirects[incident]
        seen.add(incident)
    return incident


REDIRECTS_HEADER = (
    "# Old incident id: the id it now redirects to. Written by `incident-archive build` when\n"
    "# incidents are merged (content/curation.yml); entries are never removed: old links work.\n"
)


def dump_redirects(redirects: Mapping[str, str]) -> str:
    resolved = {old: resolve(old, redirects) for old in sorted(redirects)}
    body = yaml.safe_dump(resolved, sort_keys=True, allow_unicode=True) if resolved else "{}\n"
    return REDIRECTS_HEADER + body


@dataclass(frozen=True)
class Placement:
    members: dict[str, list[str]]  # incident id, or NEW + key, -> article ids in input order
    redirects: dict[str, str]  # every redirect, old and new, resolved
    retired: dict[str, str | None]  # published id that holds no article now -> where they went


def place(
    articles: Sequence[str],
    groups: Iterable[Sequence[str]],
    previous: Mapping[str, str],
    decisions: Decisions,
    redirects: Mapping[str, str],
    copies: Mapping[str, str],
) -> Placement:
    """Which incident each article belongs to; deterministic.

    `previous` is where each article was published (article -> incident id). Published articles
    stay; pins, splits and merges move them; new articles join the incident most of their group
    is already in, or make a new one. A copy (wire story) follows the article it copies.
    """
    all_redirects = {**redirects, **decisions.merges}
    target: dict[str, str] = {}
    present = set(articles)
    for article in articles:
        if article in decisions.pins:
            target[article] = resolve(decisions.pins[article], all_redirects)
        elif article in previous and article not in decisions.splits:
            target[article] = resolve(previous[article], all_redirects)
    taken = Counter(target.values())
    for article in sorted(a for a in decisions.splits if a in present and a not in target):
        home = resolve(previous[article], all_redirects) if article in previous else None
        # Alone in its incident already (split on an earlier build): it keeps that id.
        target[article] = home if home and not taken[home] else f"{NEW}split:{article}"
        taken[target[article]] += 1
    split_homes = {target[a] for a in decisions.splits if a in target}

    ordered_groups = [list(g) for g in groups]
    group_of = {a: index for index, g in enumerate(ordered_groups) for a in g}
    position = {a: i for i, a in enumerate(articles)}
    originals_first = sorted(
        (a for a in articles if a not in target), key=lambda a: (a in copies, position[a])
    )
    for article in originals_first:
        original = copies.get(article)
        if original in target and target[original] not in split_homes:
            target[article] = target[original]
            continue
        group = ordered_groups[group_of[article]] if article in group_of else [article]
        votes = Counter(target[m] for m in group if m in target and target[m] not in split_homes)
        if votes:
            target[article] = min(votes, key=lambda i: (-votes[i], i))
        else:
            target[article] = f"{NEW}{min(group)}"

    members: dict[str, list[str]] = {}
    for article in articles:
        members.setdefault(target[article], []).append(article)

    retired: dict[str, str | None] = {}
    for old in sorted(set(previous.values()) - set(members)):
        if old in decisions.merges:
            retired[old] = resolve(old, all_redirects)
            continue
        moved = Counter(target[a] for a, i in previous.items() if i == old and a in target)
        live = {i: n for i, n in moved.items() if not i.startswith(NEW)}
        retired[old] = min(live, key=lambda i: (-live[i], i)) if live else None
    new_redirects = dict(all_redirects)
    for old, into in retired.items():
        if into is not None:
            new_redirects[old] = into
    return Placement(members, {o: resolve(o, new_redirects) for o in new_redirects}, retired)


def assemble(
    placement: Placement,
    facts: Mapping[str, ArticleFacts],
    notes: Mapping[str, SourceNote],
    published_ids: Iterable[str],
    memo: Memo[Incident] | None = None,
) -> list[Incident]:
    """One incident per placed set of articles, keeping published ids and giving new ones.

    The best estimates come from the sources that count (independent and reliable ones); every
    source is still listed, and the disagreements are among all of them. `memo` holds the
    consolidations of the last build (cache.load_memo), keyed by the sources' ids, bytes and
    whether each counts, so an incident whose sources did not change is not consolidated again.
    """
    memo = memo or Memo()
    taken = set(published_ids) | set(placement.redirects) | set(placement.members)
    incidents: list[Incident] = []
    for key in sorted(placement.members, key=lambda k: (k.startswith(NEW), k)):
        sources = [facts[a] for a in placement.members[key]]
        flags = [notes.get(f.id, SourceNote()).counted for f in sources]
        ordered = tuple(sorted(sources, key=lambda f: f.id))
        recalled = "\n".join(
            f"{f.id}\t{f.article.content_hash}\t{flag}"
            for f, flag in zip(sources, flags, strict=True)
        )
        incident = memo.get(recalled)
        if incident is None:
            counted = [f for f, flag in zip(sources, flags, strict=True) if flag] or sources
            incident = replace(
                consolidate.consolidate(counted),
                disagreements=consolidate.disagreements(ordered),
                sources=(),
            )
            memo.put(recalled, incident)
        if key.startswith(NEW):
            new_id = _unique(incident.id, taken)
            taken.add(new_id)
        else:
            new_id = key
        incidents.append(replace(incident, id=new_id, sources=ordered))
    return incidents


def _unique(candidate: str, taken: set[str]) -> str:
    if candidate not in taken:
        return candidate
    suffix = 2
    while f"{candidate}-{suffix}" in taken:
        suffix += 1
    return f"{candidate}-{suffix}"
