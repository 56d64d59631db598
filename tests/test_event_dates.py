"""The event's date, resolved against the publication date, on excerpts written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from builder.dates import date_stamp, dateline_date, find_dates, years_later
from builder.extract import extract
from builder.models import Article
from builder.read import parse_article

FRIDAY = date(2024, 3, 15)


def event_date(text: str, published: date | None = FRIDAY, title: str = "Shooting") -> date | None:
    facts = extract(Article(id="a.txt", text=text, title=title, published=published))
    return facts.event_date.value if facts.event_date else None


def test_a_weekday_is_the_latest_such_day_on_or_before_publication() -> None:
    assert event_date("A man was shot on Tuesday outside a store.") == date(2024, 3, 12)
    assert event_date("A man was shot Friday morning.") == FRIDAY


def test_last_weekday_named_on_that_weekday_is_a_week_before() -> None:
    assert find_dates("It happened last Friday.", FRIDAY)[0].value == date(2024, 3, 8)


def test_overnight_and_last_night() -> None:
    assert event_date("Two men were wounded overnight in a shooting.") == FRIDAY
    assert event_date("Two men were wounded last night in a shooting.") == date(2024, 3, 14)


def test_months_ago_keeps_month_precision() -> None:
    mention = find_dates("He was killed 18 months ago.", FRIDAY)[0]
    assert (mention.value, mention.precision) == (date(2022, 9, 1), "month")


def test_the_event_date_beats_the_date_of_a_statement_or_an_arrest() -> None:
    text = "Police said Thursday that a teen was arrested Wednesday. | The boy was shot Sunday."
    assert event_date(text.replace(" | ", "\n")) == date(2024, 3, 10)


def test_a_date_without_a_year_is_resolved_against_publication() -> None:
    text = "A hearing was held on Feb. 2, 2023. | The victims were shot Jan. 7."
    assert event_date(text.replace(" | ", "\n")) == date(2024, 1, 7)


def test_a_posted_stamp_is_not_the_event_date() -> None:
    text = "Posted 3:57 AM, March 15, 2024, by A. Writer | A girl was shot on Wednesday."
    assert event_date(text.replace(" | ", "\n")) == date(2024, 3, 13)


def test_stray_words_and_numbers_are_not_dates() -> None:
    assert find_dates("We saw it; a 2 min read, may 2 people go.", FRIDAY) == ()


def test_a_weekday_after_an_explicit_date_uses_it_when_undated() -> None:
    text = "On Friday, September 13, 2024, officials spoke. | The attack on Tuesday hurt no one."
    assert event_date(text.replace(" | ", "\n"), published=None) == date(2024, 9, 10)


def test_last_week_has_week_precision() -> None:
    mention = find_dates("He was wounded in a shooting last week.", FRIDAY)[0]
    assert (mention.value, mention.precision) == (date(2024, 3, 7), "week")


def test_the_day_of_the_injury_beats_the_day_of_a_later_death() -> None:
    text = "The man died Thursday morning of the injuries he sustained March 2 in the attack."
    assert event_date(text) == date(2024, 3, 2)


def test_a_date_still_to_come_is_not_the_event_date() -> None:
    text = "The hearing will not resume until Sept. 9. | The four were shot inside an apartment."
    assert event_date(text.replace(" | ", "\n"), title="Hearing delayed") is None


def test_weeks_ago_is_vague() -> None:
    assert find_dates("He was hurt in a crash a week ago.", FRIDAY)[0].precision == "week"


def test_the_main_event_is_the_one_the_headline_reports() -> None:
    text = (
        "A firefighter who died in the line of duty on March 8 was remembered. | "
        "A business owner said a truck was stolen on Monday. | "
        "The toddler was shot on Wednesday afternoon on Mill Street, the coroner said."
    ).replace(" | ", "\n")
    assert event_date(text, title="Toddler shot and killed on Mill Street") == date(2024, 3, 13)


def test_a_time_stamp_line_is_the_publication_anchor_not_the_event() -> None:
    # a scraped page without front matter: headline, then the agency's time stamp and dateline
    raw = (
        "Coast guard stops raid on fishing fleet\n"
        "AGN Mar 16, 2024, 06. 12PM IST CHENNAI:\n"
        "A coast guard ship on Thursday stopped two boats that attacked a fishing fleet.\n"
    )
    article = parse_article("stamp.txt", raw.encode(), date(2024, 6, 1))
    assert article.published == date(2024, 3, 16)
    facts = extract(article)
    assert facts.event_date is not None
    assert (facts.event_date.value, facts.event_date.expression) == (
        date(2024, 3, 14),
        "on Thursday",
    )


def test_a_headline_with_a_date_and_a_time_is_not_a_time_stamp() -> None:
    assert date_stamp("Story Created: Mar 16, 2024 at 9:56 AM AKDT") == date(2024, 3, 16)
    assert date_stamp("Man shot dead in Elgin on March 16, 2024 at 10 PM") is None


def test_the_date_of_an_agency_dateline_is_the_filing_day_not_the_event() -> None:
    text = "DUNMOOR, Conn., March 15 (UPI) -- A man was killed in a shooting at a bar on Thursday."
    assert event_date(text) == date(2024, 3, 14)


def test_a_numeric_stamp_is_read_only_when_day_and_month_are_certain() -> None:
    assert date_stamp("Posted 11/27/2023 7:21 AM") == date(2023, 11, 27)
    assert date_stamp("27/11/2023 07:21") == date(2023, 11, 27)
    assert date_stamp("04/09/23 07:35 PM ET") == date(2023, 4, 9)  # a US zone: month first
    assert date_stamp("Updated 4/9/2023 6:04 PM") is None  # April 9 or 4 September
    assert date_stamp("The 4/9/2023 vote") is None  # no clock: not a stamp


def test_a_stamp_with_the_year_after_a_dash_anchors_today() -> None:
    raw = (
        "Tremor shakes the coast\n"
        "Sunday, March 10-2024 at 16:12\n"
        "Tremors from an earthquake out at sea were felt across the city today, officials said.\n"
    )
    article = parse_article("dash.txt", raw.encode(), date(2024, 6, 1))
    assert article.published == date(2024, 3, 10)
    assert event_date(article.text, published=article.published) == date(2024, 3, 10)


def test_a_blogs_posted_on_line_is_the_publication_date_not_the_event() -> None:
    raw = (
        "Cyclist killed by hit-and-run driver\n"
        "On behalf of A Law Firm, LLP. posted in Road Accidents on Friday, March 15, 2024.\n"
        "A cyclist was killed by a hit-and-run driver on the night of March 9, police said.\n"
    )
    article = parse_article("blog.txt", raw.encode(), date(2024, 6, 1))
    assert article.published == FRIDAY
    facts = extract(article)
    assert facts.event_date is not None and facts.event_date.value == date(2024, 3, 9)
    text = "Posted in Crime on Friday, March 15, 2024 | A man was stabbed on Tuesday."
    assert event_date(text.replace(" | ", "\n")) == date(2024, 3, 12)


def test_the_day_a_toll_rose_is_not_the_day_of_the_quake() -> None:
    text = (
        "The death toll from the earthquake that hit the valley rose to 90 on Friday. | "
        "The quake struck early Wednesday near the town."
    ).replace(" | ", "\n")
    assert event_date(text, title="Quake toll rises") == date(2024, 3, 13)


def test_disaster_words_mark_the_event_sentence() -> None:
    text = (
        "Rescuers searched for survivors on Friday. | "
        "The landslide buried the village on Wednesday night after days of rain."
    ).replace(" | ", "\n")
    assert event_date(text, title="Search for survivors") == date(2024, 3, 13)


def test_a_day_counted_back_from_the_sentences_date() -> None:
    text = "A man was arrested Thursday, three days after the shots were fired at a bar."
    assert event_date(text, title="Man arrested") == date(2024, 3, 11)
    text = "The teen died Wednesday, two days after he was shot outside a store."
    assert event_date(text, title="Teen dies") == date(2024, 3, 11)
    text = "Police said Friday that the blast the night before destroyed the depot."
    assert event_date(text, title="Depot destroyed") == date(2024, 3, 14)


def test_a_month_years_before_publication_is_background() -> None:
    text = (
        "The quake flattened seven villages, state media said. | "
        "The region was hit by a deadly quake in December 2019."
    ).replace(" | ", "\n")
    assert event_date(text, title="Quake flattens villages") is None


def test_an_earlier_event_on_another_day_does_not_date_the_story() -> None:
    text = (
        "A magnitude-5.2 quake injured three people on the island. | The report says it struck "
        "at 5:11 p.m. local time. | Monday's earthquake was the second in 24 hours. | Earlier on "
        "Sunday a 5.6 quake jolted the island."
    ).replace(" | ", "\n")
    assert event_date(text, published=date(2008, 9, 16), title="Quake hits island") == date(
        2008, 9, 15
    )


def test_munitions_reported_by_where_they_came_down_report_an_incident() -> None:
    leads = [
        "Two rockets landed near the embassy compound on Tuesday, a security source said.",
        "Three mortar rounds fell inside the air base late on Sunday, without casualties.",
        "An armed drone was intercepted over the airport on Monday night, officials said.",
    ]
    for lead in leads:
        facts = extract(Article(id="a.txt", text=lead, title="Security incident", published=FRIDAY))
        assert facts.reports_incident, lead
    quiet = "Share prices fell on Monday as oil rose, traders said."
    assert not extract(
        Article(id="b.txt", text=quiet, title="Markets", published=FRIDAY)
    ).reports_incident


def claim(text: str, published: date | None = FRIDAY, title: str = "Attack") -> tuple[object, ...]:
    facts = extract(Article(id="a.txt", text=text, title=title, published=published))
    found = facts.event_date
    return (found.value, found.precision, found.expression) if found else (None,)


def test_a_month_or_a_year_the_report_was_published_in_gives_way_to_its_day() -> None:
    from builder.consolidate import best_date

    def incident_date(text: str) -> tuple[object, ...]:
        return best_date([extract(Article(id="a.txt", text=text, title="", published=FRIDAY))])

    # a lead with no day that names this year for background: the report's day, not 1 January
    background = (
        "Police are investigating a shooting. A similar attack earlier this year killed six."
    )
    assert incident_date(background) == (FRIDAY, "published")
    # a month the report was not published in is still the event's month
    assert incident_date("The fire last month killed 40 people.") == (date(2024, 2, 1), "month")
    # a day always wins
    assert incident_date("A bomb killed six on Wednesday.") == (date(2024, 3, 13), "day")


def test_a_month_or_a_year_alone_is_a_date_of_that_precision() -> None:
    # Friday 15 March 2024: "last month" is February, "in January" this year's, "in December"
    # last year's; each keeps its words and its anchor
    assert claim("The fire last month killed 40 people.") == (
        date(2024, 2, 1),
        "month",
        "last month",
    )
    assert claim("A bomb in January killed six.")[:2] == (date(2024, 1, 1), "month")
    assert claim("A bomb in December killed six.")[:2] == (date(2023, 12, 1), "month")
    assert claim("A car bomb earlier this year killed six.")[:2] == (date(2024, 1, 1), "year")
    assert claim("A bomb in 2023 killed six.")[:2] == (date(2023, 1, 1), "year")
    # years before publication: background; a tally's "this year" dates nothing
    assert claim("A gunman killed 51 people in 2019.") == (None,)
    assert claim("It is the city's tenth homicide this year.") == (None,)


def test_a_month_or_a_year_never_beats_a_day() -> None:
    text = "A report on Thursday faulted the response to the bombing last month."
    assert claim(text)[:2] == (date(2024, 3, 14), "day")


def test_a_day_next_to_the_event_refines_a_week() -> None:
    # "this week" is in the headline, the day only in a sentence that ends with its source
    text = "Two rockets landed inside the air base on Thursday, a spokesman said."
    assert claim(text, title="Rocket attack on base this week") == (
        date(2024, 3, 14),
        "day",
        "on Thursday",
    )
    # ... but not the day a victim died, nor the day of an arrest
    text = "A man wounded in a shooting last week died from his injuries Thursday morning."
    assert claim(text, title="Shooting victim dies")[:2] == (date(2024, 3, 7), "week")
    text = "A man was shot last week. | A suspect was arrested on Thursday."
    assert claim(text, title="Shooting")[:2] == (date(2024, 3, 7), "week")


def test_a_year_or_a_month_only_in_other_words_dates_nothing() -> None:
    # "Austin 2023" is no "in 2023", "within March" no "in March"
    assert claim("A bomb killed six at the Austin 2023 marathon.") == (None,)
    assert claim("A bomb killed six. Repairs are to be done within March.") == (None,)
    # a comparison with last year dates no event
    assert claim("A man was shot dead. Shootings are up 20 percent from last year.") == (None,)
    assert claim("A man was shot dead. There were more shootings than last month.") == (None,)


def test_a_date_still_to_come_is_not_the_last_such_date() -> None:
    # Friday 15 March 2024: "due in May" is this May, not last year's; nothing dates the protest
    assert claim("Thousands protested. Elections are due in May, officials said.") == (None,)
    assert claim("A bomb killed six. The vote will be held in December.") == (None,)
    assert claim("A bomb killed six. The summit is scheduled for January next year.") == (None,)
    assert claim("Two were shot. The trial of the suspect will begin in early February.") == (None,)
    assert claim("A bomb killed six. A new market is to open in June next year.") == (None,)
    assert claim("A man was shot. The suspect is to appear in court on Monday.") == (None,)
    # a month of the past stays the event's, and so does a day a future verb does not govern
    assert claim("A bomb in January killed six.")[:2] == (date(2024, 1, 1), "month")
    text = "A bomb killed six on Wednesday. The market will reopen in May."
    assert claim(text)[:2] == (date(2024, 3, 13), "day")


def test_a_wire_datelines_day_anchors_the_story() -> None:
    # a reprint published days after the wire story was filed: "yesterday" and "on Friday" are
    # the dateline's, as HeidelTime's news mode takes the document's own date
    later = date(2024, 1, 5)
    text = "BAGHDAD, Dec 30 (Reuters) - A car bomb killed 12 people in Hilla yesterday."
    assert event_date(text, later) == date(2023, 12, 29)
    text = "KABUL, Afghanistan, Monday, Jan. 1 (AP) — A bomb killed five people on Friday."
    assert event_date(text, later) == date(2023, 12, 29)
    # without a year, the latest such day on or before publication: December of the year before
    assert dateline_date("BAGHDAD, Dec 30 (Reuters) - A car bomb", later) == date(2023, 12, 30)
    assert dateline_date("BAGHDAD, Dec 30 (Reuters) - A car bomb", None) is None
    assert dateline_date("WASHINGTON, Jan. 2 — The Senate voted", later) == date(2024, 1, 2)
    assert dateline_date("Police said, Jan. 2 — a man", later) is None
    # a dateline with its year is the publication date of a text with no other
    raw = "BAGHDAD, Dec 30, 2023 (Reuters) - A car bomb killed 12 people on Thursday, police said."
    article = parse_article("wire.txt", raw.encode(), date(2024, 6, 1))
    assert article.published == date(2023, 12, 30)
    assert event_date(article.text, article.published) == date(2023, 12, 28)


def test_a_death_due_to_injuries_is_no_date_to_come() -> None:
    # "due to" + a cause is no schedule: the day the injuries were sustained is the event's
    text = "A Dayton man has died due to injuries sustained on Saturday, when he was shot."
    assert claim(text)[:2] == (date(2024, 3, 9), "day")
    # ... while "due to" + a verb is one
    assert claim("A man was shot. The suspect is due to appear in court on Monday.") == (None,)


def test_a_past_clause_after_a_future_verb_keeps_its_date() -> None:
    # the future verb governs "forget", "honor"; "happened", "killed" have their own tense
    text = 'A gunman killed three. "We will never forget what happened on Tuesday," a man said.'
    assert claim(text)[:2] == (date(2024, 3, 12), "day")
    text = "A gunman killed three people. Officials plan to honor those killed on Tuesday."
    assert claim(text)[:2] == (date(2024, 3, 12), "day")


PARIS_STABBING = (
    "PARIS, June 29 (Reuters) - A man stabbed two police officers outside a station on Wednesday,"
    " police said. "
)
KABUL_BOMB = "KABUL, Jan 5 (Reuters) - A bomb killed two people on Thursday, police said. "
QUEENS_SHOOTING = (
    "NEW YORK, Sept 10 (Reuters) - A man was shot dead in Queens on Sunday, police said"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no publication date: a full date elsewhere in the text says only that the story was
        # filed after it (attacks years before, a sentence passed, a release from prison), not
        # in which year; the event is left undated (a build warns, `add` asks for --published)
        # rather than put in a year the text does not give, or on the background date
        (PARIS_STABBING + "Security was tightened after the attacks of November 13, 2015.", None),
        (KABUL_BOMB + "A court had sentenced the group's leader on December 3, 2023.", None),
        (QUEENS_SHOOTING + ". He had been released from prison on March 2, 2019.", None),
        # ... the text says how long after that date it was written: the dateline's day nearest
        # that many years after it (June 29, 2021, a Tuesday), the weekday resolved against it
        (
            PARIS_STABBING + "It came nearly six years after the attacks of November 13, 2015.",
            date(2021, 6, 23),
        ),
        (
            QUEENS_SHOOTING
            + ", on the second anniversary of a subway attack on September 8, 2019.",
            date(2021, 9, 5),
        ),
        (
            KABUL_BOMB
            + "A court had sentenced the group's leader on December 3, 2023, a year ago.",
            date(2025, 1, 2),
        ),
        # ... or a full date in the two weeks before the dateline's day is the story's news, and
        # gives the year: the first such day after it
        (
            KABUL_BOMB + "A court had sentenced the group's leader on December 30, 2023.",
            date(2024, 1, 4),
        ),
        # ... and without any full date there is no year to take
        (KABUL_BOMB, None),
    ],
)
def test_a_dateline_without_a_year_takes_a_year_only_from_what_the_text_says_of_it(
    text: str, expected: date | None
) -> None:
    assert event_date(text, published=None) == expected


def test_the_date_of_a_similar_or_previous_attack_is_not_the_events() -> None:
    text = (
        "A bomb killed two people at a market on Thursday, police said. The attack came after a"
        " previous bombing of the market on March 3."
    )
    assert event_date(text) == date(2024, 3, 14)
    text = "A bomb killed two people on Thursday. It followed a similar attack in February 2024."
    assert event_date(text) == date(2024, 3, 14)


def test_a_dateline_on_february_29_waits_for_the_next_leap_year_even_across_a_century() -> None:
    # 2100 is no leap year: from March 2097 the next February 29 is eight years away
    text = (
        "KABUL, Feb 29 (Reuters) - A bomb killed two people, police said."
        " The attack of March 20, 2097."
    )
    assert event_date(text, published=None) is None  # not two weeks before: no year, no crash


@pytest.mark.parametrize(
    ("years", "expected"),
    [(4, date(2020, 2, 29)), (1, date(2017, 2, 28)), (100, date(2116, 2, 29))],
)
def test_years_after_february_29_keep_the_day_when_the_year_has_it(
    years: int, expected: date
) -> None:
    assert years_later(date(2016, 2, 29), years) == expected
