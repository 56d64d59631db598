"""Stage 1: read article files (cleaning is in clean.py).

An article file is any .txt or .md file under the articles folder, with optional YAML front
matter. Reading turns it into an `Article`: cleaned paragraphs, plus metadata from front matter
or, failing that, inferred from the text and marked as inferred. A file that cannot be read
becomes a `Problem` naming the file and the fix; the rest of the archive still builds.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from builder.check import YamlLoader
from builder.clean import (
    clean,
    infer_author,
    infer_outlet,
    infer_published,
    infer_title,
    is_prose,
    stamp_dateline,
)
from builder.models import METADATA_FIELDS, Article, Problem
from builder.text import normalise_spaces

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_ARTICLE_BYTES = 2_000_000  # a news article is tens of kilobytes; larger files are not articles

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# Front matter begun and never closed: its `key: value` lines would be read as the article.
_UNCLOSED_FRONT_MATTER = re.compile(
    rf"\A---[ \t]*\r?\n(?:[ \t]*\r?\n)*(?:{'|'.join(METADATA_FIELDS)})[ \t]*:"
)
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}")
_WEB_ADDRESS = re.compile(r"https?://[^\s/]+", re.I)
_HTML_PAGE = re.compile(r"\A\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<\?xml)", re.I)
# Markup that a saved page is full of and prose never is.
_HTML_TAG = re.compile(r"</?(?:div|p|span|a|script|style|meta|link|body|li|ul|table|br)\b", re.I)
_HTML_TAGS_IN_PAGE = 10
# File signatures of formats people save articles in by mistake (PDF, Word/zip, images).
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")


class UnreadableArticle(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def discover(articles_dir: Path, others: list[str] | None = None) -> list[Path]:
    """Article files under a folder, in a stable order; hidden files and folders are skipped, and
    so are linked folders (as Path.rglob skips them). The names of other files (a .docx, an
    .html page) go into `others`, so that the build can say they are not read."""
    found: list[tuple[str, Path]] = []

    # os.scandir tells a file from a folder without a stat of each: walking with Path.rglob and
    # Path.is_file took 0.07 s of an add-one build at 5,000 articles.
    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    walk(entry.path, f"{prefix}{entry.name}/")
                elif os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES:
                    if entry.is_file():
                        found.append((prefix + entry.name, Path(entry.path)))
                elif others is not None and entry.is_file():
                    others.append(prefix + entry.name)

    if articles_dir.is_dir():
        walk(str(articles_dir), "")
    return [path for _, path in sorted(found)]


def not_an_article(name: str) -> Problem:
    """The build's word on a file in the articles folder that it does not read."""
    text = os.path.splitext(name)[0] + ".txt"
    return Problem(
        name, f"is not read: only .txt and .md files are articles; save its text as {text}"
    )


def article_id(path: Path, articles_dir: Path) -> str:
    # A path that spells the folder out (as discover's do) is cut as text: Path.relative_to
    # parsed both paths, 0.03 s for the ids of 5,000 articles on every build.
    text, folder = str(path), str(articles_dir)
    if text.startswith(folder + os.sep):
        return text[len(folder) + 1 :].replace(os.sep, "/")
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
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            # Checked before reading: a stray 50 MB dump must not be loaded into memory.
            return Problem(
                ident,
                f"is {size / 1_000_000:.1f} MB, more than the {MAX_ARTICLE_BYTES // 1_000_000} MB"
                " an article can be; save only the article's text",
            )
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

    title = meta.get("title") or infer_title(paragraphs)
    if "title" not in meta:
        provenance["title"] = "inferred: first line of the text"
    body_paragraphs = [p for p in paragraphs if p != title and is_prose(p)] or paragraphs
    dateline = next(filter(None, map(stamp_dateline, paragraphs[:3])), None)
    if dateline and body_paragraphs[0] != title and not body_paragraphs[0].startswith(dateline):
        # the stamp line is not prose, but the dateline at its end says where the story is from
        body_paragraphs[0] = f"{dateline} {body_paragraphs[0]}"

    published = meta.get("published")
    if published is None:
        published = infer_published(top_lines)
        provenance["published"] = (
            "inferred: date line at the top of the text" if published else "unknown: no date given"
        )
    elif published > today + timedelta(days=1):  # a day's grace for time zones ahead of ours
        raise UnreadableArticle(
            f"{published.isoformat()} is in the future (today is {today.isoformat()}); write the"
            " date the article was published, as YYYY-MM-DD",
            "published",
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
    )


