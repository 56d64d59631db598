"""Casualty counts on short excerpts written for these tests."""

from __future__ import annotations

import pytest

from builder import datafiles
from builder.casualties import _demonyms, _person_word, count_casualties


def counts(text: str, title: str = "") -> tuple[int | None, int | None]:
    killed, injured = count_casualties([s.strip() for s in text.split("|")], title)
    return (killed.value if killed else None, injured.value if injured else None)


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # a single victim with no number: one death, and no one else hurt
        ("Man shot and killed outside store", "A man was shot and killed Friday night.", (1, 0)),
        # a single victim who survived: no death
        ("", "A teenager was shot in the leg Monday and is in stable condition.", (0, 1)),
        # number words and totals
        ("", "Two people were killed and three others wounded in the blast.", (2, 3)),
        ("", "Five people were shot, two fatally, outside a bar.", (2, 3)),
        ("Six shot at block party", "Police said one of them died at the hospital.", (1, 5)),
        # "no casualties" reads as zero for both
        ("", "The rockets caused no casualties, officials said.", (0, 0)),
        # a second victim marked as another person
        ("", "A girl was killed early Sunday and her grandmother wounded.", (1, 1)),
        ("Teen killed, another wounded in shooting", "Police are investigating.", (1, 1)),
        # victims listed without a total, and a killer's suicide
        ("Mother, son found dead in home", "Police found the bodies on Monday.", (2, 0)),
        ("", "A man killed 2 daughters in a car before shooting himself, deputies said.", (3, 0)),
        ("", "A man and two children are dead in an apparent double murder-suicide.", (3, 0)),
        # unstated: no victims described at all
        ("Council approves budget", "The council met on Tuesday.", (None, None)),
    ],
)
def test_counts(title: str, text: str, expected: tuple[int | None, int | None]) -> None:
    assert counts(text, title) == expected


def test_tallies_of_other_events_are_not_the_toll() -> None:
    text = (
        "A woman was shot and killed on Elm Street. | "
        "At least nine people have been killed in the city since Friday."
    )
    assert counts(text) == (1, 0)


def test_numbers_that_are_ages_or_dates_are_not_counts() -> None:
    assert counts("", "12 year-old girl killed in hunting accident") == (1, 0)
    assert counts("One of the victims of the shooting on Sept. 3 died Saturday.") == (1, 0)


def test_a_shot_fired_is_not_a_victim() -> None:
    assert counts("Someone fired a shot into the air, police said.") == (None, None)


def test_inferred_zero_is_marked() -> None:
    killed, injured = count_casualties(["A man was shot and killed Friday night."])
    assert killed is not None and not killed.inferred
    assert injured is not None and injured.value == 0 and injured.inferred


