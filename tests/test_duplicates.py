"""Copies are found by shared five-word runs; stories that share stock phrases are not copies."""

from __future__ import annotations

from curation_articles import WIRE

from builder.duplicates import find
from builder.models import Article

STOCK = "No group has claimed responsibility for the attack, police said on Sunday evening."


def _article(ident: str, text: str) -> Article:
    return Article(id=ident, text=text, title=ident)


def test_a_trimmed_wire_copy_is_found_and_points_at_the_original() -> None:
    trimmed = " ".join(WIRE.split()[:70])
    found = find([_article("b.txt", "BAGHDAD (Wire) -- " + trimmed), _article("a.txt", WIRE)])
    assert [(d.article, d.original, d.exact) for d in found] == [("b.txt", "a.txt", False)]


def test_an_article_already_in_the_archive_stays_the_original() -> None:
    found = find([_article("a.txt", WIRE), _article("b.txt", WIRE)], archived={"b.txt"})
    assert [(d.article, d.original, d.exact) for d in found] == [("a.txt", "b.txt", True)]


def test_different_stories_sharing_stock_phrases_are_not_copies() -> None:
    first = "A bomb exploded near a checkpoint in Kirkuk, wounding two soldiers. " + STOCK
    second = "Gunmen shot dead a shopkeeper in Basra after an argument over rent. " + STOCK
    assert find([_article("a.txt", first), _article("b.txt", second)]) == []
