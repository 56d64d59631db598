"""Grouping cases of many kinds, on excerpts written for these tests: a series of attacks on
one base, one attack told over three days, a roundup of a week, a syndicated copy, two quakes
on one day, a fire and a shooting in one city on one day, and follow-ups in other words.
"""

from __future__ import annotations

from datetime import date

from test_group import BACKGROUND, _corpus, _facts, _group_ids
from test_group_attacks import _incidents

from builder import consolidate, evidence, group, relate
from builder.models import ArticleFacts, Incident

# Rockets at one base on three consecutive days, each day told by two or three outlets.
SERIES = {
    "conoco-mon-wire.txt": (
        "2024-08-05",
        "Rockets fired at US base at Conoco gas field in Syria\n"
        "Two rockets were fired at the Conoco gas field base in Syria's Deir ez-Zor province on "
        "Monday, a U.S. military official said. There were no injuries. The rockets landed "
        "outside the perimeter.",
    ),
    "conoco-mon-local.txt": (
        "2024-08-05",
        "Two rockets hit near Conoco field\n"
        "Local sources in Deir ez-Zor said two rockets struck near the Conoco base on Monday "
        "evening, launched from the village of Mazloum across the Euphrates. No one was hurt.",
    ),
    "conoco-tue-wire.txt": (
        "2024-08-06",
        "Conoco base targeted again, one service member hurt\n"
        "Three rockets targeted the Conoco gas field base in Deir ez-Zor province on Tuesday, "
        "lightly wounding one American service member, U.S. officials said. It was the second "
        "day in a row the base came under fire.",
    ),
    "conoco-tue-copy.txt": (
        "2024-08-06",
        "US soldier wounded in rocket attack in eastern Syria\n"
        "Three rockets targeted the Conoco gas field base in Deir ez-Zor province on Tuesday, "
        "lightly wounding one American service member, U.S. officials said.",
    ),
    "conoco-tue-local.txt": (
        "2024-08-07",
        "Rocket fire on Conoco base wounds American soldier\n"
        "An American soldier suffered shrapnel wounds when rockets fell inside the Conoco base "
        "in the Deir ez-Zor countryside on Tuesday afternoon, Syrian opposition monitors said.",
    ),
    "conoco-wed-wire.txt": (
        "2024-08-07",
        "Third rocket attack in three days hits Conoco base\n"
        "Four rockets hit the Conoco gas field base in Deir ez-Zor province on Wednesday, "
        "damaging a vehicle, the U.S.-led coalition said. Nobody was wounded.",
    ),
    "conoco-wed-local.txt": (
        "2024-08-08",
        "Coalition says rockets damaged a truck at Conoco\n"
        "Four rockets landed inside the Conoco base late on Wednesday and one of them destroyed "
        "a supply truck, a coalition spokesman said. No casualties were reported.",
    ),
}

# One attack told by a wire story, a local paper the next day and a follow-up naming victims.
THREE_DAYS = {
    "harbi-wire.txt": (
        "2024-04-16",
        "Two killed as bomb hits checkpoint in Tarmiyah\n"
        "A roadside bomb exploded next to an army checkpoint in Tarmiyah, north of Baghdad, on "
        "Tuesday night, killing two soldiers and wounding three, security sources said.",
    ),
    "harbi-local.txt": (
        "2024-04-17",
        "Tarmiyah checkpoint blast kills two soldiers\n"
        "Two Iraqi soldiers died and three were hurt on Tuesday night when an explosive device "
        "planted by the road went off beside their checkpoint in Tarmiyah district, a "
        "provincial official told our correspondent.",
    ),
    "harbi-victims.txt": (
        "2024-04-18",
        "Soldiers killed in Tarmiyah named as families bury them\n"
        "The two soldiers killed at the Tarmiyah checkpoint were Sergeant Hamid Jabbar, 29, and "
        "Private Ali Kadhim, 22, the defence ministry said. Their families buried them in Najaf "
        "on Thursday. Three wounded comrades remain in hospital.",
    ),
}

# A roundup of the week, published two days after the last attack it tells of.
WEEK_ROUNDUP = {
    "roundup-week.txt": (
        "2024-08-09",
        "Three attacks in three days on US base at Conoco gas field\n"
        "The Conoco gas field base in Syria's Deir ez-Zor province, which hosts American troops, "
        "came under rocket fire three times this week.\n"
        "Two rockets were fired at the base on Monday and landed outside the perimeter. On "
        "Tuesday three rockets lightly wounded an American service member. Four rockets hit the "
        "base on Wednesday and damaged a vehicle.",
    ),
}

