"""Find date expressions in text and resolve them against an anchor date.

Like HeidelTime's news mode: an expression such as "on Tuesday" or "last night" is resolved
against the publication date (the anchor), and we keep the expression, the anchor and the
precision. Only expressions this module recognises become dates: a stray number or word never
does (dateparser's search_dates reads "we" and "2 min" as dates, so it is not used for search).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from builder.text import NUMBER_WORDS

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_LONG_WEEKDAY = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WEEKDAY = r"(?:(?P<weekday>" + _LONG_WEEKDAY + r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# ", 2024", " 2024", or "-2024" as some stamps write it ("November 27-2005 at 16:12")
_YEAR = r"(?:(?:,?\s+|-)(?P<year>(?:19|20)\d\d))?"

_PATTERNS = [
    # Tuesday, September 10, 2024 / Sep. 13, 2024 / December 2
    re.compile(r"\b" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r"\b(?!:)" + _YEAR, re.I),
    # Tuesday 10 September 2024 / 10th of September
    re.compile(r"\b" + _WEEKDAY + _DAY + r"(?:\s+of)?\s+" + _MONTH + r"\b" + _YEAR, re.I),
    # 2024-09-10
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<nmonth>[01]\d)-(?P<day>[0-3]\d)\b"),
    # September 2024 (month precision)
    re.compile(r"\b(?:in\s+)?" + _MONTH + r"\s+(?P<year>(?:19|20)\d\d)\b", re.I),
]
_MONTH_NAMES_ONLY = re.compile(r"^(?:may|march|mar|jun|sat|sun|wed)$", re.I)

_RELATIVE = re.compile(
    r"\b(?P<expr>"
    r"(?P<yesterday>yesterday|last night)"
    r"|(?P<lastweek>last week|earlier this week|this week)"
    r"|(?P<today>today|tonight|overnight|early this morning|this (?:morning|afternoon|evening))"
    r"|(?P<ago>(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|a)"
    r" (?P<unit>days?|weeks?|months?|years?) ago)"
    r"|(?:(?P<last>last|this past|this|on|late|early|since|until|by) )?(?P<wd>"
    + _LONG_WEEKDAY
    + r")"
    r"(?P<part> (?:morning|afternoon|evening|night|overnight))?"
    r")\b",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text, resolved as far as the anchor allows."""

    expression: str
    start: int
    end: int
    value: date | None
    precision: str  # "day", "week", "month", "year" or "weekday"
    anchor: date | None
    weekday: int | None = None
    explicit: bool = False  # the text names the date itself rather than relative to the anchor


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def latest_weekday(weekday: int, on_or_before: date) -> date:
    """The latest given weekday on or before a date: 'on Tuesday' in a Friday paper."""
    return on_or_before - timedelta(days=(on_or_before.weekday() - weekday) % 7)


def _year_for(month: int, day: int, anchor: date | None) -> int | None:
    """A date written without a year is the latest such date not far after the anchor."""
    if anchor is None:
        return None
    candidate = _safe_date(anchor.year, month, day)
    if candidate is not None and candidate > anchor + timedelta(days=31):
        return anchor.year - 1
    return anchor.year


def _explicit(match: re.Match[str], anchor: date | None) -> DateMention | None:
    groups = match.groupdict()
    text = match.group(0)
    if groups.get("nmonth"):
        month = int(groups["nmonth"])
    else:
        month = MONTHS[groups["month"].lower().rstrip(".")]
    year = int(groups["year"]) if groups.get("year") else None
    weekday = WEEKDAYS.get((groups.get("weekday") or "").lower().rstrip(".,"))
    if groups.get("day") is None:
        value = _safe_date(year, month, 1) if year else None
        return DateMention(text, match.start(), match.end(), value, "month", None, None, True)
    day = int(groups["day"])
    if year is None:
        year = _year_for(month, day, anchor)
        value = _safe_date(year, month, day) if year else None
        return DateMention(
            text,
            match.start(),
            match.end(),
            value,
            "day",
            anchor if value else None,
            weekday,
            True,
        )
    value = _safe_date(year, month, day)
    if value is None:
        return None
    return DateMention(text, match.start(), match.end(), value, "day", None, weekday, True)


