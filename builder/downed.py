"""Tell an aircraft "shot down" from a person "shot down".

"He was shot down outside his home" is a shooting with one person hurt; "a drone was shot down"
and "air defences shot down an army helicopter" are neither. "Shot down" is no one shot only
where its subject or its object is an aircraft or projectile word, or a word for what an
argument shoots down ("officials shot down reports"), listed in weapons.yml (`downed`), or a
number standing for one the sentence names ("three drones approached; two were shot down").
The words a shooting or a wound is read from ("shot", "was shot") are read with these left out
(NotDowned).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Protocol

from builder import datafiles
from builder.text import ONE_WORD_NUMBERS

# What every sentence is first searched for: few have it, and they alone are read further
_SHOT_DOWN = re.compile(r"\b(?:shot|shooting)\s+down\b", re.I)
_DOWN = r"(?P<down>\b(?:shot|shooting)\s+down)\b"
# A number, or a word for some of them, that stands for aircraft named before it (not the
# article "a" or "no", which come before a noun)
_SOME = rf"(?!(?:a|an|no)\b)(?:\d+|{ONE_WORD_NUMBERS}|all|some|most|several)(?:\s+of\s+them)?"


class Finds(Protocol):
    def finditer(self, string: str, /) -> Iterator[re.Match[str]]: ...


class Searched(Finds, Protocol):
    def search(self, string: str, /) -> re.Match[str] | None: ...


@cache
def _patterns() -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    """The aircraft words; "shot down" with one as its subject or object (up to four words
    between: "a helicopter carrying troops was shot down", "shot down an army helicopter"); and
    with a number standing for one as its subject or object ("two were shot down", "shot down
    two and the third crashed"), read only after an aircraft word."""
    air = "|".join(f"(?:{word})" for word in datafiles.load("weapons.yml")["downed"])
    named = (
        # no clause's end (";", ":") between the subject and the verb
        re.compile(rf"\b(?:{air})\b(?:[^\w;:!?]+[\w'.-]+){{0,4}}?[^\w;:!?]+{_DOWN}", re.I),
        re.compile(rf"{_DOWN}(?:\s+[\w'.-]+){{0,4}}?\s+(?:{air})\b", re.I),
    )
    standing = (
        re.compile(
            rf"\b{_SOME}\s+(?:(?:were|was|are|is|have been|had been|has been|been)\s+)?{_DOWN}",
            re.I,
        ),
        # the number ends the object: "shot down two and the third crashed", not "two men"
        re.compile(
            rf"{_DOWN}\s+{_SOME}(?=\s*(?:[,;:.!?)—–-]|$)|\s+(?:and|or|but|before|after|while|as|"
            rf"in|over|near|by|on|at|with|from)\b)",
            re.I,
        ),
    )
    return re.compile(rf"\b(?:{air})\b", re.I), named, standing


def aircraft_shot_down(text: str) -> list[tuple[int, int]]:
    """The spans of "shot down" (or "shooting down") in the text that bring down an aircraft
    or a projectile."""
    if not _SHOT_DOWN.search(text):
        return []
    air, named, standing = _patterns()
    first_air = air.search(text)
    if first_air is None:
        return []
    spans = [m.span("down") for pattern in named for m in pattern.finditer(text)]
    return spans + [
        m.span("down")
        for pattern in standing
        for m in pattern.finditer(text)
        if m.start() > first_air.start()
    ]


class NotDowned:
    """A pattern whose matches that take in an aircraft's "shot down" are left out: the gunfire
    words ("shot", "shooting") and a wound's ("was shot")."""

    def __init__(self, pattern: Finds) -> None:
        self._pattern = pattern

    def finditer(self, string: str, /) -> Iterator[re.Match[str]]:
        spans = aircraft_shot_down(string)
        for match in self._pattern.finditer(string):
            if not any(match.start() < end and start < match.end() for start, end in spans):
                yield match

    def search(self, string: str, /) -> re.Match[str] | None:
        return next(self.finditer(string), None)


def gunfire_aware(pattern: re.Pattern[str]) -> Searched:
    """The pattern, with an aircraft's "shot down" left out when it can match its "shot" or
    "shooting" (the gun kind's words); other kinds' patterns as they are, searched at full
    speed."""
    if pattern.search("shot down") or pattern.search("shooting down"):
        return NotDowned(pattern)
    return pattern
