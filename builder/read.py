"""Stage 1: read article files (cleaning is in clean.py).

An article file is any .txt or .md file under the articles folder, with optional YAML front
matter. Reading turns it into an `Article`: cleaned paragraphs, plus metadata from front matter
or, failing that, inferred from the text and marked as inferred. A file that cannot be read
becomes a `Problem` naming the file and the fix; the rest of the archive still builds.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from builder.clean import (
    clean,
    infer_author,
    infer_outlet,
    infer_published,
    infer_title,
    is_prose,
)
from builder.models import METADATA_FIELDS, Article, Problem
from builder.text import normalise_spaces

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_ARTICLE_BYTES = 2_000_000  # a news article is tens of kilobytes; larger files are not articles

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_HTML_PAGE = re.compile(r"\A\s*(?:<!doctype html|<html[\s>]|<head[\s>])", re.I)


class UnreadableArticle(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def discover(articles_dir: Path) -> list[Path]:
    """Article files under a folder, in a stable order; hidden files and folders are skipped."""
    found = [
        path
        for path in articles_dir.rglob("*")
        if path.suffix.lower() in ARTICLE_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(articles_dir).parts)
    ]
    return sorted(found, key=lambda p: p.relative_to(articles_dir).as_posix())


def article_id(path: Path, articles_dir: Path) -> str:
    return path.relative_to(articles_dir).as_posix()


def read_articles(
    paths: Iterable[Path], articles_dir: Path, today: date | None = None
) -> tuple[list[Article], list[Problem]]:
    articles: list[Article] = []
    problems: list[Problem] = []
    for path in paths:
        result = read_article(path, articles_dir, today)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            articles.append(result)
    return articles, problems


def read_article(path: Path, articles_dir: Path, today: date | None = None) -> Article | Problem:
    ident = article_id(path, articles_dir)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Problem(ident, f"cannot be read ({error.strerror}); check the file's permissions")
    try:
        return parse_article(ident, raw, today or date.today())
    except UnreadableArticle as error:
        return Problem(ident, str(error), error.field)


def parse_article(ident: str, raw: bytes, today: date) -> Article:
    """Turn the bytes of one article file into an Article, or raise UnreadableArticle."""
    text = decode(raw)
    meta, body = split_front_matter(text)
    top_lines = [line for line in map(normalise_spaces, body.split("\n")[:40]) if line][:12]
    paragraphs = clean(body)
    if not paragraphs:
        raise UnreadableArticle("has no article text; add the text below the front matter")
    provenance = {key: "front matter" for key in meta}
    warnings: list[str] = []

    title = meta.get("title") or infer_title(paragraphs)
    if "title" not in meta:
        provenance["title"] = "inferred: first line of the text"
    body_paragraphs = [p for p in paragraphs if p != title and is_prose(p)] or paragraphs

    published = meta.get("published")
    if published is None:
        published = infer_published(top_lines)
        provenance["published"] = (
            "inferred: date line at the top of the text" if published else "unknown: no date given"
        )
    elif published > today:
        raise UnreadableArticle(
            f"publication date {published.isoformat()} is in the future; correct it", "published"
        )

    url = meta.get("url")
    outlet = meta.get("outlet")
    if outlet is None:
        outlet, evidence = infer_outlet(top_lines, url)
        provenance["outlet"] = f"inferred: {evidence}" if outlet else "unknown: no evidence"
    author = meta.get("author")
    if author is None:
        author = infer_author(top_lines)
        if author:
            provenance["author"] = "inferred: byline"

    return Article(
        id=ident,
        text="\n".join(body_paragraphs),
        title=title,
        url=url,
        outlet=outlet,
        published=published,
        author=author,
        language=meta.get("language"),
        provenance=provenance,
        content_hash=hashlib.sha256(raw).hexdigest(),
        warnings=tuple(warnings),
    )


def decode(raw: bytes) -> str:
    if not raw.strip():
        raise UnreadableArticle("is empty; remove it or paste the article text into it")
    if b"\x00" in raw[:4096]:
        raise UnreadableArticle("is a binary file, not text; save the article as UTF-8 text")
    if len(raw) > MAX_ARTICLE_BYTES:
        raise UnreadableArticle(
            f"is {len(raw) // 1_000_000} MB, more than the {MAX_ARTICLE_BYTES // 1_000_000} MB an"
            " article can be; save only the article's text"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableArticle(
            f"is not UTF-8 text (byte {error.start}); re-save it as UTF-8, for example with"
            " `iconv -f windows-1256 -t utf-8` for Arabic or `-f latin1` for Western text"
        ) from None
    if _HTML_PAGE.match(text):
        raise UnreadableArticle(
            "is a saved HTML page; copy the article's text into a .txt or .md file instead"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _coerce_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        import dateparser  # slow to import; only needed for free-form dates in front matter

        parsed = dateparser.parse(value, settings={"STRICT_PARSING": True})
        if parsed is not None:
            return parsed.date()
    raise UnreadableArticle(f"{value!r} is not a date; write it as YYYY-MM-DD", "published")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Parse optional YAML front matter; unknown keys are an error naming the allowed ones."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        loaded = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise UnreadableArticle(
            f"front matter is not valid YAML{where}; write it as `key: value` lines between"
            " two `---` lines",
            "front matter",
        ) from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise UnreadableArticle(
            "front matter must be `key: value` lines between two `---` lines", "front matter"
        )
    unknown = sorted(str(k) for k in loaded if k not in METADATA_FIELDS)
    if unknown:
        raise UnreadableArticle(
            f"unknown front-matter key(s) {', '.join(unknown)}; allowed: "
            + ", ".join(METADATA_FIELDS),
            unknown[0],
        )
    meta: dict[str, Any] = {}
    for key, value in loaded.items():
        if value is None or value == "":
            continue
        if key == "published":
            meta[key] = _coerce_date(value)
        elif not isinstance(value, str | int | float):
            raise UnreadableArticle(f"must be a single value, not {type(value).__name__}", key)
        else:
            meta[key] = normalise_spaces(str(value))
    return meta, text[match.end() :]
