"""`incident-archive add`: put one article into the articles folder, with front matter.

The article is checked exactly as the build will read it before anything is written, so a file
that would be rejected (empty, binary, not UTF-8, a saved page, a bad date) never lands in the
folder. What the contributor gives as flags or answers to prompts becomes front matter; front
matter already in the file is kept unless a flag overrides it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from builder import read
from builder.models import METADATA_FIELDS, Article, ArticleFacts
from builder.text import slugify

# Asked for when neither the file nor the flags give them: what readers need to find the source.
ASKED = ("url", "outlet", "published")


@dataclass(frozen=True)
class Prepared:
    name: str  # file name in the articles folder
    text: str  # front matter and body, as written
    article: Article  # as the build will read it


def prepare(raw: bytes, given: dict[str, str], today: date, name: str | None = None) -> Prepared:
    """The file to write, or read.UnreadableArticle saying why it would be rejected."""
    text = read.decode(raw)
    meta, body = read.split_front_matter(text)
    for key, value in given.items():
        if value:
            meta[key] = _iso_date(value) if key == "published" else value
    front = {key: meta[key] for key in METADATA_FIELDS if meta.get(key) not in (None, "")}
    written = _with_front_matter(front, body)
    chosen = name or _name(front, body)
    article = read.parse_article(chosen, written.encode("utf-8"), today)
    return Prepared(chosen, written, article)


def missing_date(facts: ArticleFacts) -> str | None:
    """Why an article's incident would have no date for want of its publication date, or None.

    'On Monday' is dated from the day the article was published; with no publication date (front
    matter, or a date line the reader found) and no date in the text that gives the year (a full
    date of the news, not one years before), the incident is undated, and its id, made once and
    never changed, says 'undated'."""
    if facts.article.published is not None or not facts.reports_incident:
        return None
    claim = facts.event_date
    if claim is not None and claim.value is not None:
        return None
    said = f"dates the event only as {claim.expression!r}" if claim else "gives no date"
    return f"no publication date, and the text {said}, which leaves its incident undated"


def refuse_undated(prepared: Prepared) -> None:
    """Raise read.UnreadableArticle if the article would make an undated incident."""
    if prepared.article.published is not None:
        return
    from builder import extract  # the patterns and gazetteer: only for an article without a date

    if reason := missing_date(extract.extract(prepared.article)):
        fix = "give --published YYYY-MM-DD, or `published:` in its front matter"
        raise read.UnreadableArticle(f"{reason}; {fix}", "published")


def copy_of(folder: Path, prepared: Prepared) -> Path | None:
    """An article file in the folder with the very bytes `add` would write: the same article
    added twice. (Another outlet's copy of a wire story differs in its front matter and is a
    source of its own.)"""
    data = prepared.text.encode("utf-8")
    for path in read.discover(folder):
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return path
    return None


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise read.UnreadableArticle(
            f"{value!r} is not a date; write it as YYYY-MM-DD", "published"
        ) from None


def _with_front_matter(front: dict[str, Any], body: str) -> str:
    if not front:
        return body.lstrip("\n")
    header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{header}---\n{body.lstrip(chr(10))}"


def _name(front: dict[str, Any], body: str) -> str:
    """A readable, stable file name: publication date, outlet and the headline's first words."""
    first_line = next((ln for ln in body.splitlines() if ln.strip()), "article")
    title = str(front.get("title") or first_line)
    parts = [
        front["published"].isoformat() if isinstance(front.get("published"), date) else "",
        slugify(str(front.get("outlet") or ""), 3),
        slugify(title, 6),
    ]
    return "-".join(p for p in parts if p) + ".md"


def free_path(folder: Path, name: str) -> Path:
    """`name` in the folder, or `name-2`, `name-3`... when that is taken."""
    path = folder / name
    stem, suffix = re.sub(r"\.(md|txt)$", "", name), Path(name).suffix or ".md"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path
