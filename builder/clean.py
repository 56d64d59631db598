"""Stage 1, second half: clean an article's text and infer what front matter leaves out.

Cleaning drops page furniture (menus, bylines, time stamps, captions, prompts, 'Read also'
lines, author bios) and repairs sentences scraped without a space between them. Inference finds
the headline, the publication date, the outlet and the author in the text, but only on evidence:
an outlet is named only when the url or the text shows it, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from urllib.parse import urlsplit

from builder import datafiles
from builder.dates import date_stamp, dateline_date
from builder.text import normalise_spaces, split_run_together

# "Shafaq News/ On Friday, ...": an agency slug before the first sentence
_AGENCY_SLUG = re.compile(r"^[A-Z][\w ]{1,40}/\s+(?=[A-Z])")


@dataclass(frozen=True)
class _Boilerplate:
    drop: re.Pattern[str]
    menu_words: frozenset[str]
    caption: re.Pattern[str]
    inline: re.Pattern[str]


@cache
def _boilerplate() -> _Boilerplate:
    data = datafiles.load("boilerplate.yml")
    drop = re.compile("|".join(f"(?:{p})" for p in data["drop_lines"]), re.I)
    credits = "|".join(re.escape(c) for c in data["caption_credits"])
    caption = re.compile(r"[—–-]\s*(?:" + credits + r")\s*$|\((?:" + credits + r")\)\s*$")
    inline = re.compile("|".join(f"(?:{p})" for p in data["inline"]), re.I)
    return _Boilerplate(drop, frozenset(w.lower() for w in data["menu_words"]), caption, inline)


# Patterns tried on every line, compiled once (not looked up in re's cache at every call)
_ENDS_SENTENCE = re.compile(r"[.!?\"”]$")
_MENU_WORD = re.compile(r"[A-Z][a-z]+|[a-z]+")
_MENU_IN_TITLE = re.compile(r"Home[A-Z][a-z]+")
_HEADING = re.compile(r"^#{1,6}\s+")
_BIO = re.compile(r"^[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){1,3} is an? ")
_PROSE_END = re.compile(r"[.!?\"”’:;]\W*$")


def is_boilerplate(line: str) -> bool:
    rules = _boilerplate()
    if rules.drop.fullmatch(line):
        return True
    if rules.caption.search(line):
        return True
    if len(line) < 60 and not _ENDS_SENTENCE.search(line):
        words = _MENU_WORD.findall(line)
        menu = sum(1 for w in words if w.lower() in rules.menu_words)
        if menu >= 2 or (words and menu == len(words)):
            return True
    # "HomeEntertainment NewsFollowing attack ...": a menu scraped into the title line
    return bool(_MENU_IN_TITLE.match(line))


# A text hard-wrapped by an e-mail client or a plain-text export has lines of one width that
# mostly stop mid-sentence; ordinary scraped news has one paragraph per line, most of them long.
_WRAP_WIDTHS = range(40, 101)
_WRAP_MIN_LINES = 5
_FULL_LINE = 0.75  # of the width: a shorter line ends its paragraph
_SENTENCE_END = re.compile(r"[.!?:\"”’)]$")


def unwrap(body: str) -> str:
    """Join the lines of a hard-wrapped text back into one line per paragraph.

    A text that is not hard-wrapped is returned unchanged. A full line (near the wrapping width)
    continues on the next line; a blank or short line ends the paragraph, so headlines, bylines
    and datelines stay lines of their own.
    """
    lines = body.split("\n")
    text_lines = [line.rstrip() for line in lines if line.strip()]
    width = max(map(len, text_lines), default=0)
    full = [line for line in text_lines if len(line) >= _FULL_LINE * width]
    open_ended = [line for line in full if not _SENTENCE_END.search(line)]
    if (
        width not in _WRAP_WIDTHS
        or len(full) < _WRAP_MIN_LINES
        or len(full) * 2 < len(text_lines)
        or len(open_ended) * 2 < len(full)
    ):
        return body
    joined: list[str] = []
    continues = False
    for line in lines:
        line = line.rstrip()
        if continues and line.strip():
            joined[-1] = f"{joined[-1]} {line.strip()}"
        else:
            joined.append(line)
        continues = len(line) >= _FULL_LINE * width
    return "\n".join(joined)


def clean(body: str) -> list[str]:
    """Paragraphs of article text with page furniture and repeated lines removed."""
    seen: set[str] = set()
    paragraphs: list[str] = []
    for raw_line in unwrap(body).split("\n"):
        line = normalise_spaces(_boilerplate().inline.sub(" ", raw_line))
        line = _HEADING.sub("", line)  # Markdown headings in .md articles
        if not line or is_boilerplate(line):
            continue
        key = line.lower()
        if key in seen:
            continue
        seen.add(key)
        paragraphs.append(split_run_together(_AGENCY_SLUG.sub("", line)))
    return _drop_trailing_bio(paragraphs)


def _drop_trailing_bio(paragraphs: list[str]) -> list[str]:
    """Remove an author's bio: a name on its own line followed by 'Name is a ...'."""
    for i, line in enumerate(paragraphs):
        if i > 2 and _BIO.match(line):
            name = line.split(" is a", 1)[0]
            if i > 0 and paragraphs[i - 1] == name:
                return paragraphs[: i - 1]
    return paragraphs