def test_a_stated_death_outweighs_an_earlier_implied_zero() -> None:
    from builder.consolidate import best_count
    from builder.models import CountClaim

    early = CountClaim(0, "A boy was shot and is in critical condition.", inferred=True)
    later = CountClaim(1, "The boy died of his injuries on Sunday.")
    again = CountClaim(0, "A boy was shot on Friday.", inferred=True)
    killed = best_count([early, later, again], stated_first=True)
    assert (killed.best, killed.low, killed.high) == (1, 0, 1)
    assert best_count([early, later, again]).best == 0


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # large tolls of quakes, fires and bombings: thousands separators, compound number words,
        # "nearly" and "more than", the active "injured 700"
        ("", "The tremor killed at least 310 people and injured more than 1,000.", (310, 1000)),
        ("", "Sixty-two people were killed when the ferry capsized near the port.", (62, 0)),
        ("", "A truck bomb killed 45 people, including 9 guards, and injured 130.", (45, 130)),
        ("", "A bomb hit a bus depot, killing 8 people and wounding nearly 40.", (8, 40)),
        # a toll that rises
        ("Mine blast toll climbs", "The death toll from the blast rose to 27 Monday.", (27, 0)),
        ("", "Rescuers said the landslide had a death toll of 16.", (16, 0)),
        ("", "Four villagers were hacked to death and two others wounded.", (4, 2)),
        ("", "Three workers perished in the warehouse fire.", (3, 0)),
        # "nobody" as one word, and reports of no injuries
        ("", "The wildfire burned 40 homes. Nobody was hurt, officials said.", (0, 0)),
        ("", "A shell hit a market; there were no immediate reports of injuries.", (None, 0)),
        ("", "No-one is believed to have been injured in the fire, police said.", (0, 0)),
        ("", "A spokesman said no-one had been hurt in the blaze.", (0, 0)),
        # many victims not counted: unknown, not one
        ("", "The gunman killed 12 people at the mall. Dozens more were injured.", (12, None)),
        # times and shots are not counts of people
        ("", "A man died after a shooting around 2 a.m. on Elm Street.", (1, 0)),
        # a survivor wounded by a killer, named without a number
        ("", "A man shot his neighbour to death and wounded his wife, then fled.", (1, 1)),
        ("", "A truck bomb hit a hotel, claiming the lives of at least 53 people.", (53, 0)),
        ("", "All 150 people on board were killed when the plane crashed.", (150, 0)),
        ("", "One person was taken to hospital with minor injuries.", (0, 1)),
        # headlines without a verb, victims named by their role, parts of a total, bodies
        ("No one hurt in warehouse fire", "", (0, 0)),
        ("", "A bomb went off at a bank, killing a police officer and a bomb technician.", (2, 0)),
        ("", "Two police officers and a civilian were killed in the ambush.", (3, 0)),
        ("", "Six people, including two children, were killed in the blaze.", (6, 0)),
        ("", "Firefighters found the bodies of four people inside the house.", (4, 0)),
        ("Fire kills family of five", "", (5, 0)),
        ("", "Police said 12 people were taken to hospital after the explosion.", (0, 12)),
        ("Girl killed in fire", "The girl was taken to the hospital, where she died.", (1, 0)),
        # deaths and injuries as nouns, "confirmed dead", "sent to hospital"
        ("", "The quake caused 12 deaths and 40 injuries in the province.", (12, 40)),
        ("", "There were 4 fatalities, officials said.", (4, 0)),
        ("", "Nine people were confirmed dead after the blast.", (9, 0)),
        ("", "The fire killed 2 people and sent 5 others to hospital.", (2, 5)),
        # an attacker among the dead, "20 more"
        ("", "A bomber blew himself up, killing himself and 12 others.", (13, 0)),
        ("", "The bomber and three others were killed in the blast.", (4, 0)),
        ("", "At least 7 people died, and 20 more were hospitalised.", (7, 20)),
        # the one who died shot himself: not a second death
        ("", "A boy, 4, died Sunday after accidentally shooting himself with a pistol.", (1, 0)),
        ("", "A man killed his two sons before shooting himself, police said.", (3, 0)),
    ],
)
def test_tolls_of_many_kinds_of_incident(
    title: str, text: str, expected: tuple[int | None, int | None]
) -> None:
    assert counts(text, title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the wounded "others" are not more dead
        (
            "A suicide bomber struck a market in the city on Monday, killing 35 people and "
            "wounding 50 others, officials said.",
            (35, 50),
        ),
        (
            "A fire tore through the hospital late Saturday, killing at least 82 people and "
            "injuring 110 others.",
            (82, 110),
        ),
        # the children a victim had are not victims
        ("A mother of 2 was killed Sunday night in a drive-by shooting, police said.", (1, 0)),
        ("A father of three died after he was shot outside his home.", (1, 0)),
        # a victim named after the toll
        (
            "He is charged with killing two people at a mall on Friday and the fatal shooting "
            "of his estranged wife on Thursday.",
            (3, 0),
        ),
        # no one of a group named by who they are
        ("Three rockets hit the base overnight. | No Americans were harmed.", (0, 0)),
        ("A drone struck the airport. | No U.S. personnel were injured, officials said.", (0, 0)),
        # a toll in the same sentence as the group that was spared
        ("A rocket killed two Iraqi soldiers; no U.S. personnel were hurt.", (2, 0)),
        # injuries suffered, and a country's abbreviation between the number and the people
        ("Four U.S. troops suffered minor injuries Monday in a rocket attack.", (0, 4)),
        ("Two service members sustained traumatic brain injuries, officials said.", (0, 2)),
    ],
)
def test_wire_report_tolls(text: str, expected: tuple[int | None, int | None]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Firefighters tackled the blaze. | No one is believed to be injured at this time.",
            (0, 0),
        ),
        # the people shot include those killed
        ("She is accused of shooting three co-workers, killing two of them.", (2, 1)),
        ("Two drones hit the base, causing minor injuries to two coalition personnel.", (0, 2)),
        # a person named before the others they add to, not a clause
        ("The ambassador and three other Americans were killed when a mob stormed it.", (4, 0)),
        ("A man was killed and two others were wounded in the blast.", (1, 2)),
        # the injured are not counted: unknown, not none
        ("A quake hit the region, killing at least three people and injuring others.", (3, None)),
    ],
)
def test_spared_shot_and_uncounted(text: str, expected: tuple[int | None, int | None]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deaths told as injuries that proved fatal
        ("Two soldiers suffered fatal injuries when a roadside bomb hit their patrol.", (2, 0)),
        ("Three of the miners succumbed to their injuries in hospital.", (3, 0)),
        # the wounded not counted, with the verb first: unknown, not none
        ("A car bomb tore through a market, killing at least 25 and wounding dozens.", (25, None)),
        # ... and no death said: none died
        ("A drone struck the base on Thursday, injuring several service members.", (0, None)),
        ("Shelling hit the plant, wounding an unknown number of people.", (0, None)),
        ("Several U.S. service members were injured in a rocket attack.", (0, None)),
        ("Dozens of Americans were hurt.", (0, None)),
        ("A number of U.S. personnel were injured.", (0, None)),
        ("Tens of people were injured in the blast.", (0, None)),
        # people named by their nation or their work
        ("Two Iraqis were killed and three Syrians were wounded.", (2, 3)),
        # listed in builder/data/demonyms.yml, singular too
        ("An Iraqi and two Syrians were killed in the strike.", (3, 0)),
        ("Three Britons and two Nepalis were killed in the avalanche.", (5, 0)),
        ("Two British nationals were wounded in the attack.", (0, 2)),
        ("Four Afghans died in the blast.", (4, 0)),
        ("A rocket killed two contractors and wounded a diplomat.", (2, 1)),
        # victims listed without a total, written with an abbreviation; a group's members
        ("Two U.S. soldiers and an interpreter were killed in the ambush.", (3, 0)),
        ("Seven members of one family were killed when a shell hit their home.", (7, 0)),
        # "many" that counts no victims of this event
        ("He was spared a death sentence, no matter how many people he killed.", (None, None)),
        ("However many people died, the report will not say.", (None, None)),
        ("No matter how many were killed, the shelling went on. | A man died.", (1, 0)),
        # a toll revised upward
        ("The number killed in the bus bombing rose from 12 to 19 on Wednesday.", (19, 0)),
        # one event dated "last month" is not a tally of many
        ("An inquiry opened into the fire last month that killed 40 people.", (40, 0)),
        ("At least nine people were killed in shootings across the city last month.", (None, None)),
    ],
)
def test_fatal_injuries_uncounted_and_revised(
    text: str, expected: tuple[int | None, int | None]
) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # attackers who died are among the dead, as the archives count them
        (
            "",
            "A gunman killed three people and wounded four before he was shot dead by police.",
            (4, 4),
        ),
        (
            "Gunman kills three at mall before being shot dead",
            "Police said four others were wounded.",
            (4, 4),
        ),
        (
            "",
            "Militants stormed a hotel, killing 14 people. | Three attackers were killed.",
            (17, 0),
        ),
        ("", "Gunmen shot dead five guards. | Troops later killed the two assailants.", (7, 0)),
        # ... but not twice: a toll that includes them, or the attackers' own toll
        ("", "Five people, including the gunman, were killed in the shooting.", (5, 0)),
        ("", "Three gunmen were killed in a shootout with troops.", (3, 0)),
        ("", "A man killed four relatives and then himself. | The gunman was found dead.", (5, 0)),
        # a suicide bomber died too, told with the toll or apart from it, once
        ("", "A suicide bomber blew himself up at a mosque, killing 12 worshippers.", (13, 0)),
        ("", "A bomb killed 12 at a mosque. | The bomber blew himself up at the gate.", (13, 0)),
        # a victim "killed when" something happened is no attacker
        ("", "A girl was killed when a stray bullet hit her. | She was killed on Elm St.", (1, 0)),
    ],
)
def test_attackers_among_the_dead(
    title: str, text: str, expected: tuple[int | None, int | None]
) -> None:
    assert counts(text, title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A rocket hit the embassy but caused no damage or casualties.", (0, 0)),
        ("There were no immediate reports of U.S. casualties.", (0, 0)),
        ("Two Iraqi soldiers were killed; there were no U.S. casualties.", (2, 0)),
        # nothing known yet is not none
        ("There was no word on casualties.", (None, None)),
        ("No details on casualties were given.", (None, None)),
    ],
)
def test_no_casualties_of_one_kind(text: str, expected: tuple[int | None, int | None]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # what an attacker did is no death of his: "the gunman killed seven" is seven dead
        (
            "Gunman kills 7 at school",
            "The gunman killed seven people at the school on Monday.",
            (7, 0),
        ),
        ("Gunman kills 10 at fair", "Police said the shooter killed at least 10 people.", (10, 0)),
        # nor are his victims who died: "shot by the gunman died"
        ("Two dead in mall shooting", "Two people shot by the gunman died in hospital.", (2, 0)),
        # ... while an attacker who was killed or died still counts
        ("Gunman kills 7 at school", "The gunman later died in hospital.", (8, 0)),
        ("Gunman kills 7 at school", "The gunman died two days later.", (8, 0)),
    ],
)
def test_an_attackers_deeds_are_not_his_death(
    title: str, text: str, expected: tuple[int | None, int | None]
) -> None:
    assert counts(text, title) == expected


