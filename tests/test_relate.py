"""Relating incidents, on short articles written for these tests."""

from __future__ import annotations

from datetime import date

from builder import consolidate, extract, relate
from builder.models import Incident
from builder.read import parse_article


def _incident(ident: str, published: str, text: str) -> Incident:
    article = parse_article(
        ident, f"---\npublished: {published}\n---\n{text}".encode(), date(2030, 1, 1)
    )
    return consolidate.consolidate([extract.extract(article)])


MARCH = _incident(
    "march.txt",
    "2022-03-05",
    "Mortar attack on mosque in Kirkuk\nMortar shells hit a mosque in Kirkuk on Friday, wounding "
    "three worshippers. Police blamed the Islamic State group for the attack.",
)
JUNE = _incident(
    "june.txt",
    "2022-06-11",
    "Bomb damages mosque in Kirkuk\nA bomb exploded outside a mosque in Kirkuk on Friday evening, "
    "injuring one guard. Officials blamed ISIS for the attack.",
)
ELSEWHERE = _incident(
    "elsewhere.txt",
    "2022-06-12",
    "Fire at Dunmore warehouse\nA fire destroyed a paint warehouse in Dunmore, Pennsylvania on "
    "Saturday. Nobody was hurt, the fire chief said.",
)


def test_incidents_sharing_city_target_and_actor_are_related_with_the_reason() -> None:
    linked = {i.id: i for i in relate.relate([MARCH, JUNE, ELSEWHERE])}
    (relation,) = linked[MARCH.id].related
    assert relation.id == JUNE.id
    assert "same city (Kirkuk)" in relation.reason
    assert "same kind of target (place of worship)" in relation.reason
    assert "same attributed actor (Islamic State)" in relation.reason
    assert [r.id for r in linked[JUNE.id].related] == [MARCH.id]
    assert linked[ELSEWHERE.id].related == ()


def test_the_reason_says_how_far_apart_related_incidents_were() -> None:
    linked = {i.id: i for i in relate.relate([MARCH, JUNE])}
    (relation,) = linked[MARCH.id].related
    assert relation.reason.endswith("; 3 months apart")


def _home_shooting(ident: str, published: str, street: str) -> Incident:
    return _incident(
        ident,
        published,
        f"Man shot at home in Toledo\nA man was shot and wounded inside his home on {street} in "
        "Toledo on Saturday night, police said.",
    )


def test_city_and_kind_alone_relate_incidents_only_within_weeks() -> None:
    first = _home_shooting("first.txt", "2015-03-08", "Elm Street")
    week = _home_shooting("week.txt", "2015-03-15", "Oak Street")
    years = _home_shooting("years.txt", "2018-03-11", "Ash Street")
    linked = {i.id: i for i in relate.relate([first, week, years])}
    assert [r.id for r in linked[first.id].related] == [week.id]
    assert linked[years.id].related == ()


def _toledo(ident: str, published: str, street: str, city: str = "Toledo") -> Incident:
    return _incident(
        ident,
        published,
        f"Man shot at home in {city}\nA man was shot and wounded inside his home on {street} in "
        f"{city} on Saturday night, police said.",
    )


def test_relating_again_gives_what_relating_all_gives() -> None:
    """After each change (an incident added, removed, moved in time or to another city), the
    incidents kept from the last build are related as relating every incident relates them."""
    a = _toledo("a.txt", "2015-03-08", "Elm Street")
    b = _toledo("b.txt", "2015-03-15", "Oak Street")
    c = _toledo("c.txt", "2015-03-29", "Ash Street")
    d = _toledo("d.txt", "2015-03-22", "Fir Street")
    later = _toledo("c.txt", "2018-03-11", "Ash Street")
    moved = _toledo("b.txt", "2015-03-15", "Oak Street", city="Dayton")
    steps = [
        [a, b, c, MARCH, JUNE],
        [a, b, c, d, MARCH, JUNE],  # added
        [a, b, d, MARCH, JUNE],  # removed
        [a, b, later, d, MARCH, JUNE],  # back, years later
        [a, moved, later, d, MARCH],  # to another city; one removed
        [a, moved, later, d, MARCH],  # unchanged
    ]
    known: dict[str, relate.Known] = {}
    for incidents in steps:
        again, known = relate.relate_again(incidents, known)
        assert again == relate.relate(incidents)
        assert known == relate.relate_again(incidents, {})[1]
    assert [r.id for r in relate.relate(steps[1])[0].related] == [b.id, d.id, c.id]
