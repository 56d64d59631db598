"""Grouping scenarios of several articles each, on excerpts written for these tests: days after
the publication date, a roundup of two attacks on one day, and incidents of many kinds told over
days (a quake and its aftershocks, two fires in one city, a bombing and its claim, a wire story
and its rewrites, two shootings on one street).
"""

from __future__ import annotations

from test_group import BACKGROUND, _corpus, _facts

from builder import evidence, group


def test_a_day_after_the_publication_date_puts_no_sentence_aside() -> None:
    # A hearing, a funeral or a trial set for a later day belongs to the incident the article
    # reports: it is not another attack, and nothing can have happened on that day yet.
    found = evidence.article_evidence(
        _facts(
            "hearing.txt",
            "2024-03-06",
            "Man charged in Elm Street shooting\n"
            "A man was charged on Tuesday with shooting a clerk at a gas station on Elm Street in "
            "Toledo on Sunday. A hearing is set for March 20 before Judge Ruth Okafor. "
            "The clerk remains in hospital.",
        )
    )
    assert found.terms.aside_days == frozenset()
    assert not len(found.terms.aside)


# Two attacks on one day, each told by two reports, and a wire roundup whose main subject is
# the first and whose last paragraph tells of the second.
SAME_DAY = {
    "sadr-wire.txt": (
        "2024-05-14",
        "Car bomb kills 12 in Baghdad market\n"
        "A car bomb exploded in a crowded vegetable market in Baghdad's Sadr City on Tuesday, "
        "killing 12 people and wounding 30, police and hospital sources said. The blast "
        "set fire to stalls and cars parked nearby.",
    ),
    "sadr-local.txt": (
        "2024-05-14",
        "Twelve dead as market blast rips through Sadr City\n"
        "Twelve shoppers were killed when explosives packed in a parked car went off in a "
        "vegetable market in Sadr City on Tuesday morning, an interior ministry spokesman said. "
        "Thirty were wounded.",
    ),
    "mosul-wire.txt": (
        "2024-05-14",
        "Roadside bomb kills two policemen in Mosul\n"
        "A roadside bomb struck a police patrol in western Mosul on Tuesday, killing two "
        "policemen, a security official said. The patrol was passing the old railway station.",
    ),
    "mosul-local.txt": (
        "2024-05-14",
        "Two police officers die in Mosul roadside blast\n"
        "Two police officers died when an explosive device planted by the road hit their "
        "vehicle near the old railway station in Mosul on Tuesday, Nineveh police said.",
    ),
    "roundup-tuesday.txt": (
        "2024-05-14",
        "Car bomb in Baghdad market kills 12\n"
        "A car bomb tore through a vegetable market in Baghdad's Sadr City on Tuesday, killing "
        "12 people and wounding 30, police said. Ambulances rushed the wounded to hospitals.\n"
        "In a separate attack on Tuesday, a roadside bomb hit a police patrol near the old "
        "railway station in Mosul, killing two policemen, a security official said.",
    ),
}


def test_a_roundup_of_two_attacks_on_one_day_is_a_source_of_each() -> None:
    facts = _corpus(BACKGROUND, SAME_DAY)
    groups = group.group(facts)
    sadr = next(g for g in groups if "sadr-wire.txt" in {facts[i].id for i in g.members})
    mosul = next(g for g in groups if "mosul-wire.txt" in {facts[i].id for i in g.members})
    assert {facts[i].id for i in sadr.members} == {
        "sadr-wire.txt",
        "sadr-local.txt",
        "roundup-tuesday.txt",
    }
    assert {facts[i].id for i in mosul.members} == {"mosul-wire.txt", "mosul-local.txt"}
    assert [facts[i].id for i in mosul.secondary] == ["roundup-tuesday.txt"]
    assert sadr.secondary == ()


def test_a_report_that_names_other_places_of_its_one_attack_keeps_them() -> None:
    # A hospital in another city, the suspect's home town, where he was caught and a wounded
    # deputy: other places and other figures, but all of one shooting.
    found = evidence.article_evidence(
        _facts(
            "one-shooting.txt",
            "2023-02-11",
            "Gunman kills two at Dayton bar\n"
            "A gunman killed two men and wounded three at a bar on Wayne Avenue in Dayton on "
            "Friday night, police said. The wounded were taken to a hospital in Cincinnati, "
            "where one was in critical condition on Friday.\n"
            "The suspect, a man from Columbus, was arrested in Springfield on Saturday after a "
            "chase in which a deputy was hurt.",
        )
    )
    assert found.terms.aside_days == frozenset()