def test_an_attackers_kin_is_not_the_attacker() -> None:
    text = "Three people were killed. | Relatives said a gang had killed the attacker's brother."
    assert counts(text) == (3, 0)


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("4 dead, including gunman, at bar", "The gunman was shot dead by police.", (4, 0)),
        ("", "Two people and the gunman are dead, police said.", (3, 0)),
        ("Two people and the gunman are dead", "The gunman was also killed.", (3, 0)),
    ],
)
def test_a_toll_that_includes_the_attacker_is_not_added_to(
    title: str, text: str, expected: tuple[int | None, int | None]
) -> None:
    assert counts(text, title) == expected


def test_blocks_from_the_scene_are_no_count() -> None:
    assert counts("A man was shot dead 2 blocks from his home.") == (1, 0)


def test_no_casualties_of_one_side_are_not_none_at_all() -> None:
    # "no civilian casualties": the fighters may have died
    title = "No civilian casualties in strike, army says"
    assert counts("The strike killed 12 fighters at a camp.", title) == (12, 0)
    assert counts("There were no serious casualties. | Two guards were killed.") == (2, 0)


def test_towns_with_a_demonyms_ending_are_not_people() -> None:
    # read by their ending ("-is", "-ans") these were people; the listed demonyms are
    assert not _person_word("Memphis") and not _person_word("Paris")
    assert not _person_word("Evans") and not _person_word("Nations")
    assert _person_word("Iraqis") and _person_word("Afghan") and _person_word("Sri Lankans")


