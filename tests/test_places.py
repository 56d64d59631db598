"""Where an event happened, on short excerpts written for these tests."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from builder import places
from builder.extract import extract
from builder.models import Article
from builder.places import gazetteer, located
from builder.read import parse_article


def place_of(title: str, text: str) -> tuple[str | None, str | None, str | None]:
    facts = extract(Article(id="a.txt", text=text, title=title))
    place = facts.place
    return (place.city, place.region, place.country) if place else (None, None, None)


def test_a_state_after_the_city_decides_between_towns_of_one_name() -> None:
    text = "A man was shot and killed Friday in Rome, Ga., police said."
    assert place_of("Man killed in shooting", text) == ("Rome", "Georgia", "United States")


def test_surnames_that_are_town_names_are_not_places() -> None:
    text = (
        "A woman was shot and killed Tuesday in Toledo, Ohio. | Sheriff Marty Fisher said "
        "Davis obtained a lawyer. | The gun was found at Davis' home."
    ).replace(" | ", "\n")
    assert place_of("Woman killed", text)[0] == "Toledo"


def test_part_of_a_longer_name_is_not_the_town() -> None:
    text = "A teen was wounded near Humboldt Park in Chicago on Saturday night."
    assert place_of("Teen wounded", text)[0] == "Chicago"


def test_month_names_and_the_city_side_are_not_places() -> None:
    text = "The shooting happened in March on the city's West Side, Memphis police said."
    assert place_of("Shooting", text)[0] == "Memphis"


def test_event_place_outweighs_the_dateline() -> None:
    text = "SALEM, Mass. — A Beverly man was shot and wounded in Beverly on Friday."
    assert place_of("Man wounded", text)[0] == "Beverly"


def test_a_region_name_means_the_region() -> None:
    facts = extract(Article(id="a.txt", text="The girl lived on a farm.", title="Iowa girl killed"))
    assert facts.place is not None and facts.place.city is None
    assert facts.place.region == "Iowa"


def test_no_evidence_no_place() -> None:
    assert place_of("Council meets", "Davis said the budget was approved.") == (None, None, None)


def test_the_region_the_story_is_in_decides_a_name_left_open() -> None:
    text = "Charleston, S.C., police said a boy was shot and killed near his home in Denmark."
    assert place_of("Boy killed", text) == ("Denmark", "South Carolina", "United States")


def test_an_agency_dateline_after_a_headline_run_into_it() -> None:
    text = "Teen dies after shooting Memphis (AP) — A teen died after being shot, police said."
    assert place_of("Teen dies", text)[0] == "Memphis"


def test_a_person_named_like_a_town_with_his_or_her_family() -> None:
    text = "Two men pulled up near Gomez and her children in Houston, police said."
    assert place_of("Girl killed", text)[0] == "Houston"


def test_a_dotted_region_without_a_comma() -> None:
    text = "She was back home in Washington D.C. when she was shot on Friday."
    assert place_of("Teen killed", text) == ("Washington", "District of Columbia", "United States")


def test_a_direction_is_not_a_town() -> None:
    text = "Hopes rose here and in the West that the regime would change, officials in Paris said."
    assert place_of("Election", text)[0] == "Paris"


def test_saint_is_found_short_and_written_in_full() -> None:
    text = "A man was shot and killed Friday in St. Paul, Minn., police said."
    assert place_of("Man killed", text) == ("Saint Paul", "Minnesota", "United States")
    text = "A girl was shot in a home in St. Louis on Monday, police said."
    assert place_of("Girl shot", text)[0] == "Saint Louis"


def test_where_a_victim_was_treated_is_not_the_scene() -> None:
    text = (
        "A boy was shot Saturday near Elgin, the sheriff said. | He was rushed to Dubuque by"
        " ambulance. | Dubuque hospital staff treated him. | He died at a hospital in Dubuque."
    ).replace(" | ", "\n")
    assert place_of("Boy dies after shooting", text)[0] == "Elgin"


def test_a_street_and_a_landmark_for_the_distance_are_not_the_scene() -> None:
    text = (
        "Police were called to a home in the 300 block of Madrid in Lithonia on Friday. | Lithonia"
        " is about 18 miles east of downtown Atlanta. | The suspect was arrested in Atlanta. | A"
        " second man was detained east of Atlanta."
    ).replace(" | ", "\n")
    assert place_of("Teen shot", text)[0] == "Lithonia"


def test_a_town_in_the_address_when_the_text_names_none() -> None:
    article = Article(
        id="a.txt",
        text="A man was shot in the leg on Friday, deputies said.",
        title="Man shot",
        url="https://example.com/news/houston/crime/man-shot-in-leg/123",
    )
    place = extract(article).place
    assert place is not None and place.city == "Houston"
    assert place.sentence.startswith("address: ")
    # a region's name in the address is not a town, and the page's own name is never read
    plain = Article(
        id="b.txt",
        text=article.text,
        title="Man shot",
        url="https://example.com/florida/man-shot-in-orlando",
    )
    assert extract(plain).place is None


def test_university_is_an_institution_not_a_town() -> None:
    text = "University police said a student was shot on campus on Friday."
    assert place_of("Student shot", text) == (None, None, None)


def test_a_town_the_gazetteer_does_not_list_is_read_with_its_region() -> None:
    text = (
        "Deputies responded to 410 Mill Road, Dunmoor, Indiana, where a boy had been shot by "
        "his uncle, age 52 of Indianapolis."
    )
    assert place_of("Boy shot", text) == ("Dunmoor", "Indiana", "United States")


def test_a_dateline_town_not_listed_in_its_state_is_not_a_namesake_elsewhere() -> None:
    # the gazetteer lists Plano in Texas, Illinois and Kentucky, none in New York
    text = "PLANO, N.Y. | A boy from the Town of Plano died of a gunshot wound.".replace(
        " | ", "\n"
    )
    assert place_of("Boy dies", text) == ("Plano", "New York", "United States")
    assert place_of("Man shot", "KELLSBY, N.Y. | A man was shot.".replace(" | ", "\n"))[0] == (
        "Kellsby"
    )


def test_a_county_named_with_its_state_is_not_a_town() -> None:
    text = "A man was shot Friday in Farrow County, N.C., deputies said."
    assert place_of("Man shot", text)[0] is None
    assert place_of("Man shot", "FARROW COUNTY (WXYZ) - A man was shot Friday.")[0] is None


def test_a_school_named_after_a_town_is_not_the_scene() -> None:
    text = "DENTON, Texas — A student at Plano High School was shot at his home on Friday."
    assert place_of("Student shot", text)[0] == "Denton"


def test_a_town_named_with_the_day_after_it() -> None:
    text = "A teen was shot in Harwick on Friday.\nHe was hunting in Beverly Friday night."
    assert place_of("Teen shot", text)[0] == "Beverly"
    text = "Police released a photo of Salem Monday and asked for help finding him."
    assert place_of("Suspect sought", text)[0] is None


def test_an_unlisted_dateline_town_and_its_later_mentions() -> None:
    text = (
        "Kellsby (AP) — Connecticut State Police say a boy was shot. | Troopers were called to "
        "a home in Kellsby. | He was taken to a hospital in Putnam."
    ).replace(" | ", "\n")
    assert place_of("Boy shot", text) == ("Kellsby", "Connecticut", "United States")
    text = "(DUNMOOR) - Deputies were called to a home in Dunmoor after a shooting."
    assert place_of("Boy shot", text)[0] == "Dunmoor"
    # a heading in capitals is not a dateline
    assert place_of("Update", "AFTERNOON UPDATE – SIGN! Read more.")[0] is None


def test_a_list_of_other_events_under_the_story_is_not_its_place() -> None:
    text = (
        "Two people were stabbed outside Harwick early Saturday. | "
        "Sept. 22: a Beverly man was shot in Beverly. | Oct. 3: Beverly police found a body."
    ).replace(" | ", "\n")
    assert place_of("Teen shot after two stabbed outside Elgin", text)[0] == "Elgin"


def test_a_namesake_far_from_the_city_whose_police_the_story_quotes() -> None:
    # the gazetteer lists Madisonvilles in Kentucky, Texas and elsewhere, none near Cincinnati
    text = "A boy, 5, died after being shot Saturday in Madisonville, Cincinnati police said."
    assert place_of("Boy shot", text)[0] == "Cincinnati"
    text = "A boy was shot in Madisonville. | Cincinnati Police Lt. Ann Roe said he died.".replace(
        " | ", "\n"
    )
    assert place_of("Boy shot", text)[0] == "Cincinnati"
    text = "A boy was shot Saturday in Madisonville, Ky., Cincinnati police said."
    assert place_of("Boy shot", text)[0] == "Madisonville"


def test_dc_on_its_own_is_washington() -> None:
    text = "A man was shot and killed in Southeast D.C. on Sunday night, police said."
    assert place_of("Man killed in D.C.", text) == (
        "Washington",
        "District of Columbia",
        "United States",
    )
    text = "A teen grew up in D.C. and was shot there on Friday."
    assert place_of("Teen shot", text)[0] == "Washington"
    text = "WASHINGTON, D.C. — Two people were shot near a school on Friday."
    assert place_of("Two shot", text)[0] == "Washington"


def test_a_dateline_at_the_end_of_a_time_stamp_line_is_kept() -> None:
    raw = (
        "Gunmen attack a bus\n"
        "AGN Mar 16, 2024, 06. 12PM IST CHENNAI:\n"
        "Gunmen on Thursday fired at a bus on the highway, wounding two passengers.\n"
    )
    article = parse_article("stamp.txt", raw.encode(), date(2024, 6, 1))
    facts = extract(article)
    assert facts.place is not None and (facts.place.city, facts.place.country) == (
        "Chennai",
        "India",
    )


def test_a_possessive_names_a_place_only_before_a_part_of_it() -> None:
    text = "Two people were shot at a bar in Toronto's east end early Sunday, police said."
    assert place_of("Two shot at bar", text)[0] == "Toronto"
    text = "Officers went to America's Best Motel in Dunmoor, Ind., after the shooting."
    assert place_of("Man shot at motel", text)[0] == "Dunmoor"
    text = "One of the men grabbed Gomez's purse before he fired at her in Tulsa."
    assert place_of("Woman shot", text)[0] == "Tulsa"


def test_international_datelines_and_capitals() -> None:
    text = "Gunmen attacked a hotel in the Malian capital Bamako on Friday, taking hostages."
    assert place_of("Hotel attacked", text) == ("Bamako", None, "Mali")
    text = "Lahore: Three blasts rocked the market on Wednesday evening."
    assert place_of("Blasts rock market", text)[0] == "Lahore"
    text = "The bomb went off at 10.30pm on Monday at the Manchester Arena, police said."
    assert place_of("Bomb at concert", text)[0] == "Manchester"
    text = "He won the fight at the SAP Arena in Mannheim on Saturday."
    assert place_of("Champion wins", text)[0] == "Mannheim"
    text = "Three suicide bombers attacked Istanbul's Ataturk Airport late on Tuesday."
    assert place_of("Airport attacked", text)[0] == "Istanbul"


def test_a_country_or_province_after_the_town_decides_between_namesakes() -> None:
    text = "Fighting broke out in Tripoli, Lebanon, on Sunday, killing two people."
    assert place_of("Clashes", text) == ("Tripoli", None, "Lebanon")
    text = "A fire destroyed a home in London, Ontario, early Monday."
    assert place_of("House fire", text)[2] == "Canada"
    text = "A man was stabbed in Perth, Scotland, on Saturday night."
    assert place_of("Man stabbed", text)[2] == "United Kingdom"


def test_a_name_is_written_as_the_sources_write_it() -> None:
    facts = extract(
        Article(id="a.txt", text="A blast in Kandahar killed four people.", title="Blast")
    )
    assert facts.place is not None and facts.place.name == "Kandahar"


def test_a_place_that_gives_the_direction_is_not_the_scene() -> None:
    text = "A car bomb exploded in Dunmoor, Ind., south of Indianapolis, on Sunday."
    assert place_of("Car bomb", text)[0] == "Dunmoor"


def test_a_name_written_after_a_first_name_is_a_surname_everywhere() -> None:
    text = (
        "Mark Teixeira, 24, was shot and killed outside a bar on Friday. | "
        "The bar is in Springfield, Ill., police said."
    ).replace(" | ", "\n")
    assert place_of("Vigil held in memory of Teixeira", text) == (
        "Springfield",
        "Illinois",
        "United States",
    )


def test_a_common_word_opening_a_sentence_is_no_town() -> None:
    # "One" is a town in Italy; the article writes "one" as a word too
    text = (
        "A former worker opened fire at an office party on Friday, killing one man. | "
        "Police said he had been let go. | Workers hid under desks. | A woman called 911. | "
        "He fled on foot. | The party was in Burnaby."
    ).replace(" | ", "\n")
    assert place_of("One man dead after office party shooting", text)[0] == "Burnaby"


def test_a_name_then_a_comma_and_a_lower_case_word_is_no_dateline() -> None:
    lines = "Lisbon, who took office last year, said the fire was set on purpose."
    assert not list(located(gazetteer(), lines, first_line=True))
    dateline = "LISBON, Portugal — A fire destroyed a church on Friday."
    assert [m.cue for m in located(gazetteer(), dateline, first_line=True)] == ["dateline"]


def test_an_english_county_is_the_county_not_a_canadian_city() -> None:
    text = "A gunman shot three people in Woking, Surrey, on Tuesday, Surrey Police said."
    assert place_of("Three shot", text) == ("Woking", None, "United Kingdom")
    text = "A fire destroyed a supermarket overnight. Surrey Police are investigating."
    facts = extract(Article(id="a.txt", text=text, title="Supermarket destroyed by fire"))
    assert facts.place is not None
    assert (facts.place.region, facts.place.country) == ("Surrey", "United Kingdom")


def test_arabic_names_as_the_news_writes_them() -> None:
    # GeoNames writes "Al Hillah"
    text = "A car bomb exploded at a checkpoint in Hilla, south of Baghdad, on Thursday."
    facts = extract(Article(id="a.txt", text=text, title="Car bomb kills 12"))
    assert facts.place is not None
    assert (facts.place.name, facts.place.city) == ("Hilla", "Al Hillah")
    text = "Two rockets struck a market in al-Hillah on Friday."
    assert place_of("Rockets hit market", text)[0] == "Al Hillah"


def test_every_listed_arabic_article_starts_a_name_in_lower_case() -> None:
    """places.yml's articles ('al', 'ash', 'el'...) decide both whether a sentence is searched
    for such names and where a name starts."""
    from builder.places import _arabic_article, _capitalised_or_arabic, _transliteration

    articles = _transliteration()[1]
    assert "al" in articles
    for article in articles:
        sentence = f"Shells fell on {article}-Qasim and Kufa."
        assert _arabic_article().search(sentence), article
        words = [m.group(0) for m in _capitalised_or_arabic().finditer(sentence)]
        assert words == ["Shells", f"{article}-Qasim", "Kufa."], article


def test_a_base_is_a_location_wherever_it_stands() -> None:
    text = "BAGHDAD (Reuters) - Two drones targeted Ain al-Asad air base on Tuesday."
    facts = extract(Article(id="a.txt", text=text, title="Drones target base"))
    assert facts.place is not None and facts.place.name == "Ain al-Asad Air Base"


def test_organisations_and_seats_of_government_are_no_towns() -> None:
    text = (
        "White House officials condemned the attack in Kabul. | A spokesman for the Union of "
        "Concerned Scientists said nothing."
    ).replace(" | ", "\n")
    assert place_of("Attack condemned", text)[0] == "Kabul"


def test_a_state_is_meant_by_its_name_rather_than_a_small_town() -> None:
    # Florida, N.Y. is a village; the New York the story names does not make it the scene
    text = "A New York man was shot and wounded in Florida on Monday. He had flown from New York."
    assert place_of("New Yorker shot on holiday", text)[1:] == ("Florida", "United States")


def test_on_a_tie_the_city_named_earliest_in_its_article_is_the_incidents() -> None:
    from builder.consolidate import best_location

    lead = extract(
        Article(
            id="a.txt", text="A girl was shot and killed in Houston on Friday.", title="Girl killed"
        )
    )
    filler = " ".join(f"The trial went on for day {n}." for n in range(1, 16))
    late = extract(
        Article(
            id="b.txt",
            text=f"Three men were charged in the death. {filler} Police tracked a phone to a "
            "home in Humble, Texas.",
            title="Three charged in girl's death",
        )
    )
    assert lead.place is not None and late.place is not None
    assert late.place.city == "Humble"
    assert best_location([late, lead]).city == "Houston"
    assert best_location([lead, late]).city == "Houston"


def test_a_town_written_with_its_country_is_in_that_country() -> None:
    # GeoNames writes the Swiss capital "Bern"; the only "Berne" it lists is in Indiana
    text = "The champion beat the challenger in Berne, Switzerland on Saturday."
    assert place_of("Champion keeps his title", text) == ("Berne", None, "Switzerland")


def test_letters_without_an_accent_mark_are_matched_written_plainly() -> None:
    # NFKD does not decompose the dotless i or the barred l: news writes them as i and l
    city, _, country = place_of("Blast", "A bomb exploded in Sanliurfa on Monday.")
    assert (city, country) == ("Şanlıurfa", "Turkey")
    city, _, country = place_of("Blast", "A bomb exploded in Lodz on Monday.")
    assert (city, country) == ("Łódź", "Poland")


def test_a_town_spelt_another_way_is_found_and_named_as_written() -> None:
    # GeoNames writes Bayjī and Zaporizhzhya, and lists "Baiji" and "Zaporizhzhia" among their
    # other names: the same consonants, so the same name transliterated another way
    facts = extract(
        Article(id="a.txt", title="Bomb kills soldiers", text="A car bomb exploded in Baiji.")
    )
    assert facts.place is not None
    assert (facts.place.name, facts.place.city, facts.place.country) == ("Baiji", "Bayjī", "Iraq")
    text = "Missiles hit an apartment block in Zaporizhzhia on Sunday."
    assert place_of("Missiles hit city", text) == ("Zaporizhzhya", None, "Ukraine")


def test_other_names_that_are_other_words_or_other_places_are_not_spellings() -> None:
    from builder.places import skeleton, spelling_variants

    assert skeleton("Bayjī") == skeleton("Baiji") == "bj"
    # another name (Hawler for Erbil), an airport's code, a name written the same
    assert list(spelling_variants("Erbil", ["Arbil", "Hawler", "EBL", "Erbil"])) == ["Arbil"]
    # a variant that is another place's name stays that place's: "Odessa" is the Texan city's,
    # and GeoNames' other name for Odesa, Ukraine, is not added beside it
    odessa = gazetteer().lookup("Odessa")
    assert any(p.region == "Texas" for p in odessa)
    assert all(p.country != "Ukraine" for p in odessa)
    assert any(p.country == "Ukraine" for p in gazetteer().lookup("Odesa"))


def test_a_surname_written_with_a_title_or_alone_is_no_place() -> None:
    # "President Obama", "Prime Minister X": a title in full before the name
    text = "President Obama said strikes near the dam would go on. | Obama officials agreed."
    assert place_of("Strikes go on", text.replace(" | ", "\n")) == (None, None, None)
    # "the Bush administration": a person's, with no first name or title
    text = "Bush administration officials said the strikes would go on."
    assert place_of("Strikes go on", text) == (None, None, None)
    # a name that news writes alone, listed in places.yml
    assert place_of("Strikes go on", "Obama officials said the strikes would go on.") == (
        None,
        None,
        None,
    )


def test_an_outlets_home_decides_between_towns_of_one_name() -> None:
    text = "A blast tore through a crowded market in Hyderabad on Friday, killing three people."

    def country(outlet: str | None) -> str | None:
        facts = extract(Article(id="a.txt", text=text, title="Market blast", outlet=outlet))
        return facts.place.country if facts.place else None

    # outlets.yml: Geo News reports from Pakistan; an outlet without a home changes nothing
    assert country("Geo News") == "Pakistan"
    assert country("Example Times") == country(None) == "India"


def test_the_index_is_kept_in_the_users_cache_not_in_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh clone's first `build --check` wrote .cache/gazetteer-*.pickle into the project;
    a fresh --cache folder (tests, benchmarks) built the index again each time."""
    project, users = tmp_path / "project", tmp_path / "home-cache"
    project.mkdir()
    monkeypatch.chdir(project)
    monkeypatch.setenv("XDG_CACHE_HOME", str(users))
    town = places.Place("Dunmore", "city", "Dunmore", None, "Ireland", 53.6, -8.7, 1000)
    monkeypatch.setattr(places, "build_index", lambda: {"dunmore": (town,)})
    for stale in range(places.KEPT_INDEXES):  # other checkouts' indexes, least recently used
        (users / "incident-archive").mkdir(parents=True, exist_ok=True)
        old = users / "incident-archive" / f"gazetteer-old{stale}.pickle"
        old.write_bytes(b"")
        os.utime(old, (stale, stale))
    places.gazetteer.cache_clear()
    try:
        assert places.gazetteer().lookup("Dunmore") == (town,)
        assert list(project.iterdir()) == []
        kept = sorted(p.name for p in (users / "incident-archive").iterdir())
        assert kept == sorted(
            [f"gazetteer-{places._index_key()}.pickle"]
            + [f"gazetteer-old{n}.pickle" for n in range(1, places.KEPT_INDEXES)]
        )
        places.gazetteer.cache_clear()
        monkeypatch.setattr(places, "build_index", lambda: pytest.fail("built again"))
        assert places.gazetteer().lookup("Dunmore") == (town,)  # loaded from the user's cache
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as the XDG spec says
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert places.index_cache_dir() == tmp_path / "home" / ".cache" / "incident-archive"
        # A cache folder that cannot be written costs time, not the build.
        monkeypatch.setenv("XDG_CACHE_HOME", str(project / "missing" / "x"))
        (project / "missing").write_text("a file, not a folder")
        monkeypatch.setattr(places, "build_index", lambda: {"dunmore": (town,)})
        places.gazetteer.cache_clear()
        assert places.gazetteer().lookup("Dunmore") == (town,)
    finally:
        places.gazetteer.cache_clear()


