"""Grouping a busy week of attacks on one place: several rocket and drone attacks on one base,
others in the same country, each told by a wire story, its copy and a local or follow-up report.

Written for these tests (no real article's text). Each attack must be one incident: none merged
with the attack on the same base a day or two before, none split from its copies. The same for
three shootings in one city in one week, and a quake and its aftershock the next day.
"""

from __future__ import annotations

from datetime import date

from test_group import BACKGROUND, _corpus, _facts, _group_ids

from builder import evidence, group

WEEK = {
    # Monday: three rockets, no casualties; a faction's claim on Tuesday.
    "asad-mon-wire.txt": (
        "2024-01-15",
        "Rockets fired at Ain al-Asad air base in western Iraq\n"
        "BAGHDAD (Wire) - Three rockets were fired at Ain al-Asad air base in Iraq's western "
        "Anbar province on Monday, a U.S. defense official said, adding that there were no "
        "injuries and no damage to the base, which hosts American troops. Two of the rockets "
        "landed outside the perimeter. No group immediately claimed responsibility.",
    ),
    "asad-mon-copy.txt": (
        "2024-01-15",
        "Three rockets target base hosting US troops in Anbar\n"
        "BAGHDAD (Wire) - Three rockets were fired at Ain al-Asad air base in Iraq's western "
        "Anbar province on Monday, a U.S. defense official said, adding that there were no "
        "injuries and no damage to the base. No group immediately claimed responsibility.",
    ),
    "asad-mon-claim.txt": (
        "2024-01-16",
        "Iraqi armed faction claims rocket fire on Asad base\n"
        "The Islamic Resistance in Iraq, an umbrella of Iran-aligned factions, said in a Telegram "
        "statement on Tuesday that it fired rockets at the Ain al-Asad base on Monday evening in "
        "response to what it called American support for Israel. U.S. officials said the three "
        "rockets caused no casualties.",
    ),
    # Wednesday: a drone, two lightly wounded.
    "asad-wed-wire.txt": (
        "2024-01-17",
        "Drone strikes Ain al-Asad base, two US personnel lightly wounded\n"
        "A one-way attack drone struck Ain al-Asad air base in western Iraq on Wednesday, "
        "lightly wounding two U.S. service members, a Pentagon spokesman said. The drone hit "
        "near a maintenance hangar; air defences shot down a second drone. Both service members "
        "returned to duty.",
    ),
    "asad-wed-local.txt": (
        "2024-01-18",
        "Anbar: drone attack on Asad base wounds two Americans\n"
        "Security sources in Anbar said a drone packed with explosives hit a hangar at the Ain "
        "al-Asad base on Wednesday afternoon, and that two American soldiers suffered minor "
        "injuries. A second drone was downed before reaching the base.",
    ),
    # Thursday: rockets near the embassy in Baghdad.
    "embassy-wire.txt": (
        "2024-01-18",
        "Rockets land near US embassy in Baghdad's Green Zone\n"
        "Two rockets landed near the U.S. embassy in Baghdad's heavily fortified Green Zone "
        "early on Thursday, Iraqi security officials said. There were no casualties. The "
        "embassy's C-RAM defence system was activated.",
    ),
    "embassy-local.txt": (
        "2024-01-18",
        "Katyusha rockets fall in Green Zone, no casualties\n"
        "Two Katyusha rockets fell inside the Green Zone in central Baghdad at dawn on Thursday, "
        "near the American embassy, the Security Media Cell said, adding that no one was hurt.",
    ),
    # Friday: a drone downed at Erbil.
    "erbil-wire.txt": (
        "2024-01-19",
        "Drone shot down near Erbil airport base hosting US troops\n"
        "A drone was shot down near Erbil international airport in Iraq's Kurdistan region on "
        "Friday night, where U.S.-led coalition forces are based, Kurdish counter-terrorism "
        "officials said. There were no casualties or damage.",
    ),
    "erbil-local.txt": (
        "2024-01-20",
        "Kurdistan: drone intercepted over Erbil airport\n"
        "Air defences intercepted a drone over Erbil airport late on Friday, the Kurdistan "
        "Region's counter-terrorism service said. The airport hosts a base of the international "
        "coalition.",
    ),
    # Saturday: missiles on the same base, several hurt.
    "asad-sat-wire.txt": (
        "2024-01-20",
        "Missiles and rockets hit Ain al-Asad base in Iraq\n"
        "Several ballistic missiles and rockets were launched at Ain al-Asad air base in western "
        "Iraq on Saturday, U.S. Central Command said. Most were intercepted by the base's air "
        "defences, but some struck the base. A number of U.S. personnel are being evaluated for "
        "traumatic brain injuries, and at least one Iraqi soldier was wounded.",
    ),
    "asad-sat-copy.txt": (
        "2024-01-20",
        "US says several personnel evaluated for brain injuries after missile attack\n"
        "Several ballistic missiles and rockets were launched at Ain al-Asad air base in western "
        "Iraq on Saturday, U.S. Central Command said. A number of U.S. personnel are being "
        "evaluated for traumatic brain injuries, and at least one Iraqi soldier was wounded.",
    ),
}