# A syndicated copy: another headline, the partner's boilerplate around the same story.
SYNDICATED = {
    "bridge-original.txt": (
        "2023-10-03",
        "Gunman kills three at Redfern bus depot\n"
        "A gunman shot dead three transit workers at the Redfern bus depot in Lakeview on "
        "Monday morning before turning the gun on himself, police chief Dana Whitlock said. "
        "The shooter, a former mechanic, had been fired in August. Two other workers were "
        "wounded.",
    ),
    "bridge-syndicated.txt": (
        "2023-10-04",
        "'He came back for us': depot shooting leaves three dead\n"
        "This story was originally published by the Lakeview Ledger and is republished here "
        "through our news partnership.\n"
        "A gunman shot dead three transit workers at the Redfern bus depot in Lakeview on "
        "Monday morning before turning the gun on himself, police chief Dana Whitlock said. "
        "The shooter, a former mechanic, had been fired in August. Two other workers were "
        "wounded.\n"
        "Sign up for our free morning newsletter to get the day's top stories.",
    ),
}

# Two quakes on one day in two countries, each told twice.
QUAKES = {
    "quake-peru-a.txt": (
        "2024-06-28",
        "Magnitude 6.0 earthquake shakes southern Peru\n"
        "A magnitude 6.0 earthquake struck off the coast of Arequipa in southern Peru on Friday, "
        "damaging houses in several towns and injuring four people, the geophysical institute "
        "said.",
    ),
    "quake-peru-b.txt": (
        "2024-06-28",
        "Strong quake rattles Arequipa, four hurt\n"
        "Four people were injured when a strong earthquake hit the Arequipa region on Friday, "
        "Peru's civil defence said. Walls of adobe homes collapsed in Chala.",
    ),
    "quake-java-a.txt": (
        "2024-06-28",
        "Magnitude 5.9 earthquake hits western Java\n"
        "A magnitude 5.9 earthquake struck western Java in Indonesia on Friday, damaging "
        "buildings in Sukabumi and injuring six people, the meteorology agency BMKG said.",
    ),
    "quake-java-b.txt": (
        "2024-06-28",
        "Six injured as quake damages homes in Sukabumi\n"
        "Six people were injured and dozens of houses damaged when an earthquake hit Sukabumi "
        "regency on Friday, Indonesia's disaster agency said.",
    ),
}

# A fire and a shooting in one city on one day, each told twice.
SAME_CITY_DAY = {
    "daycity-fire-a.txt": (
        "2023-02-11",
        "Fire destroys apartment building in Dayton, residents escape\n"
        "A fire destroyed a three-storey apartment building on Salem Avenue in Dayton on "
        "Friday night, forcing 20 residents out into the cold, the fire department said. "
        "One firefighter was treated for smoke inhalation.",
    ),
    "daycity-fire-b.txt": (
        "2023-02-11",
        "Salem Avenue blaze leaves 20 homeless\n"
        "Twenty people lost their homes when flames tore through an apartment block on Salem "
        "Avenue in Dayton on Friday, fire officials said. The cause is under investigation.",
    ),
    "daycity-shot-a.txt": (
        "2023-02-11",
        "Man shot dead outside Dayton bar\n"
        "A 27-year-old man was shot and killed outside a bar on Wayne Avenue in Dayton on "
        "Friday night, police said. The gunman fled on foot.",
    ),
    "daycity-shot-b.txt": (
        "2023-02-11",
        "Police seek gunman after fatal Wayne Avenue shooting\n"
        "Dayton police are looking for a man who shot a 27-year-old outside a Wayne Avenue bar "
        "on Friday night. The victim died at the scene.",
    ),
}

# Follow-ups in other words: a funeral, an arrest, a toll that rose.
FOLLOW_UPS = {
    "dorsey-report.txt": (
        "2022-09-14",
        "Two dead, four hurt in shooting at Crestwood block party\n"
        "Two people were killed and four wounded when shots were fired into a crowd at a block "
        "party on Dorsey Street in Crestwood on Tuesday night, police said. Keisha Barnes, 19, "
        "and Marcus Fields, 24, died at the scene.",
    ),
    "dorsey-funeral.txt": (
        "2022-09-17",
        "Hundreds say goodbye to Keisha Barnes\n"
        "Hundreds of mourners filled Greater Hope Baptist Church in Crestwood on Saturday to "
        "remember Keisha Barnes, the 19-year-old nursing student who loved to sing. Her pastor "
        "asked the city to put down its guns.",
    ),
    "dorsey-arrest.txt": (
        "2022-09-16",
        "Crestwood police arrest 20-year-old in Dorsey Street killings\n"
        "Police arrested a 20-year-old man on Thursday in connection with the deaths of Keisha "
        "Barnes and Marcus Fields. He is being held without bail.",
    ),
    "dorsey-toll.txt": (
        "2022-09-15",
        "Update: third victim of Crestwood party gunfire dies\n"
        "The number of dead has risen to three after Tamara Oliver, 31, succumbed at Crestwood "
        "General on Wednesday. Keisha Barnes and Marcus Fields were pronounced dead at the "
        "Dorsey Street gathering.",
    ),
}


