"""Read how many people were killed and injured from an article's sentences.

'No casualties' reads as 0 killed and 0 injured; number words count ('two', 'a dozen'); a
total ('a total of five') wins over a partial count. The first sentence with a count wins,
because news leads with the toll.
"""

from __future__ import annotations

import re

from builder.models import CountClaim

NUMBER_WORDS = {
    "no": 0, "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a dozen": 12, "dozen": 12, "a couple of": 2, "a pair of": 2, "both": 2,
}  # fmt: skip

_NUMBER = (
    r"(?P<n>\d{1,4}|a dozen|a couple of|a pair of|"
    + "|".join(sorted((w for w in NUMBER_WORDS if " " not in w), key=len, reverse=True))
    + r")"
)
_PEOPLE = (
    r"(?:(?:other|more|people|persons|civilians|soldiers|troops|officers|police(?:men)?|"
    r"children|students|men|women|victims|residents|workers|others|americans|iraqis|"
    r"service members|members|[\w-]+-year-olds?|teens?|teenagers|boys?|girls?|m[ae]n|"
    r"wom[ae]n|persons?|child|adults?|individuals?)\s+){1,3}"
)
_KILLED_WORDS = (
    r"(?:killed|dead|died|slain|murdered|fatally (?:shot|wounded|injured)|lost their lives)"
)
_INJURED_WORDS = r"(?:injured|wounded|hurt|hospitali[sz]ed|(?<!fatally )shot)"

_NONE_AT_ALL = re.compile(
    r"\bno (?:reported )?(?:casualties|casulaities|victims)\b|\bwithout (?:causing )?casualties\b|"
    r"\bno (?:one|body|personnel) (?:was|were) (?:hurt|injured|harmed|killed)\b|"
    r"\bcaused no casualties\b|\bno casualties (?:were|have been) reported\b",
    re.I,
)
_NO_INJURIES = re.compile(
    r"\bno (?:other )?(?:injuries|one else was (?:hurt|injured))\b|\bno (?:one|body) (?:else )?"
    r"(?:was|were) (?:hurt|injured)\b|\bwas not (?:hurt|injured)\b",
    re.I,
)
_NO_DEATHS = re.compile(r"\bno (?:deaths|fatalities)\b|\bno (?:one|body) was killed\b", re.I)


def _value(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _patterns(verb: str) -> list[re.Pattern[str]]:
    return [
        # "two people were killed", "3 dead", "five others wounded"
        re.compile(
            r"\b(?P<least>at least |a total of |as many as )?"
            + _NUMBER
            + r"\s+"
            + f"(?:{_PEOPLE})?(?:(?:were|was|have been|had been|are|is)\\s+)?(?:\\w+\\s+)?"
            + verb
            + r"\b",
            re.I,
        ),
        # "killing two", "wounding at least three people"
        re.compile(
            r"\b(?:killing|leaving|left|wounding|injuring)\s+(?P<least>at least )?"
            + _NUMBER
            + r"\s+"
            + f"(?:{_PEOPLE})?"
            + (verb if "dead" in verb else ""),
            re.I,
        ),
    ]


_KILLED = _patterns(_KILLED_WORDS)
_INJURED = _patterns(_INJURED_WORDS)
_KILLING = re.compile(r"\b(?:killing|leaving)\s+(?P<least>at least )?" + _NUMBER + r"\b", re.I)
_WOUNDING = re.compile(r"\b(?:wounding|injuring)\s+(?P<least>at least )?" + _NUMBER + r"\b", re.I)


def _first_count(sentence: str, patterns: list[re.Pattern[str]]) -> CountClaim | None:
    for pattern in patterns:
        match = pattern.search(sentence)
        if match:
            try:
                value = _value(match.group("n"))
            except KeyError:
                continue
            return CountClaim(value, sentence, at_least=bool(match.group("least")))
    return None


def count_casualties(sentences: list[str]) -> tuple[CountClaim | None, CountClaim | None]:
    killed: CountClaim | None = None
    injured: CountClaim | None = None
    for sentence in sentences[:20]:
        if _NONE_AT_ALL.search(sentence):
            claim = CountClaim(0, sentence)
            killed = killed or claim
            injured = injured or claim
        if killed is None:
            killed = _first_count(sentence, [*_KILLED, _KILLING])
            if killed is None and _NO_DEATHS.search(sentence):
                killed = CountClaim(0, sentence)
        if injured is None:
            injured = _first_count(sentence, [*_INJURED, _WOUNDING])
            if injured is None and _NO_INJURIES.search(sentence):
                injured = CountClaim(0, sentence)
        if killed and injured:
            break
    return killed, injured
