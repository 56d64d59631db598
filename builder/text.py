"""Small text helpers shared by the stages: sentence splitting and normalisation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "sgt", "lt", "capt", "gen", "col", "maj", "cpl", "pvt", "rev",
    "gov", "sen", "rep", "supt", "det", "insp", "cmdr", "adm", "jr", "sr", "no", "vs", "inc",
    "co", "corp", "ltd", "mt", "ft", "ave", "blvd", "rd", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m", "p.m", "u.s", "u.k", "u.n", "e.g",
    "i.e", "approx", "est", "dept", "univ", "ala", "ariz", "ark", "calif", "colo", "conn", "del",
    "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md", "mass", "mich", "minn", "miss",
    "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis",
    "wyo",
}  # fmt: skip

# Counts written as words: casualty tolls, ages, "three days ago"
NUMBER_WORDS = {
    "no": 0, "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100,
    "a dozen": 12, "dozen": 12, "a couple of": 2, "a pair of": 2, "both": 2,
}  # fmt: skip
# The one-word forms as a regex alternation, longest first ("seventeen" before "seven")
ONE_WORD_NUMBERS = "|".join(
    sorted((w for w in NUMBER_WORDS if " " not in w), key=len, reverse=True)
)


def number_value(word: str) -> int:
    """A count written in digits or words: "12", "1,200", "twelve", "forty-one", "a dozen"."""
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    tens, _, units = word.replace("-", " ").partition(" ")
    # "forty-one", not "a dozen" (12, not a 1 and a 12)
    if NUMBER_WORDS.get(tens, 0) in range(20, 100, 10) and NUMBER_WORDS.get(units) in range(1, 10):
        return NUMBER_WORDS[tens] + NUMBER_WORDS[units]
    return NUMBER_WORDS[word]


_SENTENCE_END = re.compile(r"""([.!?]+["'”’)]*)\s+(?=["'“‘(]?[A-Z0-9])""")
# "father.McCarthy", "police."The — sentences scraped without the space between them.
_RUN_TOGETHER = re.compile(r"""(?<=[a-z0-9%)][a-z%)])([.!?]["'”’]?)(?=["'“‘]?[A-Z][a-z])""")
_QUOTE_RUN = re.compile(r"""(?<=[.!?,])(["”])(?=[A-Z])""")
# What either needs: a sentence's end or a comma, up to two quotes, a capital. Searched for
# first: unlike a look-behind, its first character is looked for fast.
_MAYBE_RUN_TOGETHER = re.compile(r"""[.!?,]["'”’“‘]{0,2}[A-Z]""")
# A run of spacing that is not a single space already (most are, and replacing each of them
# with itself took most of the time)
_SPACES = re.compile(r"(?: [ \t\u00a0\u2009\u202f]|[\t\u00a0\u2009\u202f])[ \t\u00a0\u2009\u202f]*")


def normalise_spaces(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def split_run_together(paragraph: str) -> str:
    """Put back the space lost between two sentences ('father.McCarthy said')."""
    if _MAYBE_RUN_TOGETHER.search(paragraph) is None:
        return paragraph  # most paragraphs: the look-behinds are tried at every character
    paragraph = _RUN_TOGETHER.sub(r"\1 ", paragraph)
    return _QUOTE_RUN.sub(r"\1 ", paragraph)


# The word before a full stop, to tell an abbreviation ("Sgt.", "U.S.") from a sentence's end
_LAST_WORD = re.compile(r"([A-Za-z.]+)[.]+[\"'”’)]*$")


@lru_cache(maxsize=1024)
def sentences(paragraph: str) -> tuple[str, ...]:
    """Split a paragraph into sentences, keeping abbreviations and initials together.

    Memoised: extraction and grouping's terms split the same paragraphs of an article.
    """
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end(1)
        before = paragraph[start:end]
        word = _LAST_WORD.search(before)
        if word:
            token = word.group(1).lower().rstrip(".")
            if token in _ABBREVIATIONS or len(token) == 1:
                continue
        piece = paragraph[start:end].strip()
        if piece:
            _append(out, piece)
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        _append(out, tail)
    return tuple(out)


def _append(out: list[str], piece: str) -> None:
    """Add a sentence; a quoted fragment of a few words ('“Katyusha-type rockets”.') belongs to
    the sentence before it, which it completes."""
    if out and len(piece.split()) < 4 and piece[:1] in "\"“‘'(":
        out[-1] = f"{out[-1]} {piece}"
    else:
        out.append(piece)


def iter_sentences(text: str) -> Iterator[str]:
    for paragraph in text.split("\n"):
        yield from sentences(paragraph)


def fold(text: str) -> str:
    """Lower-case ASCII form for matching names: 'Mosul' == 'mosul', 'Zürich' == 'zurich'."""
    if text.isascii():  # most text; the same result, without decomposing every character
        return text.lower()
    # Only the runs of non-ASCII characters (curly quotes, a name's accents) are decomposed:
    # NFKD and the deletion of combining marks never reach across an ASCII character.
    return _NON_ASCII.sub(_fold_run, text).lower()


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return _fold_non_ascii(match.group(0))


@lru_cache(maxsize=4096)
def _fold_non_ascii(run: str) -> str:
    return unicodedata.normalize("NFKD", run).translate(_FOLDING)


# Letters that NFKD leaves whole: without them 'Sanliurfa' would not match 'Şanlıurfa'.
_PLAIN_LETTERS = {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h"}
_PLAIN_LETTERS |= {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d"}


class _FoldingTable(dict[int, "str | None"]):
    """For str.translate (in C, unlike a per-character test): every combining mark deleted, the
    plain form of each letter NFKD leaves whole, every other character kept.

    Each character is looked up when a text first has it (__missing__), not all in advance:
    scanning the first two planes of Unicode for combining marks took some 20 ms of every
    build's start, in the build's process and again in the extracting one. Unicode places its
    combining marks in those two planes (the last is U+1E94A in Unicode 14), as that scan did.
    """

    def __missing__(self, code: int) -> str | None:
        character = chr(code)
        folded = None if code < 0x20000 and unicodedata.combining(character) else character
        self[code] = folded
        return folded


_FOLDING = _FoldingTable({ord(letter): plain for letter, plain in _PLAIN_LETTERS.items()})


def slugify(text: str, max_words: int = 8) -> str:
    words = re.findall(r"[a-z0-9]+", fold(text))
    return "-".join(words[:max_words])


def counted(n: int, noun: str) -> str:
    """'1 incident', '2 incidents': every noun the archive counts takes a plain -s."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def times(count: int | None, kind: str) -> str:
    """'2 × rocket', or the kind alone without a count: how the site and the incident files'
    disagreements both write a number of weapons, so the facts box and the table agree."""
    return f"{count} × {kind}" if count else kind