# A quake's toll told by two reports on the day, and revised the next day in other words.
TOLL_RISES = {
    "herat-a.txt": (
        "2023-10-07",
        "Earthquake kills 15 in western Afghanistan\n"
        "A magnitude 6.3 earthquake struck near the city of Herat in western Afghanistan on "
        "Saturday, killing 15 people and injuring 40, the disaster ministry said.",
    ),
    "herat-b.txt": (
        "2023-10-07",
        "Strong quake shakes Herat, 15 dead\n"
        "At least 15 people were killed when a 6.3 magnitude quake hit Herat province on "
        "Saturday, officials said. Houses collapsed in Zinda Jan district.",
    ),
    "herat-c.txt": (
        "2023-10-08",
        "Afghan quake death toll rises to 120 as rescuers dig\n"
        "The number of people killed in Saturday's earthquake in Herat has risen to 120, the "
        "Taliban government said on Sunday, as villagers in Zinda Jan dug through rubble.",
    ),
}


# Rockets at one embassy on two consecutive nights, each night told by two outlets.
NIGHTS = {
    "embassy-sun-wire.txt": (
        "2023-12-04",
        "Rockets target US embassy in Baghdad\n"
        "Two rockets were fired at the U.S. embassy in Baghdad late on Sunday, Iraqi security "
        "sources said. One landed near the embassy's northern gate and the other in the Tigris "
        "river. No one was hurt.",
    ),
    "embassy-sun-local.txt": (
        "2023-12-04",
        "Katyusha rockets fall near embassy gate\n"
        "Two Katyusha rockets fell in the Green Zone on Sunday night, one by the northern gate of "
        "the American embassy and one in the Tigris, a police officer said. No casualties.",
    ),
    "embassy-mon-wire.txt": (
        "2023-12-05",
        "US embassy in Baghdad targeted for second night\n"
        "Three rockets were launched toward the U.S. embassy in Baghdad late on Monday; one "
        "struck a car park beside the parliament building and damaged several vehicles, "
        "officials said.",
    ),
    "embassy-mon-local.txt": (
        "2023-12-06",
        "Rocket damages cars near parliament\n"
        "A rocket aimed at the American embassy hit a car park beside the parliament building "
        "in the Green Zone on Monday night, damaging vehicles; two more landed in empty ground, "
        "police said.",
    ),
}


def _incidents_of(facts: list[ArticleFacts]) -> list[Incident]:
    groups = group.group(facts)
    incidents = [consolidate.consolidate([facts[i] for i in g.members]) for g in groups]
    return relate.relate(group.with_roundups(incidents, groups, facts))


def test_a_series_of_attacks_on_one_base_stays_apart_and_is_related() -> None:
    facts = _corpus(BACKGROUND, SERIES)
    assert _incidents(SERIES) <= _group_ids(facts)
    incidents = [i for i in _incidents_of(facts) if i.sources[0].id.startswith("conoco")]
    assert len(incidents) == 3
    for incident in incidents:
        others = {i.id for i in incidents} - {incident.id}
        assert others <= {r.id for r in incident.related}


def test_one_attack_told_over_three_days_is_one_incident() -> None:
    assert frozenset(THREE_DAYS) in _group_ids(_corpus(BACKGROUND, THREE_DAYS, SERIES))


def test_a_roundup_of_the_week_is_a_source_of_each_attack_it_reports() -> None:
    facts = _corpus(BACKGROUND, SERIES, WEEK_ROUNDUP)
    groups = group.group(facts)
    by_day = {
        day: next(g for g in groups if facts[g.members[0]].id.startswith(f"conoco-{day}-"))
        for day in ("mon", "tue", "wed")
    }
    # Each attack keeps its reports, and lists the roundup: one as its member (the roundup must
    # belong to one incident), the others as a secondary source.
    placed = []
    for day, found in by_day.items():
        members = {facts[i].id for i in found.members}
        assert {k for k in SERIES if f"-{day}-" in k} <= members
        assert members - set(SERIES) <= set(WEEK_ROUNDUP)
        if "roundup-week.txt" in members:
            placed.append(day)
            assert found.secondary == ()
        else:
            assert [facts[i].id for i in found.secondary] == ["roundup-week.txt"]
    assert len(placed) == 1


def test_a_syndicated_copy_with_another_headline_and_boilerplate_joins_the_original() -> None:
    assert frozenset(SYNDICATED) in _group_ids(_corpus(BACKGROUND, SYNDICATED))


def test_quakes_in_two_countries_on_one_day_stay_apart() -> None:
    assert _incidents(QUAKES) <= _group_ids(_corpus(BACKGROUND, QUAKES))