NEXT_WEEK = {
    # Rockets late on Sunday, a drone on Monday: the same base on consecutive days.
    "asad-sun-wire.txt": (
        "2024-02-05",
        "Rockets fired at Ain al-Asad base, no injuries\n"
        "Four rockets were fired at Ain al-Asad air base in western Iraq on Sunday night, a U.S. "
        "official said. There were no injuries and no damage. The rockets were launched from a "
        "truck near the town of Al Baghdadi, Iraqi police said.",
    ),
    "asad-sun-copy.txt": (
        "2024-02-05",
        "Four rockets target Ain al-Asad\n"
        "Four rockets were fired at Ain al-Asad air base in western Iraq on Sunday night, a U.S. "
        "official said. There were no injuries and no damage.",
    ),
    "asad-mon2-wire.txt": (
        "2024-02-05",
        "Drone attack on Ain al-Asad base wounds US contractor\n"
        "A drone attacked Ain al-Asad air base in western Iraq on Monday, wounding an American "
        "contractor, the U.S.-led coalition said. It was the second attack on the base in less "
        "than a day.",
    ),
    "asad-mon2-local.txt": (
        "2024-02-06",
        "Contractor hurt as drone hits Anbar base\n"
        "A drone laden with explosives struck a building at the Ain al-Asad base on Monday "
        "morning and a civilian contractor suffered shrapnel wounds, an Iraqi security source "
        "said.",
    ),
    # Wednesday: the retaliation, another incident in another place.
    "strikes-wire.txt": (
        "2024-02-07",
        "US strikes Kataib Hezbollah sites after attacks on troops\n"
        "U.S. aircraft struck three facilities used by Kataib Hezbollah near Al-Qaim on "
        "Wednesday, the Pentagon said, in response to attacks on American forces at Ain "
        "al-Asad. Two militants were killed, the group said.",
    ),
    "strikes-local.txt": (
        "2024-02-08",
        "Two killed in US air strikes near Qaim\n"
        "Two members of Kataib Hezbollah were killed when U.S. warplanes bombed sites near "
        "Al-Qaim on the Syrian border late on Wednesday, the group said in a statement.",
    ),
}


CITY_WEEK = {
    # Three shootings in one city in one week; a quake and its strong aftershock the next day.
    "elm-sun-a.txt": (
        "2023-06-12",
        "Man shot dead on Elm Street in Cleveland\n"
        "A 34-year-old man was shot and killed on Elm Street in Cleveland on Sunday night, police"
        " said. Officers found him in a parked car with several gunshot wounds. No arrests have "
        "been made.",
    ),
    "elm-sun-b.txt": (
        "2023-06-13",
        "Police identify Elm Street shooting victim\n"
        "Cleveland police on Monday identified the man killed in a shooting on Elm Street as "
        "Darnell Hughes, 34. Hughes was found in his car late Sunday. Detectives asked anyone "
        "with video to call.",
    ),
    "superior-mon-a.txt": (
        "2023-06-13",
        "Two wounded in drive-by shooting on Cleveland's east side\n"
        "Two men were wounded in a drive-by shooting on Superior Avenue in Cleveland on Monday "
        "evening, police said. Both were taken to MetroHealth in stable condition.",
    ),
    "superior-mon-b.txt": (
        "2023-06-14",
        "Superior Avenue drive-by leaves two hurt\n"
        "A gunman fired from a passing SUV on Superior Avenue on Monday, hitting two men aged 19 "
        "and 23, Cleveland police said. Both are expected to survive.",
    ),
    "park-thu-a.txt": (
        "2023-06-16",
        "Teen killed in shooting at Cleveland park\n"
        "A 16-year-old boy was shot and killed at Gordon Park in Cleveland on Thursday afternoon,"
        " police said. A second teen was grazed. Police are searching for two suspects.",
    ),
    "park-thu-b.txt": (
        "2023-06-17",
        "Family mourns 16-year-old shot at Gordon Park\n"
        "Relatives of Jalen Moore, 16, gathered on Friday at Gordon Park, where he was shot dead "
        "on Thursday. Police said a second teenager suffered a graze wound.",
    ),
    "quake-mon-a.txt": (
        "2023-03-06",
        "Magnitude 6.1 earthquake strikes eastern Turkey\n"
        "A magnitude 6.1 earthquake struck Malatya province in eastern Turkey on Monday, killing "
        "two people and damaging dozens of buildings, the disaster agency AFAD said.",
    ),
    "quake-mon-b.txt": (
        "2023-03-06",
        "Two dead as quake hits Malatya\n"
        "Two people were killed when a strong earthquake of magnitude 6.1 hit Malatya on Monday, "
        "AFAD said, and 40 buildings were damaged in the town of Yesilyurt.",
    ),
    "aftershock-tue-a.txt": (
        "2023-03-07",
        "Strong aftershock jolts Malatya a day after deadly quake\n"
        "A magnitude 5.2 aftershock shook Malatya province on Tuesday, a day after a deadly "
        "earthquake, injuring 11 people who jumped from windows in panic, AFAD said. No deaths "
        "were reported.",
    ),
    "aftershock-tue-b.txt": (
        "2023-03-07",
        "Eleven hurt in panic as aftershock hits eastern Turkey\n"
        "Eleven people were injured when a 5.2 magnitude tremor rattled Malatya on Tuesday and "
        "residents fled buildings, officials said.",
    ),
}


