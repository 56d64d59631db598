"""A short extractive summary: two or three of the article's own sentences.

Sentences are chosen for what they tell about the event (event words, numbers, dates, places)
and their position, and kept in the article's order. Quotes of official boilerplate, questions
and very short or very long sentences are passed over.
"""

from __future__ import annotations

import re

MAX_SENTENCES = 3
MAX_CHARACTERS = 600

# searched in the lower-cased sentence (faster than case-insensitively)
_EVENT = re.compile(
    r"\b(?:attack\w*|struck|strike|shot|shooting|killed|dead|died|wounded|injured|explo\w+|"
    r"blast|fired|rockets?|drones?|bomb\w*|casualt\w+|stabb\w+|earthquake|fire|claimed)\b"
)
_DETAIL = re.compile(r"\b\d|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


# Links, handles and credits mark an embedded post or a caption, not the article's own words.
# Searched in the lower-cased sentence, as _EVENT.
_EMBEDDED = re.compile(r"https?://|\bwww\.|(?<!\w)@\w|©|\bpic\.twitter\b|\(photo\b")


_FILLER = 0.1


_ENDS_SENTENCE = re.compile(r"[.!\"”’)]$")


def _score(sentence: str, position: int) -> float:
    words = len(sentence.split())
    lowered = sentence.lower()
    if words < 6 or words > 70 or sentence.endswith("?") or _EMBEDDED.search(lowered):
        return -1.0
    if not _ENDS_SENTENCE.search(sentence):
        return _FILLER  # a headline or a deck: the article's words, but only when nothing better
    score = 2.0 / (1 + position)
    score += 1.0 * len(_EVENT.findall(lowered))
    score += 0.5 * bool(_DETAIL.search(sentence))
    if sentence.startswith(("“", '"', "'")):
        score -= 1.0
    return score


def summarise(sentences: list[str], title: str) -> tuple[str, ...]:
    candidates = [
        (i, s) for i, s in enumerate(sentences[:15]) if s.strip() and s.strip() != title.strip()
    ]
    scores = {i: _score(s, i) for i, s in candidates}
    ranked = sorted(candidates, key=lambda item: (-scores[item[0]], item[0]))
    chosen: list[tuple[int, str]] = []
    length = 0
    for index, sentence in ranked:
        if scores[index] < 0 or len(chosen) == MAX_SENTENCES:
            break
        if len(chosen) >= 2 and (
            length + len(sentence) > MAX_CHARACTERS or scores[index] <= _FILLER
        ):
            break  # two sentences are enough; a third must be worth its place
        chosen.append((index, sentence))
        length += len(sentence)
    if not chosen and candidates:
        chosen = candidates[:2]
    return tuple(s for _, s in sorted(chosen))