def _relative(match: re.Match[str], anchor: date | None) -> DateMention:
    groups = match.groupdict()
    text = match.group("expr")
    start, end = match.start("expr"), match.end("expr")
    if groups["yesterday"]:
        value = anchor - timedelta(days=1) if anchor else None
        return DateMention(text, start, end, value, "day", anchor)
    if groups["lastweek"]:
        # a week, as HeidelTime has it; the value is the middle day of the days it can mean, so
        # as close as can be to any of them
        if anchor is None:
            return DateMention(text, start, end, None, "week", None)
        monday = anchor - timedelta(days=anchor.weekday())
        if text.lower() == "last week":
            value = monday - timedelta(days=4)
        else:  # the part of this week up to the anchor, or before it for "earlier this week"
            last = anchor - timedelta(days=1 if text.lower().startswith("earlier") else 0)
            value = monday + timedelta(days=max((last - monday).days, 0) // 2)
        return DateMention(text, start, end, value, "week", anchor)
    if groups["today"]:
        # "overnight" in a morning paper: the small hours of the day it is published
        return DateMention(text, start, end, anchor, "day", anchor)
    if groups["ago"]:
        n = NUMBER_WORDS.get(groups["n"].lower()) or int(groups["n"])
        unit = groups["unit"].lower().rstrip("s")
        if anchor is None:
            return DateMention(
                text, start, end, None, unit if unit in ("month", "year") else "day", None
            )
        if unit in ("month", "year"):
            # "18 months ago": only the month (or year) is known
            months = anchor.year * 12 + anchor.month - 1 - n * (12 if unit == "year" else 1)
            value = date(months // 12, months % 12 + 1, 1)
            return DateMention(text, start, end, value, unit, anchor)
        days = n * (7 if unit == "week" else 1)
        # "a week ago" is vague: its day is a guess, so it has week precision
        precision = "week" if unit == "week" else "day"
        return DateMention(text, start, end, anchor - timedelta(days=days), precision, anchor)
    weekday = WEEKDAYS[groups["wd"].lower()]
    value = latest_weekday(weekday, anchor) if anchor else None
    if (
        value is not None
        and anchor is not None
        and value == anchor
        and (groups["last"] or "").lower() == "last"
    ):
        value -= timedelta(days=7)  # "last Friday" in a Friday paper is a week before
    return DateMention(text, start, end, value, "day" if value else "weekday", anchor, weekday)


# Every explicit pattern needs a digit and a month name or an ISO date; every relative one one of
# the words of _MAYBE_RELATIVE. A sentence with neither is passed over without running the
# patterns (most of an article's sentences). Both search the lower-cased sentence, which is
# three times faster than searching case-insensitively.
_DIGIT = re.compile(r"\d")
_MAYBE_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d{4}-\d")
_MAYBE_RELATIVE = re.compile(
    r"day\b|night|today|tonight|ago\b|week\b|morning|afternoon|evening|overnight"
)


def find_dates(sentence: str, anchor: date | None) -> tuple[DateMention, ...]:
    """Every date expression in a sentence, in order, resolved against the anchor."""
    lowered = sentence.lower()
    explicit = bool(_DIGIT.search(sentence) and _MAYBE_MONTH.search(lowered))
    if not explicit and not _MAYBE_RELATIVE.search(lowered):
        return ()
    return _find_dates(sentence, anchor, explicit)


@lru_cache(maxsize=4096)
def _find_dates(sentence: str, anchor: date | None, explicit: bool) -> tuple[DateMention, ...]:
    """Memoised: extraction and grouping's terms read the dates of the same sentences."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS if explicit else ():
        for match in pattern.finditer(sentence):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if _MONTH_NAMES_ONLY.match(match.group(0).split()[0]) and match.group(0)[0].islower():
                continue  # "may 2" is a verb, not May
            mention = _explicit(match, anchor)
            if mention is not None:
                found.append(mention)
                taken.append((match.start(), match.end()))
    for match in _RELATIVE.finditer(sentence):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        found.append(_relative(match, anchor))
        taken.append((match.start(), match.end()))
    return tuple(sorted(found, key=lambda m: m.start))


# Dates that name only a month or a year: "last month", "earlier this year", "in March", "in
# early 2020". They date an event when nothing more precise does, so they are read apart from
# find_dates (whose days and months also weigh in grouping) and never beat a day. "This year"
# and "this month" are left out: they tally ("the city's tenth homicide this year"), and so does
# a comparison ("up 20 percent from last year"). "in" is a word: not "Austin 2023", "within May".
_VAGUE = re.compile(
    r"\b(?P<expr>(?<!\bfrom )(?<!\bthan )(?<!\bsince )(?<!\bto )(?<!\bwith )"
    r"(?P<rel>last|earlier this) (?P<unit>month|year)\b|"
    r"(?<=\bin )(?:(?:early|late|mid)[- ])?(?:(?P<month>(?-i:January|February|March|April|May|June|"
    r"July|August|September|October|November|December))\b(?![\s,.]+\d)|"
    r"(?P<year>(?:19|20)\d\d)\b(?![\s,.]*\d)))",
    re.I,
)


# What _VAGUE cannot match without, in lower case: a unit ("last month", "earlier this year"),
# a month's name or a year
_MAYBE_VAGUE = re.compile(
    r"month|year|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|(?:19|20)\d\d"
)


def find_vague_dates(sentence: str, anchor: date | None) -> tuple[DateMention, ...]:
    """Month and year dates of a sentence ('last month', 'in March', 'in 2020'), resolved against
    the anchor: a month written alone is the latest such month on or before it. None without an
    anchor."""
    if anchor is None:
        return ()  # without the publication date, "in 1950" may be the history of the place
    if not _MAYBE_VAGUE.search(sentence.lower()):
        return ()  # most sentences: _VAGUE's look-behinds are not tried at every character
    found = []
    for match in _VAGUE.finditer(sentence):
        text, start, end = match.group("expr"), match.start("expr"), match.end("expr")
        if match.group("year"):
            value = date(int(match.group("year")), 1, 1)
            found.append(DateMention(text, start, end, value, "year", None, explicit=True))
        elif match.group("month"):
            month = MONTHS[match.group("month").lower()]
            year = anchor.year if month <= anchor.month else anchor.year - 1
            found.append(DateMention(text, start, end, date(year, month, 1), "month", anchor))
        elif match.group("unit").lower() == "month":
            back = 1 if match.group("rel").lower() == "last" else 0
            months = anchor.year * 12 + anchor.month - 1 - back
            value = date(months // 12, months % 12 + 1, 1)
            found.append(DateMention(text, start, end, value, "month", anchor))
        else:
            back = 1 if match.group("rel").lower() == "last" else 0
            found.append(
                DateMention(text, start, end, date(anchor.year - back, 1, 1), "year", anchor)
            )
    return tuple(found)


# A clock time as stamps write it: "05:51AM", "1: 00pm", "22.34", "9 a.m."
_CLOCK_TIME = re.compile(
    r"\b[0-2]?\d\s?[:.]\s?[0-5]\d(?:\s?[ap]\.?m\b\.?)?|\b[0-2]?\d\s?[ap]\.?m\b", re.I
)
_STAMP_NOISE = frozenset(
    {"min", "read", "updated", "published", "posted", "am", "pm", "on", "at", "last", "hrs"}
)


# "Posted 11/27/2005 7:21 AM", "11/30/09 05:40 PM ET": a numeric date, read only in a stamp with
# a clock time, and only when the order of day and month is certain: one of them is above 12,
# or a North American time zone says month first.
_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
_MONTH_FIRST_ZONE = re.compile(r"\b(?:[ECMP][SD]?T|AK[SD]T|HST)\b")


def _numeric_stamp(line: str) -> date | None:
    match = _NUMERIC_DATE.search(line)
    if match is None or not (
        _CLOCK_TIME.search(line[match.end() : match.end() + 14])
        or _CLOCK_TIME.search(line[max(0, match.start() - 16) : match.start()])
    ):
        return None
    first, second, year = (int(g) for g in match.groups())
    if year < 100:
        year += 2000 if year < 70 else 1900
    if first > 12 >= second:
        return _safe_date(year, second, first)
    if second > 12 >= first or _MONTH_FIRST_ZONE.search(line):
        return _safe_date(year, first, second)
    return None


# "... posted in Hit and Run Accidents on Friday, September 20, 2013.": a blog's stamp, longer
# than a dateline, that ends with the date
_POSTED_ON = re.compile(
    r"\b(?:[Pp]osted|[Pp]ublished|[Uu]pdated)\b[^.]{0,60}?\bon\s+(?P<date>[^.]{6,40})\.?\s*$"
)


def _posted_on(line: str) -> date | None:
    if not ("osted" in line or "ublished" in line or "pdated" in line):
        return None  # most lines: the search below would try every word
    match = _POSTED_ON.search(line)
    if match is None:
        return None
    mentions = find_dates(match.group("date"), None)
    if len(mentions) == 1 and mentions[0].explicit and mentions[0].precision == "day":
        return mentions[0].value
    return None


def date_stamp(line: str) -> date | None:
    """The date of a dateline or time stamp line such as 'Sep. 13, 2024 • 2 min read'.

    Only a line that is mostly a date counts, so a sentence that mentions a date is not taken
    for the publication date. A date with a clock time next to it ('Nov 12, 2011, 05.51AM IST')
    is a time stamp even among a few more capitalised words (an agency, a time zone, the
    dateline): that is when the page was published, not when the event happened.
    """
    if len(line) > 80:
        return _posted_on(line) if len(line) <= 200 else None
    mentions = [
        m for m in find_dates(line, None) if m.explicit and m.value and m.precision == "day"
    ]
    if not mentions:
        return _numeric_stamp(line)
    first = mentions[0]
    outside = line[: first.start] + " " + line[first.end :]
    clock = _CLOCK_TIME.search(line[first.end : first.end + 14]) or _CLOCK_TIME.search(
        line[max(0, first.start - 14) : first.start]
    )
    if clock:
        outside = _CLOCK_TIME.sub(" ", outside)
    letters = [
        w
        for w in re.findall(r"[A-Za-z]{3,}", outside)
        if w.lower() not in _STAMP_NOISE and w.lower() not in WEEKDAYS
    ]
    if len(letters) > 2 and not (
        clock and len(letters) <= 4 and all(w[0].isupper() for w in letters)
    ):
        return None
    return first.value


# A wire dateline that opens the story: "BAGHDAD, March 3 (Reuters) -", "NEW HAVEN, Conn., Oct.
# 27, 2011 (UPI) --", "KABUL, Afghanistan, Monday, Oct. 2 —": the place in capitals, maybe its
# region or country, the day the story was filed, maybe the agency, a dash or a colon
_DATELINE = re.compile(
    r"^\W{0,3}[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3},(?:\s*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}"
    r",)?\s+(?P<date>[\w.]+,? [\w.]+(?:,? [\w.]+){0,2}?)\s*(?:\([A-Za-z .&]{2,24}\)\s*)?"
    r"(?:--|[-—–:])"
)


def _dateline(text: str) -> tuple[str, DateMention] | None:
    """The date a wire dateline at the start of a text writes, and what it says, if one day."""
    match = _DATELINE.match(text)
    if match is None:
        return None
    written = match.group("date")
    mentions = find_dates(written, None)
    if len(mentions) != 1 or not mentions[0].explicit or mentions[0].precision != "day":
        return None
    return written, mentions[0]


def dateline_month_day(text: str) -> tuple[int, int] | None:
    """The month and the day of a wire dateline written without a year ('BAGHDAD, March 3
    (Reuters) -'), else None."""
    found = _dateline(text)
    return _month_day(found[0]) if found is not None and found[1].value is None else None


def _month_day(written: str) -> tuple[int, int] | None:
    for pattern in _PATTERNS[:2]:  # the patterns of a month and a day
        day = pattern.match(written)
        if day is not None:
            return MONTHS[day.group("month").lower().rstrip(".")], int(day.group("day"))
    return None


def dateline_date(
    text: str, published: date | None, dated: Callable[[], date | None] | None = None
) -> date | None:
    """The day a wire dateline at the start of a text says the story was filed: the document's
    own date, as HeidelTime's news mode takes it. Written without a year ('BAGHDAD, March 3
    (Reuters) -') it is the latest such day on or before publication (a day's grace for time
    zones). Without a publication date, it is the such day nearest the day `dated` gives (the
    day the text says it was written near: "six years after" a full date), else None."""
    found = _dateline(text)
    if found is None:
        return None
    if found[1].value is not None:
        return found[1].value
    month_day = _month_day(found[0])
    if month_day is None:
        return None
    month, day = month_day
    if published is None:
        near = dated() if dated is not None else None
        if near is None:
            return None
        days = (_safe_date(near.year + y, month, day) for y in (-1, 0, 1))
        return min((d for d in days if d), key=lambda d: abs(d - near), default=None)
    value = _safe_date(published.year, month, day)
    if value is not None and value > published + timedelta(days=1):
        value = _safe_date(published.year - 1, month, day)
    return value


def days_until(value: date, month_day: tuple[int, int]) -> int:
    """How many days from a date to the first day on or after it with that month and day (a
    February 29 waits for a leap year)."""
    # leap years can be eight years apart (2096, 2104)
    later = (_safe_date(value.year + y, *month_day) for y in range(9))
    return min((d - value).days for d in later if d and d >= value)


def years_later(value: date, years: int) -> date:
    """The same day so many years later; a February 29 in a year without one is the 28th."""
    year = value.year + years
    return _safe_date(year, value.month, value.day) or date(year, 2, 28)


def span(value: date, precision: str) -> tuple[date, date]:
    """The first and last day a date of a week's, a month's or a year's precision can mean."""
    if precision == "year":
        return value.replace(month=1, day=1), value.replace(month=12, day=31)
    if precision == "month":
        following = (value.replace(day=28) + timedelta(days=4)).replace(day=1)
        return value, following - timedelta(days=1)
    return value - timedelta(days=3), value + timedelta(days=3)