def test_a_demonym_that_is_not_capitalised_names_the_file_and_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(datafiles, "load", lambda name: {"demonyms": ["iraqis"]})
    with pytest.raises(ValueError, match=r"demonyms\.yml.*'iraqis'.*capital"):
        _demonyms()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an attacker's suicide told in words other than "killed himself"
        ("A gunman killed 14 people and wounded 25 before taking his own life.", (15, 25)),
        ("A gunman killed 14 people and wounded 25 before he was found dead.", (15, 25)),
        ("A gunman killed 14 people at a university. | The gunman took his own life.", (15, 0)),
        ("A gunman killed 4 people. | The shooter then turned the gun on himself.", (5, 0)),
        ("A man killed his wife and two children before taking his own life.", (4, 0)),
        # "A ... people dead" is no count when another number stands between
        ("A man shot two women dead in a bar.", (2, 0)),
        # ... once: the toll's own sentence already counts it
        ("A gunman shot 4 people dead before killing himself. | He took his own life.", (5, 0)),
        # the hurt told by their treatment
        ("One firefighter died and 13 people were treated for burns, officials said.", (1, 13)),
        ("A fire killed two people. | Four others were treated for smoke inhalation.", (2, 4)),
        ("Three people were treated and released after the blast.", (0, 3)),
        ("A woman was found dead. | She had been treated for depression.", (1, 0)),
        # a decimal's last digit is no count (review F5)
        (
            "An earthquake of magnitude 7.8 killed at least 1,200 people and injured 5,000.",
            (1200, 5000),
        ),
        # British and wire phrasings: "have died", "drowned", a long toll sentence
        ("Two men have died and a woman is in a critical condition after a stabbing.", (2, 1)),
        ("At least 30 people drowned after an overloaded boat capsized on the lake.", (30, 0)),
        (
            "The death toll from a suicide bombing at a mosque inside a police compound in the "
            "city rose to 100 on Tuesday, officials said.",
            (100, 0),
        ),
    ],
)
def test_suicides_treatment_and_tolls_in_other_words(
    text: str, expected: tuple[int | None, int | None]
) -> None:
    assert counts(text) == expected