def test_a_base_named_first_beats_another_named_after_it() -> None:
    text = (
        "Fourteen rockets struck Ain al-Asad air base on Wednesday, wounding two service members. "
        "The attack came a day after a drone attack on Erbil airport."
    )
    facts = extract(Article(id="a.txt", text=text, title="Rockets hit base"))
    assert facts.place is not None and facts.place.name == "Ain al-Asad Air Base"


def test_a_person_hit_by_a_bullet_is_no_place() -> None:
    text = "Robbers opened fire in Houston, Texas. | One of the bullets hit Ava, who was 4."
    assert place_of("Girl shot", text.replace(" | ", "\n"))[0] == "Houston"


def test_a_place_that_owns_a_district_or_a_province_is_the_place() -> None:
    text = "At least 151 people were killed in a crowd crush in Seoul's Itaewon district."
    assert place_of("Crowd crush", text) == ("Seoul", None, "South Korea")
    text = "Gunmen killed 30 villagers in Nigeria's northeastern Borno state on Sunday."
    assert place_of("Villagers killed", text) == (None, None, "Nigeria")


def test_a_town_named_after_its_countrys_possessive_is_the_town() -> None:
    # GeoNames writes Al Minyā; "Egypt's" before it is no first name
    text = "Gunmen opened fire on a bus in Egypt's Minya province on Friday, killing 28 people."
    assert place_of("Bus attacked", text)[2] == "Egypt"
    facts = extract(Article(id="a.txt", text=text, title="Bus attacked"))
    assert facts.place is not None and facts.place.name == "Minya"
    # a city's possessive is still no country's: "Chicago's Englewood neighborhood" is Chicago
    text = "A man was shot in Chicago's Englewood neighborhood on Friday."
    assert place_of("Man shot", text)[0] == "Chicago"


