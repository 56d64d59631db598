"""Grouping cases of many kinds, on excerpts written for these tests: a series of attacks on
one base, a syndicated copy, two quakes on one day, a fire and a shooting in one city on one day.
"""

from __future__ import annotations

from test_group import BACKGROUND, _corpus, _group_ids
from test_group_attacks import _incidents

from builder import consolidate, group, relate
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


def test_a_syndicated_copy_with_another_headline_and_boilerplate_joins_the_original() -> None:
    assert frozenset(SYNDICATED) in _group_ids(_corpus(BACKGROUND, SYNDICATED))


def test_quakes_in_two_countries_on_one_day_stay_apart() -> None:
    assert _incidents(QUAKES) <= _group_ids(_corpus(BACKGROUND, QUAKES))


def test_a_fire_and_a_shooting_in_one_city_on_one_day_stay_apart() -> None:
    assert _incidents(SAME_CITY_DAY) <= _group_ids(_corpus(BACKGROUND, SAME_CITY_DAY))