def decode(raw: bytes) -> str:
    if not raw.strip():
        raise UnreadableArticle("is empty; remove it or paste the article text into it")
    if b"\x00" in raw[:4096] or raw.startswith(_BINARY_MAGIC):
        raise UnreadableArticle("is a binary file, not text; save the article as UTF-8 text")
    if len(raw) > MAX_ARTICLE_BYTES:
        raise UnreadableArticle(
            f"is {len(raw) / 1_000_000:.1f} MB, more than the {MAX_ARTICLE_BYTES // 1_000_000} MB"
            " an article can be; save only the article's text"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Rejected rather than guessed: a wrong guess would publish mojibake under a real name.
        raise UnreadableArticle(
            f"is not UTF-8 text (invalid byte at offset {error.start}); it {_guess_encoding(raw)}"
        ) from None
    if _HTML_PAGE.match(text) or len(_HTML_TAG.findall(text[:20_000])) >= _HTML_TAGS_IN_PAGE:
        raise UnreadableArticle(
            "is a saved HTML page; copy the article's text into a .txt or .md file instead"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _guess_encoding(raw: bytes) -> str:
    """A hint for re-saving the file: which legacy encoding the bytes most likely are."""
    arabic = raw.decode("cp1256", errors="replace")
    letters = [c for c in arabic if c.isalpha()]
    if letters and sum("\u0600" <= c <= "\u06ff" for c in letters) / len(letters) > 0.3:
        name, flag = "Windows-1256 (Arabic)", "windows-1256"
    else:
        name, flag = "Latin-1 / Windows-1252 (Western European)", "windows-1252"
    return (
        f"looks like {name}; re-save it as UTF-8, e.g. `iconv -f {flag} -t utf-8 FILE > NEW`"
        " or your editor's 'Save with encoding: UTF-8'"
    )


def coerce_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        day_month = _NUMERIC_DATE.match(value.strip())
        if day_month and day_month[1] != day_month[2] and max(map(int, day_month.groups())) <= 12:
            raise UnreadableArticle(
                f"{value!r} could be day-month or month-day; write it as YYYY-MM-DD", "published"
            )
        import dateparser  # slow to import; only needed for free-form dates in front matter

        # Absolute dates only: 'yesterday' or '2 days ago' would be read as days before each
        # build, not before the article was published.
        settings = {"STRICT_PARSING": True, "PARSERS": ["custom-formats", "absolute-time"]}
        parsed = dateparser.parse(value, settings=settings)
        if parsed is not None:
            return parsed.date()
    raise UnreadableArticle(f"{value!r} is not a date; write it as YYYY-MM-DD", "published")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Parse optional YAML front matter; unknown keys are an error naming the allowed ones."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if _UNCLOSED_FRONT_MATTER.match(text):
            raise UnreadableArticle(
                "has no closing `---` line; add one after the last `key: value` line",
                "front matter",
            )
        return {}, text
    try:
        loaded = yaml.load(match.group(1), Loader=YamlLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None)
        raise UnreadableArticle(
            f"is not valid YAML{where}{f' ({problem})' if problem else ''}; write it as"
            " `key: value` lines"
            " between two `---` lines, and put a value holding ': ' or ' #', or starting with"
            " a quote, '[' or '{', in double quotes: title: \"Attack: what we know\"",
            "front matter",
        ) from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise UnreadableArticle(
            "must be `key: value` lines between two `---` lines", "front matter"
        )
    unknown = sorted(str(k) for k in loaded if k not in METADATA_FIELDS)
    if unknown:
        hints = [
            f"{key!r} (did you mean {close[0]!r}?)" if close else repr(key)
            for key in unknown
            for close in [difflib.get_close_matches(key, METADATA_FIELDS, n=1)]
        ]
        raise UnreadableArticle(
            f"unknown front-matter key {', '.join(hints)}; the keys allowed are "
            + ", ".join(METADATA_FIELDS),
            unknown[0],
        )
    meta: dict[str, Any] = {}
    for key, value in loaded.items():
        if value is None or value == "":
            continue
        if key == "published":
            meta[key] = coerce_date(value)
        elif key == "url" and not _WEB_ADDRESS.match(str(value)):
            # The site links only http(s) addresses: 'www.x.org/a' would show as no link at all.
            raise UnreadableArticle(
                f"{value!r} is not a web address; write it in full: https://...", key
            )
        elif not isinstance(value, str | int | float):
            raise UnreadableArticle(f"must be a single value, not {type(value).__name__}", key)
        else:
            meta[key] = normalise_spaces(str(value))
    return meta, text[match.end() :]