def infer_title(paragraphs: list[str]) -> str:
    for line in paragraphs[:5]:
        if date_stamp(line) is None and len(line) > 15:
            return line
    return paragraphs[0]


def is_prose(line: str) -> bool:
    """A sentence of text, not a masthead, subheading, credit or time stamp."""
    if date_stamp(line) is not None:
        return False
    return bool(_PROSE_END.search(line)) or len(line.split()) >= 12


# "TNN Nov 12, 2011, 05.51AM IST MUMBAI:": a dateline at the end of a time stamp line, in
# capitals and before a colon or a dash; time zones and AM/PM are not datelines
_STAMP_DATELINE = re.compile(r"(?<![\w.])([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2})\s*[:—–-]\s*$")
_ZONE = re.compile(r"^(?:[A-Z]{1,3}T|UTC|AM|PM|A\.M\.|P\.M\.) ?")


def stamp_dateline(line: str) -> str | None:
    """The dateline that a time stamp line ends with, to be put back before the story."""
    match = _STAMP_DATELINE.search(line)
    if match is None or date_stamp(line) is None:
        return None
    name = match.group(1)
    while _ZONE.match(name):
        name = _ZONE.sub("", name, count=1)
    return f"{name}:" if len(name) >= 3 else None


def infer_published(top_lines: list[str]) -> date | None:
    for line in top_lines:
        stamp = date_stamp(line)
        if stamp is not None:
            return stamp
    # no stamp: a wire story's dateline with its year ("BAGHDAD, Dec 30, 2023 (Reuters) -") is
    # the day it was filed
    return next(filter(None, (dateline_date(line, None) for line in top_lines[:3])), None)


@cache
def _outlets() -> tuple[dict[str, str], list[tuple[str, str]]]:
    by_domain: dict[str, str] = {}
    markers: list[tuple[str, str]] = []
    for outlet in datafiles.load("outlets.yml")["outlets"]:
        for domain in outlet.get("domains") or []:
            by_domain[domain.lower()] = outlet["name"]
        for marker in outlet.get("markers") or []:
            markers.append((marker, outlet["name"]))
    return by_domain, markers


def original_url(url: str) -> str:
    """The address of the page itself; archive.org addresses are unwrapped to the original."""
    wrapped = re.search(r"web\.archive\.org/web/[^/]+/(.+)", url)
    if wrapped:
        url = wrapped.group(1)
        if not re.match(r"https?://", url):
            url = "http://" + url
    return url


def url_domain(url: str) -> str | None:
    """The site an article came from, from its original address."""
    host = urlsplit(original_url(url)).hostname
    if not host:
        return None
    return host.lower().removeprefix("www.")


def infer_outlet(top_lines: list[str], url: str | None) -> tuple[str | None, str]:
    """The outlet and the evidence for it; (None, ...) when the text gives no evidence."""
    by_domain, markers = _outlets()
    if url:
        domain = url_domain(url)
        if domain:
            for known, name in by_domain.items():
                if domain == known or domain.endswith("." + known):
                    return name, f"url domain {domain}"
            return domain, f"url domain {domain}"
    for line in top_lines:
        for marker, name in markers:
            if line.startswith(marker) and (marker.endswith("/") or line == marker):
                return name, f"'{marker}' in the text"
    return None, "none"


_BYLINE = re.compile(r"^\s*by\s+([A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})\s*$", re.I)


def infer_author(top_lines: list[str]) -> str | None:
    for line in top_lines:
        match = _BYLINE.match(line)
        if match:
            return match.group(1)
    return None