def test_an_index_that_can_be_read_but_not_touched_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user's cache that is read-only (another user's, a read-only mount) is still used, not
    built again on every run."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    town = places.Place("Dunmore", "city", "Dunmore", None, "Ireland", 53.6, -8.7, 1000)
    monkeypatch.setattr(places, "build_index", lambda: {"dunmore": (town,)})
    places.gazetteer.cache_clear()
    try:
        places.gazetteer()
        places.gazetteer.cache_clear()
        monkeypatch.setattr(places, "build_index", lambda: pytest.fail("built again"))

        def read_only(*args: object, **kwargs: object) -> None:
            raise PermissionError("read-only file system")

        monkeypatch.setattr(places.os, "utime", read_only)
        assert places.gazetteer().lookup("Dunmore") == (town,)
    finally:
        places.gazetteer.cache_clear()


def test_an_outlets_home_written_wrong_names_the_file_the_outlet_and_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for home in ("Iraq", {"contry": "Iraq"}):
        data = {"outlets": [{"name": "Example Times", "domains": [], "home": home}]}
        monkeypatch.setattr(places.datafiles, "load", lambda name, data=data: data)
        places._outlet_homes.cache_clear()
        try:
            expected = r"outlets\.yml: outlet 'Example Times': field 'home'.*country: Iraq"
            with pytest.raises(ValueError, match=expected):
                places.outlet_home("Example Times")
        finally:
            places._outlet_homes.cache_clear()


