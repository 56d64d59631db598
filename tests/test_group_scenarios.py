"""Grouping scenarios of several articles each, on excerpts written for these tests: days after
the publication date, a roundup of two attacks on one day, and incidents of many kinds told over
days (a quake and its aftershocks, two fires in one city, a bombing and its claim, a wire story
and its rewrites, two shootings on one street).
"""

from __future__ import annotations

from datetime import date

from test_group import BACKGROUND, _corpus, _facts
from test_group_attacks import _incidents

from builder import consolidate, evidence, group, relate


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


# Drones at one base and rockets at another in the next country, on one day, each told twice,
# and a wire story on the first that tells of the second too; no one hurt in either.
TWO_BASES = {
    "tanf-wire.txt": (
        "2024-01-18",
        "Drones target US garrison at al-Tanf\n"
        "Three one-way attack drones targeted the al-Tanf garrison in southern Syria on "
        "Thursday; two were shot down and the third crashed outside the perimeter, a U.S. "
        "official said. No injuries were reported.",
    ),
    "tanf-local.txt": (
        "2024-01-18",
        "Drones launched at al-Tanf garrison, two downed\n"
        "Three drones were launched at the al-Tanf garrison in southern Syria on Thursday; "
        "coalition air defences shot down two and the third crashed, opposition monitors said.",
    ),
    "asad-wire.txt": (
        "2024-01-18",
        "Rockets hit Ain al-Asad air base in Iraq\n"
        "Two rockets struck Ain al-Asad air base in Iraq's Anbar province on Thursday evening, "
        "damaging a hangar, Iraqi security sources said. There were no casualties.",
    ),
    "asad-local.txt": (
        "2024-01-18",
        "Hangar damaged as rockets fall on Asad base\n"
        "A hangar at Ain al-Asad was damaged when two Katyusha rockets landed inside the base "
        "in western Anbar on Thursday evening, a police officer in Baghdadi said.",
    ),
    "pentagon-thursday.txt": (
        "2024-01-18",
        "US forces in Syria face drone attack\n"
        "Three drones targeted U.S. troops at the al-Tanf garrison in Syria on Thursday, the "
        "Pentagon said; two were intercepted and there were no injuries.\n"
        "Separately, two rockets struck Ain al-Asad air base in Iraq on Thursday evening and "
        "damaged a hangar, the Pentagon spokesman said.",
    ),
}


def test_a_roundup_of_attacks_of_other_kinds_on_two_bases_is_a_source_of_each() -> None:
    facts = _corpus(BACKGROUND, TWO_BASES)
    groups = group.group(facts)
    tanf, asad = (
        next(g for g in groups if name in {facts[i].id for i in g.members})
        for name in ("tanf-wire.txt", "asad-wire.txt")
    )
    assert {facts[i].id for i in tanf.members} == {
        "pentagon-thursday.txt",
        "tanf-local.txt",
        "tanf-wire.txt",
    }
    assert {facts[i].id for i in asad.members} == {"asad-local.txt", "asad-wire.txt"}
    assert [facts[i].id for i in asad.secondary] == ["pentagon-thursday.txt"]


def test_the_other_attack_may_be_placed_by_its_distance_from_the_articles_city() -> None:
    found = evidence.article_evidence(
        _facts(
            "roundup-north.txt",
            "2024-05-14",
            "Car bomb in Baghdad market kills 12\n"
            "A car bomb tore through a vegetable market in Baghdad's Sadr City on Tuesday, "
            "killing 12 people and wounding 30, police said.\n"
            "Elsewhere, a roadside bomb killed two policemen in Mosul, north of Baghdad, police "
            "said.",
        )
    )
    assert found.terms.aside_days == {date(2024, 5, 14)}


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


# A quake, its toll revised two days later, and aftershocks that did damage of their own on the
# next day and four days later.
AFTERSHOCKS = {
    "kerman-main-wire.txt": (
        "2022-03-07",
        "Magnitude 6.1 quake kills 9 in Iran's Kerman province\n"
        "A magnitude 6.1 earthquake struck near the town of Rayen in Kerman province on Monday, "
        "killing nine people and injuring 120, Iran's Red Crescent said. Mud-brick houses in "
        "several villages collapsed.",
    ),
    "kerman-main-local.txt": (
        "2022-03-07",
        "Strong earthquake hits Rayen, nine dead\n"
        "Nine people died and 120 were hurt when a strong earthquake shook Rayen on Monday "
        "morning, the provincial governor said. Rescuers searched collapsed homes in Hashtijan "
        "and Golzar villages.",
    ),
    "kerman-main-toll.txt": (
        "2022-03-09",
        "Kerman quake death toll rises to 14\n"
        "The number of people killed by Monday's earthquake near Rayen has risen to 14, the "
        "Red Crescent said on Wednesday, as families in Hashtijan buried their dead.",
    ),
    "kerman-tue-wire.txt": (
        "2022-03-08",
        "Magnitude 5.2 aftershock rattles Kerman, 30 hurt\n"
        "A magnitude 5.2 aftershock struck Kerman province on Tuesday evening, injuring 30 "
        "people as they slept in tents outside damaged homes in Rayen, officials said.",
    ),
    "kerman-tue-local.txt": (
        "2022-03-09",
        "Tuesday aftershock injures 30 in quake-hit Rayen\n"
        "Thirty people were injured when a 5.2 aftershock shook Rayen late on Tuesday, bringing "
        "down walls already cracked by Monday's quake, the local emergency chief said.",
    ),
    "kerman-fri-wire.txt": (
        "2022-03-11",
        "New 5.6 aftershock destroys school in Kerman province\n"
        "A magnitude 5.6 aftershock struck near Rayen on Friday, destroying a school that had "
        "sheltered families since the earthquake and injuring five people, the governor said.",
    ),
}