def test_a_magnitudes_decimal_is_no_toll() -> None:
    text = "An earthquake of magnitude 7.8 killed at least 1,200 people on Monday."
    assert counts(text)[0] == 1200


def test_people_of_a_state_or_a_city_are_people() -> None:
    # the "-ans" ending read these before the demonyms were listed
    assert counts("Two Texans were killed in the crash.")[0] == 2
    assert counts("Three Chicagoans were wounded.")[1] == 3
    assert counts("Two New Yorkers died in the fire.")[0] == 2


def test_an_earlier_event_told_in_the_pluperfect_is_background() -> None:
    fire = "A fire gutted a block of flats on Tuesday."
    # another fire's toll, dated by a year, "last year", "a similar" or "previous"
    assert counts(f"{fire} | Three people had died in a similar fire in 2019, officials said.") == (
        None,
        None,
    )
    assert counts(f"{fire} | Five people had been killed in a blaze at the site last year.") == (
        None,
        None,
    )
    assert counts(f"{fire} | In 2019, four people had died at the same block.") == (
        None,
        None,
    )
    # ... left out of a sentence that also gives this event's toll
    text = "A fire killed two people on Tuesday, a year after five people had died in a fire there."
    assert counts(text) == (2, 0)
    # this event's toll in the pluperfect is counted, and quoted as written
    killed, _ = count_casualties(["Police said two men had been killed in the shooting."])
    assert killed is not None and killed.value == 2
    assert killed.sentence == "Police said two men had been killed in the shooting."
    text = "A man was shot on Monday. | Police said the victim had died before help arrived."
    assert counts(text) == (1, 0)
    # ... and so is a toll whose clause has a 'previous' that dates no event
    text = "Police said three students had been killed and two previously unharmed teachers hurt."
    assert counts(text) == (3, 2)
    text = "Rescuers said 40 people had died in a building that previous inspectors had cleared."
    assert counts(text) == (40, 0)
    text = "A fire gutted a block of flats. | Two guards had previously been killed at the site."
    assert counts(text) == (None, None)


