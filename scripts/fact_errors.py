"""List per-article fact mismatches against gold labels, so extraction failures can be inspected.

Usage:
    python scripts/fact_errors.py [--set gvc-train] [--shared ../shared]
                                  [--field date|city|killed|injured] [--quiet]

Unlike scripts/evaluate.py, which scores the incidents a full build writes (so grouping and the
best-estimate rules count too), this script scores each article's own facts as `extract.extract`
reads them, and compares city, killed and injured the way the official scorer does. It prints one
block per mismatch (gold value, extracted value, the expression and sentence the value came from),
then the per-field accuracy and the extraction speed in articles per second.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder import extract, read  # noqa: E402
from builder.models import ArticleFacts  # noqa: E402

FIELDS = ("date", "city", "killed", "injured")


def _norm(value: object) -> str:
    return " ".join(str(value).lower().replace(",", " ").split()) if value else ""


def _city_ok(gold: str, facts: ArticleFacts) -> bool:
    # The scorer looks for the gold city among the words of location.city and location.name.
    place = facts.place
    have = " ".join(_norm(v) for v in (place.city, place.name)) if place else ""
    return _norm(gold) in have.split() or _norm(gold) in have


def _named(city: str, facts: ArticleFacts) -> bool:
    """Whether the article names the gold city ('Saint X' also as 'St. X'), case aside."""
    text = f"{facts.article.title}\n{facts.article.text}".lower()
    name = city.split(" (")[0].lower()
    return name in text or name.replace("saint ", "st. ") in text


def compare(gold: dict[str, object], facts: ArticleFacts) -> dict[str, tuple[bool, str, str]]:
    """Field -> (correct, extracted value as shown, evidence)."""
    out: dict[str, tuple[bool, str, str]] = {}
    if gold.get("date"):
        claim = facts.event_date
        value = claim.value.isoformat() if claim and claim.value else "-"
        evidence = f"'{claim.expression}' anchor={claim.anchor} | {claim.sentence}" if claim else ""
        if value == "-" and facts.article.published:
            # what consolidate does with an article that gives no date
            value, evidence = facts.article.published.isoformat(), "(publication date)"
        out["date"] = (value == gold["date"], value, evidence)
    if gold.get("city"):
        place = facts.place
        shown = f"{place.name} / {place.city}, {place.region}, {place.country}" if place else "-"
        out["city"] = (_city_ok(str(gold["city"]), facts), shown, place.sentence if place else "")
    for name in ("killed", "injured"):
        if gold.get(name) is None:
            continue
        count = getattr(facts, name)
        shown = str(count.value) if count else "-"
        out[name] = (
            count is not None and count.value == gold[name],
            shown,
            count.sentence if count else "",
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--set", default="gvc-train")
    parser.add_argument("--field", choices=FIELDS, action="append")
    parser.add_argument("--quiet", action="store_true", help="only the summary figures")
    args = parser.parse_args()
    folder = args.shared / "dev" / args.set
    gold = {
        row["file"]: row
        for row in map(json.loads, (folder / "gold.jsonl").read_text().splitlines())
        if row
    }
    articles_dir = folder / "articles"
    articles, _problems = read.read_articles(read.discover(articles_dir), articles_dir)
    if articles:
        extract.extract(articles[0])  # loads the gazetteer and the patterns once, not timed
    # CPU time on one core, fastest of three runs: other processes on the machine slow a run
    # down, never speed it up.
    seconds = float("inf")
    for _ in range(3):
        started = time.process_time()
        facts = [extract.extract(article) for article in articles]
        seconds = min(seconds, time.process_time() - started)
    fields = args.field or list(FIELDS)
    right = dict.fromkeys(FIELDS, 0)
    total = dict.fromkeys(FIELDS, 0)
    within_one_day = 0
    unnamed = 0  # city misses whose gold city the headline and text never name
    for item in facts:
        row = gold.get(item.id)
        if row is None:
            continue
        for name, (ok, value, evidence) in compare(row, item).items():
            total[name] += 1
            right[name] += ok
            if name == "city" and not ok:
                unnamed += not _named(str(row["city"]), item)
            if name == "date" and value != "-" and row.get("date"):
                days = abs((date.fromisoformat(value) - date.fromisoformat(row["date"])).days)
                within_one_day += days <= 1
            if not ok and name in fields and not args.quiet:
                print(f"{item.id} {name}: gold={row.get(name)} got={value}")
                print(f"    published={item.article.published} title={item.article.title[:100]}")
                print(f"    {evidence[:300]}")
    print()
    for name in FIELDS:
        if total[name]:
            print(f"{name:>8}: {right[name] / total[name]:.4f} ({right[name]}/{total[name]})")
    if total["date"]:
        print(f"date±1d: {within_one_day / total['date']:.4f}")
    # Gold cities written 'City (sub-place)' match no city name the scorer can compare, so they
    # bound the city score.
    cities = [str(row["city"]) for row in gold.values() if row.get("city")]
    sub_places = sum("(" in c for c in cities)
    # A plain gold city that the headline and text never name can only be guessed.
    never_named = sum(
        1
        for item in facts
        if (row := gold.get(item.id))
        and row.get("city")
        and "(" not in str(row["city"])
        and not _named(str(row["city"]), item)
    )
    if cities:
        ceiling = 1 - sub_places / len(cities)
        print(f"    city: {sub_places} gold cities 'City (sub-place)'; ceiling {ceiling:.4f}")
        print(f"    city: {unnamed} of the misses name the gold city nowhere in the text")
        named_ceiling = 1 - (sub_places + never_named) / len(cities)
        print(
            f"    city: {never_named} other gold cities are named nowhere in the text; ceiling "
            f"for cities read from the text {named_ceiling:.4f}"
        )
    print(
        f"extract: {len(facts) / seconds:.0f} articles/s "
        f"({len(facts)} in {seconds:.2f} s CPU, fastest of 3 runs)"
    )


if __name__ == "__main__":
    main()
