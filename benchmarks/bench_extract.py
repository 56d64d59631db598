"""CPU time per article of the per-article work: reading and cleaning, extraction, and the
per-article parts of later stages (grouping terms, copy-detection samples).

Usage:
    python benchmarks/bench_extract.py ARTICLES_DIR [--runs 3] [--limit N]

Each run is one process forked after the gazetteer is loaded, as a build's workers are, so no
run profits from what the one before it cached. Prints the fastest of the runs in CPU
milliseconds per article for each part, with the load average, since other work on the machine
slows even CPU time a little. This is what a build's workers do for each article that is not in
the cache.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# duplicates and evidence are imported for their per-article functions, which cache.derive runs
from builder import cache, duplicates, evidence, extract, places, read  # noqa: E402, F401
from builder.models import Problem  # noqa: E402


def run_once(paths: list[Path], articles_dir: Path, today: date) -> dict[str, float]:
    """CPU seconds spent in each part over all the articles."""
    spent = {"read + clean": 0.0, "extract": 0.0, "later stages' terms": 0.0}
    for path in paths:
        started = time.process_time()
        article = read.read_article(path, articles_dir, today)
        read_done = time.process_time()
        spent["read + clean"] += read_done - started
        if isinstance(article, Problem):
            continue
        facts = extract.extract(article)
        extracted = time.process_time()
        spent["extract"] += extracted - read_done
        cache.derive(facts)
        spent["later stages' terms"] += time.process_time() - extracted
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args(argv)
    paths = read.discover(args.articles)
    if args.limit:
        paths = paths[: args.limit]
    places.gazetteer()
    today = date.today()
    runs = []
    for _ in range(args.runs):
        with multiprocessing.get_context("fork").Pool(1) as pool:
            runs.append(pool.apply(run_once, (paths, args.articles, today)))
    best = min(runs, key=lambda spent: sum(spent.values()))
    load = os.getloadavg()[0]
    print(
        f"{len(paths)} articles, fastest of {args.runs} runs, one process each,"
        f" load average {load:.1f}"
    )
    print("| part | CPU ms/article |\n|---|---|")
    for part, seconds in best.items():
        print(f"| {part} | {1000 * seconds / len(paths):.2f} |")
    print(f"| total | {1000 * sum(best.values()) / len(paths):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