def _incidents(articles: dict[str, tuple[str, str]]) -> set[frozenset[str]]:
    """The true grouping: the articles' names up to their last dash."""
    found: dict[str, set[str]] = {}
    for name in articles:
        found.setdefault(name.rsplit("-", 1)[0], set()).add(name)
    return {frozenset(names) for names in found.values()}


def test_a_week_of_attacks_on_one_base_is_one_incident_per_attack() -> None:
    groups = _group_ids(_corpus(BACKGROUND, WEEK, NEXT_WEEK))
    assert _incidents({**WEEK, **NEXT_WEEK}) <= groups


def test_shootings_in_one_city_and_a_quake_with_its_aftershock_stay_apart() -> None:
    assert _incidents(CITY_WEEK) <= _group_ids(_corpus(BACKGROUND, CITY_WEEK))


def test_rockets_one_night_and_a_drone_the_next_day_are_two_incidents() -> None:
    groups = _group_ids(_corpus(BACKGROUND, WEEK, NEXT_WEEK))
    assert frozenset({"asad-sun-wire.txt", "asad-sun-copy.txt"}) in groups
    assert frozenset({"asad-mon2-wire.txt", "asad-mon2-local.txt"}) in groups


def test_the_next_day_conflicts_unless_the_event_was_around_midnight() -> None:
    def day(
        number: int, late: bool = False, early: bool = False, clock: str | None = None
    ) -> evidence.When:
        return evidence.When(
            date(2024, 2, number), None, frozenset(), late=late, early=early, clock=clock
        )

    sunday, monday = day(4), day(5)
    assert evidence.date_agreement(sunday, sunday) == "same"
    # The next attack on the same base, each report naming its own day.
    assert evidence.date_agreement(sunday, monday) == "days apart"
    # "Late on Sunday" and "Monday", "Sunday" and "early on Monday": one night's event.
    assert evidence.date_agreement(day(4, late=True), monday) == "unknown"
    assert evidence.date_agreement(sunday, day(5, early=True)) == "unknown"
    # "Sunday night" and "Monday night" are a day apart; so are "early Sunday" and "Monday".
    assert evidence.date_agreement(day(4, late=True), day(5, late=True)) == "days apart"
    assert evidence.date_agreement(day(4, early=True), monday) == "days apart"
    # The same clock time on both: one event, one report misdated.
    assert evidence.date_agreement(day(4, clock="18:15"), day(5, clock="18:15")) == "unknown"


def test_an_event_is_put_late_or_early_by_its_time_or_the_words_of_its_date() -> None:
    def time(text: str) -> tuple[bool, bool]:
        when = evidence.article_evidence(_facts("a.txt", "2024-02-06", text)).when
        return when.late, when.early

    assert time("Man shot\nA man was shot dead in Toledo late on Sunday, police said.") == (
        True,
        False,
    )
    assert time("Man shot\nA man was shot dead in Toledo on Sunday night, police said.")[0]
    assert time("Man shot\nA man was shot dead in Toledo at 11:40 p.m. Sunday, police said.")[0]
    assert time("Man shot\nA man was shot dead in Toledo early on Monday, police said.") == (
        False,
        True,
    )
    assert time("Man shot\nA man was shot dead in Toledo on Sunday, police said.") == (
        False,
        False,
    )
    assert time("Man shot\nA man was shot in Toledo on Sunday afternoon, police said.") == (
        False,
        False,
    )