# Two fires in one city a week apart, each told twice.
CITY_FIRES = {
    "leeds-mill-a.txt": (
        "2023-06-04",
        "Huge fire destroys disused mill in Leeds\n"
        "More than 60 firefighters tackled a huge fire at a disused textile mill on Kirkstall "
        "Road in Leeds on Saturday night. Nobody was hurt, West Yorkshire Fire and Rescue said.",
    ),
    "leeds-mill-b.txt": (
        "2023-06-04",
        "Kirkstall Road mill blaze seen for miles\n"
        "Smoke from the burning Kirkstall Road mill could be seen across Leeds on Saturday "
        "evening as crews fought the flames through the night. Residents were told to keep "
        "windows shut.",
    ),
    "leeds-flat-a.txt": (
        "2023-06-11",
        "Woman dies in Leeds flat fire\n"
        "A woman in her 70s died after a fire broke out in a ground-floor flat on Harehills Lane "
        "in Leeds on Saturday, fire crews said. Two neighbours were treated for smoke "
        "inhalation.",
    ),
    "leeds-flat-b.txt": (
        "2023-06-12",
        "Harehills Lane fire: pensioner killed\n"
        "A pensioner was killed and two neighbours needed hospital treatment after a fire in a "
        "flat on Harehills Lane, Leeds, on Saturday afternoon. The cause is being investigated.",
    ),
}

# A bombing told by two reports, and a group's claim of it two days later.
CLAIMED = {
    "quetta-bomb-wire.txt": (
        "2024-02-20",
        "Bomb at Quetta bus stand kills seven\n"
        "A bomb hidden in a motorcycle exploded at a crowded bus stand in Quetta on Tuesday, "
        "killing seven people and wounding 22, police said.",
    ),
    "quetta-bomb-local.txt": (
        "2024-02-20",
        "Seven killed as motorcycle bomb hits Quetta bus stand\n"
        "Seven passengers were killed and 22 injured when explosives fitted to a parked "
        "motorcycle went off at the Sariab Road bus stand in Quetta on Tuesday morning.",
    ),
    "quetta-bomb-claim.txt": (
        "2024-02-22",
        "Militant group claims Quetta bus stand bombing\n"
        "A separatist militant group said on Thursday it carried out Tuesday's motorcycle "
        "bombing at the Sariab Road bus stand in Quetta that killed seven people. In a "
        "statement the group said it had targeted security personnel.",
    ),
}

# A wire story and rewrites of it by other sites, with other headlines, one a day later.
REWRITES = {
    "tram-wire.txt": (
        "2023-09-12",
        "Knife attack on Grenoble tram wounds three\n"
        "A man armed with a knife wounded three passengers on a tram in Grenoble on Tuesday "
        "afternoon before being overpowered by other travellers, the prosecutor's office said. "
        "One victim, a 61-year-old woman, was seriously hurt.",
    ),
    "tram-rewrite-1.txt": (
        "2023-09-12",
        "Passengers overpower tram attacker in French city\n"
        "Passengers on a Grenoble tram overpowered a man who had stabbed three people on "
        "Tuesday afternoon, prosecutors said. A 61-year-old woman was seriously wounded.",
    ),
    "tram-rewrite-2.txt": (
        "2023-09-13",
        "Three hurt in Grenoble tram stabbing\n"
        "Three people were wounded when a knife-wielding man attacked passengers on a tram in "
        "Grenoble on Tuesday, according to the prosecutor's office. Travellers pinned the "
        "attacker down until police arrived; the most seriously hurt is a woman of 61.",
    ),
}

