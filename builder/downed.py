"""Tell an aircraft "shot down" from a person "shot down".

"He was shot down outside his home" is a shooting with one person hurt; "a drone was shot down"
and "air defences shot down an army helicopter" are neither. "Shot down" is no one shot only
where its subject or its object is an aircraft or projectile word (weapons.yml `downed`: "a
drone", "a MiG-21", "a Black Hawk"), where its object is a word for what an argument shoots down
("officials shot down reports", `downed_arguments`; as the subject, "according to reports, a man
was shot down", it is none), or where a number stands for aircraft counted before it ("three
drones approached; two were shot down"). The words a shooting or a wound is read from ("shot",
"was shot") are read with these left out (NotDowned).
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
# article "a" or "no", which come before a noun; not the number of a model, "his F-16 was shot
# down")
_SOME = (
    rf"(?<![\w-])(?!(?:a|an|no)\b)(?:\d+|{ONE_WORD_NUMBERS}|all|some|most|several)"
    r"(?:\s+of\s+them)?"
)
# What comes before the object's noun: a determiner ("a", "two", "the") and up to three
# modifiers ("a government MiG-21", "two ballistic missiles", "a U.S. Black Hawk"), never a word
# that starts where or when ("shot down outside the airport where planes were parked")
_DETERMINER = (
    r"(?:a|an|the|this|that|these|those|his|her|its|their|our|another|both|each|"
    rf"\d+|{ONE_WORD_NUMBERS}|all|some|most|several|many)"
)
_NOT_MODIFIER = (
    r"(?:outside|near|at|in|by|while|where|as|after|before|on|with|from|during|when|into|over|"
    r"under|across|for|to|and|or|but|then|who|which|that)"
)
_OBJECT = rf"(?:\s+{_DETERMINER}(?=\s))?(?:\s+(?!{_NOT_MODIFIER}\b)[\w'.-]+){{0,3}}?\s+"
# A number or a word for many before an aircraft word: the aircraft a number standing for them
# ("two were shot down") may stand for ("three drones", "a swarm of drones"), a few words before
_COUNT = (
    rf"(?:\d+|{ONE_WORD_NUMBERS}|several|many|dozens|multiple|a (?:dozen|number|barrage|swarm|"
    r"salvo|volley|wave|series)(?:\s+of)?)"
)


class Finds(Protocol):
    def finditer(self, string: str, /) -> Iterator[re.Match[str]]: ...


class Searched(Finds, Protocol):
    def search(self, string: str, /) -> re.Match[str] | None: ...


@cache
def _patterns() -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    """The aircraft words counted ("three drones"); "shot down" with an aircraft word as its
    subject or object, or an argument word as its object (up to four words between the subject
    and the verb, in one clause: "a helicopter carrying troops was shot down"; a determiner and
    up to three modifiers before the object: "shot down an army helicopter"); and with a number
    standing for aircraft as its subject or object ("two were shot down", "shot down two and the
    third crashed"), read only after aircraft counted."""
    data = datafiles.load("weapons.yml")
    air = "|".join(f"(?:{word})" for word in data["downed"])
    argued = "|".join(f"(?:{word})" for word in data["downed_arguments"])
    named = (
        # no clause's end (",", ";", ":") between the subject and the verb
        re.compile(rf"\b(?:{air})\b(?:[^\w,;:!?]+[\w'.-]+){{0,4}}?[^\w,;:!?]+{_DOWN}", re.I),
        re.compile(rf"{_DOWN}{_OBJECT}(?:{air}|{argued})\b", re.I),
    )
    standing = (
        re.compile(
            rf"{_SOME}\s+(?:(?:were|was|are|is|have been|had been|has been|been)\s+)?{_DOWN}",
            re.I,
        ),
        # the number ends the object: "shot down two and the third crashed", not "two men"
        re.compile(
            rf"{_DOWN}\s+{_SOME}(?=\s*(?:[,;:.!?)—–-]|$)|\s+(?:and|or|but|before|after|while|as|"
            rf"in|over|near|by|on|at|with|from)\b)",
            re.I,
        ),
    )
    counted = re.compile(rf"\b{_COUNT}\s+(?:[\w'.-]+\s+){{0,3}}?(?:{air})\b", re.I)
    return counted, named, standing


def aircraft_shot_down(text: str) -> list[tuple[int, int]]:
    """The spans of "shot down" (or "shooting down") in the text that bring down an aircraft
    or a projectile, or an argument."""
    if not _SHOT_DOWN.search(text):
        return []
    counted, named, standing = _patterns()
    spans = [m.span("down") for pattern in named for m in pattern.finditer(text)]
    # a number stands for aircraft only where some were counted before it ("three drones
    # approached; two were shot down"), not for any aircraft word ("police fired tear gas shells
    # at the crowd; at least two were shot down")
    first_counted = counted.search(text)
    if first_counted is None:
        return spans
    return spans + [
        m.span("down")
        for pattern in standing
        for m in pattern.finditer(text)
        if m.start() > first_counted.start()
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