def test_a_claim_made_the_next_day_does_not_recall_the_attack_after_it() -> None:
    # Monday's attack claimed on Tuesday names Tuesday; Wednesday's attack is days apart.
    claim = evidence.When(date(2024, 1, 15), 0, frozenset({date(2024, 1, 15), date(2024, 1, 16)}))
    wednesday = evidence.When(date(2024, 1, 17), 2, frozenset({date(2024, 1, 17)}))
    assert evidence.date_agreement(claim, wednesday) == "days apart"


def test_kinds_of_event_differ_only_when_neither_names_the_other() -> None:
    def found(text: str) -> evidence.Evidence:
        return evidence.article_evidence(_facts("a.txt", "2024-02-05", text))

    rockets = found("Rockets hit base\nFour rockets struck the base on Sunday night.")
    drone = found("Drone hits base\nA drone struck the base on Monday, wounding a contractor.")
    barrage = found("Base attacked\nRockets and drones struck the base on Monday.")
    blast = found("Blast at base\nAn explosion shook the base on Monday.")
    assert rockets.kind == "rocket attack" and drone.kind == "drone attack"
    assert evidence.kinds_differ(rockets, drone)
    # A barrage of both, and an explosion (the effect of either), tell nothing apart.
    assert not evidence.kinds_differ(barrage, drone) and not evidence.kinds_differ(rockets, barrage)
    assert blast.kind is None and not evidence.kinds_differ(rockets, blast)
    assert group.OTHER_KIND < 1.0


def test_background_about_another_month_is_kept_aside() -> None:
    # The base's history (an earlier attack, named by its month) is shared by every report of
    # an attack there: it must not make two attacks alike.
    found = evidence.article_evidence(
        _facts(
            "history.txt",
            "2024-01-16",
            "Rockets hit Asad base\n"
            "Three rockets hit the Ain al-Asad air base on Monday, officials said. "
            "No one was hurt.\n"
            "The base was struck by Iranian ballistic missiles in January 2020. Dozens of troops "
            "suffered concussions then.",
        )
    )

    def has(packed: evidence.Packed, term: str) -> bool:
        return evidence._key(term) in set(packed.arrays()[0].tolist())

    assert has(found.terms.counts, "w:rockets") and not has(found.terms.aside, "w:rockets")
    for term in ("w:ballistic", "w:concussions"):
        assert has(found.terms.aside, term) and not has(found.terms.counts, term)


TEMPLATED = {
    # One agency's template, filled in for three attacks on one base in five days, and another
    # outlet's report of two of them.
    "template-mon-agency.txt": (
        "2024-03-04",
        "Rockets target Ain al-Asad air base\n"
        "Two rockets targeted Ain al-Asad air base in western Iraq on Monday, a security source "
        "said. There were no casualties, the source added. The base hosts US and coalition troops.",
    ),
    "template-mon-other.txt": (
        "2024-03-04",
        "Two rockets hit near Asad base, no casualties\n"
        "Two Katyusha rockets landed near Ain al-Asad air base in Anbar province on Monday, an "
        "Iraqi security official said, adding that there were no casualties.",
    ),
    "template-wed-agency.txt": (
        "2024-03-06",
        "Rockets target Ain al-Asad air base\n"
        "Three rockets targeted Ain al-Asad air base in western Iraq on Wednesday, a security "
        "source said. There were no casualties, the source added. The base hosts US and "
        "coalition troops.",
    ),
    "template-wed-other.txt": (
        "2024-03-06",
        "Three rockets fall inside Asad base\n"
        "Three rockets fell inside Ain al-Asad air base in Anbar on Wednesday evening, an Iraqi "
        "military statement said. No casualties were reported.",
    ),
    "template-fri-agency.txt": (
        "2024-03-08",
        "Rockets target Ain al-Asad air base\n"
        "Four rockets targeted Ain al-Asad air base in western Iraq on Friday, a security source "
        "said. There were no casualties, the source added.",
    ),
}


def test_one_outlets_template_filled_in_for_attacks_on_other_days_is_not_one_incident() -> None:
    assert _incidents(TEMPLATED) <= _group_ids(_corpus(BACKGROUND, TEMPLATED))


def test_dates_that_conflict_part_two_copies_of_one_text() -> None:
    monday = evidence.When(date(2024, 3, 4), 0, frozenset())
    wednesday = evidence.When(date(2024, 3, 6), 2, frozenset())
    assert group.date_factor(monday, wednesday, group.COPIES) == 0.0
    # Reports in their own words dated days apart only count less; copies of one day agree.
    assert group.date_factor(monday, wednesday, 0.5) == group.DATE_FACTORS["days apart"]
    assert group.date_factor(monday, monday, 1.0) == group.DATE_FACTORS["same"]