def test_a_big_citys_administration_is_the_citys() -> None:
    # "the Obama administration" makes Obama a surname; a city of 100,000 or more stays the city
    text = "A car bomb killed five people in Kirkuk. | The Kirkuk administration vowed to rebuild."
    assert place_of("Car bomb", text.replace(" | ", "\n"))[::2] == ("Kirkuk", "Iraq")


def test_a_stopped_writes_temporary_index_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm-up killed while writing the index left gazetteer-*.PID.tmp in the user's cache for
    good; an old one is removed, a recent one (another build writing now) is left."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    town = places.Place("Dunmore", "city", "Dunmore", None, "Ireland", 53.6, -8.7, 1000)
    monkeypatch.setattr(places, "build_index", lambda: {"dunmore": (town,)})
    folder = tmp_path / "incident-archive"
    folder.mkdir()
    stale, writing = folder / "gazetteer-abc.123.tmp", folder / "gazetteer-abc.456.tmp"
    stale.write_bytes(b"half")
    writing.write_bytes(b"half")
    os.utime(stale, (1, 1))
    places.gazetteer.cache_clear()
    try:
        places.gazetteer()
        assert not stale.exists() and writing.exists()

        def interrupted(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(places.pickle, "dump", interrupted)
        with pytest.raises(KeyboardInterrupt):
            places._keep(places.gazetteer(), folder / "gazetteer-new.pickle")
        assert sorted(p.name for p in folder.glob("*.tmp")) == [writing.name]
    finally:
        places.gazetteer.cache_clear()


def test_a_name_that_speaks_is_a_persons() -> None:
    # "Johnson said": no town speaks, so "Johnson officials" are the person's (read Johnson,
    # Arkansas); as "Obama" was listed in places.yml for it, any such name is caught
    text = "Johnson officials said a strike killed 12 militants. | Johnson said it was a success."
    assert place_of("Strike", text.replace(" | ", "\n")) == (None, None, None)
    # ... but not the town whose police speak, nor a big city meant for its rulers
    text = "A man was shot dead on Friday, police in Johnson said. | Johnson police are looking."
    assert place_of("Man shot", text.replace(" | ", "\n"))[0] == "Johnson"
    text = "A car bomb killed nine people in Kabul on Friday. Kabul said it would respond."
    assert place_of("Car bomb", text)[0] == "Kabul"


def test_a_countrys_adjective_before_a_place_says_which_country() -> None:
    # GeoNames lists Libya's Derna as Darnah: "Derna" alone is a village in Romania
    text = "Floods swept through the eastern Libyan city of Derna, killing at least 63 people."
    assert place_of("Floods", text) == ("Derna", None, "Libya")
    text = "A bomb exploded in the Afghan capital Kabul on Monday, killing four people."
    assert place_of("Bomb", text) == ("Kabul", None, "Afghanistan")
    # an adjective that is no country's says nothing
    text = "A man was shot in the historic city of Salem, Mass., on Friday."
    assert place_of("Man shot", text)[1] == "Massachusetts"


def test_a_suburban_citys_name_gives_way_to_the_suburb() -> None:
    # "a suburban Dallas mall" is in a suburb, which the dateline names
    text = "ALLEN, Texas (AP) — A gunman killed two people at a suburban Dallas mall on Saturday."
    assert place_of("Mall shooting", text)[:2] == ("Allen", "Texas")
    # ... and the city when nothing else is named
    text = "A gunman killed two people at a suburban Dallas mall on Saturday."
    assert place_of("Mall shooting", text)[:2] == ("Dallas", "Texas")


def test_firefighters_words_and_gunfire_are_no_fire() -> None:
    def kind(text: str) -> str | None:
        return extract(Article(id="a.txt", text=text, title="Incident")).event_kind

    text = "A train derailed near Larissa on Monday, injuring 14 people, fire officials said."
    assert kind(text) != "fire"
    assert kind("Soldiers opened fire on protesters in Lagos, killing four.") == "shooting"
    assert kind("A blaze tore through a garment factory in Dhaka, killing nine.") == "fire"
    assert kind("A fire broke out at a market in Kano on Sunday, killing two.") == "fire"


def test_a_countrys_other_name_alone_is_the_country() -> None:
    # "Congo" is the country, not the small Brazilian town of that name
    text = "Rebels attacked a village in eastern Congo on Tuesday, killing five people."
    assert place_of("Village attack", text) == (None, None, "Democratic Republic of the Congo")
    assert place_of("Bombing", "A bomb killed five people in Burma on Tuesday.")[2] == "Myanmar"
    # after a town's name, the one of two countries of that name that holds the town
    text = "BRAZZAVILLE, Congo (Reuters) - Gunmen attacked a police post on Tuesday, killing five."
    assert place_of("Attack", text) == ("Brazzaville", None, "Republic of the Congo")
    text = "Gunmen attacked a police post in Goma, Congo, on Tuesday, killing five."
    assert place_of("Attack", text) == ("Goma", None, "Democratic Republic of the Congo")


def test_a_country_name_not_as_geonames_writes_it_is_a_data_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = places.datafiles.load

    def load(name: str) -> object:
        if name == "places.yml":
            return {**real(name), "country_names": {"Congo (DRC)": ["Congo"]}}
        return real(name)

    monkeypatch.setattr(places.datafiles, "load", load)
    with pytest.raises(ValueError, match=r"places\.yml: country_names: Congo \(DRC\)"):
        list(places._geonames_entries())


def test_a_countrys_other_names_not_in_a_list_are_a_data_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "Myanmar: Burma" would make each letter of "Burma" a name of Myanmar
    real = places.datafiles.load

    def load(name: str) -> object:
        if name == "places.yml":
            return {**real(name), "country_names": {"Myanmar": "Burma"}}
        return real(name)

    monkeypatch.setattr(places.datafiles, "load", load)
    with pytest.raises(ValueError, match=r"places\.yml: country_names: Myanmar: 'Burma' is not a"):
        list(places._geonames_entries())


def test_a_province_named_after_its_capital_is_the_province() -> None:
    # "Kerman province" is the province, not the city of Kerman; a town named in it is the place
    title = "Aftershock destroys school in Kerman province"
    text = "A strong aftershock destroyed a school near Rayen on Friday, officials said."
    assert place_of(title, text)[1:] == (None, "Iran")
    assert place_of(title, text)[0] not in (None, "Kerman")
    text = "A roadside bomb killed four soldiers in Kandahar Province on Friday."
    assert place_of("Bombing", text) == (None, "Kandahar", "Afghanistan")
    # ... and the city when the text says so
    text = "A roadside bomb killed four soldiers in the city of Kandahar on Friday."
    assert place_of("Bombing", text)[0] is not None
    # ... but a French prefecture, named with no country, is an office in the town
    text = "A knife attack outside the Paris prefecture of police killed four officers on Monday."
    assert place_of("Attack", text) == ("Paris", None, "France")


def test_an_aircraft_shot_down_is_no_shooting() -> None:
    def facts(text: str) -> tuple[str | None, int | None]:
        found = extract(Article(id="a.txt", text=text, title="Incident"))
        return found.event_kind, found.injured.value if found.injured else None

    # a jet or a helicopter shot down is no gunfire, and the jet is no one hurt
    assert facts("A fighter jet was shot down near the border on Tuesday.") == (None, None)
    text = "Rebels shot down an army helicopter on Tuesday, killing all 12 soldiers on board."
    assert facts(text)[0] != "shooting"
    # ... while a man shot on a street is
    assert facts("A man was shot down the street from his home on Tuesday.")[0] == "shooting"


def test_shot_down_is_an_aircraft_only_when_one_is_its_subject_or_object() -> None:
    def facts(text: str) -> tuple[str | None, int | None]:
        found = extract(Article(id="a.txt", text=text, title="Incident"))
        return found.event_kind, found.injured.value if found.injured else None

    # no aircraft or projectile word says what was shot down: a person was shot
    assert facts("He was shot down outside his home on Tuesday night, police said.") == (
        "shooting",
        1,
    )
    assert facts("Gunmen shot down a police officer at a checkpoint on Monday.")[0] == "shooting"
    # ... the aircraft as the subject, a few words before, or the object, a few words after
    text = "A Russian-made helicopter carrying troops was shot down near the border on Monday."
    assert facts(text) == (None, None)
    assert facts("Air defences shot down two ballistic missiles over the city on Monday.")[0] != (
        "shooting"
    )
    # ... or a number that stands for the aircraft the sentence names
    text = "Three drones approached the base on Monday; two were shot down and one crashed."
    assert facts(text) == ("drone attack", None)
    # ... and what an argument shoots down is no one shot either
    text = "Officials shot down reports that the base had been attacked on Monday."
    assert facts(text) == (None, None)


def test_an_aircraft_named_by_its_model_is_no_shooting_and_a_person_shot_down_is() -> None:
    def facts(text: str) -> tuple[str | None, int | None]:
        found = extract(Article(id="a.txt", text=text, title="Incident"))
        return found.event_kind, found.injured.value if found.injured else None

    # review of 77dcd9e: an aircraft named by its model or designation is no gunfire
    for text in (
        "Rebels said they shot down a government MiG-21 over the province on Monday.",
        "A U.S. Black Hawk was shot down over the city on Monday, killing two crew members.",
        "Ukraine said it shot down a Russian Su-34 fighter-bomber over Donetsk on Monday.",
        "Houthi rebels said they shot down a U.S. MQ-9 over Yemen on Tuesday.",
        "Separatists said they shot down a Bayraktar over the region on Sunday.",
    ):
        assert facts(text)[0] != "shooting", text
    # ... nor its number anyone hurt
    assert facts("His F-16 was shot down over the sea on Monday.") == (None, None)
    # ... while a rifle's or a road's is no aircraft
    assert facts("A gunman with an AR-15 shot down two people on Tuesday.")[0] == "shooting"
    # an argument word before a comma is no subject, a place after "outside" no object, an
    # aircraft word in the sentence (not counted) nothing a number stands for: people shot
    text = "According to reports, a man was shot down outside his home on Tuesday."
    assert facts(text) == ("shooting", 1)
    text = (
        "A man was shot down outside the airport where planes were parked on Tuesday, police said."
    )
    assert facts(text) == ("shooting", 1)
    text = (
        "Police fired tear gas shells at the crowd on Monday; at least two were shot down in the "
        "street."
    )
    assert facts(text)[1] == 2


def test_a_countrys_part_named_with_its_adjective_is_the_scene() -> None:
    # the gazetteer lists no Indian or Chinese states; the adjective says whose part it is
    text = "A stampede in the northern Indian state of Uttar Pradesh killed at least 116 people."
    assert place_of("Stampede", text) == (None, "Uttar Pradesh", "India")
    # ... and a city that only the dateline names is where the story was filed
    text = (
        "BEIJING (Reuters) - An explosion at a chemical plant in the eastern Chinese province of"
        " Shandong killed six people on Saturday, state media reported."
    )
    assert place_of("Plant explosion", text) == (None, "Shandong", "China")
    text = "KABUL (Reuters) - A bomb killed six people in Kabul on Saturday, police said."
    assert place_of("Bomb", text)[0] == "Kabul"


def test_the_last_of_a_list_of_towns_that_speak_is_a_town() -> None:
    # "Accumoli and Amatrice said": the towns' officials, not a person named Amatrice
    text = (
        "An earthquake killed 12 people in Amatrice on Wednesday.\n"
        "Mayors of Accumoli and Amatrice said the town was gone."
    )
    assert place_of("Quake", text)[0] == "Amatrice"
    text = (
        "Johnson officials said a strike killed 12 militants.\n"
        "However, Johnson said it was a success."
    )
    assert place_of("Strike", text) == (None, None, None)


def test_a_countrys_border_town_may_be_the_neighbours() -> None:
    # Reyhanli is in Turkey, on the Syrian border
    text = "Two car bombs killed 46 people in the Syrian border town of Reyhanli on Saturday."
    assert place_of("Bombs", text)[2] == "Turkey"


def test_a_name_before_province_is_a_province() -> None:
    # "Java" alone is a village in Georgia; before "province" it is a part of the country after it
    text = "A landslide buried a village in Central Java province, Indonesia, killing 18 people."
    assert place_of("Landslide", text) == (None, "Java", "Indonesia")


def test_a_place_after_a_sentences_opening_preposition_is_a_place() -> None:
    # "In" is capitalised, but no first name; ", 400 km" is a distance, not an age
    assert place_of("Bomb", "In Mosul, a roadside bomb killed two policemen.")[2] == "Iraq"
    text = "In Mosul, 400 km north of Baghdad, a roadside bomb killed two policemen."
    assert place_of("Bomb", text)[0] == "Mosul"
    assert place_of("Man shot", "In Chicago, a man was shot on Friday.")[0] == "Chicago"


def test_every_country_of_an_adjective_is_the_gazetteers() -> None:
    # a country named otherwise than the gazetteer names it matches none of its towns: "the
    # Palestinian city of Hebron" lost Hebron's coordinates
    from builder import datafiles

    listed = datafiles.load("demonyms.yml")["adjectives"]
    countries = {p.country for name in listed for p in gazetteer().lookup(name)}
    assert sorted(set(listed) - countries) == []
    text = "Israeli troops shot dead two people in the Palestinian city of Hebron on Friday."
    assert place_of("Shooting", text) == ("Hebron", None, "Palestinian Territory")


def test_a_shooting_down_the_street_is_a_shooting() -> None:
    def kind(text: str) -> str | None:
        return extract(Article(id="a.txt", text=text, title="Incident")).event_kind

    # "down the street" is where, as after "shot"; "shooting down a drone" is no shooting
    assert kind("A man was wounded in a shooting down the street from his home.") == "shooting"
    assert kind("Police are investigating a shooting down the road from the stadium.") == "shooting"
    assert kind("Troops practised shooting down drones near the border.") != "shooting"


def test_the_cached_index_looks_up_as_the_index_it_was_made_from(tmp_path: Path) -> None:
    # Kept in parts unpickled on first use (an added article looks up a few names): the same
    # places, whether looked up part by part or after loading every part.
    rome = places.Place("Rome", "city", "Rome", "Lazio", "Italy", 41.9, 12.5, 2_800_000)
    ga = places.Place("Rome", "city", "Rome", "Georgia", "United States", 34.3, -85.2, 36_000)
    made = places.Gazetteer({"rome": (rome, ga), "new rome": (ga,), "lazio": (rome,)})
    cached = tmp_path / "gazetteer-test.pickle"
    places._keep(made, cached)
    loaded = places._load(cached)
    assert loaded is not None
    sentence = "Shots were fired in Rome and in New Rome, not in Lazio or Paris."
    expected = [(m.text, m.start, m.candidates) for m in made.mentions(sentence)]
    assert [text for text, _, _ in expected] == ["Rome", "New Rome", "Lazio"]
    assert [(m.text, m.start, m.candidates) for m in loaded.mentions(sentence)] == expected
    assert loaded.lookup("Rome.") == (rome, ga) and loaded.lookup("Paris") == ()
    loaded.load_whole()
    assert [(m.text, m.start, m.candidates) for m in loaded.mentions(sentence)] == expected