def test_a_fire_and_a_shooting_in_one_city_on_one_day_stay_apart() -> None:
    assert _incidents(SAME_CITY_DAY) <= _group_ids(_corpus(BACKGROUND, SAME_CITY_DAY))


def test_follow_ups_in_other_words_join_their_incident() -> None:
    assert frozenset(FOLLOW_UPS) in _group_ids(_corpus(BACKGROUND, FOLLOW_UPS, SAME_CITY_DAY))


def test_words_that_mark_a_follow_up() -> None:
    def follow_up(headline: str) -> bool:
        text = f"{headline}\nThe shooting happened on Elm Street in Toledo on Sunday."
        return evidence.article_evidence(_facts("a.txt", "2024-02-06", text)).when.follow_up

    assert follow_up("Police identify man killed in Elm Street shooting")
    assert follow_up("Soldiers killed at checkpoint named as families bury them")
    assert follow_up("Death toll rises to three after Elm Street shooting")
    assert not follow_up("Man shot dead on Elm Street; the victim has not been identified")


def test_people_are_named_with_their_ages() -> None:
    found = evidence._people(
        [
            "Keisha Barnes, 19, and Sgt. Marcus Fields, 24, died. Hundreds remembered Keisha "
            "Barnes, the 19-year-old student. In Crestwood, 3, people were hurt."
        ]
    )
    assert found == {"keisha barnes|19", "marcus fields|24"}


def test_a_follow_up_in_the_same_city_after_the_event_counts_for_it() -> None:
    def found(day: int, follow_up: bool, city: str, killed: int = 2) -> evidence.Evidence:
        when = evidence.When(date(2022, 9, day), None, frozenset(), follow_up)
        return evidence.Evidence(evidence.Terms.of({}, {}, ()), when, killed=killed, city=city)

    report = found(13, False, "Crestwood")
    assert evidence.follows_in_place(report, found(17, True, "Crestwood"))
    assert not evidence.follows_in_place(report, found(17, True, "Dayton"))
    assert not evidence.follows_in_place(report, found(17, False, "Crestwood"))
    assert not evidence.follows_in_place(report, found(12, True, "Crestwood"))
    assert not evidence.follows_in_place(report, found(17, True, "Crestwood", killed=3))
    # One death is the toll of most shootings in a city.
    one = found(13, False, "Crestwood", killed=1)
    assert not evidence.follows_in_place(one, found(17, True, "Crestwood", killed=1))


def test_a_sentence_about_another_attack_a_few_days_away_is_kept_aside() -> None:
    found = evidence.article_evidence(
        _facts(
            "week.txt",
            "2024-08-07",
            "Rockets hit Conoco base\n"
            "Two rockets hit the Conoco base in Deir ez-Zor on Monday, officials said. "
            "Officials said on Tuesday that no one was hurt. "
            "A faction said on Tuesday that it fired the rockets on Monday. "
            "Four rockets hit the base again on Wednesday.",
        )
    )
    assert found.when.event == date(2024, 8, 5)
    assert found.terms.aside_days == {date(2024, 8, 7)}


def test_a_toll_revised_upwards_the_next_day_is_one_incident() -> None:
    assert frozenset(TOLL_RISES) in _group_ids(_corpus(BACKGROUND, TOLL_RISES, QUAKES))


def test_a_higher_toll_published_days_later_is_a_revision() -> None:
    def found(published: int, killed: int, event: int = 7) -> evidence.Evidence:
        when = evidence.When(
            date(2023, 10, event), None, frozenset(), published=date(2023, 10, published)
        )
        return evidence.Evidence(evidence.Terms.of({}, {}, ()), when, killed=killed)

    assert evidence.tolls_differ(found(7, 15), found(7, 120))
    assert not evidence.tolls_differ(found(7, 15), found(8, 120))
    # A lower toll published later is no revision, nor a higher one of a later event.
    assert evidence.tolls_differ(found(8, 15), found(7, 120))
    assert evidence.tolls_differ(found(7, 15), found(9, 120, event=9))


def test_a_follow_up_that_names_two_days_is_no_roundup() -> None:
    # Dated by "last week" (no event day): the day of the charges and the day of the shooting
    # belong to one incident, told after it.
    found = evidence.article_evidence(
        _facts(
            "charged.txt",
            "2016-12-21",
            "Pair charged in teen's shooting death\n"
            "Two men were charged on Tuesday over last week's killing of a 15-year-old girl. "
            "Detectives first questioned the two men on Dec. 14, the complaint says.",
        )
    )
    assert found.when.follow_up and found.when.event is None
    assert found.terms.aside_days == frozenset()


def test_attacks_on_two_consecutive_nights_stay_apart() -> None:
    assert _incidents(NIGHTS) <= _group_ids(_corpus(BACKGROUND, NIGHTS))