def test_a_revised_toll_and_a_comparison_with_last_year_keep_this_events_toll() -> None:
    # a previous toll revised: the revised one is the toll
    assert counts("A previous toll of eight was revised to twelve, officials said.")[0] == 12
    assert counts("An earlier death toll of eight had been revised upward to 12.")[0] == 12
    # ... and a comparison with one event of last year or of 2019 dates no tally, nor this toll
    text = "Twelve people were killed in the blast, similar to one last year, officials said."
    assert counts(text)[0] == 12
    text = "Police said 12 people had been killed in an attack like one in 2019 at the market."
    assert counts(text)[0] == 12
    # ... while a tally of the year, or an earlier event's toll, is still none of this event's
    assert counts("Twelve people have been killed in the city this year.") == (None, None)
    text = "A fire gutted a block of flats. | Three people had died in a similar fire in 2019."
    assert counts(text) == (None, None)


def test_a_toll_updated_at_an_hour_and_a_year_of_attacks_like_this_one_are_not_this_toll() -> None:
    # "updated at 9" is when the toll was given, not the toll; "revised down to" is a revision
    assert counts("The death toll, updated at 9 on Monday, stood at 12.")[0] == 12
    assert counts("The death toll was revised down to 8 on Tuesday.")[0] == 8
    # attacks "like this one" this year are a tally of many, this one among them
    assert counts("Twelve people have been killed in attacks like this one this year.") == (
        None,
        None,
    )


def test_people_shot_down_are_shot() -> None:
    # "shot down" is an aircraft brought down only where no word says who was shot; a number of
    # people before it are the ones shot
    assert counts("Two men were shot down outside a bar on Friday night, police said.") == (0, 2)
    assert counts("Three protesters were shot down by soldiers on Sunday.") == (0, 3)
    assert counts("A fighter jet was shot down near the border on Tuesday.") == (None, None)
    # ... and one person shot down with no number is one person hurt
    assert counts("He was shot down outside his home on Tuesday, police said.") == (0, 1)
    assert counts("Two helicopters were shot down and a drone was shot down on Monday.") == (
        None,
        None,
    )


def test_people_shot_down_are_shot_whatever_else_the_sentence_names() -> None:
    # review of 77dcd9e: "reports" before a comma is no subject of "shot down", "outside" ends
    # the object, and "shells" fired (no number of them) is nothing "two" stands for
    assert counts("According to reports, a man was shot down outside his home on Tuesday.") == (
        0,
        1,
    )
    text = "A man was shot down outside the airport where planes were parked on Tuesday."
    assert counts(text) == (0, 1)
    text = "Police fired tear gas shells at the crowd; at least two were shot down in the street."
    assert counts(text) == (0, 2)
    # ... while a number of aircraft counted before it is ("three drones ...; two were")
    text = "Three drones approached the base on Monday; two were shot down and one crashed."
    assert counts(text) == (None, None)
    # ... and an aircraft named by its model is no one hurt, nor its number a count
    assert counts("His F-16 was shot down over the sea on Monday.") == (None, None)
    assert counts("A U.S. Black Hawk was shot down over the city on Monday.") == (None, None)


def test_a_dozen_is_twelve_and_forty_one_is_forty_one() -> None:
    assert counts("A dozen people were killed in the blast on Monday, police said.")[0] == 12
    assert counts("A bomb killed a dozen people on Monday.")[0] == 12
    assert counts("Forty-one people were killed in the blast on Monday.")[0] == 41