# Two shootings on one street a month apart, each told twice.
STREET = {
    "halsted-may-a.txt": (
        "2022-05-08",
        "Man shot dead on Halsted Street in Chicago\n"
        "A 34-year-old man was shot and killed on the 7900 block of South Halsted Street in "
        "Chicago early on Sunday, police said. A gunman in a dark sedan fired several shots.",
    ),
    "halsted-may-b.txt": (
        "2022-05-08",
        "Police: man killed in drive-by on South Halsted\n"
        "Chicago police are looking for the occupants of a dark sedan after a 34-year-old man "
        "was killed in a drive-by shooting in the 7900 block of South Halsted Street on Sunday.",
    ),
    "halsted-june-a.txt": (
        "2022-06-07",
        "Two wounded in South Halsted Street shooting\n"
        "Two women, 22 and 25, were wounded when someone opened fire on them outside a store in "
        "the 8100 block of South Halsted Street in Chicago on Monday night, police said.",
    ),
    "halsted-june-b.txt": (
        "2022-06-07",
        "Women hurt in shooting outside Halsted Street store\n"
        "Two women were shot and wounded outside a convenience store on South Halsted Street in "
        "Chicago on Monday night. Both are in fair condition, police said.",
    ),
}


def _incidents_and_relations(
    *parts: dict[str, tuple[str, str]],
) -> tuple[set[frozenset[str]], dict[frozenset[str], set[frozenset[str]]]]:
    """The groups, and for each group the groups its incident is related to."""
    facts = _corpus(BACKGROUND, *parts)
    groups = group.group(facts)
    incidents = [consolidate.consolidate([facts[i] for i in g.members]) for g in groups]
    incidents = relate.relate(group.with_roundups(incidents, groups, facts))
    members = {
        incident.id: frozenset(
            f.id for f in incident.sources if f.id not in incident.secondary_sources
        )
        for incident in incidents
    }
    related = {
        members[incident.id]: {members[r.id] for r in incident.related} for incident in incidents
    }
    return set(members.values()), related


def test_a_quake_its_toll_and_its_aftershocks() -> None:
    found, related = _incidents_and_relations(AFTERSHOCKS)
    assert _incidents(AFTERSHOCKS) <= found
    main, tuesday = (frozenset(k for k in AFTERSHOCKS if f"-{d}-" in k) for d in ("main", "tue"))
    # Friday's aftershock is placed in the city of Kerman ("Kerman province" in its headline),
    # a hundred kilometres from Rayen, so it shares only the kind with the others: not related.
    assert tuesday in related[main]
    facts = _corpus(BACKGROUND, AFTERSHOCKS)
    groups = group.group(facts)
    incidents = [consolidate.consolidate([facts[i] for i in g.members]) for g in groups]
    reasons = {r.reason for i in relate.relate(incidents) for r in i.related}
    # "Rayen" is the city "Rāyen" without its accent: no site of its own; a quake is no attack.
    assert "same city (Rāyen), same kind of event (earthquake); 1 day apart" in reasons


def test_two_fires_in_one_city_a_week_apart() -> None:
    found, related = _incidents_and_relations(CITY_FIRES)
    mill, flat = sorted(_incidents(CITY_FIRES), key=sorted)[::-1]
    assert {mill, flat} <= found
    assert flat in related[mill]


def test_a_bombing_and_its_claim_two_days_later() -> None:
    found, _ = _incidents_and_relations(CLAIMED, AFTERSHOCKS)
    assert frozenset(CLAIMED) in found


def test_a_wire_story_and_its_rewrites_with_other_headlines() -> None:
    found, _ = _incidents_and_relations(REWRITES, CLAIMED)
    assert frozenset(REWRITES) in found


def test_two_shootings_on_one_street_a_month_apart() -> None:
    found, related = _incidents_and_relations(STREET)
    may, june = (frozenset(k for k in STREET if f"-{m}-" in k) for m in ("may", "june"))
    assert {may, june} <= found
    assert june in related[may]


def test_a_disasters_toll_in_another_city_is_the_same_disaster() -> None:
    # A quake's toll told city by city: "the earthquake" is the article's own event, so the
    # sentence stays; an attack elsewhere is told with "a" ("a roadside bomb killed two").
    found = evidence.article_evidence(
        _facts(
            "quake-cities.txt",
            "2023-02-07",
            "Quake kills 1,200 in southern Turkey\n"
            "An earthquake killed at least 1,200 people and injured 5,000 in Gaziantep in "
            "southern Turkey on Monday, officials said.\n"
            "The quake flattened thousands of buildings in Gaziantep.\n"
            "In the city of Antakya, the earthquake killed 300 people and injured 2,000, the "
            "governor said.",
        )
    )
    assert found.terms.aside_days == set()


def test_a_toll_in_another_city_with_no_kind_of_event_named_is_the_same_disaster() -> None:
    found = evidence.article_evidence(
        _facts(
            "quake-cities-2.txt",
            "2023-02-07",
            "Quake kills 1,200 in southern Turkey\n"
            "An earthquake killed at least 1,200 people and injured 5,000 in Gaziantep in "
            "southern Turkey on Monday, officials said.\n"
            "Further south, 300 people died in Antakya and 2,000 were injured, the governor said.",
        )
    )
    assert found.terms.aside_days == set()
