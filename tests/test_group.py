"""Grouping articles into incidents, on short articles written for these tests.

Each case is one failure mode grouping must not have: two attacks on one place on different days
merged, one event in different words split, a roundup counted for one incident only, a dateless
article left alone, and a result that depends on the order of the files.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

from builder import consolidate, evidence, extract, group
from builder.models import Article, ArticleFacts
from builder.read import parse_article

TODAY = date(2030, 1, 1)


def _facts(ident: str, published: str | None, text: str) -> ArticleFacts:
    front = f"---\npublished: {published}\n---\n" if published else ""
    article: Article = parse_article(ident, (front + text).encode(), TODAY)
    return extract.extract(article)


# Background: other incidents, so that rarity means what it means in a real archive.
BACKGROUND = {
    "bg-fire.txt": (
        "2021-03-04",
        "Warehouse fire in Dunmore injures firefighter\n"
        "A fire tore through a paint warehouse on Kessler Road in Dunmore on Wednesday night, "
        "injuring one firefighter. Fire chief Alan Brody said the blaze started in a loading bay.",
    ),
    "bg-quake.txt": (
        "2020-11-20",
        "Earthquake shakes Valdora province\n"
        "A magnitude 5.4 earthquake struck Valdora province on Thursday, damaging 40 homes in the "
        "villages of Ostra and Milen. No deaths were reported, the disaster agency said.",
    ),
    "bg-stabbing.txt": (
        "2019-07-08",
        "Man stabbed outside Grafton pub\n"
        "A 31-year-old man was stabbed outside the Red Lion pub in Grafton early on Sunday. "
        "Detectives arrested a 27-year-old woman, Carla Menzies, on suspicion of wounding.",
    ),
    "bg-bomb.txt": (
        "2018-02-11",
        "Roadside bomb kills two soldiers near Tarek\n"
        "A roadside bomb struck an army patrol near the town of Tarek on Saturday, killing two "
        "soldiers, the defence ministry said. Nobody claimed the attack.",
    ),
}

MALL_MAY_1 = {
    "mall-a1.txt": (
        "2021-05-02",
        "Two wounded in shooting at Brookfield Plaza\n"
        "Two men were wounded when a gunman opened fire in the food court of Brookfield Plaza in "
        "Halverton on Saturday afternoon, police said. Officers arrested Dwayne Pruitt, 24, at "
        "the scene. The victims, aged 19 and 22, were taken to St. Agnes Hospital.",
    ),
    "mall-a2.txt": (
        "2021-05-03",
        "Suspect charged after Brookfield Plaza food court shooting\n"
        "Dwayne Pruitt, 24, was charged with two counts of aggravated assault after Saturday's "
        "shooting in the Brookfield Plaza food court in Halverton, prosecutors said. Two young men "
        "were hurt; both are recovering at St. Agnes Hospital.",
    ),
}

MALL_MAY_15 = {
    "mall-b1.txt": (
        "2021-05-16",
        "Man killed in Brookfield Plaza parking garage shooting\n"
        "A 45-year-old man, Hector Salas, was shot dead in the parking garage of Brookfield Plaza "
        "in Halverton on Saturday night, police said. Detectives are looking for a gunman who fled "
        "in a grey pickup truck.",
    ),
    "mall-b2.txt": (
        "2021-05-17",
        "Police seek pickup driver after Brookfield Plaza garage killing\n"
        "Halverton police released images of a grey pickup truck they believe carried the man who "
        "shot Hector Salas, 45, in the Brookfield Plaza garage on Saturday night.",
    ),
}


def _group_ids(facts: list[ArticleFacts]) -> set[frozenset[str]]:
    return {frozenset(facts[i].id for i in g.members) for g in group.group(facts)}


def _corpus(*parts: dict[str, tuple[str | None, str]]) -> list[ArticleFacts]:
    return [_facts(k, pub, text) for part in parts for k, (pub, text) in part.items()]


def test_same_place_on_another_day_is_another_incident() -> None:
    groups = _group_ids(_corpus(BACKGROUND, MALL_MAY_1, MALL_MAY_15))
    assert frozenset(MALL_MAY_1) in groups
    assert frozenset(MALL_MAY_15) in groups


MARKET = {
    "market-1.txt": (
        "2022-08-13",
        "Bomb at Sabon Kasuwa market kills 12\n"
        "A bomb hidden in a vegetable cart exploded at the Sabon Kasuwa market in Dorani on "
        "Friday morning, killing 12 people and wounding 30, police spokesman Idris Malami "
        "said.",
    ),
    "market-2.txt": (
        "2022-08-12",
        "Explosion rips through Dorani market\n"
        "At least twelve people died when an explosive device went off among traders at "
        "Sabon Kasuwa in Dorani today. Idris Malami of the state police said some 30 were "
        "injured and taken to the general hospital.",
    ),
}


def test_same_event_in_different_words_is_one_incident() -> None:
    groups = _group_ids(_corpus(BACKGROUND, MALL_MAY_1, MARKET))
    assert frozenset(MARKET) in groups


def test_dateless_article_joins_and_takes_the_incident_date() -> None:
    undated = {
        "mall-undated.txt": (
            None,
            "Witnesses describe panic in Brookfield Plaza food court\n"
            "Shoppers hid behind counters when gunfire erupted in the Brookfield Plaza food court "
            "in Halverton. Dwayne Pruitt, 24, is accused of wounding two young men, who were "
            "treated at St. Agnes Hospital.",
        ),
    }
    facts = _corpus(BACKGROUND, MALL_MAY_1, MALL_MAY_15, undated)
    assert facts[-1].article.published is None
    found = next(g for g in group.group(facts) if any(facts[i].id in undated for i in g.members))
    sources = [facts[i] for i in found.members]
    assert {f.id for f in sources} == {*MALL_MAY_1, *undated}
    assert consolidate.consolidate(sources).date == date(2021, 5, 1)


ROUNDUP = {
    "roundup.txt": (
        "2021-05-17",
        "Halverton gunman still sought after second Brookfield Plaza shooting\n"
        "Hector Salas, 45, was shot dead in the Brookfield Plaza parking garage on Saturday "
        "night, and police are looking for a man who fled in a grey pickup truck. "
        "It was the second shooting at the Halverton mall this month. On May 1, two young men "
        "were wounded in the Brookfield Plaza food court; Dwayne Pruitt, 24, has been charged "
        "with aggravated assault and the victims left St. Agnes Hospital.",
    ),
}


def test_roundup_is_a_secondary_source_of_each_incident_it_reports() -> None:
    facts = _corpus(BACKGROUND, MALL_MAY_1, MALL_MAY_15, ROUNDUP)
    groups = group.group(facts)
    ids = {frozenset(facts[i].id for i in g.members): g for g in groups}
    main = ids[frozenset({*MALL_MAY_15, *ROUNDUP})]
    other = ids[frozenset(MALL_MAY_1)]
    assert main.secondary == ()
    assert [facts[i].id for i in other.secondary] == ["roundup.txt"]

    incidents = [consolidate.consolidate([facts[i] for i in g.members]) for g in groups]
    incidents = group.with_roundups(incidents, groups, facts)
    first = next(i for i in incidents if {f.id for f in i.sources} >= set(MALL_MAY_1))
    assert first.secondary_sources == {"roundup.txt"}
    assert first.date == date(2021, 5, 1)  # the roundup's own date does not move the incident


def test_grouping_does_not_depend_on_file_order() -> None:
    facts = _corpus(BACKGROUND, MALL_MAY_1, MALL_MAY_15)
    expected = _group_ids(facts)
    for seed in range(3):
        shuffled = facts[:]
        random.Random(seed).shuffle(shuffled)
        assert _group_ids(shuffled) == expected


def test_same_kind_in_one_town_two_days_apart_is_two_incidents() -> None:
    # Two reports each of two stabbings in one town, two days apart, told in the same words: the
    # town, the kind and the phrasing agree; only the victims, the streets and the days differ.
    twins = {
        "stab-a1.txt": (
            "2023-03-07",
            "Man stabbed on Orchard Lane in Pellham\n"
            "A man was stabbed on Orchard Lane in Pellham on Monday evening, police said. The "
            "victim, Tomas Reyna, 33, was taken to Pellham General with serious wounds.",
        ),
        "stab-a2.txt": (
            "2023-03-07",
            "Pellham stabbing: victim in serious condition\n"
            "Tomas Reyna, 33, is in serious condition after being stabbed on Orchard Lane in "
            "Pellham on Monday evening, police said.",
        ),
        "stab-b1.txt": (
            "2023-03-09",
            "Pellham man knifed outside Quarry Road bakery\n"
            "Lionel Abara, 41, was stabbed outside a bakery on Quarry Road in Pellham on "
            "Wednesday evening. Police said his attacker ran towards the station.",
        ),
        "stab-b2.txt": (
            "2023-03-09",
            "Police hunt attacker after Quarry Road knifing\n"
            "Officers are searching for the man who stabbed Lionel Abara, 41, outside a Quarry "
            "Road bakery in Pellham on Wednesday evening; he is in serious condition.",
        ),
    }
    groups = _group_ids(_corpus(BACKGROUND, MALL_MAY_1, twins))
    assert frozenset({"stab-a1.txt", "stab-a2.txt"}) in groups
    assert frozenset({"stab-b1.txt", "stab-b2.txt"}) in groups


def test_sentencing_long_after_the_shooting_joins_it() -> None:
    # A sentencing story a year and a half later dates its event only as "18 months ago": it is
    # compared with the shooting because its lead tells of a follow-up (probation).
    shooting = {
        "hunt-1.txt": (
            "2021-03-02",
            "Teen killed by friend's rifle near Ostwick\n"
            "Caleb Marner, 16, was shot and killed on Monday when a rifle held by his friend Evan "
            "Lotz, 15, went off in a barn outside Ostwick, the county sheriff said.",
        ),
        "hunt-2.txt": (
            "2022-09-09",
            "Evan Lotz given three years probation\n"
            "Ostwick teen Evan Lotz received three years' probation on Thursday for accidentally "
            "shooting and killing his best friend Caleb Marner in a barn 18 months ago.",
        ),
    }
    groups = _group_ids(_corpus(BACKGROUND, MALL_MAY_1, shooting))
    assert frozenset(shooting) in groups


def test_same_day_shootings_in_distant_cities_are_two_incidents() -> None:
    # Two toddlers shot on the same Tuesday, told in much the same words, in cities some 200 km
    # apart that neither report names: the place tells them apart.
    toddlers = {
        "toddler-dayton.txt": (
            "2022-06-08",
            "Toddler shoots self with unlocked handgun\n"
            "A 2-year-old boy was wounded in the leg on Tuesday in Dayton, Ohio, after he found "
            "his father's gun in a bedroom drawer, Officer Dale Kinney said.",
        ),
        "toddler-toledo.txt": (
            "2022-06-08",
            "Toddler shoots self with unlocked pistol\n"
            "A girl of three hurt her hand on Tuesday when a revolver left under a couch at her "
            "grandparents' apartment in Toledo, Ohio, went off, Sergeant Amy Roth said.",
        ),
    }
    groups = _group_ids(_corpus(BACKGROUND, MALL_MAY_1, toddlers))
    assert frozenset({"toddler-dayton.txt"}) in groups
    assert frozenset({"toddler-toledo.txt"}) in groups


def test_same_day_shootings_with_different_death_tolls_are_two_incidents() -> None:
    # Two shootings in one town on the same night, told alike: one left a man dead, the other
    # four people. Tolls are revised as victims die, but not from one to four.
    tolls = {
        "toll-one.txt": (
            "2022-10-16",
            "Man killed in shooting outside Brackley bar\n"
            "One man was killed when shots were fired outside a bar on Fenwick Street in "
            "Brackley on Saturday night, police said. No arrests have been made.",
        ),
        "toll-four.txt": (
            "2022-10-16",
            "Four dead after gunman opens fire at house party\n"
            "A gunman killed four people at a house party on Lyle Avenue in Brackley late on "
            "Saturday, a county sheriff's spokeswoman said.",
        ),
    }
    groups = _group_ids(_corpus(BACKGROUND, MALL_MAY_1, tolls))
    assert frozenset({"toll-one.txt"}) in groups
    assert frozenset({"toll-four.txt"}) in groups


def test_same_evening_shootings_of_children_of_different_ages_are_two_incidents() -> None:
    # Two children shot in one town on the same evening: the town, the day and the kind agree;
    # the ages the leads give (2 and 6) tell the victims apart.
    children = {
        "age-two.txt": (
            "2022-04-13",
            "2-year-old boy shot at home in Carver Falls\n"
            "A 2-year-old boy found a loaded pistol in a bedroom on Birch Street in Carver Falls "
            "on Tuesday evening and shot himself in the hand, Lieutenant Ray Oduya said. His "
            "parents drove him to Mercy Hospital.",
        ),
        "age-six.txt": (
            "2022-04-13",
            "Carver Falls child hurt by uncle's rifle\n"
            "A 6-year-old was wounded in the leg when a rifle his uncle was cleaning went off at "
            "an apartment on Kemp Road in Carver Falls on Tuesday evening, according to "
            "Sergeant Lena Marsh. He is expected to recover.",
        ),
    }
    groups = _group_ids(_corpus(BACKGROUND, MALL_MAY_1, children))
    assert frozenset({"age-two.txt"}) in groups
    assert frozenset({"age-six.txt"}) in groups


def test_ages_tell_victims_apart_only_outside_follow_ups() -> None:
    first = _facts(
        "a.txt", "2022-04-13", "Boy, 6, shot\nA 6-year-old boy was shot in Alder on Tuesday."
    )
    other = _facts(
        "b.txt", "2022-04-13", "Girl shot\nA girl, 9, was shot in Alder on Tuesday, police said."
    )
    charged = _facts(
        "c.txt",
        "2022-04-20",
        "Man charged\nA man, 34, was charged on Monday with shooting a child in Alder.",
    )
    near = _facts("d.txt", "2022-04-13", "Boy shot\nA seven-year-old was shot in Alder on Tuesday.")
    a, b, c, d = (evidence.article_evidence(f) for f in (first, other, charged, near))
    assert (a.ages, b.ages, c.ages, d.ages) == ({6}, {9}, {34}, {7})
    assert evidence.ages_differ(a, b)
    assert not evidence.ages_differ(a, c)  # the charge story names the suspect's age
    assert not evidence.ages_differ(a, d)  # a year apart: one child, reported differently


def test_a_street_named_court_does_not_make_a_follow_up() -> None:
    street = _facts(
        "street.txt",
        "2022-04-13",
        "Child shot\nPolice were called to a home on Nelson Court at 1:35 p.m. on Tuesday.",
    )
    hearing = _facts(
        "hearing.txt",
        "2022-04-20",
        "Neighbor in court\nA neighbor of the child appeared in court on Monday.",
    )
    assert not evidence.article_evidence(street).when.follow_up
    assert evidence.article_evidence(hearing).when.follow_up


def test_a_follow_up_that_names_the_incident_day_agrees_with_it() -> None:
    # A charge story dated by the charge but naming the day of the killing is evidence for that
    # killing, as much as a report of the same day; without the follow-up, naming another day
    # (a sentence on an earlier attack) is no evidence either way.
    shooting = evidence.When(date(2021, 6, 7), 0, frozenset({date(2021, 6, 7)}))
    charge = evidence.When(
        date(2021, 6, 29), 1, frozenset({date(2021, 6, 7), date(2021, 6, 29)}), follow_up=True
    )
    report = evidence.When(date(2021, 6, 29), 1, frozenset({date(2021, 6, 7), date(2021, 6, 29)}))
    assert evidence.date_agreement(shooting, charge) == "same"
    assert evidence.date_agreement(shooting, report) == "unknown"


def test_undated_reports_naming_one_weekday_are_not_drawn_together() -> None:
    # Two undated reports of quakes on one island "on Sunday" may be years apart: the shared
    # weekday does not add to their similarity, as the same date does; another weekday still
    # counts against them.
    sunday = evidence.When(None, 6, frozenset())
    monday = evidence.When(None, 0, frozenset())
    day = evidence.When(date(2021, 6, 6), 6, frozenset({date(2021, 6, 6)}))
    assert group.date_factor(sunday, sunday) == group.date_factor(
        sunday, evidence.When(None, None, frozenset())
    )
    assert group.date_factor(day, day) > group.date_factor(sunday, sunday)
    assert group.date_factor(sunday, monday) < group.date_factor(sunday, sunday)


def test_two_tight_pairs_of_reports_loosely_alike_stay_two_incidents() -> None:
    # A toddler shot dead in one town on a Tuesday and a boy in the next town on the Wednesday,
    # each told twice by its own police: the four reports share the story's shape, enough for
    # the average across the pairs to pass the merge threshold, but each pair is far more alike
    # within itself than across.
    towns = {
        "town-a1.txt": (
            "2022-11-17",
            "Toddler dies after shooting at Ferris Glen home\n"
            "A toddler died after being shot at a home on Larkin Way in Ferris Glen on Tuesday "
            "afternoon, police said. Chief Owen Tate said officers found the child in a bedroom "
            "and a handgun nearby.",
        ),
        "town-a2.txt": (
            "2022-11-17",
            "Ferris Glen police investigate toddler's shooting death\n"
            "Police in Ferris Glen are investigating the shooting death of a toddler at a Larkin "
            "Way home on Tuesday afternoon. Chief Owen Tate said a handgun was found near the "
            "child.",
        ),
        "town-b1.txt": (
            "2022-11-18",
            "Child fatally shot in Harlow apartment\n"
            "A child died after being shot at a home on Quincy Street in Harlow on Wednesday "
            "afternoon, police said. Sergeant Mae Lindqvist said officers found the boy in a "
            "bedroom and a handgun nearby.",
        ),
        "town-b2.txt": (
            "2022-11-18",
            "Harlow boy killed; aunt questioned\n"
            "Police in Harlow are investigating the shooting death of a boy at a Quincy Street "
            "home on Wednesday afternoon. Sergeant Mae Lindqvist said his aunt was questioned.",
        ),
    }
    groups = _group_ids(_corpus(BACKGROUND, MALL_MAY_1, towns))
    assert frozenset({"town-a1.txt", "town-a2.txt"}) in groups
    assert frozenset({"town-b1.txt", "town-b2.txt"}) in groups


def test_a_term_in_too_many_articles_proposes_no_pairs() -> None:
    def corpus(size: int) -> evidence.Weighted:
        # Each article has a name of its own and one word that all of them share.
        return evidence.weigh(
            [evidence.Terms.of({f"n:name{k}": 3.0, "w:blast": 1.0}, {}, ()) for k in range(size)]
        )

    day = evidence.When(date(2024, 5, 1), None, frozenset())
    common = group.MAX_POSTING + 1
    assert group.candidate_pairs(corpus(common), [day] * common) == []
    few = group.candidate_pairs(corpus(group.MAX_POSTING), [day] * group.MAX_POSTING)
    assert (0, 1) in few
    # A term of more than COMMON_POSTING articles pairs only articles of about the same day.
    size = group.COMMON_POSTING + 1
    later = evidence.When(date(2024, 5, 6), None, frozenset())
    pairs = group.candidate_pairs(corpus(size), [day, day] + [later] * (size - 2))
    assert (0, 1) in pairs and (2, 3) in pairs and (0, 2) not in pairs


def test_reports_of_one_scene_are_compared_without_a_shared_term() -> None:
    # Each article has only a name of its own: no term proposes a pair.
    weighted = evidence.weigh([evidence.Terms.of({f"n:name{k}": 3.0}, {}, ()) for k in range(6)])

    def on(day: int | None) -> evidence.When:
        return evidence.When(date(2024, 5, day) if day else None, None, frozenset())

    when = [on(1), on(2), on(4), on(1), on(None), on(2)]
    scenes = ["shooting|Ohio"] * 3 + ["shooting|Iowa", "shooting|Ohio", None]
    # The same scene a day apart; not three days apart, another region, no date or no scene.
    assert group.candidate_pairs(weighted, when, scenes=scenes) == [(0, 1)]
    assert group.candidate_pairs(weighted, when) == []
    # An incremental grouping asks for the pairs of some articles only.
    assert group.candidate_pairs(weighted, when, {1}, scenes=scenes) == [(0, 1)]
    assert group.candidate_pairs(weighted, when, {2, 3}, scenes=scenes) == []


def test_a_busy_scene_proposes_no_pairs() -> None:
    size = group.SCENE_MAX + 1
    weighted = evidence.weigh(
        [evidence.Terms.of({f"n:name{k}": 3.0}, {}, ()) for k in range(size + 2)]
    )
    busy = [evidence.When(date(2024, 5, 1), None, frozenset())] * size
    # A week later the same scene is quiet again.
    quiet = [evidence.When(date(2024, 5, 8), None, frozenset())] * 2
    pairs = group.candidate_pairs(weighted, busy + quiet, scenes=["bombing|Nineveh"] * (size + 2))
    assert pairs == [(size, size + 1)]


def test_evidence_reads_the_scene_of_a_dated_report() -> None:
    report = _facts(
        "party.txt",
        "2022-06-13",
        "Teens wounded at birthday party shooting\n"
        "Six teenagers were wounded when a gunman fired into a birthday party at a home in "
        "Dayton, Ohio, on Saturday night, police said.",
    )
    assert evidence.article_evidence(report).scene == "shooting|Ohio"
    undated = _facts(
        "plea.txt",
        None,
        "Mother pleads for witnesses\nThe mother of a boy hurt in a shooting in Dayton, Ohio, "
        "asked witnesses to come forward.",
    )
    assert evidence.article_evidence(undated).scene is None


MILL_FIRE = {
    "mill-1.txt": (
        "2023-03-09",
        "Fire guts Verrin textile mill\n"
        "A fire gutted the Aldous Brothers textile mill in Verrin on Wednesday night, and two "
        "night-shift workers were hurt. Fire chief Rosa Kemble said the blaze began in the dye "
        "house and took six hours to put out.",
    ),
    "mill-2.txt": (
        "2023-03-09",
        "Two workers injured as blaze destroys Verrin mill\n"
        "Two workers were taken to Verrin General with burns after flames swept through the "
        "Aldous Brothers plant on Wednesday. About 300 people worked at the mill, which made "
        "upholstery fabric.",
    ),
    "mill-3.txt": (
        "2023-03-10",
        "Verrin mill fire: owners had been warned about wiring\n"
        "State inspectors cited the Aldous Brothers mill twice last year for exposed wiring in "
        "the dye house, records show. The fire there on Wednesday injured two workers; chief "
        "Rosa Kemble said the cause is under investigation.",
    ),
}
UNION = (
    "The textile workers' union asked the state on Monday to inspect every mill in the county. "
    "Its president, Lena Ortiz, said inspectors had cited the Aldous Brothers mill twice for "
    "exposed wiring in the dye house and nothing changed."
)


def test_an_article_reporting_no_event_joins_the_report_it_is_most_like() -> None:
    # A union's call for inspections, days after a mill fire, reports no event of its own: it is
    # like the report on the mill's wiring, not like the fire's reports on average. Alone it
    # would not be published; it joins the incident of its nearest report.
    comment = {
        "mill-union.txt": (
            "2023-03-14",
            "Union wants every Verrin mill inspected\n" + UNION + " Members will march to the "
            "capitol next week.",
        )
    }
    facts = _corpus(BACKGROUND, MALL_MAY_1, MALL_MAY_15, MILL_FIRE, comment)
    assert not facts[-1].reports_incident
    assert frozenset({*MILL_FIRE, *comment}) in _group_ids(facts)


def test_a_report_of_another_event_does_not_join_the_report_it_is_most_like() -> None:
    # The same words after a report of another accident at another mill: a look-alike incident
    # unlike the fire's reports on average stays apart, however like one of them it is.
    other = {
        "mill-other.txt": (
            "2023-03-14",
            "Worker hurt at second Verrin mill; union wants every mill inspected\n"
            "A loom operator was injured at the Carden mill in Verrin on Monday. " + UNION,
        )
    }
    facts = _corpus(BACKGROUND, MALL_MAY_1, MALL_MAY_15, MILL_FIRE, other)
    assert facts[-1].reports_incident
    groups = _group_ids(facts)
    assert frozenset(MILL_FIRE) in groups and frozenset(other) in groups


def test_an_article_reporting_no_event_does_not_join_a_report_months_away() -> None:
    # The same call for inspections, published over a year after the fire and naming no day:
    # it is about something of its own time (the next inspections), not about the fire. Dated
    # articles further apart than group.WINDOW_DAYS are never compared, so it cannot attach.
    comment = {
        "mill-union-later.txt": (
            "2024-05-21",
            "Union wants every Verrin mill inspected\n"
            + UNION.replace(" on Monday", "")
            + " Members will march to the capitol next week.",
        )
    }
    facts = _corpus(BACKGROUND, MALL_MAY_1, MALL_MAY_15, MILL_FIRE, comment)
    assert not facts[-1].reports_incident and facts[-1].event_date is None
    assert frozenset({*MILL_FIRE, *comment}) not in _group_ids(facts)
    # Dated by its publication close to the fire, it joins as before.
    comment["mill-union-later.txt"] = ("2023-03-14", comment["mill-union-later.txt"][1])
    facts = _corpus(BACKGROUND, MALL_MAY_1, MALL_MAY_15, MILL_FIRE, comment)
    assert frozenset({*MILL_FIRE, *comment}) in _group_ids(facts)


class _Given(group._Clustering):
    """Clustering over given pair similarities (symmetric, 0 for the pairs not given)."""

    def __init__(self, similarity: dict[tuple[int, int], float]) -> None:
        self.similarity = {**similarity, **{(j, i): s for (i, j), s in similarity.items()}}
        self.members, self.linkage = {}, defaultdict(dict)

    def _pairs(self, left: list[int], right: list[int]) -> list[float]:
        return [self.similarity.get((i, j), 0.0) for i, j in zip(left, right, strict=True)]


def test_an_article_joins_by_its_average_with_the_group_as_it_is_now() -> None:
    # Article 2 is much like article 1, but 1 first joins article 3, which is unlike 2: 2 is
    # then more like article 0 than like the group {1, 3} on average, and pairs with 0. The
    # score 2 had with 1 alone, from before the group grew, must not decide.
    similarity = {(1, 3): 0.9, (1, 2): 0.62, (0, 2): 0.4}
    clustering = _Given(similarity)
    clustering.start(sorted(similarity), range(4))
    assert sorted(sorted(members) for members in clustering.run()) == [[0, 2], [1, 3]]


def test_two_reports_of_one_event_each_published_twice_are_one_incident() -> None:
    # Copies of one story are far more alike than two reports of one event in their own words:
    # the likeness of a group of copies must not set the bar for the other report's group.
    copies = {f"{name[:-4]}-{site}.txt": story for name, story in MARKET.items() for site in "ab"}
    groups = _group_ids(_corpus(BACKGROUND, MALL_MAY_1, copies))
    assert frozenset(copies) in groups


def _reference(similarity: dict[tuple[int, int], float], size: int) -> list[list[int]]:
    """Average link with the cohesion check, the slow way: every time, the average of every
    pair of neighbouring groups is summed again and the best that may merge is merged."""
    alike = {**similarity, **{(j, i): s for (i, j), s in similarity.items()}}
    groups = {i: [i] for i in range(size)}

    def average(a: list[int], b: list[int]) -> float:
        return sum(alike.get((i, j), 0.0) for i in a for j in b) / (len(a) * len(b))

    def cohesion(a: list[int]) -> float:
        if len(a) < 2:
            return 0.0
        inside = [alike.get((i, j), 0.0) for k, i in enumerate(a) for j in a[k + 1 :]]
        return min(group.COPIES, sum(inside) / len(inside))

    while True:
        choices = sorted(
            (-average(groups[a], groups[b]), a, b)
            for a in groups
            for b in groups
            if a < b
            and any((i, j) in alike for i in groups[a] for j in groups[b])
            and average(groups[a], groups[b]) >= group.MERGE_THRESHOLD
            and average(groups[a], groups[b])
            >= group.COHESION * min(cohesion(groups[a]), cohesion(groups[b]))
        )
        if not choices:
            return sorted(sorted(members) for members in groups.values())
        _, a, b = choices[0]
        groups[a] += groups.pop(b)


def test_clustering_is_exact_average_link() -> None:
    rng = random.Random(7)
    for _ in range(300):
        size = rng.choice([4, 5, 6])
        similarity = {
            (i, j): rng.random()
            for i in range(size)
            for j in range(i + 1, size)
            if rng.random() < 0.6
        }
        clustering = _Given(similarity)
        clustering.start(sorted(similarity), range(size))
        found = sorted(sorted(members) for members in clustering.run())
        assert found == _reference(similarity, size), similarity
